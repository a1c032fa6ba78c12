"""aiohttp's ClientSession (also pytest-aiohttp's test client)."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Args, Client, Kwargs, Target


class AiohttpAdapter(Adapter):
    name = "aiohttp"
    history_attr = "history"
    status_attr = "status"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.getall(name, ())
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        body = getattr(r, "_body", None)
        return body if isinstance(body, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "not read by the test yet (await resp.read() or .json() first): not shown"

    def method(self, r: Any) -> str | None:
        return r.request_info.method  # type: ignore[no-any-return]

    def url(self, r: Any) -> str | None:
        return str(r.request_info.url)

    def request_headers(self, r: Any) -> Headers:
        return pairs(r.request_info.headers.items())


def _aiohttp_failed(args: Args, kwargs: Kwargs) -> tuple[BaseException | None, None]:
    # RequestHandler.log_exception(self, message, ..., exc_info=exc): no request in reach,
    # the client call whose 5xx comes next claims it
    exc = kwargs.get("exc_info")
    return (exc if isinstance(exc, BaseException) else None), None


CLIENT = Client(
    name="aiohttp",
    display="aiohttp (and pytest-aiohttp)",
    packages=("aiohttp", "pytest_aiohttp"),
    types={"aiohttp.client_reqrep.ClientResponse": AiohttpAdapter()},
    targets=(
        # the test client's own call, outermost: it knows the app (for coverage's routes);
        # the session's call it makes is nested, and any other session's is recorded
        Target("aiohttp.test_utils:TestClient._request", "async"),
        Target("aiohttp.client:ClientSession._request", "async"),
    ),
    follow_off="pass allow_redirects=False to the call",
    server=(
        Target("aiohttp.web_protocol:RequestHandler.log_exception", "handler", tap=_aiohttp_failed),
    ),
)
