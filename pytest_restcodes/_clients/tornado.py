"""Tornado's AsyncHTTPClient (also tornado.testing's fetch)."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Args, Client, Kwargs, RequestInfo, Target


class TornadoAdapter(Adapter):
    name = "tornado"
    status_attr = "code"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        return pairs(r.headers.get_all())

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.get_list(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        if getattr(getattr(r, "request", None), "streaming_callback", None) is not None:
            return None  # the body went to the callback: the empty buffer is not the body
        buffer = getattr(r, "buffer", None)
        if buffer is None:
            return b""
        body = r.body
        return body if isinstance(body, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "streamed to the request's streaming_callback: not kept, so not shown"

    def method(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        return getattr(r, "effective_url", None) or getattr(r.request, "url", None)

    def request_headers(self, r: Any) -> Headers:
        req = getattr(r, "request", None)
        headers = getattr(req, "headers", None)
        return pairs(headers.get_all()) if headers is not None else []


def _tornado_failed(
    args: Args, kwargs: Kwargs
) -> tuple[BaseException | None, RequestInfo | None]:
    # RequestHandler.log_exception(self, typ, value, tb)
    handler = args[0]
    value = args[2] if len(args) > 2 else kwargs.get("value")
    req = getattr(handler, "request", None)
    return value, RequestInfo(req.method, req.path) if req is not None else None


CLIENT = Client(
    name="tornado",
    display="Tornado",
    packages=("tornado",),
    types={"tornado.httpclient.HTTPResponse": TornadoAdapter()},
    targets=(Target("tornado.httpclient:AsyncHTTPClient.fetch", "future"),),
    follow_off="pass follow_redirects=False to fetch()",
    server=(Target("tornado.web:RequestHandler.log_exception", "handler", tap=_tornado_failed),),
)
