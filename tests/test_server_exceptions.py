"""A failing helper on a 5xx shows the exception the app raised in the test's process:
its type, its message and the app's own frames, through real apps and clients, with the
checker off (the default)."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any

import pytest

import pytest_restcodes as rc


def crash() -> Any:
    return 1 / 0  # the view's line


def _where(func: Callable[..., Any] = crash) -> str:
    """``file:line`` of the crashing line of ``func``, as the message shows it."""
    lines, start = inspect.getsourcelines(func)
    offset = next(n for n, line in enumerate(lines) if "1 / 0" in line)
    return f"{os.path.relpath(inspect.getsourcefile(func) or '')}:{start + offset}"


def _fails(resp: Any, where: str | None = None) -> str:
    with pytest.raises(rc.StatusAssertionError) as info:
        rc.assert_ok(resp)
    message = str(info.value)
    assert "Server exception: ZeroDivisionError: division by zero" in message, message
    assert f"{where or _where()} in " in message, message
    assert "return 1 / 0" in message, message
    # before the body excerpt
    assert message.index("Server exception:") < message.index("Body"), message
    return message


# --------------------------------------------------------------------------- a. Flask


def _flask_app() -> Any:
    from flask import Flask

    app = Flask(__name__)

    @app.get("/boom")
    def boom() -> Any:
        return crash()

    @app.get("/fine")
    def fine() -> Any:
        return "fine"

    return app


def test_flask_test_client() -> None:
    client = _flask_app().test_client()
    assert rc.assert_ok(client.get("/fine")).status_code == 200
    message = _fails(client.get("/boom"))
    assert "framework/library frame" in message


def test_an_exception_belongs_to_its_own_response() -> None:
    client = _flask_app().test_client()
    first = client.get("/boom")
    second = client.get("/fine")
    assert rc.assert_ok(second) is second
    _fails(first)


# ------------------------------------------------------------------ b. FastAPI, Starlette


def test_fastapi_test_client() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()

    @app.get("/boom")
    def boom() -> Any:
        return crash()

    with TestClient(app, raise_server_exceptions=False) as client:
        _fails(client.get("/boom"))


def test_starlette_test_client() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def boom(request: Any) -> Any:
        return crash()

    app = Starlette(routes=[Route("/boom", boom)])
    client = TestClient(app, raise_server_exceptions=False)
    _fails(client.get("/boom"))


# ------------------------------------------------------------------------- c. Django


def test_django_test_client(django_setup: None) -> None:
    import django_urls
    from django.test import Client

    resp = Client(raise_request_exception=False).get("/crash")
    with pytest.raises(rc.StatusAssertionError) as info:
        rc.assert_ok(resp)
    message = str(info.value)
    assert "Server exception: ZeroDivisionError: division by zero" in message
    lines, start = inspect.getsourcelines(django_urls.crash)
    line = start + next(n for n, text in enumerate(lines) if "raise" in text)
    assert f"{os.path.relpath(django_urls.__file__)}:{line} in crash" in message, message


def test_drf_api_client(django_setup: None) -> None:
    from rest_framework.test import APIClient

    client = APIClient(raise_request_exception=False)
    with pytest.raises(rc.StatusAssertionError, match="ZeroDivisionError: division by zero"):
        rc.assert_ok(client.get("/crash"))


# --------------------------------------------------------------- d. a live server in a thread


def test_werkzeug_server_in_a_thread(serve_wsgi: Callable[[Any], str]) -> None:
    import requests

    url = serve_wsgi(_flask_app())
    assert rc.assert_ok(requests.get(f"{url}/fine", timeout=10)).status_code == 200
    _fails(requests.get(f"{url}/boom", timeout=10))


# ------------------------------------------------ e. the live server's own calls (strict)


def test_a_live_servers_own_calls_are_not_the_tests(inner: pytest.Pytester) -> None:
    """A view of a live server in the test's process calls an upstream that answers 503
    and falls back: strict mode flags nothing (the server's call is not the test's)."""
    inner.makepyfile(
        """
        import threading

        import pytest
        import requests
        from flask import Flask
        from werkzeug.serving import make_server

        import pytest_restcodes as rc


        def serve(app):
            server = make_server("127.0.0.1", 0, app)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            return server, f"http://127.0.0.1:{server.server_port}"


        @pytest.fixture
        def live():
            upstream = Flask("upstream")
            upstream.get("/data")(lambda: ("down", 503))
            up, up_url = serve(upstream)

            app = Flask("app")

            @app.get("/books")
            def books():
                reply = requests.get(f"{up_url}/data", timeout=10)
                return {"books": [], "upstream": reply.status_code}

            server, url = serve(app)
            yield url
            for s in (server, up):
                s.shutdown()
                s.server_close()


        @pytest.mark.restcodes(check="strict")
        def test_fallback(live):
            rc.assert_ok(requests.get(f"{live}/books", timeout=10))
        """
    )
    result = inner.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*server-error*")


# ------------------------------------------------------------------------- f. Litestar


def test_litestar_test_client() -> None:
    from litestar import Litestar, get
    from litestar.testing import TestClient

    @get("/boom", sync_to_thread=False)
    def boom() -> Any:
        return crash()

    with TestClient(Litestar([boom]), raise_server_exceptions=False) as client:
        _fails(client.get("/boom"))


# ---------------------------------------------------------------------------- g. Quart


async def test_quart_test_client() -> None:
    from quart import Quart

    app = Quart(__name__)

    @app.get("/boom")
    async def boom() -> Any:
        return crash()

    _fails(await app.test_client().get("/boom"))


# --------------------------------------------------------------------------- h. Falcon


def test_falcon_wsgi() -> None:
    import falcon
    import falcon.testing

    class Boom:
        def on_get(self, req: Any, resp: Any) -> None:
            crash()

    app = falcon.App()
    app.add_route("/boom", Boom())
    _fails(falcon.testing.TestClient(app).simulate_get("/boom"))


def test_falcon_asgi() -> None:
    import falcon.asgi
    import falcon.testing

    class Boom:
        async def on_get(self, req: Any, resp: Any) -> None:
            crash()

    app = falcon.asgi.App()
    app.add_route("/boom", Boom())
    _fails(falcon.testing.TestClient(app).simulate_get("/boom"))


# -------------------------------------------------------------------------- i. aiohttp


async def test_aiohttp_client(aiohttp_client: Any) -> None:
    from aiohttp import web

    async def boom(request: Any) -> Any:
        return crash()

    app = web.Application()
    app.router.add_get("/boom", boom)
    client = await aiohttp_client(app)
    resp = await client.get("/boom")
    await resp.read()
    _fails(resp)


# -------------------------------------------------------------------------- j. Tornado


def test_tornado() -> None:
    import tornado.testing
    import tornado.web

    class Boom(tornado.web.RequestHandler):
        def get(self) -> None:
            crash()

    class Case(tornado.testing.AsyncHTTPTestCase):
        def get_app(self) -> Any:
            return tornado.web.Application([("/boom", Boom)])

        def runTest(self) -> None:
            _fails(self.fetch("/boom"))

    case = Case()
    case.setUp()
    try:
        case.runTest()
    finally:
        case.tearDown()


# -------------------------------------------------------------------------- k. WebTest


def test_webtest() -> None:
    import status_apps

    app = status_apps.import_webtest().TestApp(_flask_app())
    _fails(app.get("/boom", expect_errors=True))



def test_views_called_directly_are_the_tests_responses(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DRF documents unit-testing views with APIRequestFactory and view(request): the
    response such a call returns is the test's, and the checker sees it."""
    monkeypatch.setenv("COLUMNS", "300")
    inner.makepyfile(
        dj_settings="""
        import django
        from django.conf import settings

        settings.configure(
            DEBUG=False, SECRET_KEY="x", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                            "rest_framework"],
            MIDDLEWARE=[], DATABASES={}, REST_FRAMEWORK={"UNAUTHENTICATED_USER": None},
        )
        django.setup()
        urlpatterns = []
        """,
        test_views="""
        import dj_settings
        from django.http import JsonResponse
        from django.views import View
        from rest_framework.response import Response
        from rest_framework.test import APIClient, APIRequestFactory
        from rest_framework.views import APIView

        class Books(APIView):
            authentication_classes = ()
            permission_classes = ()

            def post(self, request):
                return Response({"id": 1}, status=201)  # no Location

        class Plain(View):
            def delete(self, request):
                return JsonResponse({"detail": "no"}, status=405)  # no Allow

        def test_drf_view_called_directly():
            request = APIRequestFactory().post("/books", {"title": "Dune"}, format="json")
            response = Books.as_view()(request)
            assert response.status_code == 201

        def test_django_view_called_directly():
            from django.test import RequestFactory
            response = Plain.as_view()(RequestFactory().delete("/plain"))
            assert response.status_code == 405
        """,
    )
    inner.makeini(
        "[pytest]\nrestcodes_check = strict\nfilterwarnings =\n    ignore::DeprecationWarning\n"
    )
    result = inner.runpytest_subprocess("-W", "error::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "FAILED *::test_drf_view_called_directly - RC108 created-without-location: POST *",
            "FAILED *::test_django_view_called_directly - RC101 method-not-allowed-without-allow*",
        ]
    )


def test_the_server_error_finding_names_the_exception(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_boom="""
        from flask import Flask

        app = Flask(__name__)

        @app.get("/boom")
        def boom():
            return 1 / 0

        def test_it():
            app.test_client().get("/boom")
        """
    )
    inner.makeini("[pytest]\nrestcodes_check = strict\n")
    result = inner.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "  Observed: the server answered 500; the app raised ZeroDivisionError: "
            "division by zero (test_boom.py:7)"
        ]
    )


LIVE_SETTINGS = """
SECRET_KEY = "x"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "live_views"
STATIC_URL = "/static/"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
MIDDLEWARE = []
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""

LIVE_VIEWS = """
import os

import requests
from django.http import JsonResponse
from django.urls import path


def boom(request):
    return JsonResponse({"ratio": 1 / 0})


def fallback(request):
    upstream = requests.get(os.environ["UPSTREAM"] + "/books")  # answers 503
    if upstream.status_code >= 500:
        return JsonResponse({"books": [], "from": "cache"})
    return JsonResponse(upstream.json())


urlpatterns = [path("boom", boom), path("fallback", fallback)]
"""

LIVE_TESTS = """
import os
import threading

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from pytest_restcodes import assert_ok


@pytest.fixture
def upstream():
    app = Response("down", status=503)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    os.environ["UPSTREAM"] = f"http://127.0.0.1:{server.server_port}"
    yield
    server.shutdown()
    thread.join()


def test_boom(live_server):
    assert_ok(requests.get(live_server.url + "/boom"))


def test_fallback(live_server, upstream):
    resp = requests.get(live_server.url + "/fallback")
    assert resp.json() == {"books": [], "from": "cache"}
"""


def test_pytest_django_live_server(pytester: pytest.Pytester) -> None:
    pytest.importorskip("pytest_django")
    pytester.makepyfile(live_settings=LIVE_SETTINGS, live_views=LIVE_VIEWS, test_live=LIVE_TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = live_settings\nrestcodes_check = strict\n"
        "filterwarnings =\n    ignore::DeprecationWarning\n"
    )
    result = pytester.runpytest_subprocess("-p", "pytest_django", "-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*Server exception: ZeroDivisionError*division by zero*",
            "*live_views.py:9 in boom*",
            "*return JsonResponse({\"ratio\": 1 / 0})*",
            "FAILED test_live.py::test_boom*",
        ]
    )
    result.stdout.no_fnmatch_line("*test_fallback*FAILED*")
    # The upstream's 503 is the app's business, not the test's: no finding or line names it
    # (matched as a status, since the live server's random port may contain the digits).
    result.stdout.no_fnmatch_line("*-> 503*")
    result.stdout.no_fnmatch_line("*503 Service Unavailable*")
