"""The Quart test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .._adapters import Adapter
from . import Args, Client, Kwargs, RequestInfo, Target, arg, request_info


class QuartAdapter(Adapter):
    name = "quart"
    index_headers = True

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.getlist(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        data = getattr(getattr(r, "response", None), "data", None)
        return data if isinstance(data, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "a streamed Quart body: not read, so it stays intact"


def _request(args: Args, kwargs: Kwargs, response: Any) -> RequestInfo:
    # QuartClient._make_request(self, path, method, headers, data, form, files,
    #                           query_string, json, scheme, ...)
    url = arg(args, kwargs, 1, "path", "/")
    query = arg(args, kwargs, 7, "query_string")
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    return request_info(arg(args, kwargs, 2, "method", "GET"), url, arg(args, kwargs, 3, "headers"))


def _quart_failed(args: Args, kwargs: Kwargs) -> tuple[BaseException | None, RequestInfo | None]:
    """Quart's got_request_exception(sender, exception=...), sent in the request context."""
    from .werkzeug import _context_request

    return kwargs.get("exception"), _context_request("quart")


CLIENT = Client(
    name="quart",
    display="the Quart test client",
    packages=("quart",),
    types={"quart.wrappers.response.Response": QuartAdapter()},
    targets=(
        Target("quart.testing.client:QuartClient.open", "async"),
        Target("quart.testing.client:QuartClient._make_request", "file", request=_request),
    ),
    follow_off="call the test client without follow_redirects=True",
    server=(Target("quart.signals:got_request_exception", "signal", tap=_quart_failed),),
)
