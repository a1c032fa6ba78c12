"""Route templates (``_routes``): each framework's real router, its real test client, and
the fallbacks (OpenAPI paths, id-like segments).

Every framework's app serves the same books: ``/books/{book_id}`` (GET only), the literal
``/books/new`` beside it, and one or two routes that show what is peculiar to it
(mounts, prefixes, converters, sub-apps).
"""

# no `from __future__ import annotations`: FastAPI and Litestar read the handlers'
# annotations at runtime.
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
import status_apps

from pytest_restcodes import _routes
from pytest_restcodes._routes import (
    OpenAPIPaths,
    app_of,
    django_template,
    fallback,
    match_openapi,
    template,
)

# --------------------------------------------------------------------------- the apps


def starlette_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route

    async def ok(request: Request) -> JSONResponse:
        return JSONResponse({"path": request.url.path})

    inner = Starlette(routes=[Route("/ping/{n:int}", ok)])
    return Starlette(
        routes=[
            # the int converter lets /books/new through to the literal route below
            Route("/books/{book_id:int}", ok, methods=["GET"]),
            Route("/books/new", ok),
            # GET /things/special is the first route's; POST only the second's
            Route("/things/{thing}", ok, methods=["GET"]),
            Route("/things/special", ok, methods=["POST"]),
            Route("/files/{rest:path}", ok),
            Mount("/admin", routes=[Route("/users/{user_id:int}", ok)]),
            Mount("/orgs/{org}", routes=[Route("/members/{member_id}", ok)]),
            Mount("/sub", app=inner),
        ]
    )


def fastapi_app() -> Any:
    from fastapi import APIRouter, FastAPI
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    app = FastAPI()
    authors = APIRouter(prefix="/v1/authors")

    @authors.get("/{author_id}")
    def author(author_id: int) -> dict[str, int]:
        return {"id": author_id}

    @app.get("/books/new")  # FastAPI routes in order: the literal comes first
    def new_book() -> dict[str, str]:
        return {"new": "yes"}

    @app.get("/books/{book_id}")
    def book(book_id: int) -> dict[str, int]:
        return {"id": book_id}

    @app.get("/files/{file_path:path}")
    def file(file_path: str) -> dict[str, str]:
        return {"path": file_path}

    async def legacy(request: Request) -> PlainTextResponse:
        return PlainTextResponse("legacy")

    app.include_router(authors)
    app.mount("/legacy", Starlette(routes=[Route("/orders/{order_id}", legacy)]))
    return app


def litestar_app() -> Any:
    from litestar import Litestar, Request, Router, get

    # the handlers read their parameters from the request: Litestar 2.25 deprecates
    # parameters inferred from the signature
    @get("/books/{book_id:int}")
    async def book(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return {"id": request.path_params["book_id"]}

    @get("/books/new")
    async def new_book() -> dict[str, str]:
        return {"new": "yes"}

    @get("/{author_id:str}")
    async def author(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return {"id": request.path_params["author_id"]}

    @get("/files/{rest:path}")
    async def file(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return {"path": request.path_params["rest"]}

    authors = Router("/v1/authors", route_handlers=[author])
    return Litestar([book, new_book, file, authors], debug=False, logging_config=None)


def flask_app() -> Any:
    import flask

    app = flask.Flask("routes_flask")
    shop = flask.Blueprint("shop", "routes_flask", url_prefix="/v1/shops")

    @app.get("/books/<int:book_id>")
    def book(book_id: int) -> Any:
        return {"id": book_id}

    @app.get("/books/new")
    def new_book() -> Any:
        return {"new": "yes"}

    @app.get("/files/<path:rest>")
    def file(rest: str) -> Any:
        return {"path": rest}

    @app.get("/shelves/")
    def shelves() -> Any:
        return []

    @shop.get("/<string(length=2):country>/<shop_id>")
    def shop_view(country: str, shop_id: str) -> Any:
        return {"shop": shop_id}

    app.register_blueprint(shop)
    return app


def quart_app() -> Any:
    import quart

    app = quart.Quart("routes_quart")

    @app.get("/books/<int:book_id>")
    async def book(book_id: int) -> Any:
        return {"id": book_id}

    @app.get("/books/new")
    async def new_book() -> Any:
        return {"new": "yes"}

    return app


def falcon_resources() -> dict[str, Any]:
    class Resource:
        def on_get(self, req: Any, resp: Any, **params: Any) -> None:
            resp.media = {"params": {k: str(v) for k, v in params.items()}}

    return {
        "/books/{book_id:int}": Resource(),
        "/books/new": Resource(),
        "/files/{name}.{ext}": Resource(),
    }


class AsyncResource:
    async def on_get(self, req: Any, resp: Any, **params: Any) -> None:
        resp.media = {"params": {k: str(v) for k, v in params.items()}}


def falcon_app() -> Any:
    import falcon

    app = falcon.App()
    for route, resource in falcon_resources().items():
        app.add_route(route, resource)
    return app


def falcon_asgi_app() -> Any:
    import falcon.asgi

    app = falcon.asgi.App()
    for route in falcon_resources():
        app.add_route(route, AsyncResource())
    return app


def aiohttp_app() -> Any:
    from aiohttp import web

    async def ok(request: web.Request) -> web.Response:
        return web.json_response(dict(request.match_info))

    v1 = web.Application()
    v1.router.add_get("/authors/{author_id}", ok)
    app = web.Application()
    app.router.add_get(r"/books/{book_id:\d+}", ok)
    app.router.add_get("/books/new", ok)
    app.router.add_get("/files/{name}.{ext}", ok)
    app.add_subapp("/v1", v1)
    return app


# --------------------------------------------------------------------------- the table

BOOKS = [
    ("GET", "/books/7", "/books/{book_id}"),
    ("GET", "/books/12345", "/books/{book_id}"),
    ("GET", "/books/new", "/books/new"),
    ("DELETE", "/books/7", "/books/{book_id}"),  # a 405 is still the route's
    ("GET", "/nowhere/at/all", None),
]
"""What every framework's books app answers alike."""

APPS: dict[str, tuple[Callable[[], Any], list[tuple[str, str, str | None]]]] = {
    "starlette": (
        starlette_app,
        [
            ("GET", "/things/special", "/things/{thing}"),  # Starlette's order, as it routes
            ("POST", "/things/special", "/things/special"),  # a full match beats a 405
            ("PUT", "/things/7", "/things/{thing}"),
            ("GET", "/files/a/b/c.txt", "/files/{rest}"),
            ("GET", "/admin/users/3", "/admin/users/{user_id}"),
            ("GET", "/admin/users/x", None),  # the mount takes it; no route inside
            ("GET", "/orgs/acme/members/9", "/orgs/{org}/members/{member_id}"),
            ("GET", "/sub/ping/5", "/sub/ping/{n}"),
            ("GET", "/books/7?page=2", "/books/{book_id}"),
            ("GET", "/books/", None),
        ],
    ),
    "fastapi": (
        fastapi_app,
        [
            ("GET", "/v1/authors/3", "/v1/authors/{author_id}"),
            ("POST", "/v1/authors/3", "/v1/authors/{author_id}"),
            ("GET", "/files/a/b.txt", "/files/{file_path}"),
            ("GET", "/legacy/orders/77", "/legacy/orders/{order_id}"),
            ("GET", "/legacy/nothing", None),
        ],
    ),
    "litestar": (
        litestar_app,
        [
            ("GET", "/books/x", None),  # not an int: Litestar answers 404
            ("GET", "/v1/authors/ann", "/v1/authors/{author_id}"),
            ("PATCH", "/v1/authors/ann", "/v1/authors/{author_id}"),
            ("GET", "/files/a/b.txt", "/files/{rest}"),
        ],
    ),
    "flask": (
        flask_app,
        [
            ("GET", "/books/x", None),
            ("GET", "/files/a/b.txt", "/files/{rest}"),
            ("GET", "/v1/shops/fr/17", "/v1/shops/{country}/{shop_id}"),
            ("POST", "/v1/shops/fr/17", "/v1/shops/{country}/{shop_id}"),
            ("GET", "/v1/shops/fra/17", None),
            ("GET", "/shelves/", "/shelves/"),
            ("GET", "/shelves", None),  # only a redirect to /shelves/
            ("GET", "/books/caf%C3%A9", None),
        ],
    ),
    "quart": (quart_app, [("GET", "/books/x", None)]),
    "falcon": (
        falcon_app,
        [("GET", "/books/x", None), ("GET", "/files/report.pdf", "/files/{name}.{ext}")],
    ),
    "falcon-asgi": (
        falcon_asgi_app,
        [("GET", "/books/x", None), ("GET", "/files/report.pdf", "/files/{name}.{ext}")],
    ),
    "aiohttp": (
        aiohttp_app,
        [
            ("GET", "/books/x", None),
            ("GET", "/files/report.pdf", "/files/{name}.{ext}"),
            ("GET", "/v1/authors/ann", "/v1/authors/{author_id}"),
            ("PUT", "/v1/authors/ann", "/v1/authors/{author_id}"),
            ("GET", "/v1/nothing", None),
        ],
    ),
}

CASES = [
    pytest.param(name, method, path, expected, id=f"{name}-{method}-{path}")
    for name, (_, extra) in APPS.items()
    for method, path, expected in [*BOOKS, *extra]
]


@pytest.mark.parametrize(("name", "method", "path", "expected"), CASES)
def test_template(name: str, method: str, path: str, expected: str | None) -> None:
    app = APPS[name][0]()
    assert template(app, method, path) == expected
    assert template(app, method, path) == expected  # from the cache, the same


# --------------------------------------------------------------------------- real clients


def _resolves(client: Any, path: str = "/books/7") -> None:
    app = app_of(client)
    assert app is not None
    assert template(app, "GET", path) == "/books/{book_id}"


def test_starlette_client() -> None:
    from starlette.testclient import TestClient

    with TestClient(starlette_app()) as client:
        assert client.get("/books/7").json() == {"path": "/books/7"}
        _resolves(client)


def test_fastapi_client() -> None:
    from fastapi.testclient import TestClient

    with TestClient(fastapi_app()) as client:
        assert client.get("/books/7").json() == {"id": 7}
        assert client.get("/v1/authors/3").json() == {"id": 3}
        _resolves(client)
        assert template(app_of(client), "GET", "/v1/authors/3") == "/v1/authors/{author_id}"


def test_litestar_client() -> None:
    from litestar.testing import TestClient

    with TestClient(litestar_app()) as client:
        assert client.get("/books/7").json() == {"id": 7}
        _resolves(client)


def test_flask_client() -> None:
    client = flask_app().test_client()
    assert client.get("/books/7").json == {"id": 7}
    _resolves(client)


async def test_quart_client() -> None:
    client = quart_app().test_client()
    response = await client.get("/books/7")
    assert await response.get_json() == {"id": 7}
    _resolves(client)


@pytest.mark.parametrize("build", [falcon_app, falcon_asgi_app], ids=["wsgi", "asgi"])
def test_falcon_client(build: Callable[[], Any]) -> None:
    import falcon.testing

    client = falcon.testing.TestClient(build())
    assert client.simulate_get("/books/7").json == {"params": {"book_id": "7"}}
    _resolves(client)


async def test_aiohttp_client(aiohttp_client: Any) -> None:
    client = await aiohttp_client(aiohttp_app())
    response = await client.get("/v1/authors/ann")
    assert await response.json() == {"author_id": "ann"}
    _resolves(client)
    assert template(app_of(client), "GET", "/v1/authors/ann") == "/v1/authors/{author_id}"


def test_webtest_over_flask() -> None:
    webtest = status_apps.import_webtest()
    client = webtest.TestApp(flask_app())
    assert client.get("/books/7").json == {"id": 7}
    _resolves(client)
    assert template(client, "GET", "/books/new") == "/books/new"  # the TestApp itself
    assert template(client, "GET", "/nowhere") is None


def test_httpx_over_wsgi_transport() -> None:
    import httpx

    app = flask_app()
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://t") as client:
        assert client.get("/books/7").json() == {"id": 7}
        assert app_of(client) is app


# --------------------------------------------------------------------------- wrappers


class Middleware:
    """A WSGI middleware of the usual shape: it keeps the app in ``.app``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return self.app(environ, start_response)


class Slotted:
    """A middleware that cannot be weakly referenced: resolved, never cached."""

    __slots__ = ("app",)

    def __init__(self, app: Any) -> None:
        self.app = app


class Unhashable(Middleware):
    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def test_middleware_is_unwrapped() -> None:
    app = flask_app()
    assert template(Middleware(Middleware(app)), "GET", "/books/7") == "/books/{book_id}"
    # a middleware around Flask's own wsgi_app (a bound method)
    assert template(Middleware(app.wsgi_app), "GET", "/books/7") == "/books/{book_id}"
    assert template(Slotted(app), "GET", "/books/7") == "/books/{book_id}"
    assert template(Unhashable(app), "GET", "/books/new") == "/books/new"


def test_unwrapping_is_bounded() -> None:
    app: Any = flask_app()
    for _ in range(20):
        app = Middleware(app)
    assert template(app, "GET", "/books/7") is None


def test_werkzeug_dispatcher_mounts() -> None:
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    app = DispatcherMiddleware(flask_app(), {"/shop": flask_app(), "/shop/eu": falcon_app()})
    assert template(app, "GET", "/shop/books/7") == "/shop/books/{book_id}"
    assert template(app, "GET", "/shop/eu/files/a.txt") == "/shop/eu/files/{name}.{ext}"
    assert template(app, "GET", "/books/new") == "/books/new"
    assert template(app, "GET", "/shop/nothing") is None


def test_starlette_middleware_is_unwrapped() -> None:
    from starlette.middleware.gzip import GZipMiddleware

    wrapped = GZipMiddleware(GZipMiddleware(fastapi_app()))
    assert template(wrapped, "GET", "/v1/authors/3") == "/v1/authors/{author_id}"


def test_unknown_objects_give_none() -> None:
    assert template(object(), "GET", "/books/7") is None
    assert template(None, "GET", "/books/7") is None
    assert template(mock.MagicMock(), "GET", "/books/7") is None
    assert template(lambda environ, start: [], "GET", "/") is None
    assert app_of(object()) is None
    assert app_of(None) is None


def test_a_router_that_raises_gives_none() -> None:
    app = flask_app()
    with mock.patch.object(type(app.url_map), "bind", side_effect=RuntimeError("broken")):
        assert template(app, "GET", "/books/7") is None

    class Boom:
        @property
        def app(self) -> Any:
            raise RuntimeError("no app")

    assert app_of(Boom()) is None
    assert template(Boom(), "GET", "/") is None


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_routes, "_CACHE_SIZE", 3)
    app = flask_app()
    for n in range(10):
        assert template(app, "GET", f"/books/{n}") == "/books/{book_id}"
    assert 1 <= len(_routes._CACHE[app]) <= 3


# --------------------------------------------------------------------------- Django, DRF


@pytest.fixture(scope="module")
def django_urls(django_setup: None) -> Any:
    from django.http import HttpRequest, HttpResponse, JsonResponse
    from django.urls import include, path, re_path
    from django.views.decorators.http import require_GET
    from rest_framework import routers, viewsets
    from rest_framework.decorators import action
    from rest_framework.request import Request
    from rest_framework.response import Response

    @require_GET
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return JsonResponse({k: str(v) for k, v in kwargs.items()})

    class ShelfViewSet(viewsets.ViewSet):
        authentication_classes = ()
        permission_classes = ()

        def list(self, request: Request) -> Response:
            return Response([])

        def retrieve(self, request: Request, pk: str) -> Response:
            return Response({"pk": pk})

        @action(detail=False)
        def new(self, request: Request) -> Response:
            return Response({"new": True})

    router = routers.DefaultRouter()
    router.register("shelves", ShelfViewSet, basename="shelf")

    urls = types.ModuleType("restcodes_routes_urls")  # a urlconf: hashable, has urlpatterns
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("books/<int:book_id>", view),
        path("books/new", view),
        path("api/", include([path("authors/<slug:slug>/", view)])),
        re_path(r"^legacy/(?P<year>[0-9]{4})/(?P<slug>[\w-]+)/$", view),
        re_path(r"^legacy/new/$", view),
        re_path(r"^old/", include([re_path(r"^items/(?P<pk>\d+)$", view)])),
        re_path(r"^v\.1/notes/(\d+)$", view),
        path("drf/", include(router.urls)),
    ]
    return urls


@pytest.fixture
def django_site(django_urls: Any) -> Iterator[None]:
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF=django_urls, ALLOWED_HOSTS=["testserver", "localhost"]):
        yield


DJANGO = [
    *BOOKS,
    ("GET", "/books/x", None),
    ("GET", "/api/authors/ann-lee/", "/api/authors/{slug}/"),
    ("GET", "/api/authors/ann-lee", None),
    ("GET", "/legacy/1999/ann-lee/", "/legacy/{year}/{slug}/"),
    ("GET", "/legacy/2024/other/", "/legacy/{year}/{slug}/"),
    ("POST", "/legacy/2024/other/", "/legacy/{year}/{slug}/"),
    ("GET", "/legacy/new/", "/legacy/new/"),
    ("GET", "/old/items/12", "/old/items/{pk}"),
    ("GET", "/v.1/notes/3", "/v.1/notes/{_0}"),
    ("GET", "/drf/shelves/", "/drf/shelves/"),
    ("GET", "/drf/shelves/7/", "/drf/shelves/{pk}/"),
    ("GET", "/drf/shelves/abc/", "/drf/shelves/{pk}/"),
    ("DELETE", "/drf/shelves/7/", "/drf/shelves/{pk}/"),
    ("GET", "/drf/shelves/new/", "/drf/shelves/new/"),
    ("GET", "/drf/shelves/7.json", "/drf/shelves/{pk}.{format}"),
    ("GET", "/drf/", "/drf/"),
]


@pytest.mark.usefixtures("django_site")
@pytest.mark.parametrize(
    ("method", "path", "expected"), DJANGO, ids=[f"{m}-{p}" for m, p, _ in DJANGO]
)
def test_django_template(method: str, path: str, expected: str | None) -> None:
    from django.core.handlers.asgi import ASGIHandler
    from django.core.handlers.wsgi import WSGIHandler

    assert template(WSGIHandler(), method, path) == expected
    assert template(ASGIHandler(), method, path) == expected


@pytest.mark.usefixtures("django_site")
def test_django_client() -> None:
    from django.test import Client

    client = Client()
    response = client.get("/legacy/1999/ann-lee/")
    assert response.json() == {"year": "1999", "slug": "ann-lee"}
    assert django_template(response.resolver_match) == "/legacy/{year}/{slug}/"
    assert template(app_of(client), "GET", "/legacy/1999/ann-lee/") == "/legacy/{year}/{slug}/"
    response = client.get("/api/authors/ann/")
    assert django_template(response.resolver_match) == "/api/authors/{slug}/"
    assert client.post("/books/7").status_code == 405
    _resolves(client)


@pytest.mark.usefixtures("django_site")
def test_drf_client() -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    response = client.get("/drf/shelves/7/")
    assert response.json() == {"pk": "7"}
    assert django_template(response.resolver_match) == "/drf/shelves/{pk}/"
    assert template(app_of(client), "GET", "/drf/shelves/new/") == "/drf/shelves/new/"


@pytest.mark.usefixtures("django_site")
def test_webtest_over_django() -> None:
    from django.core.handlers.wsgi import WSGIHandler

    webtest = status_apps.import_webtest()
    client = webtest.TestApp(WSGIHandler())
    assert client.get("/books/7").json == {"book_id": "7"}
    _resolves(client)
    assert template(client, "GET", "/drf/shelves/7/") == "/drf/shelves/{pk}/"


@pytest.mark.usefixtures("django_site")
def test_django_template_from_the_route_alone() -> None:
    """Without ``tried`` (an older Django), the joined ``route`` is read."""
    from django.urls import resolve

    for path, expected in [
        ("/drf/shelves/7/", "/drf/shelves/{pk}/"),
        ("/api/authors/ann/", "/api/authors/{slug}/"),
        ("/books/7", "/books/{book_id}"),
        ("/old/items/3", "/old/items/{pk}"),
    ]:
        match = resolve(path)
        bare = types.SimpleNamespace(route=match.route, tried=None)
        assert django_template(bare) == expected, path


def test_django_template_never_raises() -> None:
    assert django_template(None) is None
    assert django_template(object()) is None
    assert django_template(types.SimpleNamespace(tried=[[object()]], route=None)) is None


# --------------------------------------------------------------------------- fallback


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/books/7", "/books/{id}"),
        ("/books/7/", "/books/{id}/"),
        ("/v2/books", "/v2/books"),  # a version, not an id
        ("/users/3f2b8c1e-9d4a-4c5e-8f00-1a2b3c4d5e6f", "/users/{id}"),
        ("/users/3F2B8C1E-9D4A-4C5E-8F00-1A2B3C4D5E6F/orders", "/users/{id}/orders"),
        ("/commits/" + "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "/commits/{id}"),
        ("/blobs/0123456789abcdef", "/blobs/{id}"),  # 16 hex
        ("/blobs/0123456789abcde", "/blobs/0123456789abcde"),  # 15: too short to be sure
        ("/charges/ch_3MmlLrLkdIwHu7ix0snN0B15", "/charges/{id}"),
        ("/posts/2024-annual-report-final", "/posts/2024-annual-report-final"),  # a slug
        ("/posts/release-notes-v2-and-more", "/posts/release-notes-v2-and-more"),
        ("/tokens/Xk3J9aLm2QpR7sT1uV4w", "/tokens/{id}"),
        ("/words/internationalization", "/words/internationalization"),
        ("/a/1/b/2", "/a/{id}/b/{id2}"),
        ("/", "/"),
        ("", ""),
    ],
)
def test_fallback(path: str, expected: str) -> None:
    assert fallback(path) == expected


# --------------------------------------------------------------------------- OpenAPI paths

SPEC = [
    "/books/{book_id}",
    "/books/new",
    "/books/{book_id}/chapters/{n}",
    "/books/{book_id}/chapters/first",
    "/{tenant}/books/{book_id}/chapters/{n}",
    "/files/{name}.{ext}",
    "/files/{name}",
    "/users/",
    "/users/{user_id}/",
    "/covers/{file}",
    "/covers/{name}.png",
]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/books/new", "/books/new"),  # the literal before the parameter
        ("/books/7", "/books/{book_id}"),
        ("/books/7/chapters/first", "/books/{book_id}/chapters/first"),
        ("/books/7/chapters/3", "/books/{book_id}/chapters/{n}"),
        ("/acme/books/7/chapters/3", "/{tenant}/books/{book_id}/chapters/{n}"),
        ("/files/a.txt", "/files/{name}"),  # fewer parameters
        ("/files/readme", "/files/{name}"),
        ("/covers/a.png", "/covers/{name}.png"),  # as many parameters, more literal text
        ("/users/", "/users/"),
        ("/users/9/", "/users/{user_id}/"),
        ("/users/9", None),  # the trailing slash is part of the template
        ("/books/", None),  # a parameter is never empty
        ("/books/7/8", None),  # nor more than one segment
        ("/elsewhere", None),
    ],
)
def test_match_openapi(path: str, expected: str | None) -> None:
    assert match_openapi(SPEC, path) == expected
    assert OpenAPIPaths(SPEC).match(path) == expected


def test_match_openapi_fewest_parameters_then_first_given() -> None:
    spec = ["/{a}/{b}", "/{a}/b", "/x/{b}"]
    assert match_openapi(spec, "/x/b") == "/{a}/b"  # one parameter, first given of the two
    assert match_openapi(list(reversed(spec)), "/x/b") == "/x/{b}"
    assert match_openapi(spec, "/y/z") == "/{a}/{b}"
    assert match_openapi([], "/x") is None


def test_openapi_paths_is_reusable() -> None:
    paths = OpenAPIPaths(f"/r{n}/{{id}}" for n in range(500))  # any iterable, once
    assert paths.match("/r499/7") == "/r499/{id}"
    assert paths.match("/r0/7") == "/r0/{id}"
    assert paths.match("/r500/7") is None


# --------------------------------------------------------------------------- imports


def test_importing_routes_imports_no_framework() -> None:
    frameworks = {
        "starlette",
        "fastapi",
        "litestar",
        "flask",
        "quart",
        "werkzeug",
        "django",
        "rest_framework",
        "falcon",
        "aiohttp",
        "webtest",
        "httpx",
    }
    code = textwrap.dedent(
        f"""
        import sys
        import pytest_restcodes._routes
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {frameworks!r}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
