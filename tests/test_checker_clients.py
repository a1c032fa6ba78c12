"""The checker end to end, per client: a real inner pytest (runpytest_subprocess) whose
test makes a clean request and a 405 without Allow through one client, against a real
in-process app or a real server on 127.0.0.1; the strict checker must fail that test with
exactly that finding, having seen both responses once. Plus streams, threads, and the
originals restored."""

from __future__ import annotations

import pytest

CONFTEST = '''
import threading

import pytest
from werkzeug.serving import make_server


def wsgi_app(environ, start_response):
    """/ok: a clean 200 JSON; /bad: a 405 without Allow; /stream: 64 KiB of JSON."""
    path = environ["PATH_INFO"]
    if path.endswith("/bad"):
        start_response("405 Method Not Allowed", [("Content-Type", "application/json")])
        return [b'{"detail": "no"}']
    if path.endswith("/stream"):
        body = b'{"items": "' + b"x" * 65536 + b'"}'
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"ok": true}']


@pytest.fixture(scope="session")
def url():
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
'''

DJANGO = """
import django
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="x", ROOT_URLCONF="dj_urls", ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    MIDDLEWARE=[], DATABASES={},
    REST_FRAMEWORK={"UNAUTHENTICATED_USER": None},
)
django.setup()
"""

DJ_URLS = """
from django.http import HttpResponse, JsonResponse
from django.urls import path

def ok(request):
    return JsonResponse({"ok": True})

def bad(request):
    return JsonResponse({"detail": "no"}, status=405)

urlpatterns = [path("ok", ok), path("bad", bad)]
"""

ASGI_APPS = """
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def ok(request):
    return JSONResponse({"ok": True})

async def bad(request):
    return JSONResponse({"detail": "no"}, status_code=405)

starlette_app = Starlette(routes=[Route("/ok", ok), Route("/bad", bad, methods=["DELETE"])])
"""

# client -> (imports/setup, the body of the inner test: one clean call, then the 405)
CLIENTS: dict[str, str] = {
    "requests": """
        import requests
        def test_it(url):
            requests.get(f"{url}/ok")
            requests.delete(f"{url}/bad")
    """,
    "niquests": """
        import niquests
        def test_it(url):
            with niquests.Session() as session:
                session.get(f"{url}/ok")
                session.delete(f"{url}/bad")
    """,
    "niquests-async": """
        import asyncio, niquests
        def test_it(url):
            async def main():
                async with niquests.AsyncSession() as session:
                    await session.get(f"{url}/ok")
                    await session.delete(f"{url}/bad")
            asyncio.run(main())
    """,
    "responses": """
        import requests, responses
        def test_it():
            with responses.RequestsMock() as mock:
                mock.get("http://api.test/ok", json={"ok": True})
                mock.delete("http://api.test/bad", json={"detail": "no"}, status=405)
                requests.get("http://api.test/ok")
                requests.delete("http://api.test/bad")
    """,
    "requests-mock": """
        import requests, requests_mock
        def test_it():
            with requests_mock.Mocker() as mock:
                mock.get("http://api.test/ok", json={"ok": True})
                mock.delete("http://api.test/bad", json={"detail": "no"}, status_code=405)
                requests.get("http://api.test/ok")
                requests.delete("http://api.test/bad")
    """,
    "httpx": """
        import httpx
        def test_it(url):
            with httpx.Client() as client:
                client.get(f"{url}/ok")
                client.delete(f"{url}/bad")
    """,
    "httpx-async": """
        import asyncio, httpx
        def test_it(url):
            async def main():
                async with httpx.AsyncClient() as client:
                    await client.get(f"{url}/ok")
                    await client.delete(f"{url}/bad")
            asyncio.run(main())
    """,
    "respx": """
        import httpx, respx
        def test_it():
            with respx.mock:
                respx.get("http://api.test/ok").respond(200, json={"ok": True})
                respx.delete("http://api.test/bad").respond(405, json={"detail": "no"})
                httpx.get("http://api.test/ok")
                httpx.delete("http://api.test/bad")
    """,
    "httpx2": """
        import httpx2
        def test_it(url):
            with httpx2.Client() as client:
                client.get(f"{url}/ok")
                client.delete(f"{url}/bad")
    """,
    "starlette": """
        from starlette.testclient import TestClient
        from asgi_apps import starlette_app
        def test_it():
            with TestClient(starlette_app) as client:
                client.get("/ok")
                client.delete("/bad")
    """,
    "fastapi": """
        from fastapi import FastAPI
        from fastapi.responses import JSONResponse
        from fastapi.testclient import TestClient
        app = FastAPI()
        @app.get("/ok")
        def ok():
            return {"ok": True}
        @app.delete("/bad")
        def bad():
            return JSONResponse({"detail": "no"}, status_code=405)
        def test_it():
            with TestClient(app) as client:
                client.get("/ok")
                client.delete("/bad")
    """,
    "litestar": """
        from litestar import Litestar, Response, delete, get
        from litestar.testing import TestClient
        @get("/ok")
        async def ok() -> dict:
            return {"ok": True}
        @delete("/bad", status_code=405)
        async def bad() -> Response:
            return Response({"detail": "no"}, status_code=405)
        def test_it():
            with TestClient(Litestar([ok, bad])) as client:
                client.get("/ok")
                client.delete("/bad")
    """,
    "flask": """
        from flask import Flask
        app = Flask(__name__)
        @app.get("/ok")
        def ok():
            return {"ok": True}
        @app.delete("/bad")
        def bad():
            return {"detail": "no"}, 405
        def test_it():
            client = app.test_client()
            client.get("/ok")
            client.delete("/bad")
    """,
    "werkzeug": """
        from werkzeug.test import Client
        from conftest import wsgi_app
        def test_it():
            client = Client(wsgi_app)
            client.get("/ok")
            client.delete("/bad")
    """,
    "quart": """
        import asyncio
        from quart import Quart
        app = Quart(__name__)
        @app.get("/ok")
        async def ok():
            return {"ok": True}
        @app.delete("/bad")
        async def bad():
            return {"detail": "no"}, 405
        def test_it():
            async def main():
                client = app.test_client()
                await client.get("/ok")
                await client.delete("/bad")
            asyncio.run(main())
    """,
    "django": """
        import dj_settings
        from django.test import Client
        def test_it():
            client = Client()
            client.get("/ok")
            client.delete("/bad")
    """,
    "django-async": """
        import asyncio
        import dj_settings
        from django.test import AsyncClient
        def test_it():
            async def main():
                client = AsyncClient()
                await client.get("/ok")
                await client.delete("/bad")
            asyncio.run(main())
    """,
    "drf": """
        import dj_settings
        from rest_framework.test import APIClient
        def test_it():
            client = APIClient()
            client.get("/ok")
            client.delete("/bad")
    """,
    "aiohttp": """
        import asyncio, aiohttp
        def test_it(url):
            async def main():
                async with aiohttp.ClientSession() as session:
                    async with session.get(f"{url}/ok") as resp:
                        await resp.read()
                    async with session.delete(f"{url}/bad") as resp:
                        await resp.read()
            asyncio.run(main())
    """,
    "webtest": """
        from webtest import TestApp
        from conftest import wsgi_app
        def test_it():
            app = TestApp(wsgi_app)
            app.get("/ok")
            app.delete("/bad", status=405)
    """,
    "webtest-apperror": """
        import pytest
        from webtest import AppError, TestApp
        from conftest import wsgi_app
        def test_it():
            app = TestApp(wsgi_app)
            app.get("/ok")
            with pytest.raises(AppError):
                app.delete("/bad")          # WebTest raises before it returns
    """,
    "falcon": """
        import falcon, falcon.testing
        class Ok:
            def on_get(self, req, resp):
                resp.media = {"ok": True}
        class Bad:
            def on_delete(self, req, resp):
                resp.status = falcon.HTTP_405
                resp.media = {"detail": "no"}
        app = falcon.App()
        app.add_route("/ok", Ok())
        app.add_route("/bad", Bad())
        def test_it():
            client = falcon.testing.TestClient(app)
            client.simulate_get("/ok")
            client.simulate_delete("/bad")
    """,
    "tornado": """
        from tornado.httpclient import HTTPClient
        def test_it(url):
            client = HTTPClient()
            try:
                client.fetch(f"{url}/ok")
                client.fetch(f"{url}/bad", method="DELETE", raise_error=False)
            finally:
                client.close()
    """,
    "urllib3": """
        import urllib3
        def test_it(url):
            with urllib3.PoolManager() as pool:
                pool.request("GET", f"{url}/ok")
                pool.request("DELETE", f"{url}/bad")
    """,
}


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # the inner pytest loads this plugin alone: a lean, fast start-up
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("PYTEST_PLUGINS", "pytest_restcodes.plugin")
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(dj_settings=DJANGO, dj_urls=DJ_URLS, asgi_apps=ASGI_APPS)
    pytester.makeini(
        "[pytest]\nrestcodes_check = strict\nfilterwarnings =\n    ignore::DeprecationWarning\n"
    )
    return pytester


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_strict_checker_sees_every_client(inner: pytest.Pytester, client: str) -> None:
    inner.makepyfile(test_client=CLIENTS[client])
    result = inner.runpytest_subprocess("-W", "ignore::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "RC101 method-not-allowed-without-allow: DELETE *bad -> 405 Method Not Allowed",
            "",
            "pytest-restcodes: 1 finding in 2 responses this test received:",
            "",
            "[[]RC101 method-not-allowed-without-allow[]] error: *",
            "  Response: DELETE *bad -> 405 Method Not Allowed",
            "  Observed: 405 without an Allow header",
            "*",
            "2 responses checked, 1 finding",
            "  method-not-allowed-without-allow: 1",
        ]
    )


def test_streams_stay_intact(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import httpx, requests, urllib3

        def test_requests(url):
            resp = requests.get(f"{url}/stream", stream=True)
            assert resp._content is False          # still unread after the checker saw it
            assert len(resp.content) == 65536 + 13

        def test_httpx(url):
            with httpx.Client() as client, client.stream("GET", f"{url}/stream") as resp:
                assert not hasattr(resp, "_content")
                assert len(resp.read()) == 65536 + 13

        def test_urllib3(url):
            with urllib3.PoolManager() as pool:
                resp = pool.request("GET", f"{url}/stream", preload_content=False)
                assert resp._body is None
                assert len(resp.read()) == 65536 + 13
                resp.release_conn()

        def test_seen(restcodes):
            assert restcodes.responses == []
        """
    )
    result = inner.runpytest_subprocess()
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["3 responses checked, 0 findings"])


def test_responses_from_threads_the_test_starts(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        import requests

        def test_it(url):
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda path: requests.get(f"{url}/{path}"), ["ok"] * 7 + ["bad"]))
        """
    )
    result = inner.runpytest_subprocess("-W", "ignore::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["pytest-restcodes: 1 finding in 8 responses this test received:"]
    )


def test_originals_are_restored_when_the_run_ends(inner: pytest.Pytester) -> None:
    """The capture is installed once per run, the first time a test needs it, and removed
    when the run ends; a test with the checker off meanwhile passes straight through."""
    inner.makepyfile(
        """
        import pytest
        import httpx, requests, werkzeug.test
        ORIGINALS = (requests.Session.send, httpx.Client.send, werkzeug.test.Client.open)

        def current():
            return (requests.Session.send, httpx.Client.send, werkzeug.test.Client.open)

        def test_wrapped_while_checking(url):
            assert all(now is not was for now, was in zip(current(), ORIGINALS))
            requests.get(f"{url}/ok")

        @pytest.mark.restcodes(check="off")
        def test_nothing_recorded_when_off(url, request):
            requests.get(f"{url}/missing")  # a 404 nobody asserts: no finding when off

        def pytest_sessionfinish_check():
            pass
        """
    )
    inner.makeconftest(
        CONFTEST
        + """
import requests
_SEND = requests.Session.send

def pytest_unconfigure(config):
    assert requests.Session.send is _SEND, "not restored after the session"
    print("ORIGINALS RESTORED")
"""
    )
    result = inner.runpytest_subprocess("-s")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*ORIGINALS RESTORED*"])


def test_every_supported_client_has_a_case_here() -> None:
    from pytest_restcodes._clients import clients

    missing = {client.name for client in clients()} - set(CLIENTS)
    assert not missing, f"add a checker case for {sorted(missing)}"
