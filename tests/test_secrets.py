"""Secrets never leave the plugin: every output, every place a secret can ride in.

A property test plants a random secret in each place (request and response headers
through requests, httpx and werkzeug's test client, query parameters, URL userinfo, a
Location's fragment, query or userinfo, JSON at any depth and of any type, a form body,
an echoed request, a validation error, a plain-text body) through real clients against a
real local server, renders every output (a failing helper with and without -v, a
``soft()`` aggregate, the checker's findings, warnings and summary) and looks for the
secret in each. The examples below it are the defects this was built against, one each,
as readable regressions.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outputs import failure, outputs

import pytest_restcodes as rc
from pytest_restcodes import _mask
from pytest_restcodes._findings import catalogue
from pytest_restcodes._view import ResponseView

MARK, END = "QZX", "KJW"
"""Every planted secret starts with MARK and ends with END: no output may show either (a
secret masked from its middle on, or cut before its end, would show one of them)."""

PLAN: dict[str, Any] = {}
"""What the server answers next: status, headers, body (set by each example)."""


def _failing(resp: Any) -> Callable[[Any], Any]:
    return rc.assert_ok if resp.status_code != 200 else rc.assert_created


def assert_hidden(texts: dict[str, str], *secrets: str) -> None:
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} shown in the {where} output:\n{text}"


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


def _planned_response(request: Any) -> Any:
    """What ``PLAN`` says, as a werkzeug response that sends Location as given (werkzeug
    would turn it into a URI first, and answer 500 for one no parser accepts)."""
    from werkzeug import Response

    class Raw(Response):
        def get_wsgi_headers(self, environ: Any) -> Any:
            locations = self.headers.getlist("Location")
            self.headers.pop("Location", None)
            headers = super().get_wsgi_headers(environ)
            for location in locations:
                headers.add("Location", location)
            return headers

    body = PLAN.get("body", b"")
    if callable(body):
        body = body(request)
    return Raw(body, status=PLAN.get("status", 400), headers=PLAN.get("headers", []))


@pytest.fixture
def planned(httpserver: Any) -> str:
    """The local server answers what ``PLAN`` says; returns its base URL."""
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_planned_response)
    return str(httpserver.url_for("/")).rstrip("/")


@pytest.fixture(scope="module")
def werkzeug_client() -> Any:
    """werkzeug's test client on an app that answers what ``PLAN`` says."""
    from werkzeug import Request
    from werkzeug.test import Client

    return Client(Request.application(_planned_response))


def plan(status: int, headers: list[tuple[str, str]] | None = None, body: Any = b"") -> None:
    PLAN.clear()
    PLAN.update(status=status, headers=headers or [], body=body)


def get(client: Any, url: str, **kwargs: Any) -> Any:
    """GET through requests, httpx or werkzeug's client, never following redirects."""
    module = client.__class__.__module__
    if module.startswith("requests"):
        return client.get(url, allow_redirects=False, **kwargs)
    if module.startswith("werkzeug"):
        return client.get(url, **kwargs)
    return client.get(url, follow_redirects=False, **kwargs)


def _json_body(value: Any) -> tuple[list[tuple[str, str]], bytes]:
    return [("Content-Type", "application/json")], json.dumps(value).encode()


# --- the property -----------------------------------------------------------------------

KEYS = [
    "token",
    "access_token",
    "authtoken",
    "refreshtoken",
    "sessiontoken",
    "apitoken",
    "api_key",
    "apiKey",
    "X-Api-Key",
    "password",
    "password2",
    "passwd",
    "pwd",
    "client_secret",
    "oauth2_token",
    "private_key",
    "signature",
    "sig",
    "sessionid",
    "PHPSESSID",
    "csrf_token",
    "xsrf",
    "otp",
    "jwt",
    "credentials",
    "X-Amz-Security-Token",
]
HEADERS = [
    "X-Auth-Token",
    "x-authtoken",
    "X-Api-Key",
    "x-apitoken",
    "x-refreshtoken",
    "x-accesskey",
    "X-Session",
    "X-CSRF-Token",
    "Private-Token",
    "X-Signature",
    "X-Client-Secret",
    "Authorization",
    "Proxy-Authorization",
]
PLACES = [
    "request header",
    "request cookie",
    "response header",
    "set-cookie",
    "query",
    "url user",
    "url password",
    "location fragment",
    "location query",
    "location user",
    "location unparsable",
    "location encoded",
    "json",
    "form",
    "echo",
    "validation",
    "text",
]
secrets = st.text(alphabet=string.ascii_letters + string.digits, min_size=12, max_size=24).map(
    lambda s: MARK + s + END
)


@st.composite
def nested(draw: Any, key: str, value: Any) -> Any:
    """``{key: value}`` at a random depth, among harmless members, in objects and lists."""
    inner: Any = {"id": draw(st.integers(0, 99)), key: value, "name": "bob"}
    for wrapper in draw(st.lists(st.sampled_from(["object", "list"]), max_size=4)):
        if wrapper == "object":
            inner = {draw(st.sampled_from(["data", "user", "meta", "items"])): inner, "n": 1}
        else:
            inner = [{"id": 0}, inner]
    return inner


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    secret=secrets,
    place=st.sampled_from(PLACES),
    kind=st.sampled_from(["requests", "httpx", "werkzeug"]),
    status=st.sampled_from([200, 302, 401, 405, 500]),
    key=st.sampled_from(KEYS),
    header=st.sampled_from(HEADERS),
)
def test_no_output_shows_a_planted_secret(
    planned: str,
    session: Any,
    httpx_client: Any,
    werkzeug_client: Any,
    data: Any,
    secret: str,
    place: str,
    kind: str,
    status: int,
    key: str,
    header: str,
) -> None:
    if place == "location unparsable":
        kind = "werkzeug"  # requests and httpx raise on a Location no parser accepts
    elif place.startswith("url ") and kind == "werkzeug":
        kind = "requests"  # werkzeug's client takes a URL's userinfo for the host
    client = {"requests": session, "httpx": httpx_client, "werkzeug": werkzeug_client}[kind]
    hidden = [secret, MARK, END]
    headers: list[tuple[str, str]] = []
    body: Any = b"plain text"
    url = f"{planned}/things/7"
    sent: dict[str, str] = {}
    scheme = "Bearer " if header.endswith("Authorization") else ""
    if place == "request header":
        sent[header] = scheme + secret
    elif place == "request cookie":
        sent["Cookie"] = f"{key}={secret}; theme=dark"
    elif place == "response header":
        headers.append((header, scheme + secret))
    elif place == "set-cookie":
        headers.append(("Set-Cookie", f"{key}={secret}; Path=/; HttpOnly"))
    elif place == "query":
        sep = data.draw(st.sampled_from(["&", ";"]))
        url += f"?page=2{sep}{key}={secret}{sep}q=x"
    elif place == "url user":
        url = url.replace("://", f"://{secret}@")
    elif place == "url password":
        url = url.replace("://", f"://bob:{secret}@")
    elif place.startswith("location"):
        location = {
            "location fragment": f"https://app.example/cb#{key}={secret}&state=s1",
            "location query": f"/next?a=1&{key}={secret}",
            "location user": f"https://{secret}@api.example/x",
            "location unparsable": f"http://[::1/x?{key}={secret}",
            "location encoded": f"/login?next=%2Fcb%3Fa%3D1%26{key}%3D{secret}%26b%3D2",
        }[place]
        headers.append(("Location", location))
    elif place in ("json", "validation", "echo"):
        if place == "json":
            kind = data.draw(st.sampled_from(["string", "number", "list", "object"]))
            value: Any = {
                "string": secret,
                "number": data.draw(st.integers(10**11, 10**15)),
                "list": [secret, "x"],
                "object": {"value": secret, "kind": "opaque"},
            }[kind]
            if kind == "number":
                hidden = [str(value)]
            planted = data.draw(nested(key, value))
        elif place == "validation":
            planted = {
                "detail": [
                    {
                        "type": "string_too_short",
                        "loc": ["body", key],
                        "msg": "String should have at least 64 characters",
                        "input": secret,
                        "ctx": {"min_length": 64},
                    }
                ]
            }
        else:  # an httpbin-style echo of the request
            planted = {
                "headers": {"Authorization": f"Bearer {secret}", "Accept": "*/*"},
                "args": {key: secret},
                "url": f"{url}?{key}={secret}",
            }
        json_headers, body = _json_body({"error": planted} if status == 200 else planted)
        headers += json_headers
    elif place == "form":
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        body = f"user=alice&{key}={secret}&remember=1".encode()
    elif place == "text":
        form = data.draw(st.sampled_from(["{k}: {s}", '"{k}": "{s}"', "{k}={s}"]))
        body = ("error\n" + form.format(k=key, s=secret) + "\nbye\n").encode()
    plan(status, headers, body)
    resp = get(client, url, headers=sent)
    assert resp.status_code == status
    assert_hidden(outputs(resp, _failing(resp)), *hidden)


# --- the defects, one example each ----------------------------------------------------


@pytest.mark.parametrize("name", ["x-authtoken", "x-apitoken", "x-refreshtoken", "x-accesskey"])
def test_secret_headers_lower_cased_by_httpx_are_masked(
    planned: str, httpx_client: Any, name: str, verbose: None
) -> None:
    plan(400, [(name, "resp-leak-1")])
    resp = httpx_client.get(planned + "/h", headers={name: "req-leak-2"})
    text = failure(lambda: rc.assert_ok(resp))
    assert "resp-leak-1" not in text
    assert "req-leak-2" not in text
    assert text.count(f"\n  {name}: ***\n") == 2  # httpx names both lower case


@pytest.mark.parametrize("name", ["authtoken", "refreshtoken", "sessiontoken", "apitoken"])
def test_secret_query_parameters_are_masked(planned: str, session: Any, name: str) -> None:
    plan(404)
    resp = session.get(f"{planned}/q?page=2&{name}=q-leak")
    text = failure(lambda: rc.assert_ok(resp))
    assert "q-leak" not in text
    assert text.splitlines()[1] == f"Request: GET {planned}/q?page=2&{name}=***"


def test_query_parameters_separated_by_semicolons_are_masked(planned: str, session: Any) -> None:
    plan(404)
    resp = session.get(f"{planned}/q?page=2;token=semi-leak;q=x")
    text = failure(lambda: rc.assert_ok(resp))
    assert "semi-leak" not in text
    assert text.splitlines()[1] == f"Request: GET {planned}/q?page=2;token=***;q=x"


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        (
            "https://app.example/cb#access_token=frag-leak&state=s1",
            "https://app.example/cb#access_token=***&state=s1",
        ),
        ("https://user-leak@api.example/x", "https://***@api.example/x"),
        ("http://[::1/x?token=bad-leak", "http://[::1/x?token=***"),
    ],
    ids=["fragment", "username", "unparsable"],
)
def test_a_location_is_masked_whatever_its_shape(location: str, shown: str, verbose: None) -> None:
    # werkzeug's client: requests and httpx raise on a Location no parser accepts
    from werkzeug.test import Client

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("302 Found", [("Location", location), ("Content-Length", "0")])
        return [b""]

    resp = Client(app).get("/r")
    text = failure(lambda: rc.assert_found(resp, location="/elsewhere"))
    assert "leak" not in text
    assert f"  - Location is {shown!r}, expected '/elsewhere'" in text
    assert f"\n  Location: {shown}\n" in text


@pytest.mark.parametrize(
    ("key", "value", "secret"),
    [
        ("password", 12345678, "12345678"),
        ("tokens", ["list-leak", "other"], "list-leak"),
        ("token", {"value": "obj-leak", "expires": 3600}, "obj-leak"),
        ("password2", "digit-leak", "digit-leak"),
        ("oauth2_token", "digit-leak", "digit-leak"),
        ("private_key", "pk-leak", "pk-leak"),
        ("signature", "sig-leak", "sig-leak"),
        ("X-Api-Key", "echo-leak", "echo-leak"),
    ],
    ids=[
        "number",
        "list",
        "object",
        "password2",
        "oauth2_token",
        "private_key",
        "signature",
        "X-Api-Key",
    ],
)
def test_json_secrets_of_any_type_are_masked(
    planned: str, session: Any, key: str, value: Any, secret: str
) -> None:
    plan(400, *_json_body({"user": "bob", "received": {key: value, "id": 7}}))
    resp = session.get(planned + "/j")
    texts = outputs(resp, _failing(resp))
    assert_hidden(texts, secret)
    assert f'"{key}": "***"' in texts["helper -v0"]
    assert '"user": "bob"' in texts["helper -v0"]


def test_a_validation_error_about_a_secret_field_masks_its_input() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from pydantic import BaseModel, Field

    class Signup(BaseModel):
        user: str
        password: str = Field(min_length=12)

    app = FastAPI()

    def signup(body: Signup) -> dict[str, str]:
        return {"user": body.user}

    signup.__annotations__["body"] = Signup  # a local class: FastAPI needs the type itself
    app.post("/signup", status_code=201)(signup)

    with TestClient(app) as client:
        resp = client.post("/signup", json={"user": "bob", "password": "short-leak"})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["input"] == "short-leak"
    text = failure(lambda: rc.assert_created(resp))
    assert "short-leak" not in text
    # what pydantic says of the field is no secret: it stays
    assert "  - body.password: String should have at least 12 characters\n" in text
    assert '"input": "***"' in text
    assert '"ctx": "***"' in text


def test_a_form_body_is_masked(planned: str, session: Any) -> None:
    plan(
        400,
        [("Content-Type", "application/x-www-form-urlencoded")],
        b"user=alice&password=form-leak&remember=1",
    )
    text = failure(lambda: rc.assert_ok(session.get(planned + "/f")))
    assert "form-leak" not in text
    assert "  user=alice&password=***&remember=1\n" in text


def test_an_echoed_request_is_masked(planned: str, session: Any) -> None:
    def echo(request: Any) -> bytes:
        return json.dumps({"headers": dict(request.headers), "url": request.url}).encode()

    plan(400, [("Content-Type", "application/json")], echo)
    resp = session.get(
        planned + "/anything?api_key=echo-leak-1",
        headers={"Authorization": "Bearer echo-leak-2", "X-Refresh-Token": "echo-leak-3"},
    )
    texts = outputs(resp, _failing(resp))
    assert_hidden(texts, "echo-leak")
    assert '"Authorization": "***"' in texts["helper -v0"]
    assert "/anything?api_key=***" in texts["helper -v0"]


def test_what_the_body_says_is_masked_as_the_excerpt_is(planned: str, session: Any) -> None:
    plan(400, *_json_body({"errors": {"password": "says-leak is too short", "user": "taken"}}))
    text = failure(lambda: rc.assert_ok(session.get(planned + "/s")))
    assert "says-leak" not in text
    assert "The body says:\n  - password: ***\n  - user: taken\n" in text


def test_the_checker_observation_is_masked(planned: str, session: Any) -> None:
    plan(200, *_json_body({"error": {"token": "obs-leak", "password": 12345678}}))
    resp = session.get(planned + "/o")
    (found,) = catalogue("rulebook").run(ResponseView.of(resp, "test"))
    assert found.rule.name == "success-with-error-body"
    assert "obs-leak" in found.observed  # the rule sees it; no output shows it
    texts = outputs(resp, _failing(resp))
    assert_hidden(texts, "obs-leak", "12345678")
    assert 'holds "error": {"token": "***", "password": "***"}' in texts["finding 0"]


# --- the whole run: warnings and the terminal summary --------------------------------------


def test_warnings_and_the_summary_of_a_real_run_show_no_secret(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        from werkzeug import Response
        from werkzeug.test import Client

        def app(environ, start_response):
            response = Response(
                '{"error": {"token": "run-leak-1", "password": 1234567890}}',
                status=302,
                headers={"Location": "https://run-leak-2@x.example/cb#access_token=run-leak-3"},
                content_type="application/json",
            )
            return response(environ, start_response)

        LOGIN = "/login?password=run-" + "leak-4"

        def test_it():
            Client(app).get(LOGIN)
        """
    )
    result = inner.runpytest("--restcodes-check=warn", "-v", "-p", "no:randomly")
    result.assert_outcomes(passed=1)  # warnings: ours, and on pytest 7.4 a config one
    out = result.stdout.str()
    assert "RC111 found-redirect" in out
    assert "run-leak" not in out
    assert "1234567890" not in out
    assert "/login?password=***" in out


# --- the policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "x-authtoken",
        "authtoken",
        "refreshtoken",
        "sessiontoken",
        "apitoken",
        "password2",
        "oauth2_token",
        "private_key",
        "X-Api-Key",
        "X-Amz-Signature",
        "client_secret",
        "PHPSESSID",
        "connect.sid",
        "hmac_sig",
        "totp",
        "db_pass",
        "Authorization",
        "user[password]",
        "access%5Ftoken",
        "authorized_keys",
    ],
)
def test_secret_names(name: str) -> None:
    assert _mask.is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "keyword",
        "keywords",
        "monkey",
        "author",
        "author_id",
        "authority",
        "authorized",
        "is_authenticated",
        "WWW-Authenticate",
        "design",
        "signal",
        "footprint",
        "inside",
        "passport",
        "total_tokens",
        "Content-Type",
        "Location",
    ],
)
def test_harmless_names(name: str) -> None:
    assert not _mask.is_secret_name(name)


def test_nothing_the_plugin_writes_itself_is_masked() -> None:
    """Masking is for what servers and tests send: every rule's text and examples, every
    code's meaning and link, every hint and every client's advice pass the text masking
    unchanged."""
    from pytest_restcodes import _codes, _hints
    from pytest_restcodes._clients import clients
    from pytest_restcodes._rules import RULES

    texts: list[str] = []
    for r in RULES:
        texts += [f"{r.code} {r.name}: {r.summary}", r.why, r.fix, r.source, r.anchor]
        texts += [r.trigger.render(), r.clean.render(), f"  {r.name}: 3", f"[{r.code} {r.name}]"]
    codes = [code for code in range(100, 600) if _codes.phrase(code) != "Unknown"]
    for code in codes:
        found = _codes.info(code)
        texts.append(f"Expected {_codes.label(code)}: {found.meaning}. [{found.source}]")
        texts.append(f"Learn more: {found.link}")
        for other in codes:
            tip = _hints.hint((code,), other, ())
            if tip:
                texts.append(f"Hint: {tip}")
    for klass in range(1, 6):
        texts.append(" ".join(_codes.class_meaning(klass)))
    texts += [f"Hint: to assert the redirect itself: {c.follow_off}." for c in clients()]
    for text in texts:
        assert _mask.text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "token " * 200_000,
        '"token": ' * 100_000 + "[" * 100_000,
        "//a@" * 250_000,
        "eyJ" * 300_000,
        "key=" * 250_000,
        "x-auth-token: " + "b" * 1_000_000,
        '"loc": [' * 120_000,
        '"loc": ["password"], ' * 50_000,
        "%3D" * 300_000,
    ],
    ids=[
        "letters",
        "words",
        "brackets",
        "userinfos",
        "jwt-starts",
        "assignments",
        "header",
        "open-locs",
        "secret-locs",
        "encoded-equals",
    ],
)
def test_text_masking_is_linear_on_a_megabyte_line(text: str) -> None:
    import time

    start = time.process_time()
    once = _mask.text(text)
    assert time.process_time() - start < 5  # a quadratic pass would take hours
    assert _mask.text(once) == once  # masking twice changes nothing


def test_the_url_a_response_summary_keeps_is_masked_after_a_finding(
    planned: str, session: Any
) -> None:
    # a finding builds the request line from the view's URL; the summary kept that URL
    # as it was, and restcodes.responses showed the token
    from pytest_restcodes._session import Session

    plan(500)
    resp = session.get(f"{planned}/q?page=2&access_token=q-leak")
    checked = Session(None, "test_x.py::test_it", "warn", "rulebook", frozenset())
    checked.record(resp)
    (summary,) = checked.responses
    assert [f.rule.name for f in summary.findings] == ["server-error"]
    assert summary.url == f"{planned}/q?page=2&access_token=***"
