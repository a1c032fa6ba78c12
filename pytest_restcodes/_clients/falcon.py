"""Falcon's testing client (WSGI and ASGI apps)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .._adapters import Adapter
from . import Args, Client, Kwargs, RequestInfo, Target, arg, reason_from_status_line, request_info


class FalconAdapter(Adapter):
    name = "falcon"

    def reason(self, r: Any) -> str | None:
        status = r.status
        text = reason_from_status_line(status)
        if text is None and hasattr(status, "phrase"):
            text = status.phrase
        return text

    def header(self, r: Any, name: str) -> str | None:
        return r.headers.get(name)  # type: ignore[no-any-return]

    def body(self, r: Any) -> bytes | None:
        content = getattr(r, "content", None)
        return content if isinstance(content, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "a streamed Falcon result: not read, so it stays intact"


def _request(args: Args, kwargs: Kwargs, response: Any) -> RequestInfo:
    # simulate_request(app, method='GET', path='/', query_string=None, headers=None, ...)
    # and _simulate_request_asgi, with the same first five parameters
    url = arg(args, kwargs, 2, "path", "/")
    query = arg(args, kwargs, 3, "query_string")
    params = kwargs.get("params")
    if query:
        url = f"{url}?{query}"
    elif params:
        url = f"{url}?{urlencode(params, doseq=not kwargs.get('params_csv', False))}"
    return request_info(arg(args, kwargs, 1, "method", "GET"), url, arg(args, kwargs, 4, "headers"))


def _falcon_failed(args: Args, kwargs: Kwargs) -> tuple[BaseException | None, RequestInfo | None]:
    # App._handle_exception(self, req, resp, ex, params), sync and ASGI
    ex = arg(args, kwargs, 3, "ex")
    if type(ex).__module__.startswith("falcon."):
        return None, None  # an HTTPError or HTTPStatus Falcon answers as such
    req = arg(args, kwargs, 1, "req")
    return ex, RequestInfo(req.method, req.path) if req is not None else None


CLIENT = Client(
    name="falcon",
    display="Falcon's testing client",
    packages=("falcon",),
    types={"falcon.testing.client._ResultBase": FalconAdapter()},
    targets=(
        Target("falcon.testing.client:simulate_request", request=_request),
        Target("falcon.testing.client:_simulate_request_asgi", "async", request=_request),
        Target("falcon.testing:simulate_request", request=_request),
    ),
    server=(
        Target("falcon.app:App._handle_exception", "handler", tap=_falcon_failed),
        Target("falcon.asgi.app:App._handle_exception", "ahandler", tap=_falcon_failed),
    ),
)
