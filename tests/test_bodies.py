"""Bodies as servers really send them, through real clients and apps: JSON nested deeper
than Python's recursion limit, adversarial HTML, compressed and non-UTF-8 bodies, and the
debug pages of Django and Starlette. A helper either passes or raises StatusAssertionError,
quickly, saying what the body says; the checker reads the body's content, not its coding."""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError, _body
from pytest_restcodes._findings import Finding, catalogue
from pytest_restcodes._view import ResponseView


def failure(call: Callable[[], Any]) -> str:
    """The text of the StatusAssertionError ``call`` raises."""
    with pytest.raises(StatusAssertionError) as info:
        call()
    return str(info.value)


def findings(resp: Any) -> list[Finding]:
    """What the checker's catalogue (rulebook profile) finds on ``resp``."""
    return list(catalogue("rulebook").run(ResponseView.of(resp, "test")))


def names(resp: Any) -> list[str]:
    found = findings(resp)
    assert [f for f in found if f.severity == "internal"] == []  # no rule crashed
    return [f.rule.name for f in found]


def wsgi(status: str, body: bytes, headers: list[tuple[str, str]]) -> Any:
    """A WSGI app answering every request with this status, these headers and body."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


def werkzeug_get(status: str, body: bytes, *headers: tuple[str, str]) -> Any:
    """The werkzeug test client's response to a GET of that app."""
    from werkzeug.test import Client

    return Client(wsgi(status, body, list(headers))).get("/books")


JSON = ("Content-Type", "application/json")
HTML = ("Content-Type", "text/html; charset=utf-8")
GZIP = ("Content-Encoding", "gzip")


# --- 1. deep JSON: a StatusAssertionError, never a RecursionError ---------------------------


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_json_nested_deeper_than_the_recursion_limit(depth: int) -> None:
    # 500 parses, but pretty-printing it recursed too deep; 5,000 and more do not parse
    resp = werkzeug_get("400 Bad Request", nested(depth), JSON)
    text = failure(lambda: rc.assert_ok(resp))
    assert text.startswith("assert_ok: expected 200 OK, got 400 Bad Request\n")
    assert f"\nBody (application/json, {2 * depth:,} bytes):\n  [[[[" in text  # as text


def test_deep_json_is_pretty_printed_compact_or_shown_as_text() -> None:
    value = json.loads(nested(500))
    assert _body.pretty_json(value) == "[" * 500 + "]" * 500
    assert _body.compact_json(value, 10) == "[[[[[[[[[[..."
    said = _body.what_it_says({"errors": value})
    assert len(said) == 1 and said[0].startswith("[[[[[[") and len(said[0]) <= 200
    assert _body.parse_json(nested(100_000), "application/json") is _body.NO_JSON


def test_deep_members_in_what_the_body_says() -> None:
    deep = json.dumps({"errors": [[[{"loc": json.loads(nested(600)), "msg": "bad"}]]]})
    resp = werkzeug_get("422 Unprocessable Content", deep.encode(), JSON)
    text = failure(lambda: rc.assert_created(resp))
    assert "\nThe body says:\n  - [[[[[[" in text


@pytest.mark.parametrize("depth", [600, 5_000, 100_000])
def test_deep_json_does_not_crash_a_rule(depth: int) -> None:
    # whether a depth parses depends on the Python (3.13 parses 5,000 levels, 3.11 does
    # not): either way the rule reports, or stays quiet, and never crashes
    body = b'{"error": ' + nested(depth) + b"}"
    found = names(werkzeug_get("200 OK", body, JSON))
    assert found in ([], ["success-with-error-body"])
    if depth == 600:
        assert found == ["success-with-error-body"]


# --- 2. adversarial HTML: every scan linear and bounded ---------------------------------------

MB = 1_000_000
ADVERSARIAL = {
    "unclosed titles": (b"<title>" * (MB // 7), None),
    "unclosed Django values": (
        b"<title>KeyError at /books</title>" + b'<pre class="exception_value">' * (MB // 29),
        "KeyError at /books",
    ),
    "a Django page of unclosed cells": (
        b'<div id="traceback"><header id="summary"><h1>KeyError at /books</h1>'
        b'<table class="meta">' + b"<th>" * (MB // 4),
        "KeyError at /books",
    ),
    "unclosed Starlette headings": (
        b"<h2>" * (MB // 4) + b'<p class="traceback-title">' * 100,
        None,
    ),
    "a Starlette page of unclosed frames": (
        b"<h2>ValueError: bad</h2>"
        + b'<p class="traceback-title">'
        + b'<p class="frame-title">' * (MB // 23),
        "ValueError: bad",
    ),
    "tracebacks": (b"Traceback (most recent call last):\n" * (MB // 35), None),
    "tags": (b"<" * MB, None),
}


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_an_adversarial_page_is_explained_in_linear_time(case: str) -> None:
    body, exception = ADVERSARIAL[case]
    resp = werkzeug_get("500 Internal Server Error", body, HTML)
    started = time.perf_counter()
    text = failure(lambda: rc.assert_ok(resp))
    elapsed = time.perf_counter() - started
    line = next((x for x in text.splitlines() if x.startswith("Server exception: ")), None)
    assert line == (f"Server exception: {exception}" if exception else None)
    assert len(text) < 10_000
    # well under 50 ms on a developer's machine; the precise figure is a benchmark's
    assert elapsed < 1.0, f"{case}: {elapsed:.2f} s"


def test_an_adversarial_page_is_checked_in_linear_time() -> None:
    for body, _ in ADVERSARIAL.values():
        resp = werkzeug_get("500 Internal Server Error", body, HTML)
        started = time.perf_counter()
        names(resp)
        assert time.perf_counter() - started < 1.0


# --- 3. compressed bodies: decoded once, within a cap ------------------------------------------


def gzip_app() -> Any:
    """A Flask app that compresses its own responses, as httpbin's /gzip and /deflate do."""
    from flask import Flask, Response

    app = Flask(__name__)

    def answer(status: int, value: Any, encode: Callable[[bytes], bytes], coding: str) -> Any:
        body = encode(json.dumps(value).encode())
        return Response(
            body,
            status=status,
            headers={"Content-Encoding": coding, "Content-Type": "application/json"},
        )

    @app.get("/gzip")
    def gzipped() -> Any:
        return answer(200, {"gzipped": True, "method": "GET"}, gzip.compress, "gzip")

    @app.get("/deflate")
    def deflated() -> Any:
        return answer(200, {"deflated": True, "method": "GET"}, zlib.compress, "deflate")

    @app.get("/raw-deflate")
    def raw_deflated() -> Any:
        def raw(data: bytes) -> bytes:
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            return packer.compress(data) + packer.flush()

        return answer(200, {"deflated": "raw"}, raw, "deflate")

    @app.post("/books")
    def invalid() -> Any:
        errors = {"errors": {"title": ["This field is required."]}}
        return answer(400, errors, gzip.compress, "gzip")

    @app.get("/x-gzip")
    def x_gzipped() -> Any:
        return answer(200, {"gzipped": "x-gzip"}, gzip.compress, "x-gzip")

    @app.get("/bomb")
    def bomb() -> Any:  # 32 MB of spaces: 32 KB on the wire
        return answer(200, {"pad": " " * 32_000_000}, gzip.compress, "gzip")

    return app


@pytest.fixture(scope="module")
def flask_client() -> Iterator[Any]:
    yield gzip_app().test_client()


@pytest.mark.parametrize(
    ("path", "coding", "content"),
    [
        ("/gzip", "gzip", {"gzipped": True, "method": "GET"}),
        ("/x-gzip", "x-gzip", {"gzipped": "x-gzip"}),
        ("/deflate", "deflate", {"deflated": True, "method": "GET"}),
        ("/raw-deflate", "deflate", {"deflated": "raw"}),
    ],
)
def test_an_in_process_client_hands_back_compressed_json(
    flask_client: Any, path: str, coding: str, content: Any
) -> None:
    resp = flask_client.get(path)
    assert resp.status_code == 200
    assert not resp.data.startswith(b"{")  # werkzeug's test client does not decode
    assert names(resp) == []  # not "json-content-type-mismatch"
    view = ResponseView.of(resp, "test")
    assert json.loads(view.body or b"") == content
    assert view.body_coding == coding and not view.body_cut
    assert view.wire_body == resp.data


def test_a_failing_helper_shows_the_decoded_body(flask_client: Any) -> None:
    resp = flask_client.post("/books")
    text = failure(lambda: rc.assert_created(resp))
    assert "\nThe body says:\n  - title: This field is required.\n" in text
    assert '\n  {"errors": {"title": ["This field is required."]}}\n' in text


def test_a_zip_bomb_is_decoded_up_to_the_cap(flask_client: Any) -> None:
    resp = flask_client.get("/bomb")
    assert len(resp.data) < 100_000
    started = time.perf_counter()
    view = ResponseView.of(resp, "test")
    assert view.body is not None and len(view.body) == _body.DECODE_CAP
    assert view.body_cut
    assert names(resp) == []  # too large to parse: no claim about it
    text = failure(lambda: rc.assert_created(resp))
    assert time.perf_counter() - started < 1.0
    assert '\n  {"pad": "     ' in text
    assert len(text) < 10_000


def test_django_gzip_middleware(django_setup: None) -> None:
    from django.test import Client, override_settings

    path = "/" + "b" * 300  # a 404 whose JSON body is long enough to be compressed
    with override_settings(MIDDLEWARE=["django.middleware.gzip.GZipMiddleware"]):
        resp = Client().get(path, headers={"accept-encoding": "gzip"})
    assert resp.status_code == 404
    assert resp["Content-Encoding"] == "gzip" and resp.content.startswith(b"\x1f\x8b")
    assert names(resp) == []
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nThe body says:\n  - error: no route for /bbbbbbbbbbbbbbbbbbbbbbbbbbb" in text


def test_urllib3_without_decode_content(serve_wsgi: Any) -> None:
    import urllib3

    base = serve_wsgi(gzip_app())
    with urllib3.PoolManager() as pool:
        resp = pool.request("GET", base + "/gzip", decode_content=False)
    assert resp.data.startswith(b"\x1f\x8b")
    assert names(resp) == []
    assert ResponseView.of(resp, "test").body == b'{"gzipped": true, "method": "GET"}'


def test_x_gzip_that_httpx_leaves_encoded_is_decoded(serve_wsgi: Any) -> None:
    import httpx

    resp = httpx.get(serve_wsgi(gzip_app()) + "/x-gzip")
    assert resp.content.startswith(b"\x1f\x8b")  # httpx knows no x-gzip
    assert names(resp) == []
    assert ResponseView.of(resp, "test").body == b'{"gzipped": "x-gzip"}'


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_a_body_the_client_decoded_is_not_decoded_again(serve_wsgi: Any, client: str) -> None:
    base = serve_wsgi(gzip_app())
    if client == "requests":
        import requests

        resp: Any = requests.post(base + "/books", timeout=10)
    else:
        import httpx

        resp = httpx.post(base + "/books")
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.content.startswith(b"{")  # decoded by the client; the header stays
    view = ResponseView.of(resp, "test")
    assert view.body == resp.content and view.body_coding is None
    assert names(resp) == []
    assert "\n  - title: This field is required.\n" in failure(lambda: rc.assert_ok(resp))


def test_bytes_on_the_wire_are_content_even_when_they_decode_to_nothing() -> None:
    resp = werkzeug_get("204 No Content", gzip.compress(b""), GZIP)
    assert ResponseView.of(resp, "test").body == b""
    assert names(resp) == ["no-content-with-body"]


BROTLI_JSON = (  # brotli.compress(b'{"brotli": true, "error": "shelf not found"}')
    b"\x1b+\x00\xf8\x05ds\xa9\xcar\x14\x14\x05Q\xf8m\xe7\xb0\x01\x07\xccq\x96\xf9N\xb7\x00C0"
    b"\x82\x8e}\xe8\x99\xad\xe4\xa6\x08\x8f\x1bV.=+\x89\x0f"
)


def test_brotli_without_the_module_is_not_called_invalid_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_body, "codec_module", lambda coding: None)
    resp = werkzeug_get("200 OK", BROTLI_JSON, JSON, ("Content-Encoding", "br"))
    assert names(resp) == []  # it may well be JSON: nothing can tell
    view = ResponseView.of(resp, "test")
    assert view.body == BROTLI_JSON and view.body_encoded == "br"


def test_a_brotli_module_without_an_output_limit_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Unbounded:  # Brotli < 1.2: process() takes no output_buffer_limit
        def process(self, data: bytes) -> bytes:
            raise AssertionError("decompressed without a bound")

    class OldBrotli:
        Decompressor = Unbounded

    monkeypatch.setattr(_body, "codec_module", lambda coding: OldBrotli)
    resp = werkzeug_get("200 OK", BROTLI_JSON, JSON, ("Content-Encoding", "br"))
    assert names(resp) == []
    assert ResponseView.of(resp, "test").body_encoded == "br"


def test_brotli_with_the_module() -> None:
    if _body.codec_module("br") is None:
        pytest.skip("neither brotli nor brotlicffi is installed")
    resp = werkzeug_get("404 Not Found", BROTLI_JSON, JSON, ("Content-Encoding", "br"))
    assert names(resp) == []
    assert "\n  - error: shelf not found\n" in failure(lambda: rc.assert_ok(resp))


def test_zstd_with_the_module() -> None:
    zstd = _body.codec_module("zstd")
    if zstd is None:
        pytest.skip("no zstd module (Python 3.14's compression.zstd, backports.zstd)")
    body = zstd.compress(b'{"error": "shelf not found"}')
    resp = werkzeug_get("404 Not Found", body, JSON, ("Content-Encoding", "zstd"))
    assert names(resp) == []
    assert "\n  - error: shelf not found\n" in failure(lambda: rc.assert_ok(resp))


# --- 3. charsets ----------------------------------------------------------------------------------


def test_a_latin1_text_body() -> None:
    body = "Caf\xe9 cr\xe8me: \xe9puis\xe9".encode("latin-1")
    resp = werkzeug_get("404 Not Found", body, ("Content-Type", "text/plain; charset=latin-1"))
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nBody (text/plain, " in text
    assert "\n  Café crème: épuisé\n" in text
    assert "\ufffd" not in text


def test_a_latin1_body_from_a_real_server(serve_wsgi: Any) -> None:
    import requests

    body = "prix trop \xe9lev\xe9".encode("iso-8859-1")
    ctype = ("Content-Type", "application/json; charset=ISO-8859-1")
    base = serve_wsgi(wsgi("422 Unprocessable Content", b'{"detail": "' + body + b'"}', [ctype]))
    resp = requests.get(base + "/books", timeout=10)
    assert resp.content.endswith(b'\xe9lev\xe9"}')  # the bytes as sent
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nThe body says:\n  - detail: prix trop élevé\n" in text
    assert "\ufffd" not in text


def test_a_utf16_html_error_page_is_read_as_text() -> None:
    page = "<pre>Traceback (most recent call last):\n  ...\nValueError: bad price\n</pre>"
    resp = werkzeug_get(
        "500 Internal Server Error",
        page.encode("utf-16"),
        ("Content-Type", "text/html; charset=utf-16"),
    )
    assert "stack-trace-exposed" in names(resp)
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nServer exception: ValueError: bad price\n" in text
    assert "\n  <pre>Traceback (most recent call last):\n" in text


# --- 4. Django's technical 500 page ---------------------------------------------------------


def django_debug_500(path: str) -> Any:
    from django.test import Client, override_settings

    with override_settings(DEBUG=True):
        resp = Client(raise_request_exception=False).get(path)
    assert resp.status_code == 500
    assert b'<div id="traceback">' in resp.content and b"<style" in resp.content
    return resp


def test_django_debug_page_is_shown_as_its_summary(django_setup: None) -> None:
    resp = django_debug_500("/crash?page=2&api_key=s3cret")
    text = failure(lambda: rc.assert_ok(resp))
    lines = text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("Body (text/html, "))
    shown = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        shown.append(line)
    assert shown[:2] == ["  ZeroDivisionError at /crash", "  division by zero"]
    rows = dict(x.strip().split(": ", 1) for x in shown[2:-1])
    assert rows["Request Method"] == "GET"
    assert rows["Request URL"] == "http://testserver/crash?page=2&api_key=***"
    assert rows["Django Version"].split(".")[0].isdigit()
    assert rows["Exception Location"].endswith(", in crash")
    assert "django_urls.py, line " in rows["Exception Location"]
    assert shown[-1].startswith("  (Django's debug page, ")
    assert "s3cret" not in text
    assert "padding" not in text and "{" not in text  # no stylesheet
    assert len(shown) < 15


def test_django_debug_page_exception_with_its_location(django_setup: None) -> None:
    resp = django_debug_500("/crash")
    found = _body.server_exception(resp.content, _body.NO_JSON)
    assert found is not None
    assert found.startswith("ZeroDivisionError at /crash: division by zero (in ")
    assert "django_urls.py, line " in found and found.endswith(", in crash)")


# --- 5. Starlette's (and FastAPI's) debug page -----------------------------------------------


def starlette_debug_app() -> Any:
    from starlette.applications import Starlette
    from starlette.routing import Route

    def boom(request: Any) -> Any:
        raise ValueError("price must be positive, got <-3>")

    return Starlette(debug=True, routes=[Route("/books", boom, methods=["POST"])])


def fastapi_debug_app() -> Any:
    from fastapi import FastAPI

    app = FastAPI(debug=True)

    @app.post("/books")
    def boom() -> None:
        raise ValueError("price must be positive, got <-3>")

    return app


@pytest.mark.parametrize("make_app", [starlette_debug_app, fastapi_debug_app])
def test_starlette_debug_page(make_app: Callable[[], Any]) -> None:
    from starlette.testclient import TestClient

    with TestClient(make_app(), raise_server_exceptions=False) as client:
        resp = client.post("/books", headers={"Accept": "text/html"})
    assert resp.status_code == 500
    assert b'<p class="traceback-title">' in resp.content
    found = findings(resp)
    trace = [f for f in found if f.rule.name == "stack-trace-exposed"]
    assert len(trace) == 1 and '<p class="traceback-title">' in trace[0].observed

    exception = _body.server_exception(resp.content, _body.NO_JSON)
    assert exception is not None
    assert exception.startswith("ValueError: price must be positive, got <-3> (in ")
    assert "test_bodies.py, line " in exception and exception.endswith(", in boom)")

    text = failure(lambda: rc.assert_created(resp))
    assert "\n  500 Server Error\n  ValueError: price must be positive, got <-3>\n" in text
    assert "\n  Location: " in text and ", in boom\n" in text
    assert "\n  (Starlette's debug page, " in text
    assert ".traceback-container" not in text  # no stylesheet


def test_a_gzip_encoded_debug_page_is_still_seen() -> None:
    from starlette.testclient import TestClient

    with TestClient(starlette_debug_app(), raise_server_exceptions=False) as client:
        page = client.post("/books", headers={"Accept": "text/html"}).content
    resp = werkzeug_get("500 Internal Server Error", gzip.compress(page), HTML, GZIP)
    assert "stack-trace-exposed" in names(resp)
