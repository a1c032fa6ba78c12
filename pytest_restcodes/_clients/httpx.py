"""httpx, sync and async (also respx, httpx2, and the Starlette/FastAPI and Litestar
TestClients, which are httpx clients)."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Args, Client, Kwargs, RequestInfo, Target, arg


class HttpxAdapter(Adapter):
    name = "httpx"
    history_attr = "history"
    index_headers = True  # one pass over the raw headers beats get_list() per name

    def reason(self, r: Any) -> str | None:
        return r.reason_phrase  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        headers = r.headers
        raw = getattr(headers, "raw", None)
        if type(raw) is not list:
            return pairs(headers.multi_items())
        # multi_items(), with its encoding read once instead of twice a header
        encoding = headers.encoding
        return [(key.lower().decode(encoding), value.decode(encoding)) for key, value in raw]

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.get_list(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        content = getattr(r, "_content", None)
        return content if isinstance(content, bytes) else None

    def _request(self, r: Any) -> Any:
        return getattr(r, "_request", None)  # .request raises on a hand-built response

    def method(self, r: Any) -> str | None:
        req = self._request(r)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        return self.url_from_source(self.url_source(r))

    def url_source(self, r: Any) -> Any:
        req = self._request(r)
        return req.url if req is not None else None

    def url_from_source(self, source: Any) -> str | None:
        return str(source) if source is not None else None

    def request_headers(self, r: Any) -> Headers:
        req = self._request(r)
        return pairs(req.headers.multi_items()) if req is not None else []


def scope_request(scope: Any) -> RequestInfo | None:
    """The request of an ASGI scope."""
    if not isinstance(scope, dict) or scope.get("type") != "http":
        return None
    return RequestInfo(scope.get("method"), scope.get("root_path", "") + scope.get("path", ""))


def _asgi_reraised(args: Args, kwargs: Kwargs) -> tuple[None, RequestInfo | None]:
    # ServerErrorMiddleware.__call__(self, scope, receive, send): the exception is the one
    # it re-raises (the wrapper has it)
    return None, scope_request(arg(args, kwargs, 1, "scope"))


def _litestar_failed(
    args: Args, kwargs: Kwargs
) -> tuple[BaseException | None, RequestInfo | None]:
    # handle_request_exception(self, litestar_app, scope, receive, send, exc)
    return arg(args, kwargs, 5, "exc"), scope_request(arg(args, kwargs, 2, "scope"))


_ADAPTER = HttpxAdapter()
_LITESTAR = "litestar.middleware._internal.exceptions.middleware"
_UVICORN = "uvicorn.protocols.http"

CLIENT = Client(
    name="httpx",
    display="httpx (sync and async, respx, httpx2), the Starlette/FastAPI and Litestar "
    "TestClients",
    packages=("httpx", "httpx2", "respx", "starlette", "fastapi", "litestar"),
    types={
        "httpx.Response": _ADAPTER,
        "httpx._models.Response": _ADAPTER,
        "httpx2.Response": _ADAPTER,
        "httpx2._models.Response": _ADAPTER,
    },
    targets=(
        Target("httpx:Client.send"),
        Target("httpx:AsyncClient.send", "async"),
        # Starlette's TestClient uses httpx2 when that package is installed
        Target("httpx2:Client.send"),
        Target("httpx2:AsyncClient.send", "async"),
    ),
    follow_off="pass follow_redirects=False to the call (the Starlette/FastAPI and Litestar "
    "TestClients follow by default)",
    server=(
        Target(
            "starlette.middleware.errors:ServerErrorMiddleware.__call__",
            "araised",
            tap=_asgi_reraised,
        ),
        Target(
            f"{_LITESTAR}:ExceptionHandlerMiddleware.handle_request_exception",
            "ahandler",
            tap=_litestar_failed,
        ),
        # a live server in a thread of the test process: each request's task
        Target(f"{_UVICORN}.h11_impl:RequestResponseCycle.run_asgi", "aserving"),
        Target(f"{_UVICORN}.httptools_impl:RequestResponseCycle.run_asgi", "aserving"),
    ),
)
