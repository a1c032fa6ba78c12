"""Exact fragments of a helper's failure message, each from a real response."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import status_apps

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError


def failure(call: Callable[[], Any]) -> str:
    """The text of the StatusAssertionError ``call`` raises."""
    with pytest.raises(StatusAssertionError) as info:
        call()
    return str(info.value)


def wsgi_status(status: str, body: bytes = b"", ctype: str = "text/plain") -> Any:
    """A WSGI app answering every request with ``status`` (the whole status line)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))])
        return [body]

    return app


@pytest.fixture(scope="module")
def starlette() -> Iterator[Any]:
    """The status app through Starlette's TestClient."""
    from starlette.testclient import TestClient

    with TestClient(status_apps.starlette_app(), follow_redirects=False) as client:
        yield client


@pytest.fixture
def session() -> Iterator[Any]:
    import requests

    with requests.Session() as s:
        yield s


@pytest.fixture
def httpx_client() -> Iterator[Any]:
    import httpx

    with httpx.Client() as client:
        yield client


# --- codes and reason phrases ------------------------------------------------------------


def test_first_line_names_both_codes_with_their_phrases(starlette: Any) -> None:
    text = failure(lambda: rc.assert_created(starlette.get("/status/200")))
    assert text.splitlines()[0] == "assert_created: expected 201 Created, got 200 OK"


def test_a_reason_phrase_of_the_servers_own_is_shown_beside_the_standard_one() -> None:
    from werkzeug.test import Client

    resp = Client(wsgi_status("404 Book Missing")).get("/books/7")
    text = failure(lambda: rc.assert_ok(resp))
    assert text.splitlines()[0] == (
        'assert_ok: expected 200 OK, got 404 Not Found (server said "Book Missing")'
    )


def test_unregistered_code_299_from_a_test_client() -> None:
    from werkzeug.test import Client

    resp = Client(wsgi_status("299 Whatever")).get("/")
    assert rc.assert_status(resp, 299) is resp
    assert rc.assert_success(resp) is resp
    text = failure(lambda: rc.assert_ok(resp))
    assert text.splitlines()[0] == (
        'assert_ok: expected 200 OK, got 299 Unknown (server said "Whatever")'
    )
    assert (
        "\nGot 299 Unknown: not a registered code; its class means success: the request was "
        "received, understood and accepted. [RFC 9110 §15.3]\n"
    ) in text


@pytest.mark.parametrize("code", [299, 999])
def test_unregistered_codes_from_a_real_server(httpserver: Any, session: Any, code: int) -> None:
    httpserver.expect_request("/odd").respond_with_data("odd", status=code)
    resp = session.get(httpserver.url_for("/odd"))
    assert resp.status_code == code
    assert rc.assert_status(resp, code) is resp
    text = failure(lambda: rc.assert_created(resp))
    assert text.splitlines()[0] == f"assert_created: expected 201 Created, got {code} Unknown"
    if code == 999:
        assert (
            "\nGot 999 Unknown: not a valid HTTP status code: RFC 9110 allows only 100 to 599. "
            "[RFC 9110 §15]\n"
        ) in text


def test_an_expected_code_outside_the_registry(starlette: Any) -> None:
    resp = starlette.get("/status/200")
    text = failure(lambda: rc.assert_status(resp, 999))
    assert text.splitlines()[0] == "assert_status: expected 999 Unknown, got 200 OK"
    assert "\nExpected 999 Unknown: not a valid HTTP status code" in text


def test_meaning_of_expected_and_actual_with_their_source(starlette: Any) -> None:
    text = failure(lambda: rc.assert_created(starlette.get("/status/200")))
    lines = text.splitlines()
    expected = next(line for line in lines if line.startswith("Expected "))
    got = next(line for line in lines if line.startswith("Got "))
    assert expected.startswith("Expected 201 Created: a new resource was created")
    assert "Location header" in expected
    assert expected.endswith(". [rulebook 201 MUST; RFC 9110 §15.3.2, §9.3.3]")
    assert got.startswith("Got 200 OK: the request succeeded")
    assert got.endswith(". [rulebook 200 SHOULD; RFC 9110 §15.3.1]")


def test_several_expected_codes_and_a_class(starlette: Any) -> None:
    resp = starlette.get("/status/404")
    text = failure(lambda: rc.assert_status(resp, [200, "created", "3xx"]))
    assert text.splitlines()[0] == (
        "assert_status: expected one of 200 OK, 201 Created, a 3xx (redirection), got 404 Not Found"
    )
    assert "\nExpected 200 OK: " in text
    assert "\nExpected 201 Created: " in text
    assert (
        "\nExpected 3xx: redirection: the client must take further action. [RFC 9110 §15.4]\n"
    ) in text
    assert "\nGot 404 Not Found: the URI maps to no resource. [rulebook 404 MUST; " in text


def test_a_problem_with_the_right_code_says_so_and_explains_the_code(starlette: Any) -> None:
    resp = starlette.get("/status/201")
    text = failure(lambda: rc.assert_created(resp, location="/items/2"))
    assert text.splitlines()[:2] == [
        "assert_created: got 201 Created as expected, but:",
        "  - Location is '/items/1', expected '/items/2' (resolved against the request URL: "
        "http://testserver/items/1 vs http://testserver/items/2)",
    ]
    assert "\nAbout 201 Created: a new resource was created" in text
    assert "\nExpected " not in text
    assert "\nHint: " not in text


# --- the request line --------------------------------------------------------------------


def test_request_line_from_a_real_server(status_server: str, httpx_client: Any) -> None:
    resp = httpx_client.delete(status_server + "/status/404?page=2&sort=title")
    text = failure(lambda: rc.assert_no_content(resp))
    assert text.splitlines()[1] == f"Request: DELETE {status_server}/status/404?page=2&sort=title"


def test_request_line_of_django_and_drf(django_setup: None) -> None:
    from django.test import Client
    from rest_framework.test import APIClient

    text = failure(lambda: rc.assert_ok(Client().put("/status/409?v=3")))
    assert text.splitlines()[1] == "Request: PUT http://testserver/status/409?v=3"
    text = failure(lambda: rc.assert_ok(APIClient().patch("/api/status/409")))
    assert text.splitlines()[1] == "Request: PATCH http://testserver/api/status/409"


def test_a_response_that_does_not_know_its_request_gets_the_one_filed() -> None:
    import falcon.testing

    resp = falcon.testing.TestClient(status_apps.falcon_app()).simulate_post("/status/404")
    text = failure(lambda: rc.assert_created(resp))
    assert text.splitlines()[:2] == [
        "assert_created: expected 201 Created, got 404 Not Found",
        "Request: POST /status/404",
    ]


def test_no_request_line_when_nothing_was_filed() -> None:
    import falcon.testing

    from pytest_restcodes import _session

    app = status_apps.falcon_app()
    session = _session.current()
    assert session is not None and session.mode == "off"
    session.closed = True  # as outside any test: nothing is filed
    try:
        resp = falcon.testing.TestClient(app).simulate_post("/status/404")
    finally:
        session.closed = False
    text = failure(lambda: rc.assert_created(resp))
    assert "Request:" not in text


# --- hints -------------------------------------------------------------------------------

HELPER_FOR = {
    200: rc.assert_ok,
    201: rc.assert_created,
    202: rc.assert_accepted,
    204: rc.assert_no_content,
    301: rc.assert_moved_permanently,
    303: rc.assert_see_other,
    304: rc.assert_not_modified,
    307: rc.assert_temporary_redirect,
    308: rc.assert_permanent_redirect,
    400: rc.assert_bad_request,
    401: rc.assert_unauthorized,
    403: rc.assert_forbidden,
    404: rc.assert_not_found,
    405: rc.assert_method_not_allowed,
    406: rc.assert_not_acceptable,
    409: rc.assert_conflict,
    412: rc.assert_precondition_failed,
    415: rc.assert_unsupported_media_type,
    422: rc.assert_unprocessable_content,
}

HINTS = [
    (201, 200, "something was created? Then answer 201 Created with the new resource's URI"),
    (200, 201, "201 means a new resource was created."),
    (204, 200, "nothing to send back? Answer 204 No Content with no body at all"),
    (200, 204, "204 carries no body: if the client needs the result"),
    (201, 202, "202 says the work was only queued"),
    (202, 201, "201 says the resource exists now"),
    (405, 404, "a 404 where 405 was expected usually means no route matched the path"),
    (404, 405, "a 405 means the path matched a resource but not the method"),
    (403, 401, "401 means the credentials are missing or wrong"),
    (401, 403, "403 means the credentials were accepted but do not allow this"),
    (422, 400, "400 is for a request the server cannot parse at all"),
    (400, 422, "422 means the request was well-formed but its content failed validation"),
    (415, 406, "406 is about the output"),
    (406, 415, "415 is about the input"),
    (303, 302, "302 is ambiguous about the follow-up method: after a POST, answer 303 See Other"),
    (307, 302, "302 is ambiguous about the follow-up method: answer 307 Temporary Redirect"),
    (308, 301, "301 lets clients turn a POST into a GET when they follow it; 308"),
    (301, 308, "308 keeps the method and body on the follow-up request"),
    (412, 409, "409 is a conflict the server found in the resource's state"),
    (409, 412, "412 means a precondition header the request sent"),
    (304, 200, "the server ignored the conditional request"),
    (200, 500, "the server malfunctioned instead of answering"),
    (201, 503, "the server malfunctioned instead of answering"),
    (404, 502, "the server malfunctioned instead of answering"),
    (200, 302, "the API redirected: the client did not follow it"),
    (201, 307, "the API redirected: the client did not follow it"),
]


@pytest.mark.parametrize(
    ("expected", "actual", "hint"), HINTS, ids=[f"{e}-got-{a}" for e, a, _ in HINTS]
)
def test_hint_for_each_confusion(starlette: Any, expected: int, actual: int, hint: str) -> None:
    resp = starlette.get(f"/status/{actual}")
    text = failure(lambda: HELPER_FOR[expected](resp))
    assert f"\nHint: {hint}" in text
    assert text.count("Hint: ") == 1


@pytest.mark.parametrize(
    ("call", "actual"),
    [
        (rc.assert_ok, 404),
        (rc.assert_server_error, 200),
        (rc.assert_internal_server_error, 503),
        (rc.assert_see_other, 301),
        (rc.assert_redirect, 200),
    ],
    ids=["200-got-404", "5xx-got-200", "500-got-503", "303-got-301", "3xx-got-200"],
)
def test_no_hint_where_none_applies(starlette: Any, call: Any, actual: int) -> None:
    text = failure(lambda: call(starlette.get(f"/status/{actual}")))
    assert "Hint:" not in text


# --- what the body says ------------------------------------------------------------------


def test_fastapi_validation_errors() -> None:
    from fastapi.testclient import TestClient

    with TestClient(status_apps.fastapi_books_app()) as client:
        resp = client.post("/books", json={"price": 9.5})
    assert resp.status_code == 422
    text = failure(lambda: rc.assert_created(resp))
    assert "\nThe body says:\n  - body.title: Field required\nBody (application/json," in text


def test_drf_serializer_field_errors(django_setup: None) -> None:
    from rest_framework.test import APIClient

    resp = APIClient().post("/api/books", {"title": "x" * 30}, format="json")
    text = failure(lambda: rc.assert_created(resp))
    assert text.splitlines()[0] == "assert_created: expected 201 Created, got 400 Bad Request"
    assert (
        "\nThe body says:\n"
        "  - title: Ensure this field has no more than 20 characters.\n"
        "  - price: This field is required.\n"
    ) in text


def test_rfc9457_problem_details(httpserver: Any, httpx_client: Any) -> None:
    problem = {
        "type": "https://example.com/probs/out-of-stock",
        "title": "Out of stock",
        "status": 409,
        "detail": "Only 2 copies of book 7 are left",
        "errors": [{"pointer": "#/quantity", "detail": "must be at most 2"}],
    }
    httpserver.expect_request("/orders", method="POST").respond_with_json(
        problem, status=409, content_type="application/problem+json"
    )
    resp = httpx_client.post(httpserver.url_for("/orders"), json={"book": 7, "quantity": 5})
    text = failure(lambda: rc.assert_created(resp))
    assert (
        "\nThe body says:\n"
        "  - title: Out of stock\n"
        "  - detail: Only 2 copies of book 7 are left\n"
        "  - #/quantity: must be at most 2\n"
        "Body (application/problem+json, "
    ) in text


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            {"error": "invalid_grant", "error_description": "the token expired"},
            ["error: invalid_grant", "error_description: the token expired"],
        ),
        (
            {"errors": ["name is required", "age must be positive"]},
            ["name is required", "age must be positive"],
        ),
        (
            {"errors": {"name": ["is required"], "age": ["must be positive"]}},
            ["name: is required", "age: must be positive"],
        ),
        ({"message": "Not allowed here"}, ["message: Not allowed here"]),
        (
            {"errors": [{"source": {"pointer": "/data/attributes/title"}, "detail": "blank"}]},
            ["/data/attributes/title: blank"],
        ),
        ({"detail": "Not found."}, ["detail: Not found."]),
    ],
    ids=["error", "errors-list", "errors-map", "message", "jsonapi", "detail"],
)
def test_plain_error_members(
    httpserver: Any, session: Any, body: dict[str, Any], says: list[str]
) -> None:
    httpserver.expect_request("/thing").respond_with_json(body, status=400)
    resp = session.get(httpserver.url_for("/thing"))
    text = failure(lambda: rc.assert_ok(resp))
    block = "\nThe body says:\n" + "".join(f"  - {line}\n" for line in says) + "Body ("
    assert block in text


def test_an_error_inside_a_200_is_shown_too(httpserver: Any, session: Any) -> None:
    httpserver.expect_request("/graphql").respond_with_json({"errors": ["field 'x' unknown"]})
    resp = session.get(httpserver.url_for("/graphql"))
    text = failure(lambda: rc.assert_created(resp))
    assert "\nThe body says:\n  - field 'x' unknown\n" in text


def test_nothing_is_said_for_a_body_without_errors(starlette: Any) -> None:
    text = failure(lambda: rc.assert_created(starlette.get("/status/200")))
    assert "The body says" not in text
    assert "Server exception" not in text


# --- server exceptions -------------------------------------------------------------------


def test_werkzeug_debugger_page_from_a_real_flask_server(serve_wsgi: Any, session: Any) -> None:
    import flask
    from werkzeug.debug import DebuggedApplication

    app = flask.Flask("crashing")
    app.debug = True  # exceptions reach the debugger, as under `flask run --debug`

    @app.get("/books")
    def books() -> Any:
        return {"per_page": 10 // 0}

    base = serve_wsgi(DebuggedApplication(app, evalex=False))
    resp = session.get(base + "/books")
    assert resp.status_code == 500
    assert "Werkzeug Debugger" in resp.text
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nServer exception: ZeroDivisionError: integer division or modulo by zero\n" in text
    assert "\nHint: the server malfunctioned instead of answering" in text


def test_django_technical_500_from_the_test_client(django_setup: None) -> None:
    from django.test import Client, override_settings

    with override_settings(DEBUG=True):
        resp = Client(raise_request_exception=False).get("/crash")
    assert resp.status_code == 500
    assert b"<title>ZeroDivisionError" in resp.content  # Django's technical 500 page
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nServer exception: ZeroDivisionError: division by zero\n" in text


def test_django_technical_500_from_a_real_server(
    django_setup: None, serve_wsgi: Any, session: Any
) -> None:
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    base = serve_wsgi(WSGIHandler())
    with override_settings(DEBUG=True):
        resp = session.get(base + "/crash")
    assert resp.status_code == 500
    assert resp.headers["Content-Type"].startswith("text/html")
    text = failure(lambda: rc.assert_created(resp))
    # the exception, then where it was raised (the page's "Exception Location" row)
    line = next(x for x in text.splitlines() if x.startswith("Server exception: "))
    assert line.startswith("Server exception: ZeroDivisionError at /crash: division by zero (in ")
    assert "django_urls.py, line " in line and line.endswith(", in crash)")


def test_a_plain_traceback_body(status_server: str, session: Any) -> None:
    resp = session.get(status_server + "/status/500")
    text = failure(lambda: rc.assert_ok(resp))
    assert "\nServer exception: ZeroDivisionError: division by zero\n" in text
    assert "\nBody (text/plain, 152 bytes):\n  Traceback (most recent call last):\n" in text


def test_an_exception_in_a_json_body(httpserver: Any, session: Any) -> None:
    httpserver.expect_request("/boom").respond_with_json(
        {"exception": "ValueError: price must be positive", "trace_id": "abc"}, status=500
    )
    text = failure(lambda: rc.assert_ok(session.get(httpserver.url_for("/boom"))))
    assert "\nServer exception: ValueError: price must be positive\n" in text


def test_the_exception_behind_a_bare_500_is_shown() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    def crash(request: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    app = Starlette(routes=[Route("/crash", crash)])
    with TestClient(app, raise_server_exceptions=False) as client:
        resp = client.get("/crash")
    assert resp.status_code == 500
    text = failure(lambda: rc.assert_ok(resp))
    assert "Server exception: ZeroDivisionError: division by zero" in text
    assert "\nBody (text/plain, 21 bytes):\n  Internal Server Error\n" in text


# --- the body excerpt --------------------------------------------------------------------


def test_json_is_pretty_printed(httpserver: Any, httpx_client: Any) -> None:
    books = {
        "items": [
            {"id": 1, "title": "Dune", "author": "Frank Herbert"},
            {"id": 2, "title": "Emma", "author": "Jane Austen"},
        ],
        "total": 2,
    }
    httpserver.expect_request("/books").respond_with_json(books, status=200)
    resp = httpx_client.get(httpserver.url_for("/books"))
    text = failure(lambda: rc.assert_created(resp))
    assert (
        f"\nBody (application/json, {len(resp.content):,} bytes):\n"
        "  {\n"
        '    "items": [\n'
        '      {"id": 1, "title": "Dune", "author": "Frank Herbert"},\n'
        '      {"id": 2, "title": "Emma", "author": "Jane Austen"}\n'
        "    ],\n"
        '    "total": 2\n'
        "  }\n"
    ) in text


def test_text_is_shown_as_text(httpserver: Any, session: Any) -> None:
    httpserver.expect_request("/t").respond_with_data(
        "first line\nsecond line", status=404, content_type="text/plain"
    )
    text = failure(lambda: rc.assert_ok(session.get(httpserver.url_for("/t"))))
    assert "\nBody (text/plain, 22 bytes):\n  first line\n  second line\n" in text


def test_a_long_body_is_cut_at_the_limit(
    httpserver: Any, session: Any, body_limit: Callable[[int], None]
) -> None:
    body_limit(100)
    httpserver.expect_request("/long").respond_with_data(
        "0123456789\n" * 300, status=404, content_type="text/plain"
    )
    resp = session.get(httpserver.url_for("/long"))
    text = failure(lambda: rc.assert_ok(resp))
    lines = text.splitlines()
    start = lines.index("Body (text/plain, 3,300 bytes):")
    shown = lines[start + 1 : start + 11]
    assert shown == ["  0123456789"] * 9 + ["  0"]
    assert lines[start + 11] == (
        "  ... 3,200 more bytes not shown (body is 3,300 bytes; "
        "raise the ini option restcodes_body_limit to see more)"
    )


def test_a_long_json_body_is_cut_too(
    httpserver: Any, httpx_client: Any, body_limit: Callable[[int], None]
) -> None:
    body_limit(200)
    httpserver.expect_request("/many").respond_with_json(
        {"items": [{"id": n, "title": f"Book {n}"} for n in range(200)]}, status=200
    )
    text = failure(lambda: rc.assert_created(httpx_client.get(httpserver.url_for("/many"))))
    assert "more bytes not shown (body is " in text
    assert '"id": 199' not in text
    assert len(text) < 3000


@pytest.mark.parametrize(
    ("content_type", "shown_type"),
    [("image/png", "image/png"), (None, "no Content-Type")],
)
def test_binary_is_shown_as_size_and_type_only(
    httpserver: Any, session: Any, content_type: str | None, shown_type: str
) -> None:
    payload = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    headers = {} if content_type else None
    response = httpserver.expect_request("/img")
    if content_type:
        response.respond_with_data(payload, status=404, content_type=content_type)
    else:
        from werkzeug import Response

        raw = Response(payload, status=404, headers=headers)
        del raw.headers["Content-Type"]
        response.respond_with_response(raw)
    resp = session.get(httpserver.url_for("/img"))
    assert resp.content == payload
    text = failure(lambda: rc.assert_ok(resp))
    kind = content_type or "no Content-Type"
    assert (
        f"\nBody ({kind}, 1,032 bytes):\n  (binary body: 1,032 bytes, {shown_type}; not shown)\n"
    ) in text
    assert "PNG" not in text


def test_an_empty_body(starlette: Any) -> None:
    text = failure(lambda: rc.assert_ok(starlette.get("/status/304")))
    assert "\nBody: (empty)\n" in text


# --- unread streams: never read on the test's behalf -------------------------------------

NOT_READ = "not read by the test (streamed response): not shown, so the stream stays intact"
NOT_FOUND_BODY = b'{"status": 404}'


def test_requests_stream_is_not_read(status_server: str, session: Any) -> None:
    with session.get(status_server + "/status/404", stream=True) as resp:
        text = failure(lambda: rc.assert_ok(resp))
        assert f"\nBody: {NOT_READ}\n" in text
        assert resp.content == NOT_FOUND_BODY


def test_httpx_stream_is_not_read(status_server: str, httpx_client: Any) -> None:
    with httpx_client.stream("GET", status_server + "/status/404") as resp:
        text = failure(lambda: rc.assert_ok(resp))
        assert f"\nBody: {NOT_READ}\n" in text
        assert resp.read() == NOT_FOUND_BODY


async def test_aiohttp_body_is_not_read_before_the_test_reads_it(status_server: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as client, client.get(status_server + "/status/404") as resp:
        text = failure(lambda: rc.assert_ok(resp))
        assert (
            "\nBody: not read by the test yet (await resp.read() or .json() first): not shown\n"
        ) in text
        assert await resp.read() == NOT_FOUND_BODY
        # once read, it is shown
        assert '"status": 404' in failure(lambda: rc.assert_ok(resp))


def test_urllib3_preload_content_false_is_not_read(status_server: str) -> None:
    import urllib3

    with urllib3.PoolManager() as pool:
        resp = pool.request("GET", status_server + "/status/404", preload_content=False)
        try:
            text = failure(lambda: rc.assert_ok(resp))
            assert (
                "\nBody: not read by the test (preload_content=False): not shown, so the "
                "stream stays intact\n"
            ) in text
            assert resp.read() == NOT_FOUND_BODY
        finally:
            resp.release_conn()


def test_tornado_body_sent_to_a_streaming_callback_is_not_called_empty(
    status_server: str,
) -> None:
    from tornado.httpclient import HTTPClient

    chunks: list[bytes] = []
    client = HTTPClient()
    try:
        resp = client.fetch(
            status_server + "/status/404", raise_error=False, streaming_callback=chunks.append
        )
    finally:
        client.close()
    text = failure(lambda: rc.assert_ok(resp))
    assert (
        "\nBody: streamed to the request's streaming_callback: not kept, so not shown\n"
    ) in text
    assert "(empty)" not in text
    assert b"".join(chunks) == NOT_FOUND_BODY


def test_django_streaming_response_is_not_read(django_setup: None) -> None:
    from django.test import Client

    resp = Client().get("/stream")
    assert resp.streaming
    text = failure(lambda: rc.assert_ok(resp))
    assert f"\nBody: {NOT_READ}\n" in text
    assert b"".join(resp.streaming_content) == b"line 0\nline 1\nline 2\n"


# --- secrets -----------------------------------------------------------------------------

SECRETS = ["tokval1", "keyval2", "pwval3", "sigval4", "csval5", "bearer-6", "cookie-7", "apikey-8"]


def test_secrets_are_masked(httpserver: Any, session: Any, verbose: None) -> None:
    from werkzeug import Response

    body = json.dumps({"user": "bob", "password": "setval-9", "detail": "not yours"})
    answer = Response(body, status=403, content_type="application/json")
    answer.headers.add("Set-Cookie", "sessionid=setcookie-10; Path=/; HttpOnly")
    answer.headers.add("X-Request-Id", "req-42")
    httpserver.expect_request("/secret").respond_with_response(answer)
    resp = session.get(
        httpserver.url_for("/secret"),
        params={
            "token": "tokval1",
            "page": "2",
            "api_key": "keyval2",
            "password": "pwval3",
            "signature": "sigval4",
            "client_secret": "csval5",
            "X-Amz-Credential": "credval11",
            "X-Amz-Signature": "sigval12",
        },
        headers={
            "Authorization": "Bearer bearer-6",
            "Cookie": "session=cookie-7; theme=dark",
            "X-Api-Key": "apikey-8",
            "X-Access-Token": "hdrval13",
        },
    )
    text = failure(lambda: rc.assert_ok(resp))
    for secret in [*SECRETS, "setval-9", "setcookie-10", "credval11", "sigval12", "hdrval13"]:
        assert secret not in text
    assert text.splitlines()[1] == (
        f"Request: GET {httpserver.url_for('/secret')}?token=***&page=2&api_key=***"
        "&password=***&signature=***&client_secret=***&X-Amz-Credential=***"
        "&X-Amz-Signature=***"
    )
    assert "\nResponse headers:\n" in text
    assert "\n  Set-Cookie: sessionid=***\n" in text
    assert "\n  X-Request-Id: req-42\n" in text  # not a secret: shown
    assert "\nRequest headers:\n" in text
    assert "\n  Authorization: Bearer ***\n" in text
    assert "\n  Cookie: session=***\n" in text
    assert "\n  X-Api-Key: ***\n" in text
    assert "\n  X-Access-Token: ***\n" in text
    assert '"password": "***"' in text
    assert '"user": "bob"' in text
    assert "run pytest with -v" not in text


def test_secrets_in_a_json_body_are_masked(httpserver: Any, session: Any) -> None:
    echoed = {
        "password": 'ab"cd-leak',  # an escaped quote inside the value
        "headers": {"Authorization": "Bearer echo-1", "Cookie": "sid=echo-2", "Accept": "*/*"},
    }
    httpserver.expect_request("/echo").respond_with_json(echoed, status=400)
    text = failure(lambda: rc.assert_ok(session.get(httpserver.url_for("/echo"))))
    for secret in ("cd-leak", "echo-1", "echo-2"):
        assert secret not in text
    assert '"password": "***"' in text
    assert '"Authorization": "***"' in text
    assert '"Accept": "*/*"' in text


def test_a_secret_cut_by_the_body_limit_is_still_masked(
    httpserver: Any, session: Any, body_limit: Callable[[int], None]
) -> None:
    body = '{"user": "bob", "password": "zq9secret-value", "role": "admin"}' + " " * 200
    body_limit(body.index("zq9") + 3)  # the excerpt ends inside the password
    httpserver.expect_request("/me").respond_with_data(body, status=403, content_type="text/plain")
    text = failure(lambda: rc.assert_ok(session.get(httpserver.url_for("/me"))))
    assert "more bytes not shown" in text
    assert "zq9" not in text
    assert '  {"user": "bob", "password": "***"\n' in text


def test_masking_keeps_the_other_query_parameters_as_sent(httpserver: Any, session: Any) -> None:
    httpserver.expect_request("/search").respond_with_data("no", status=404)
    url = httpserver.url_for("/search") + "?q=a%26b&name=hello+world&flag&access_token=t0k"
    text = failure(lambda: rc.assert_ok(session.get(url)))
    assert text.splitlines()[1] == (
        f"Request: GET {httpserver.url_for('/search')}"
        "?q=a%26b&name=hello+world&flag&access_token=***"
    )


def test_a_signed_location_is_masked(httpserver: Any, session: Any, verbose: None) -> None:
    signed = "https://bucket.example/report.pdf?X-Amz-Signature=sig-leak&x=1"
    httpserver.expect_request("/report").respond_with_data(
        "", status=302, headers={"Location": signed}
    )
    resp = session.get(httpserver.url_for("/report"), allow_redirects=False)
    text = failure(lambda: rc.assert_found(resp, location="/elsewhere"))
    assert "sig-leak" not in text
    masked = "https://bucket.example/report.pdf?X-Amz-Signature=***&x=1"
    assert f"  - Location is {masked!r}, expected '/elsewhere'" in text
    assert f"\n  Location: {masked}\n" in text


def test_headers_only_with_verbosity(starlette: Any, quiet: None) -> None:
    text = failure(lambda: rc.assert_ok(starlette.get("/status/404")))
    assert "Response headers" not in text
    assert "Request headers" not in text
    assert text.splitlines()[-1] == "(run pytest with -v to see the request and response headers)"


def test_headers_of_a_response_that_has_none_shown_as_none(verbose: None) -> None:
    from werkzeug.test import Client

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("404 Not Found", [])
        return []

    text = failure(lambda: rc.assert_ok(Client(app).get("/")))
    assert "\nResponse headers: (none)\n" in text


# --- the link ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "actual", "link"),
    [
        (rc.assert_created, 200, "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2"),
        (rc.assert_too_many_requests, 200, "https://www.rfc-editor.org/rfc/rfc6585#section-4"),
        (rc.assert_success, 404, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5"),
    ],
    ids=["expected-code", "rfc6585", "class-links-the-actual-code"],
)
def test_documentation_link(starlette: Any, quiet: None, call: Any, actual: int, link: str) -> None:
    text = failure(lambda: call(starlette.get(f"/status/{actual}")))
    assert text.splitlines()[-2] == f"Learn more: {link}"


# --- soft() ------------------------------------------------------------------------------


def test_soft_collects_every_failure_and_raises_once(starlette: Any) -> None:
    ok, created = starlette.get("/status/200"), starlette.get("/status/201")
    with pytest.raises(StatusAssertionError) as info, rc.soft():
        assert rc.assert_created(ok) is ok  # fails: collected, the response comes back
        assert rc.assert_ok(ok) is ok
        assert rc.assert_not_found(created) is created  # fails too
    err = info.value
    text = str(err)
    assert text.splitlines()[0] == "2 status assertions failed in soft():"
    assert "\n[1/2] assert_created: expected 201 Created, got 200 OK\n" in text
    assert "\n[2/2] assert_not_found: expected 404 Not Found, got 201 Created\n" in text
    assert [f.actual for f in err.failures] == [200, 201]
    assert [f.response for f in err.failures] == [ok, created]
    assert err.actual is None


def test_soft_passes_when_everything_passes(starlette: Any) -> None:
    ok = starlette.get("/status/200")
    with rc.soft() as block:
        rc.assert_ok(ok)
        rc.assert_success(ok)
    assert block.failures == []
    # after the block, helpers raise again
    with pytest.raises(StatusAssertionError):
        rc.assert_created(ok)


def test_soft_lets_another_exception_win_and_attaches_the_failures(starlette: Any) -> None:
    ok = starlette.get("/status/200")
    with pytest.raises(KeyError) as info, rc.soft():
        rc.assert_created(ok)
        raise KeyError("title")
    notes = getattr(info.value, "__notes__", [])
    assert len(notes) == 1
    assert notes[0].startswith("1 status assertion failed in soft():\n")
    assert "assert_created: expected 201 Created, got 200 OK" in notes[0]


# --- tracebacks: the helper's frame hidden, the plugin's bugs shown -----------------------

INNER_TEST = """
from werkzeug.test import Client

from pytest_restcodes import assert_created


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def test_create(monkeypatch):
    {patch}
    resp = Client(app).post("/books")
    assert_created(resp)  # the test's line
"""


def _line_of(path: Any, marker: str) -> int:
    lines = path.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if marker in line)


def test_the_helper_frame_is_hidden(inner: pytest.Pytester) -> None:
    path = inner.makepyfile(test_hidden=INNER_TEST.format(patch="pass"))
    result = inner.runpytest("--assert=plain", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    line = _line_of(path, "# the test's line")
    result.stdout.fnmatch_lines(
        [
            ">       assert_created(resp)  # the test's line",
            "E       pytest_restcodes.StatusAssertionError: assert_created: expected 201 "
            "Created, got 200 OK",
            "E       Request: POST http://localhost/books",
            f"test_hidden.py:{line}: StatusAssertionError",
        ]
    )
    output = result.stdout.str()
    assert "_helpers.py" not in output
    assert "_render.py" not in output


def test_a_plugin_bug_stays_visible(inner: pytest.Pytester) -> None:
    patch = (
        "import pytest_restcodes._render as m\n"
        "    def boom(*args, **kwargs):\n"
        "        raise RuntimeError('render broke')\n"
        "    monkeypatch.setattr(m, 'failure', boom)"
    )
    path = inner.makepyfile(test_bug=INNER_TEST.format(patch=patch))
    result = inner.runpytest("--assert=plain", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            ">       assert_created(resp)  # the test's line",
            f"test_bug.py:{_line_of(path, '# the test')}: ",
            "*pytest_restcodes/_helpers.py:*: in assert_created",
            "*pytest_restcodes/_helpers.py:*: in _verify",
            "E       RuntimeError: render broke",
        ]
    )
