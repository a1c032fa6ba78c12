"""Tests for pytest_restcodes._capture: every client, real apps, a real server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import threading
import types
import warnings
from collections.abc import Iterator
from typing import Any

import aiohttp
import falcon
import falcon.asgi
import falcon.testing
import flask
import httpx
import httpx2
import pytest
import quart
import requests
import requests_mock
import responses
import respx
import tornado.httpclient
import urllib3
from aiohttp import web
from litestar import Litestar
from litestar import get as litestar_get
from litestar.response import Redirect
from litestar.testing import TestClient as LitestarTestClient
from pytest_httpserver import HTTPServer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient as StarletteTestClient

from pytest_restcodes import _capture
from pytest_restcodes._clients import RequestInfo, clients

with warnings.catch_warnings():  # WebOb imports cgi, deprecated since Python 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    import webtest

CLIENT_PACKAGES = tuple(sorted({p for client in clients() for p in client.packages}))


# ----------------------------------------------------------------------------- helpers


def _status(response: Any) -> int:
    for name in ("status_code", "status_int", "code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    raise AssertionError(f"no status on {response!r}")


TARGETS = [t for client in clients() for t in client.targets]


def _current() -> dict[str, Any]:
    """What each target currently is, for the clients imported so far."""
    found = {}
    for target in TARGETS:
        module = sys.modules.get(target.module)
        if module is None:
            continue
        owner = getattr(module, target.owner) if target.owner else module
        found[target.where] = vars(owner).get(target.name)
    return found


class Seen(list[Any]):
    """A sink for a capture: what it records, and what it files."""

    def __init__(self) -> None:
        super().__init__()
        self.filed: dict[int, tuple[Any, RequestInfo | None, tuple[Any, ...]]] = {}
        self.via: list[Any] = []

    def record(self, raw: Any, via: Any = None) -> None:
        self.append(raw)
        self.via.append(via)

    def file(self, raw: Any, request: Any = None, hops: tuple[Any, ...] = ()) -> None:
        old = self.filed.get(id(raw))
        if old is not None and old[0] is raw:
            request, hops = request or old[1], hops or old[2]
        self.filed[id(raw)] = (raw, request, hops)

    def request_of(self, raw: Any) -> RequestInfo | None:
        found = self.filed.get(id(raw))
        return found[1] if found is not None and found[0] is raw else None

    def hops_of(self, raw: Any) -> tuple[Any, ...]:
        found = self.filed.get(id(raw))
        return found[2] if found is not None and found[0] is raw else ()

    @property
    def codes(self) -> list[int]:
        return [_status(r) for r in self]


@contextlib.contextmanager
def capturing() -> Iterator[Seen]:
    """Install a capture for the block; afterwards check every original is back."""
    before = _current()
    hooks = list(sys.meta_path)
    seen = Seen()
    capture = _capture.Capture(seen)
    capture.install()
    try:
        yield seen
    finally:
        capture.uninstall()
    after = _current()
    for key, value in after.items():
        if key in before:
            assert value is before[key], f"{key} not restored"
        else:  # a client imported inside the block: not ours
            assert not getattr(value, "__wrapped__", None), f"{key} left wrapped"
    assert sys.meta_path == hooks


@pytest.fixture
def server(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/redirect").respond_with_data(
        "", status=302, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/missing").respond_with_data("nope", status=404)
    return httpserver.url_for("").rstrip("/")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --------------------------------------------------------------------------- interface


def test_importing_capture_imports_no_client_library() -> None:
    out = _run(
        f"""
        import sys
        import pytest_restcodes._capture
        roots = {{name.split(".")[0] for name in sys.modules}}
        print(sorted(roots & set({CLIENT_PACKAGES!r})))
        """
    )
    assert out.strip() == "[]"


def test_install_twice_raises_and_uninstall_is_idempotent() -> None:
    capture = _capture.Capture(Seen())
    assert not capture.installed
    capture.uninstall()  # not installed: nothing happens
    capture.install()
    try:
        assert capture.installed
        with pytest.raises(RuntimeError, match="already installed"):
            capture.install()
    finally:
        capture.uninstall()
    assert not capture.installed
    capture.uninstall()


def test_originals_are_restored_identically() -> None:
    mocker_module: Any = requests_mock.mocker
    send = requests.Session.send
    original_send = mocker_module._original_send
    httpx_send = httpx.Client.send
    pool_urlopen = urllib3.connectionpool.HTTPConnectionPool.urlopen
    hooks = list(sys.meta_path)
    with capturing():
        assert requests.Session.send is not send
        assert mocker_module._original_send is not original_send
        assert httpx.Client.send is not httpx_send
        assert len(sys.meta_path) == len(hooks) + 1
    assert requests.Session.send is send
    assert mocker_module._original_send is original_send
    assert httpx.Client.send is httpx_send
    assert urllib3.connectionpool.HTTPConnectionPool.urlopen is pool_urlopen
    assert sys.meta_path == hooks


def test_a_failing_recorder_does_not_break_the_call(server: str) -> None:
    class Broken(Seen):
        def record(self, raw: Any, via: Any = None) -> None:
            raise ValueError("recorder bug")

    capture = _capture.Capture(Broken())
    capture.install()
    try:
        assert requests.get(server + "/ok").status_code == 200
        with httpx.Client() as client:
            assert client.get(server + "/ok").status_code == 200
    finally:
        capture.uninstall()


def test_a_response_made_in_a_thread_the_test_starts_is_recorded(server: str) -> None:
    with capturing() as seen:
        worker = threading.Thread(target=requests.get, args=(server + "/ok",))
        worker.start()
        worker.join()
    assert seen.codes == [200]


def test_a_client_first_imported_after_install_is_wrapped_on_import() -> None:
    out = _run(
        """
        import sys
        from pytest_restcodes import _capture

        for name in ("httpx", "flask", "werkzeug", "requests", "requests_mock"):
            assert name not in sys.modules, name
        class Seen(list):
            def record(self, raw, via=None):
                self.append(raw)
            def file(self, raw, request=None, hops=()):
                pass
        seen = Seen()
        capture = _capture.Capture(seen)
        capture.install()

        import httpx
        transport = httpx.MockTransport(lambda request: httpx.Response(201))
        with httpx.Client(transport=transport) as client:
            client.get("http://example.test/")

        import flask
        app = flask.Flask("late")
        app.add_url_rule("/", "index", lambda: ("", 202))
        app.test_client().get("/")

        import requests
        import requests_mock  # saves Session.send at import: our wrapper, here
        with requests_mock.Mocker() as mocker:
            mocker.get("http://example.test/", status_code=203)
            requests.get("http://example.test/")

        capture.uninstall()
        print([r.status_code for r in seen])
        for function in (
            httpx.Client.send,
            flask.testing.FlaskClient.__mro__[1].open,
            requests.Session.send,
            requests_mock.mocker._original_send,
        ):
            assert not hasattr(function, "__wrapped__"), function
        assert requests_mock.mocker._original_send is requests.Session.send
        assert type(httpx.__loader__).__name__ != "_PatchingLoader"
        assert type(httpx.__spec__.loader).__name__ != "_PatchingLoader"
        assert not any(type(f).__name__ == "_PostImportFinder" for f in sys.meta_path)
        """
    )
    assert out.strip() == "[201, 202, 203]"


# ----------------------------------------------------------------------------- requests


def test_requests(server: str) -> None:
    with capturing() as seen, requests.Session() as session:
        session.get(server + "/ok")
        redirected = session.get(server + "/redirect")  # the 302 hop is nested
        session.get(server + "/missing")
        requests.get(server + "/ok")  # a Session per call
    assert seen.codes == [200, 200, 404, 200]
    assert [r.status_code for r in redirected.history] == [302]
    assert seen[1] is redirected


def test_requests_stream_stays_unread(server: str) -> None:
    with (
        capturing() as seen,
        requests.Session() as session,
        session.get(server + "/ok", stream=True) as response,
    ):
        assert seen == [response]
        assert response._content is False
        assert response.content == b"ok"


def test_responses_is_seen_once() -> None:
    with capturing() as seen, responses.RequestsMock() as mocked:
        mocked.get("http://example.test/thing", status=201)
        requests.get("http://example.test/thing")
    assert seen.codes == [201]


def test_requests_mock_started_after_install_is_seen() -> None:
    with capturing() as seen:
        with requests_mock.Mocker() as mocker:
            mocker.get("http://example.test/thing", status_code=418)
            requests.get("http://example.test/thing")
        assert requests.Session.send.__name__ == "send"
    assert seen.codes == [418]


def test_requests_mock_started_before_install_is_seen_once() -> None:
    with requests_mock.Mocker() as mocker:
        mocker.get("http://example.test/thing", status_code=409)
        with capturing() as seen:
            requests.get("http://example.test/thing")
    assert seen.codes == [409]


def test_urllib3(server: str) -> None:
    with capturing() as seen:
        with urllib3.PoolManager() as manager:
            manager.request("GET", server + "/ok", headers={"X-Test": "1"})
            manager.request("GET", server + "/redirect")
            manager.request("GET", server + "/missing")
        host, port = server.removeprefix("http://").split(":")
        with urllib3.HTTPConnectionPool(host, int(port)) as pool:
            pool.request("POST", "/ok")
    assert seen.codes == [200, 200, 404, 200]
    first, redirected, _, pooled = (seen.request_of(r) for r in seen)
    assert first is not None and (first.method, first.url) == ("GET", server + "/ok")
    assert ("X-Test", "1") in first.headers
    assert redirected is not None and redirected.url == server + "/ok"
    assert pooled is not None and (pooled.method, pooled.url) == ("POST", server + "/ok")


# -------------------------------------------------------------------------------- httpx


def test_httpx(server: str) -> None:
    with capturing() as seen, httpx.Client() as client:
        client.get(server + "/ok")
        client.get(server + "/redirect", follow_redirects=True)
        client.get(server + "/missing")
    assert seen.codes == [200, 200, 404]


async def test_httpx_async(server: str) -> None:
    with capturing() as seen:
        async with httpx.AsyncClient() as client:
            await client.get(server + "/ok")
            await client.get(server + "/redirect", follow_redirects=True)
            await client.get(server + "/missing")
    assert seen.codes == [200, 200, 404]


def test_httpx_stream_stays_unread(server: str) -> None:
    with (
        capturing() as seen,
        httpx.Client() as client,
        client.stream("GET", server + "/ok") as response,
    ):
        assert seen == [response]
        with pytest.raises(httpx.ResponseNotRead):
            response.content  # noqa: B018
        assert response.read() == b"ok"


def test_respx_mock_is_seen() -> None:
    with capturing() as seen, respx.mock:
        respx.get("http://example.test/thing").respond(204)
        httpx.get("http://example.test/thing")
    assert seen.codes == [204]


async def test_httpx2(server: str) -> None:
    with capturing() as seen:
        with httpx2.Client() as client:
            client.get(server + "/redirect", follow_redirects=True)
        async with httpx2.AsyncClient() as aclient:
            await aclient.get(server + "/missing")
    assert seen.codes == [200, 404]


# -------------------------------------------------------------------- ASGI test clients


def test_starlette_testclient_counts_the_apps_own_calls_once(server: str) -> None:
    async def proxy(request: Request) -> PlainTextResponse:
        async with httpx.AsyncClient() as client:
            inner = await client.get(server + "/ok")
        return PlainTextResponse(inner.text)

    def proxy_sync(request: Request) -> PlainTextResponse:
        return PlainTextResponse(requests.get(server + "/ok").text)

    app = Starlette(
        routes=[
            Route("/ok", lambda request: PlainTextResponse("ok")),
            Route("/redirect", lambda request: RedirectResponse("/ok")),
            Route("/proxy", proxy),
            Route("/proxy-sync", proxy_sync),
        ]
    )
    with capturing() as seen, StarletteTestClient(app) as client:
        client.get("/ok")
        client.get("/redirect")  # the TestClient follows redirects
        client.get("/missing")
        client.get("/proxy")
        client.get("/proxy-sync")
    assert seen.codes == [200, 200, 404, 200, 200]
    assert {type(r).__module__ for r in seen} == {"httpx2"}


def test_litestar_testclient() -> None:
    @litestar_get("/ok")
    async def ok() -> str:
        return "ok"

    @litestar_get("/redirect")
    async def redirect() -> Redirect:
        return Redirect(path="/ok")

    app = Litestar([ok, redirect])
    with capturing() as seen, LitestarTestClient(app) as client:
        client.get("/ok")
        client.get("/redirect", follow_redirects=True)
        client.get("/missing")
    assert seen.codes == [200, 200, 404]


async def test_quart() -> None:
    app = quart.Quart(__name__)

    @app.route("/ok")
    async def ok() -> str:
        return "ok"

    @app.route("/redirect")
    async def redirect() -> Any:
        return quart.redirect("/ok")

    client = app.test_client()
    with capturing() as seen:
        await client.get("/ok", query_string={"a": "1"}, headers={"X-Test": "1"})
        await client.get("/redirect", follow_redirects=True)
        await client.post("/missing")
    assert seen.codes == [200, 200, 404]
    first, redirected, missing = (seen.request_of(r) for r in seen)
    assert first is not None and (first.method, first.url) == ("GET", "/ok?a=1")
    assert ("X-Test", "1") in first.headers
    assert redirected is not None and str(redirected.url).endswith("/ok")
    assert missing is not None and (missing.method, missing.url) == ("POST", "/missing")


# --------------------------------------------------------------------------- WSGI apps


def _flask_app() -> flask.Flask:
    app = flask.Flask(__name__)
    app.add_url_rule("/ok", "ok", lambda: "ok")
    app.add_url_rule("/redirect", "redirect", lambda: flask.redirect("/ok"))
    app.add_url_rule("/twice", "twice", lambda: flask.redirect("/redirect"))
    return app


def test_flask_werkzeug() -> None:
    client = _flask_app().test_client()
    with capturing() as seen:
        client.get("/ok")
        client.get("/redirect", follow_redirects=True)  # open() nests for the hop
        client.get("/redirect")
        client.get("/missing")
    assert seen.codes == [200, 200, 302, 404]


def test_webtest() -> None:
    app = webtest.TestApp(_flask_app())
    with capturing() as seen:
        app.get("/ok")
        app.get("/redirect").follow()  # two calls the test makes: both recorded
        app.get("/twice").maybe_follow()  # the hops inside maybe_follow are nested
        app.get("/ok").maybe_follow()  # returns itself: not recorded twice
        app.get("/missing", status=404)
        with pytest.raises(webtest.AppError):
            app.get("/missing")  # rejected in _check_status, recorded once
        app.get("/missing", expect_errors=True)
    assert seen.codes == [200, 302, 200, 302, 200, 200, 404, 404, 404]


class _Ok:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.text = "ok"

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.status = falcon.HTTP_201


class _Redirect:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise falcon.HTTPFound("/ok")


class _AsyncOk:
    async def on_get(self, req: Any, resp: Any) -> None:
        resp.text = "ok"


def test_falcon_wsgi() -> None:
    app = falcon.App()
    app.add_route("/ok", _Ok())
    app.add_route("/redirect", _Redirect())
    client = falcon.testing.TestClient(app)
    with capturing() as seen:
        client.simulate_get("/ok", params={"a": "1"}, headers={"X-Test": "1"})
        client.simulate_get("/redirect")  # Falcon does not follow redirects
        falcon.testing.simulate_get(app, "/missing")
        falcon.testing.simulate_request(app, "POST", "/ok")
        falcon.testing.client.simulate_request(app, path="/ok", query_string="b=2")
    assert seen.codes == [200, 302, 404, 201, 200]
    infos = [seen.request_of(r) for r in seen]
    assert [(i.method, i.url) for i in infos if i is not None] == [
        ("GET", "/ok?a=1"),
        ("GET", "/redirect"),
        ("GET", "/missing"),
        ("POST", "/ok"),
        ("GET", "/ok?b=2"),
    ]
    assert infos[0] is not None and ("X-Test", "1") in infos[0].headers


def test_falcon_asgi_through_the_sync_client() -> None:
    app = falcon.asgi.App()
    app.add_route("/ok", _AsyncOk())

    async def own_call() -> None:
        transport = httpx.MockTransport(lambda request: httpx.Response(201))
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get("http://example.test/")

    with capturing() as seen:
        # the ASGI call runs nested, on Falcon's module-wide asyncio.Runner, whose context
        # is copied once, maybe during one of these calls
        falcon.testing.TestClient(app).simulate_get("/ok")
        falcon.testing.simulate_get(app, "/missing")
        falcon.async_to_sync(own_call)  # the test's own call on that runner: recorded
    assert seen.codes == [200, 404, 201]


async def test_falcon_asgi_conductor() -> None:
    app = falcon.asgi.App()
    app.add_route("/ok", _AsyncOk())
    with capturing() as seen:
        async with falcon.testing.ASGIConductor(app) as conductor:
            await conductor.simulate_get("/ok")
            await conductor.simulate_get("/missing")
    assert seen.codes == [200, 404]
    info = seen.request_of(seen[0])
    assert info is not None and (info.method, info.url) == ("GET", "/ok")


# ------------------------------------------------------------------------ Django / DRF


@pytest.fixture(scope="module")
def django_urls(django_setup: None) -> Any:
    """A URLconf of our own; Django itself is configured once by conftest's django_setup."""
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.urls import path
    from rest_framework.request import Request as DRFRequest
    from rest_framework.response import Response as DRFResponse
    from rest_framework.views import APIView

    class ApiOk(APIView):
        def get(self, request: DRFRequest) -> DRFResponse:
            return DRFResponse({"ok": True})

    class ApiRedirect(APIView):
        def get(self, request: DRFRequest) -> HttpResponse:
            return HttpResponseRedirect("/api/ok")

    class ApiMissing(APIView):
        def get(self, request: DRFRequest) -> DRFResponse:
            return DRFResponse({"detail": "nope"}, status=404)

    def ok(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    def redirect(request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect("/ok")

    def missing(request: HttpRequest) -> HttpResponse:
        return HttpResponse("nope", status=404)

    def twice(request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect("/redirect")

    urls = types.ModuleType("restcodes_capture_urls")  # a urlconf: hashable, has urlpatterns
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("ok", ok),
        path("redirect", redirect),
        path("missing", missing),
        path("twice", twice),
        path("api/ok", ApiOk.as_view()),
        path("api/redirect", ApiRedirect.as_view()),
        path("api/missing", ApiMissing.as_view()),
    ]
    return urls


@pytest.fixture
def django_site(django_urls: Any) -> Iterator[None]:
    from django.test.utils import override_settings

    with override_settings(
        ROOT_URLCONF=django_urls,
        ALLOWED_HOSTS=["testserver"],
        MIDDLEWARE=[],
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": [],
            "DEFAULT_PERMISSION_CLASSES": [],
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
            "UNAUTHENTICATED_USER": None,
        },
    ):
        yield


@pytest.mark.usefixtures("django_site")
def test_django_client() -> None:
    from django.test import Client

    client = Client()
    with capturing() as seen:
        client.get("/ok")
        followed = client.get("/twice", follow=True)  # the last hop, once
        client.get("/redirect")
        client.post("/missing", follow=True)  # no redirect to follow: once
        client.generic("GET", "/ok")
    assert seen.codes == [200, 200, 302, 404, 200]
    assert seen[1] is followed
    assert followed.redirect_chain == [("/redirect", 302), ("/ok", 302)]


@pytest.mark.usefixtures("django_site")
def test_django_client_subclass_with_its_own_verbs() -> None:
    from django.test import Client, RequestFactory

    class OwnVerbs(Client):
        def get(self, path: str, data: Any = None, follow: bool = False, **extra: Any) -> Any:
            response = RequestFactory.get(self, path, data=data, **extra)
            if follow:
                response = self._handle_redirects(response, data=data, **extra)
            return response

    client = OwnVerbs()
    with capturing() as seen:
        client.get("/twice", follow=True)  # the first response is seen, then the last one
        client.get("/ok", follow=True)  # nothing followed: once
    assert seen.codes == [302, 200, 200]


@pytest.mark.usefixtures("django_site")
async def test_django_async_client() -> None:
    from django.test import AsyncClient

    client = AsyncClient()
    with capturing() as seen:
        await client.get("/ok")
        await client.get("/redirect", follow=True)
        await client.get("/missing")
    assert seen.codes == [200, 200, 404]


@pytest.mark.usefixtures("django_site")
def test_drf_api_client() -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    with capturing() as seen:
        client.get("/api/ok")
        client.get("/api/redirect", follow=True)  # DRF's own verbs call _handle_redirects
        client.get("/api/missing")
        client.head("/api/ok")  # Django's own head()
    assert seen.codes == [200, 200, 404, 200]


# ------------------------------------------------------------------ aiohttp / tornado


async def test_aiohttp(aiohttp_client: Any, server: str) -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("/ok")

    app = web.Application()
    app.router.add_get("/ok", ok)
    app.router.add_get("/redirect", redirect)
    client = await aiohttp_client(app)
    with capturing() as seen:
        for path in ("/ok", "/redirect", "/missing"):
            async with client.get(path) as response:
                await response.read()
        async with (
            aiohttp.ClientSession() as session,
            session.get(server + "/redirect") as response,
        ):
            await response.read()
    assert seen.codes == [200, 200, 404, 200]
    # the test client's call is the outermost: it knows the app its routes come from
    assert [type(v).__name__ for v in seen.via] == ["TestClient"] * 3 + ["ClientSession"]


async def test_tornado_async(server: str) -> None:
    client = tornado.httpclient.AsyncHTTPClient(force_instance=True)
    try:
        with capturing() as seen:
            await client.fetch(server + "/ok")
            await client.fetch(server + "/redirect")  # followed by a nested fetch
            with pytest.raises(tornado.httpclient.HTTPClientError):
                await client.fetch(server + "/missing")  # recorded from the error
            await client.fetch(server + "/missing", raise_error=False)
    finally:
        client.close()
    assert seen.codes == [200, 200, 404, 404]


def test_tornado_sync(server: str) -> None:
    client = tornado.httpclient.HTTPClient()
    try:
        with capturing() as seen:
            client.fetch(server + "/redirect")
            with pytest.raises(tornado.httpclient.HTTPClientError):
                client.fetch(server + "/missing")
    finally:
        client.close()
    assert seen.codes == [200, 404]
