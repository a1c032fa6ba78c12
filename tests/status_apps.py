"""One "status app" per framework, all answering the same way (see ``reply_for``).

``/status/<code>`` answers ``<code>``; 201 carries ``Location: /items/1``, 405 carries
``Allow: GET, POST``, 3xx carry ``Location: /target``, 204 and 304 carry no body, 422 a
FastAPI-style validation error, 500 a Python traceback as text; other codes a small JSON body.
``/bare/405`` is a 405 without Allow, ``/bare/201`` a 201 without Location, ``/body/204`` a
204 that carries a body.

Framework imports happen inside the factories, so importing this module is cheap.
"""

# no `from __future__ import annotations`: FastAPI and Litestar read the handlers'
# annotations at runtime, and they name classes imported inside the factories.
import json
import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

Reply = tuple[int, list[tuple[str, str]], bytes]

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REDIRECTS = (301, 302, 303, 307, 308)
ITEM_LOCATION = "/items/1"
REDIRECT_LOCATION = "/target"
VALIDATION = {
    "detail": [{"type": "missing", "loc": ["body", "title"], "msg": "Field required", "input": {}}]
}
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/app/views.py", line 12, in create_item\n'
    "    total = price / quantity\n"
    "ZeroDivisionError: division by zero\n"
)
BODY_204 = b"oops"
_STATUS_PATH = re.compile(r"^/status/(\d{3})$")
_JSON = ("Content-Type", "application/json")


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def status_reply(code: int) -> Reply:
    """What ``/status/<code>`` answers."""
    if code in (204, 304):
        return code, [], b""
    if code == 201:
        return code, [("Location", ITEM_LOCATION), _JSON], _json({"id": 1})
    if code == 405:
        return code, [("Allow", "GET, POST"), _JSON], _json({"error": "method not allowed"})
    if code in REDIRECTS:
        return code, [("Location", REDIRECT_LOCATION)], b""
    if code == 422:
        return code, [_JSON], _json(VALIDATION)
    if code == 500:
        return code, [("Content-Type", "text/plain; charset=utf-8")], TRACEBACK.encode()
    return code, [_JSON], _json({"status": code})


def reply_for(path: str) -> Reply:
    """The reply for any path of the status app."""
    if path == "/bare/405":
        return 405, [_JSON], _json({"error": "method not allowed"})
    if path == "/bare/201":
        return 201, [_JSON], _json({"id": 1})
    if path == "/body/204":
        return 204, [], BODY_204
    match = _STATUS_PATH.match(path)
    if match:
        return status_reply(int(match.group(1)))
    return 404, [_JSON], _json({"error": f"no route for {path}"})


def wire_reply(path: str) -> Reply:
    """``reply_for`` as an HTTP/1.1 client can take it: a 204's body only announced by
    Content-Length (what the real server sends; mocks of HTTP clients get the same)."""
    code, headers, body = reply_for(path)
    if code == 204 and body:
        return code, [*headers, ("Content-Length", str(len(body)))], b""
    return code, headers, body


def _content_type(headers: Iterable[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "content-type":
            return value
    return None


def _others(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k: v for k, v in headers if k.lower() != "content-type"}


def status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


def import_webtest() -> Any:
    """WebTest's webob imports the deprecated ``cgi`` module: not ours to fix."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import webtest

    return webtest


# --- WSGI ------------------------------------------------------------------------------


def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """A plain WSGI status app (werkzeug Client, WebTest)."""
    code, headers, body = reply_for(environ.get("PATH_INFO", "/"))
    if code in (204, 304) and not body:
        start_response(status_line(code), headers)
        return []
    start_response(status_line(code), [*headers, ("Content-Length", str(len(body)))])
    return [body]


def flask_app() -> Any:
    import flask

    app = flask.Flask("flask_status_app")

    @app.route("/", defaults={"path": ""}, methods=METHODS)
    @app.route("/<path:path>", methods=METHODS)
    def anything(path: str) -> Any:
        code, headers, body = reply_for("/" + path)
        response = flask.Response(body, status=code, headers=_others(headers))
        ctype = _content_type(headers)
        if ctype:
            response.headers["Content-Type"] = ctype
        else:
            del response.headers["Content-Type"]
        return response

    return app


def falcon_app() -> Any:
    import falcon

    def sink(req: Any, resp: Any, **_: Any) -> None:
        code, headers, body = reply_for(req.path)
        resp.status = code
        for name, value in headers:
            resp.set_header(name, value)
        if body:
            resp.data = body

    app = falcon.App()
    app.add_sink(sink, prefix="/")
    return app


# --- ASGI ------------------------------------------------------------------------------


def starlette_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def anything(request: Request) -> Response:
        code, headers, body = reply_for(request.url.path)
        return Response(
            body, status_code=code, headers=_others(headers), media_type=_content_type(headers)
        )

    return Starlette(routes=[Route("/{path:path}", anything, methods=METHODS)])


def fastapi_app() -> Any:
    from fastapi import FastAPI, Request, Response

    app = FastAPI()

    @app.api_route("/{path:path}", methods=METHODS)
    async def anything(request: Request) -> Response:
        code, headers, body = reply_for(request.url.path)
        return Response(
            body, status_code=code, headers=_others(headers), media_type=_content_type(headers)
        )

    return app


def fastapi_books_app() -> Any:
    """A FastAPI app validating its input with pydantic: ``POST /books``."""
    from fastapi import FastAPI
    from pydantic import BaseModel

    class Book(BaseModel):
        title: str
        price: float

    app = FastAPI()

    @app.post("/books", status_code=201)
    def create_book(book: Book) -> Book:
        return book

    return app


def litestar_app() -> Any:
    from litestar import Litestar, Request, Response, route

    @route("/{path:path}", http_method=METHODS)
    async def anything(request: Request[Any, Any, Any]) -> Response[bytes]:
        code, headers, body = reply_for(request.url.path)
        return Response(
            body,
            status_code=code,
            headers=_others(headers),
            media_type=_content_type(headers) or "application/octet-stream",
        )

    return Litestar(route_handlers=[anything], debug=False, logging_config=None)


def quart_app() -> Any:
    import quart

    app = quart.Quart("quart_status_app")

    @app.route("/", defaults={"path": ""}, methods=METHODS)
    @app.route("/<path:path>", methods=METHODS)
    async def anything(path: str) -> Any:
        code, headers, body = reply_for("/" + path)
        response = quart.Response(body, status=code, headers=_others(headers))
        ctype = _content_type(headers)
        if ctype:
            response.headers["Content-Type"] = ctype
        else:
            del response.headers["Content-Type"]
        return response

    return app


def aiohttp_app() -> Any:
    from aiohttp import web

    async def anything(request: web.Request) -> web.Response:
        code, headers, body = reply_for(request.path)
        response = web.Response(status=code, body=body or None, headers=_others(headers))
        ctype = _content_type(headers)
        if ctype:
            response.headers["Content-Type"] = ctype
        return response

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", anything)
    return app


# --- pytest-httpserver (a real server on 127.0.0.1) -------------------------------------


def serve_status_app(httpserver: Any) -> str:
    """Route every path of ``httpserver`` to the status app; returns its base URL."""
    from werkzeug import Response

    class Raw204(Response):
        """Werkzeug strips a 204's Content-Length: this one announces the body (without
        sending it, which HTTP clients would take for the start of a next response)."""

        def get_wsgi_headers(self, environ: Any) -> Any:
            headers = super().get_wsgi_headers(environ)
            headers["Content-Length"] = str(len(BODY_204))
            return headers

    def handler(request: Any) -> Any:
        code, headers, body = reply_for(request.path)
        response = (Raw204 if code == 204 and body else Response)(
            body, status=code, headers=_others(headers)
        )
        ctype = _content_type(headers)
        if ctype:
            response.headers["Content-Type"] = ctype
        else:
            del response.headers["Content-Type"]
        return response

    httpserver.expect_request(re.compile("^/")).respond_with_handler(handler)
    return str(httpserver.url_for("/")).rstrip("/")
