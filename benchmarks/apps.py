"""The real apps and clients every figure measures: one bookstore (200 JSON, 201 with
Location, 204 empty, 404 JSON) as a Flask app, a Starlette app and a Django view, served
through the Flask test client, Starlette's TestClient, httpx over WSGI, Django's test
client, and requests against a werkzeug server on 127.0.0.1.

Not run on its own. It imports nothing from the benchmarks, so that the checker suite
that ``fig_checker.py`` generates can load it by path (``suite_client``). Which
pytest-restcodes client handles each one is looked up in ``pytest_restcodes._clients``,
never listed here: a response the plugin does not know fails loudly.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

BOOK = {"id": 1, "title": "Dune", "author": "Frank Herbert", "price": 9.5}
MISSING = 900
"""Book ids from this one on are not found (404 with a JSON body)."""

Maker = Callable[[], Any]
"""Makes one fresh response (a real request through a real client)."""


@dataclass(frozen=True)
class Kind:
    """One way of making requests, as the tables name it."""

    key: str
    label: str
    library: str
    """The top-level package whose client makes the requests (looked up in _clients)."""

    @property
    def client(self) -> str:
        """The pytest-restcodes client (``_clients``) that covers ``library``."""
        return plugin_client(self.library)


SUITE_KINDS = (
    Kind("flask", "Flask test client", "flask"),
    Kind("starlette", "Starlette TestClient", "starlette"),
    Kind("requests", "requests, werkzeug server on 127.0.0.1", "requests"),
)
"""The clients of the checker suite (figure 3) and of the per-response figure."""

CREATED_KINDS = (
    Kind("httpx", "httpx (httpx.Client, WSGITransport, Flask app)", "httpx"),
    Kind("requests", "requests (werkzeug server on 127.0.0.1)", "requests"),
    Kind("django", "Django (django.test.Client)", "django"),
)
"""The 201 responses of the passing-helper figure."""


def plugin_client(library: str) -> str:
    """The name of the pytest-restcodes client whose ``packages`` include ``library``."""
    from pytest_restcodes._clients import clients

    for client in clients():
        if library in client.packages:
            return client.name
    raise LookupError(f"no pytest-restcodes client covers {library!r}")


# ------------------------------------------------------------------------------- apps


def make_flask_app() -> Any:
    from flask import Flask, jsonify

    app = Flask("restcodes_bench")

    @app.get("/books")
    def list_books() -> Any:
        return jsonify([BOOK])

    @app.get("/books/<int:book_id>")
    def get_book(book_id: int) -> Any:
        if book_id >= MISSING:
            return {"detail": "book not found"}, 404
        return {**BOOK, "id": book_id}

    @app.post("/books")
    def create_book() -> Any:
        return BOOK, 201, {"Location": "/books/1"}

    @app.delete("/books/<int:book_id>")
    def delete_book(book_id: int) -> Any:
        return "", 204

    return app


def make_starlette_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def list_books(request: Request) -> Response:
        return JSONResponse([BOOK])

    async def get_book(request: Request) -> Response:
        book_id = request.path_params["book_id"]
        if book_id >= MISSING:
            return JSONResponse({"detail": "book not found"}, status_code=404)
        return JSONResponse({**BOOK, "id": book_id})

    async def create_book(request: Request) -> Response:
        await request.body()
        return JSONResponse(BOOK, status_code=201, headers={"Location": "/books/1"})

    async def delete_book(request: Request) -> Response:
        return Response(status_code=204)

    return Starlette(
        routes=[
            Route("/books", list_books, methods=["GET"]),
            Route("/books", create_book, methods=["POST"]),
            Route("/books/{book_id:int}", get_book, methods=["GET"]),
            Route("/books/{book_id:int}", delete_book, methods=["DELETE"]),
        ]
    )


DJANGO_URLCONF = "restcodes_bench_django_urls"


def django_client() -> Any:
    """django.test.Client over a minimal configured Django project (no database)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="restcodes-bench",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF=DJANGO_URLCONF,
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            USE_TZ=True,
        )
        django.setup()
    from django.http import HttpRequest, HttpResponse, JsonResponse
    from django.test import Client
    from django.urls import path

    def create_book(request: HttpRequest) -> HttpResponse:
        response = JsonResponse(BOOK, status=201)
        response["Location"] = "/books/1"
        return response

    urls = types.ModuleType(DJANGO_URLCONF)
    urls.urlpatterns = [path("books", create_book)]  # type: ignore[attr-defined]
    sys.modules[DJANGO_URLCONF] = urls
    return Client()


@contextlib.contextmanager
def running_server(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 (werkzeug, HTTP/1.1 keep-alive) in a thread."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def base_url_session(base: str) -> Any:
    """A requests.Session that prefixes ``base`` to the paths it is given."""
    import requests

    class BaseUrlSession(requests.Session):
        def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
            verb = method.decode() if isinstance(method, bytes) else method
            return super().request(verb, f"{base}{url!s}", *args, **kwargs)

    return BaseUrlSession()


def suite_client(key: str) -> Iterator[Any]:
    """The generated suite's ``client`` fixture: the bookstore through one SUITE_KINDS."""
    if key == "flask":
        yield make_flask_app().test_client()
    elif key == "starlette":
        from starlette.testclient import TestClient

        with TestClient(make_starlette_app()) as client:
            yield client
    elif key == "requests":
        with running_server(make_flask_app()) as base, base_url_session(base) as session:
            yield session
    else:
        raise ValueError(f"unknown client {key!r}")


# ----------------------------------------------------------------- makers of responses


@dataclass
class Clients:
    """Real clients of the real apps, as makers of fresh responses."""

    fresh: dict[str, dict[int, Maker]]
    """SUITE_KINDS key -> status (200 JSON, 201 with Location, 404 JSON) -> a maker."""
    created: dict[str, Maker]
    """CREATED_KINDS key -> a maker of 201 responses."""


def _makers(client: Any) -> dict[int, Maker]:
    return {
        200: lambda: client.get("/books/1"),
        201: lambda: client.post("/books", json={"title": "Dune"}),
        404: lambda: client.get(f"/books/{MISSING}"),
    }


@contextlib.contextmanager
def real_clients() -> Iterator[Clients]:
    """Every client of SUITE_KINDS and CREATED_KINDS, open; each maker checked once: the
    status it makes, and the pytest-restcodes client that handles its responses."""
    import httpx
    from starlette.testclient import TestClient

    from pytest_restcodes._adapters import adapter_for

    flask_app = make_flask_app()
    with (
        running_server(flask_app) as base,
        base_url_session(base) as session,
        TestClient(make_starlette_app()) as starlette,
        httpx.Client(transport=httpx.WSGITransport(app=flask_app), base_url="http://t") as hx,
    ):
        fresh = {
            "flask": _makers(flask_app.test_client()),
            "starlette": _makers(starlette),
            "requests": _makers(session),
        }
        django = django_client()
        created: dict[str, Maker] = {
            "httpx": lambda: hx.post("/books", json=BOOK),
            "requests": lambda: session.post("/books", json=BOOK),
            "django": lambda: django.post("/books"),
        }
        checks = [
            (kind, status, fresh[kind.key][status])
            for kind in SUITE_KINDS
            for status in (200, 201, 404)
        ]
        checks += [(kind, 201, created[kind.key]) for kind in CREATED_KINDS]
        for kind, status, make in checks:
            resp = make()
            if resp.status_code != status:
                raise RuntimeError(f"{kind.label}: expected {status}, got {resp.status_code}")
            adapter = adapter_for(resp)
            if adapter is None or adapter.name != kind.client:
                raise RuntimeError(
                    f"{kind.label}: pytest-restcodes handles {type(resp).__qualname__} with "
                    f"{adapter.name if adapter else 'no adapter'}, expected {kind.client}"
                )
        yield Clients(fresh, created)


def adapter_of(resp: Any) -> Any:
    """The plugin's adapter for a response; RuntimeError for a type it does not know."""
    from pytest_restcodes._adapters import adapter_for

    adapter = adapter_for(resp)
    if adapter is None:
        raise RuntimeError(f"pytest-restcodes has no adapter for {type(resp).__qualname__}")
    return adapter
