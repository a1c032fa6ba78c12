"""The matrix: every helper on the responses of every client.

A *driver* per client knows how to send ``(method, path)`` to the status app (see
``status_apps.py``) through that client and get its response back; a *check* runs one
helper on one driver. Each test is one (client, check) pair; the drivers live for the
module, so every app or server is built once.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
import status_apps

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError

# --- drivers ---------------------------------------------------------------------------


@dataclass
class Driver:
    name: str
    call: Callable[[str, str], Any]
    """``call(method, path)`` -> the client's own response object."""
    base: str | None
    """What the response reports as its request URL for path "" (None: unknown)."""
    body_204: str | None
    """What the client lets through of ``/body/204``: "body", "length" (Content-Length
    only), "dropped" (neither), None (the app or the client refuses such a response)."""
    needs_server: bool = False
    knows_method: bool = True
    prefix: str = ""
    """Where the status app is mounted (DRF's is under /api)."""

    @property
    def origin(self) -> str | None:
        """Scheme and host of the request URL (None: unknown)."""
        return self.base[: len(self.base) - len(self.prefix)] if self.base else None

    def get(self, code: int) -> Any:
        return self.call("GET", f"/status/{code}")


Factory = Callable[[pytest.FixtureRequest], AbstractContextManager[Driver]]
FACTORIES: dict[str, Factory] = {}
MOCK_BASE = "http://api.test"


def driver(name: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        FACTORIES[name] = factory
        return factory

    return register


def _server_base(request: pytest.FixtureRequest) -> str:
    server = request.getfixturevalue("make_httpserver")
    return str(server.url_for("/")).rstrip("/")


@contextmanager
def _event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A loop owned by one async driver for the whole module (the tests stay sync)."""
    loop = asyncio.new_event_loop()
    try:
        yield loop
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def _body_for(method: str) -> bytes | None:
    return b"" if method in ("POST", "PUT", "PATCH") else None


@driver("requests")
@contextmanager
def _requests(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import requests

    base = _server_base(request)
    with requests.Session() as session:
        yield Driver(
            "requests",
            lambda m, p: session.request(m, base + p, allow_redirects=False),
            base,
            "length",
            needs_server=True,
        )


@driver("niquests")
@contextmanager
def _niquests(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import niquests

    base = _server_base(request)
    with niquests.Session() as session:
        yield Driver(
            "niquests",
            lambda m, p: session.request(m, base + p, allow_redirects=False),
            base,
            "length",
            needs_server=True,
        )


@driver("niquests_async")
@contextmanager
def _niquests_async(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import niquests

    base = _server_base(request)
    with _event_loop() as loop:
        session = niquests.AsyncSession()
        try:
            yield Driver(
                "niquests_async",
                lambda m, p: loop.run_until_complete(
                    session.request(m, base + p, allow_redirects=False)
                ),
                base,
                "length",
                needs_server=True,
            )
        finally:
            loop.run_until_complete(session.close())


@driver("responses")
@contextmanager
def _responses(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import requests
    import responses

    def callback(req: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        return status_apps.wire_reply(req.path_url.split("?")[0])

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    for method in status_apps.METHODS:
        mock.add_callback(method, re.compile(re.escape(MOCK_BASE) + "/"), callback=callback)

    def call(method: str, path: str) -> Any:
        mock.start()  # only while the call runs: other drivers use requests for real
        try:
            return session.request(method, MOCK_BASE + path, allow_redirects=False)
        finally:
            mock.stop(allow_assert=False)

    with requests.Session() as session:
        yield Driver("responses", call, MOCK_BASE, "length")


@driver("requests_mock")
@contextmanager
def _requests_mock(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import requests
    import requests_mock

    def content(req: Any, context: Any) -> bytes:
        code, headers, body = status_apps.wire_reply(req.path)
        context.status_code = code
        context.headers.update(headers)
        return body

    mocker = requests_mock.Mocker()
    mocker.register_uri(requests_mock.ANY, re.compile(re.escape(MOCK_BASE) + "/"), content=content)

    def call(method: str, path: str) -> Any:
        mocker.start()
        try:
            return session.request(method, MOCK_BASE + path, allow_redirects=False)
        finally:
            mocker.stop()

    with requests.Session() as session:
        yield Driver("requests_mock", call, MOCK_BASE, "length")


@driver("httpx")
@contextmanager
def _httpx(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import httpx

    base = _server_base(request)
    with httpx.Client() as client:
        yield Driver(
            "httpx", lambda m, p: client.request(m, base + p), base, "length", needs_server=True
        )


@driver("httpx_async")
@contextmanager
def _httpx_async(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import httpx

    base = _server_base(request)
    with _event_loop() as loop:
        client = httpx.AsyncClient()
        try:
            yield Driver(
                "httpx_async",
                lambda m, p: loop.run_until_complete(client.request(m, base + p)),
                base,
                "length",
                needs_server=True,
            )
        finally:
            loop.run_until_complete(client.aclose())


@driver("respx")
@contextmanager
def _respx(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import httpx
    import respx

    def side_effect(req: httpx.Request) -> httpx.Response:
        code, headers, body = status_apps.wire_reply(req.url.path)
        return httpx.Response(code, headers=headers, content=body)

    router = respx.MockRouter(assert_all_called=False)
    router.route(url__startswith=MOCK_BASE + "/").mock(side_effect=side_effect)

    def call(method: str, path: str) -> Any:
        with router:  # patches httpx only while the call runs
            return client.request(method, MOCK_BASE + path)

    with httpx.Client() as client:
        yield Driver("respx", call, MOCK_BASE, "length")


@driver("httpx2")
@contextmanager
def _httpx2(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import httpx2

    base = _server_base(request)
    with httpx2.Client(follow_redirects=False) as client:
        yield Driver(
            "httpx2", lambda m, p: client.request(m, base + p), base, "length", needs_server=True
        )


@driver("starlette")
@contextmanager
def _starlette(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from starlette.testclient import TestClient

    with TestClient(status_apps.starlette_app(), follow_redirects=False) as client:
        yield Driver("starlette", client.request, "http://testserver", "body")


@driver("fastapi")
@contextmanager
def _fastapi(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from fastapi.testclient import TestClient

    with TestClient(status_apps.fastapi_app(), follow_redirects=False) as client:
        yield Driver("fastapi", client.request, "http://testserver", "body")


@driver("litestar")
@contextmanager
def _litestar(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from litestar.testing import TestClient

    # Litestar refuses to send a 204 with a body (its app answers 500): no body_204 check
    with TestClient(status_apps.litestar_app()) as client:
        yield Driver(
            "litestar",
            lambda m, p: client.request(m, p, follow_redirects=False),
            "http://testserver.local",
            None,
        )


@driver("flask")
@contextmanager
def _flask(request: pytest.FixtureRequest) -> Iterator[Driver]:
    client = status_apps.flask_app().test_client()
    yield Driver("flask", lambda m, p: client.open(p, method=m), "http://localhost", "dropped")


@driver("werkzeug")
@contextmanager
def _werkzeug(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from werkzeug.test import Client

    client = Client(status_apps.wsgi_app)
    yield Driver("werkzeug", lambda m, p: client.open(p, method=m), "http://localhost", "body")


@driver("quart")
@contextmanager
def _quart(request: pytest.FixtureRequest) -> Iterator[Driver]:
    client = status_apps.quart_app().test_client()
    with _event_loop() as loop:
        yield Driver(
            "quart", lambda m, p: loop.run_until_complete(client.open(p, method=m)), "", "body"
        )


@driver("django")
@contextmanager
def _django(request: pytest.FixtureRequest) -> Iterator[Driver]:
    request.getfixturevalue("django_setup")
    from django.test import Client

    client = Client()
    yield Driver("django", client.generic, "http://testserver", "dropped")


@driver("django_async")
@contextmanager
def _django_async(request: pytest.FixtureRequest) -> Iterator[Driver]:
    request.getfixturevalue("django_setup")
    from django.test import AsyncClient

    client = AsyncClient()
    with _event_loop() as loop:
        yield Driver(
            "django_async",
            lambda m, p: loop.run_until_complete(client.generic(m, p)),
            "http://testserver",
            "dropped",
        )


@driver("drf")
@contextmanager
def _drf(request: pytest.FixtureRequest) -> Iterator[Driver]:
    request.getfixturevalue("django_setup")
    from rest_framework.test import APIClient

    client = APIClient()
    yield Driver(
        "drf",
        lambda m, p: client.generic(m, "/api" + p),
        "http://testserver/api",
        "dropped",
        prefix="/api",
    )


@driver("aiohttp")
@contextmanager
def _aiohttp(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import aiohttp

    base = _server_base(request)

    async def open_session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    async def fetch(method: str, path: str) -> Any:
        async with session.request(method, base + path, allow_redirects=False) as resp:
            await resp.read()
        return resp

    with _event_loop() as loop:
        session = loop.run_until_complete(open_session())
        try:
            yield Driver(
                "aiohttp",
                lambda m, p: loop.run_until_complete(fetch(m, p)),
                base,
                "length",
                needs_server=True,
            )
        finally:
            loop.run_until_complete(session.close())


@driver("webtest")
@contextmanager
def _webtest(request: pytest.FixtureRequest) -> Iterator[Driver]:
    webtest = status_apps.import_webtest()
    app = webtest.TestApp(status_apps.wsgi_app)
    yield Driver(
        "webtest",
        lambda m, p: app.request(p, method=m, expect_errors=True),
        "http://localhost",
        "body",
    )


@driver("falcon")
@contextmanager
def _falcon(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import falcon.testing

    client = falcon.testing.TestClient(status_apps.falcon_app())
    # Falcon's result does not carry its request: the plugin files it as the call is made
    # (path only), whether the checker is on or not
    yield Driver("falcon", client.simulate_request, "", "dropped")


@driver("tornado_async")
@contextmanager
def _tornado_async(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from tornado.httpclient import AsyncHTTPClient

    base = _server_base(request)

    async def open_client() -> AsyncHTTPClient:
        return AsyncHTTPClient(force_instance=True)

    async def fetch(method: str, path: str) -> Any:
        return await client.fetch(
            base + path,
            method=method,
            body=_body_for(method),
            raise_error=False,
            follow_redirects=False,
        )

    with _event_loop() as loop:
        client = loop.run_until_complete(open_client())
        try:
            # tornado refuses a 204 announcing a body ("HTTP 599: Connection closed")
            yield Driver(
                "tornado_async",
                lambda m, p: loop.run_until_complete(fetch(m, p)),
                base,
                None,
                needs_server=True,
            )
        finally:
            client.close()


@driver("tornado")
@contextmanager
def _tornado(request: pytest.FixtureRequest) -> Iterator[Driver]:
    from tornado.httpclient import HTTPClient

    base = _server_base(request)
    client = HTTPClient()
    try:
        yield Driver(
            "tornado",
            lambda m, p: client.fetch(
                base + p, method=m, body=_body_for(m), raise_error=False, follow_redirects=False
            ),
            base,
            None,
            needs_server=True,
        )
    finally:
        client.close()


@driver("urllib3")
@contextmanager
def _urllib3(request: pytest.FixtureRequest) -> Iterator[Driver]:
    import urllib3

    base = _server_base(request)
    with urllib3.PoolManager() as pool:
        # urllib3's response knows the path it answers, not the host nor the method: the
        # plugin files them as the call is made, whether the checker is on or not
        yield Driver(
            "urllib3",
            lambda m, p: pool.request(m, base + p, redirect=False, retries=False),
            base,
            "length",
            needs_server=True,
        )


# the drivers whose body_204 is None, known before they are built: the 204-with-a-body
# check cannot run on them (Litestar's app answers 500 instead; tornado refuses the reply)
NO_204_WITH_BODY = frozenset({"litestar", "tornado", "tornado_async"})

# --- checks ------------------------------------------------------------------------------

PHRASES = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def label(code: int) -> str:
    return f"{code} {PHRASES[code]}"


@dataclass(frozen=True)
class Case:
    """One helper call: ``good`` passes, ``bad`` fails saying ``expected``."""

    id: str
    helper: str
    call: Callable[[Any], Any]
    good: int
    bad: int
    expected: str


def _named(name: str, good: int, bad: int) -> Case:
    fn = getattr(rc, name)
    return Case(name, name, fn, good, bad, label(good))


CASES = [
    Case("status-int", "assert_status", lambda r: rc.assert_status(r, 201), 201, 200, label(201)),
    Case(
        "status-HTTPStatus",
        "assert_status",
        lambda r: rc.assert_status(r, HTTPStatus.NOT_FOUND),
        404,
        405,
        label(404),
    ),
    Case(
        "status-name",
        "assert_status",
        lambda r: rc.assert_status(r, "no_content"),
        204,
        200,
        label(204),
    ),
    Case(
        "status-class",
        "assert_status",
        lambda r: rc.assert_status(r, "4xx"),
        409,
        201,
        "a 4xx (client error)",
    ),
    Case(
        "status-list",
        "assert_status",
        lambda r: rc.assert_status(r, [200, "created", HTTPStatus.ACCEPTED]),
        202,
        204,
        "one of 200 OK, 201 Created, 202 Accepted",
    ),
    Case("assert_success", "assert_success", rc.assert_success, 201, 404, "a 2xx (success)"),
    Case("assert_redirect", "assert_redirect", rc.assert_redirect, 307, 200, "a 3xx (redirection)"),
    Case(
        "assert_client_error",
        "assert_client_error",
        rc.assert_client_error,
        429,
        500,
        "a 4xx (client error)",
    ),
    Case(
        "assert_server_error",
        "assert_server_error",
        rc.assert_server_error,
        503,
        404,
        "a 5xx (server error)",
    ),
    _named("assert_ok", 200, 201),
    _named("assert_created", 201, 200),
    _named("assert_accepted", 202, 201),
    _named("assert_no_content", 204, 200),
    _named("assert_moved_permanently", 301, 308),
    _named("assert_found", 302, 303),
    _named("assert_see_other", 303, 302),
    _named("assert_not_modified", 304, 200),
    _named("assert_temporary_redirect", 307, 302),
    _named("assert_permanent_redirect", 308, 301),
    _named("assert_bad_request", 400, 422),
    _named("assert_unauthorized", 401, 403),
    _named("assert_forbidden", 403, 401),
    _named("assert_not_found", 404, 405),
    _named("assert_method_not_allowed", 405, 404),
    _named("assert_not_acceptable", 406, 415),
    _named("assert_conflict", 409, 412),
    _named("assert_gone", 410, 404),
    _named("assert_precondition_failed", 412, 409),
    _named("assert_unsupported_media_type", 415, 406),
    _named("assert_unprocessable_content", 422, 400),
    _named("assert_too_many_requests", 429, 503),
    _named("assert_internal_server_error", 500, 503),
    _named("assert_service_unavailable", 503, 500),
]

HELPER_NAMES = {c.helper for c in CASES}
LOCATION_HELPERS = [
    ("assert_created", 201, status_apps.ITEM_LOCATION),
    ("assert_redirect", 302, status_apps.REDIRECT_LOCATION),
    ("assert_moved_permanently", 301, status_apps.REDIRECT_LOCATION),
    ("assert_found", 302, status_apps.REDIRECT_LOCATION),
    ("assert_see_other", 303, status_apps.REDIRECT_LOCATION),
    ("assert_temporary_redirect", 307, status_apps.REDIRECT_LOCATION),
    ("assert_permanent_redirect", 308, status_apps.REDIRECT_LOCATION),
]


def fails(call: Callable[[], Any]) -> StatusAssertionError:
    """The StatusAssertionError ``call`` raises (and nothing else)."""
    with pytest.raises(StatusAssertionError) as info:
        call()
    assert type(info.value) is StatusAssertionError
    return info.value


@dataclass(frozen=True)
class Check:
    id: str
    run: Callable[[Driver], None]
    needs_body_204: bool = False


def _passes(case: Case) -> Callable[[Driver], None]:
    def run(d: Driver) -> None:
        resp = d.get(case.good)
        assert case.call(resp) is resp

    return run


def _fails(case: Case) -> Callable[[Driver], None]:
    def run(d: Driver) -> None:
        resp = d.get(case.bad)
        err = fails(lambda: case.call(resp))
        text = str(err)
        assert text.startswith(f"{case.helper}: expected {case.expected}, got {label(case.bad)}")
        assert f"Got {label(case.bad)}: " in text
        if case.expected[0].isdigit():
            assert f"Expected {case.expected}: " in text
        assert err.actual == case.bad
        assert err.response is resp

    return run


def _location_passes(helper: str, code: int, location: str) -> Callable[[Driver], None]:
    fn = getattr(rc, helper)

    def run(d: Driver) -> None:
        resp = d.get(code)
        assert fn(resp, location=location) is resp
        absolute = (d.origin or "http://127.0.0.1:8000") + location
        assert fn(resp, location=absolute) is resp
        # from {prefix}/status/<code>: as many ../ as it takes to reach the root
        relative = "../" * (1 + d.prefix.count("/")) + location.lstrip("/")
        if d.base is not None:  # resolved against the request URL
            assert fn(resp, location=relative) is resp
        else:  # nothing to resolve it against: compared as written
            assert f"expected {relative!r}" in str(fails(lambda: fn(resp, location=relative)))

    return run


def _location_fails(helper: str, code: int, location: str) -> Callable[[Driver], None]:
    fn = getattr(rc, helper)

    def run(d: Driver) -> None:
        resp = d.get(code)
        text = str(fails(lambda: fn(resp, location="/elsewhere")))
        assert text.startswith(f"{helper}: got {label(code)} as expected, but:\n")
        assert f"  - Location is {location!r}, expected '/elsewhere'" in text
        if d.base:
            assert (
                f"(resolved against the request URL: {d.origin}{location} vs {d.origin}/elsewhere)"
                in text
            )

    return run


def _location_missing(d: Driver) -> None:
    resp = d.call("GET", "/bare/201")
    assert rc.assert_created(resp) is resp  # location= not asked: not checked
    text = str(fails(lambda: rc.assert_created(resp, location="/items/1")))
    assert "the Location header is missing (expected '/items/1')" in text


def _allow_passes(d: Driver) -> None:
    resp = d.get(405)
    assert rc.assert_method_not_allowed(resp) is resp
    assert rc.assert_method_not_allowed(resp, allow=["GET", "POST"]) is resp
    assert rc.assert_method_not_allowed(resp, allow="post, get") is resp
    assert rc.assert_method_not_allowed(resp, allow={"get", "post"}) is resp


def _allow_mismatch(d: Driver) -> None:
    resp = d.get(405)
    text = str(fails(lambda: rc.assert_method_not_allowed(resp, allow=["GET", "PUT"])))
    assert text.startswith("assert_method_not_allowed: got 405 Method Not Allowed as expected")
    assert "Allow is 'GET, POST', expected GET, PUT; missing: PUT; unexpected: POST" in text


def _allow_missing(d: Driver) -> None:
    resp = d.call("GET", "/bare/405")
    for call in (
        lambda: rc.assert_method_not_allowed(resp),
        lambda: rc.assert_method_not_allowed(resp, allow=["GET"]),
    ):
        text = str(fails(call))
        assert "the Allow header is missing" in text
        assert "RFC 9110 §15.5.6" in text


def _no_content_with_body(d: Driver) -> None:
    resp = d.call("GET", "/body/204")
    if d.body_204 == "dropped":
        assert rc.assert_no_content(resp) is resp
        return
    text = str(fails(lambda: rc.assert_no_content(resp)))
    assert text.startswith("assert_no_content: got 204 No Content as expected, but:")
    if d.body_204 == "body":
        assert "the response carries a body of 4 bytes: a 204 must carry none" in text
    else:
        assert d.body_204 == "length"
        assert "Content-Length is 4: a 204 must carry no content" in text


def _request_line(d: Driver) -> None:
    resp = d.call("POST", "/status/201")
    text = str(fails(lambda: rc.assert_ok(resp)))
    assert text.startswith("assert_ok: expected 200 OK, got 201 Created")
    if d.base is not None:
        method = "POST" if d.knows_method else "?"
        assert f"\nRequest: {method} {d.base}/status/201\n" in text
    else:  # the response does not know its request: nothing is made up
        assert "Request: POST" not in text
        assert "Got 201 Created: " in text


CHECKS: list[Check] = [
    *(Check(f"{c.id}-passes", _passes(c)) for c in CASES),
    *(Check(f"{c.id}-fails", _fails(c)) for c in CASES),
    *(Check(f"{h}-location-passes", _location_passes(h, c, loc)) for h, c, loc in LOCATION_HELPERS),
    *(Check(f"{h}-location-fails", _location_fails(h, c, loc)) for h, c, loc in LOCATION_HELPERS),
    Check("assert_created-location-missing", _location_missing),
    Check("assert_method_not_allowed-allow-passes", _allow_passes),
    Check("assert_method_not_allowed-allow-mismatch", _allow_mismatch),
    Check("assert_method_not_allowed-allow-missing", _allow_missing),
    Check("assert_no_content-204-with-body", _no_content_with_body, needs_body_204=True),
    Check("request-line", _request_line),
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.name == "test_matrix":
        pairs = [
            pytest.param(name, check, id=f"{name}-{check.id}")
            for name in FACTORIES
            for check in CHECKS
            if not (check.needs_body_204 and name in NO_204_WITH_BODY)
        ]
        metafunc.parametrize(
            ("drv_module", "check"), pairs, indirect=["drv_module"], scope="module"
        )
    elif "check" in metafunc.fixturenames:
        metafunc.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])


@pytest.fixture(scope="module")
def drv_module(request: pytest.FixtureRequest) -> Iterator[Driver]:
    """The driver named by the test's parameter, built once for the module."""
    with FACTORIES[request.param](request) as built:
        yield built


@pytest.fixture
def drv(drv_module: Driver, request: pytest.FixtureRequest) -> Driver:
    """The driver; for a real-server one, the status app routed on pytest-httpserver
    (whose ``httpserver`` fixture clears the routes before each test)."""
    if drv_module.needs_server:
        status_apps.serve_status_app(request.getfixturevalue("httpserver"))
    return drv_module


def test_matrix(drv: Driver, check: Check) -> None:
    check.run(drv)


async def test_matrix_aiohttp_client(aiohttp_client: Any, check: Check) -> None:
    """pytest-aiohttp's ``aiohttp_client`` (function-scoped, so its own test): the same
    checks run in a worker thread while this test's loop serves their requests."""
    client = await aiohttp_client(status_apps.aiohttp_app())
    loop = asyncio.get_running_loop()

    async def fetch(method: str, path: str) -> Any:
        async with client.request(method, path, allow_redirects=False) as resp:
            await resp.read()
        return resp

    def call(method: str, path: str) -> Any:
        return asyncio.run_coroutine_threadsafe(fetch(method, path), loop).result(timeout=10)

    base = str(client.make_url("")).rstrip("/")
    await asyncio.to_thread(check.run, Driver("aiohttp_client", call, base, "dropped"))


def test_no_204_with_body_names_the_drivers_that_refuse_it(request: pytest.FixtureRequest) -> None:
    for name in sorted(NO_204_WITH_BODY):
        with FACTORIES[name](request) as built:
            assert built.body_204 is None


def test_the_responses_are_those_of_each_client(drv_types: dict[str, str]) -> None:
    """The matrix really sees each client's own response class (Starlette's TestClient
    gives httpx2's when httpx2 is installed; Litestar's stays on httpx)."""
    assert drv_types == {
        "starlette": "httpx2.Response",
        "fastapi": "httpx2.Response",
        "litestar": "httpx.Response",
        "flask": "werkzeug.test.WrapperTestResponse",
        "werkzeug": "werkzeug.test.TestResponse",
        "quart": "quart.wrappers.response.Response",
        "django": "django.http.response.HttpResponse",
        "drf": "rest_framework.response.Response",
        "webtest": "webtest.response.TestResponse",
        "falcon": "falcon.testing.client.Result",
    }


@pytest.fixture
def drv_types(request: pytest.FixtureRequest) -> dict[str, str]:
    request.getfixturevalue("django_setup")
    found = {}
    for name in (
        "starlette",
        "fastapi",
        "litestar",
        "flask",
        "werkzeug",
        "quart",
        "django",
        "drf",
        "webtest",
        "falcon",
    ):
        with FACTORIES[name](request) as built:
            cls = type(built.get(200))
            found[name] = f"{cls.__module__}.{cls.__qualname__}"
    return found


def test_every_helper_is_in_the_matrix() -> None:
    public = {name for name in rc.__all__ if name.startswith("assert_")}
    assert public == HELPER_NAMES


def test_every_supported_client_has_a_driver_here() -> None:
    from pytest_restcodes._clients import clients

    missing = {client.name for client in clients()} - set(FACTORIES)
    assert not missing, f"add a driver for {sorted(missing)}"
