"""urllib3 (PoolManager and connection pools; also urllib3-future, niquests' fork)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from .._adapters import Adapter
from . import Args, Client, Kwargs, RequestInfo, Target, arg, request_info


class Urllib3Adapter(Adapter):
    name = "urllib3"
    status_attr = "status"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.getlist(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        body = getattr(r, "_body", None)
        return body if isinstance(body, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "not read by the test (preload_content=False): not shown, so the stream stays intact"

    def url(self, r: Any) -> str | None:
        found = Adapter.url(self, r)
        return found or getattr(r, "url", None)


def _pool_manager_request(args: Args, kwargs: Kwargs, response: Any) -> RequestInfo:
    # PoolManager.urlopen(self, method, url, redirect=True, **kw)
    url = arg(args, kwargs, 2, "url")
    final = getattr(response, "url", None)  # the last hop's target when redirected
    if isinstance(url, str) and isinstance(final, str) and final:
        url = urljoin(url, final)
    headers = kwargs.get("headers", getattr(args[0], "headers", None) if args else None)
    return request_info(arg(args, kwargs, 1, "method"), url, headers)


def _pool_request(args: Args, kwargs: Kwargs, response: Any) -> RequestInfo:
    # HTTPConnectionPool.urlopen(self, method, url, body=None, headers=None, ...)
    url = arg(args, kwargs, 2, "url")
    final = getattr(response, "url", None)
    if isinstance(final, str) and final:
        url = final if not isinstance(url, str) else urljoin(url, final)
    pool = args[0] if args else None
    if isinstance(url, str) and url.startswith("/") and pool is not None:
        host = getattr(pool, "host", "")
        port = getattr(pool, "port", None)
        netloc = f"[{host}]" if ":" in host else host
        if port is not None:
            netloc = f"{netloc}:{port}"
        url = f"{getattr(pool, 'scheme', 'http')}://{netloc}{url}"
    return request_info(arg(args, kwargs, 1, "method"), url, arg(args, kwargs, 4, "headers"))


_ADAPTER = Urllib3Adapter()

CLIENT = Client(
    name="urllib3",
    display="urllib3",
    packages=("urllib3",),
    types={
        "urllib3.response.BaseHTTPResponse": _ADAPTER,
        # urllib3-future (installed with niquests, under the name urllib3 or its own)
        "urllib3.response.HTTPResponse": _ADAPTER,
        "urllib3_future.response.HTTPResponse": _ADAPTER,
    },
    targets=(
        Target("urllib3.poolmanager:PoolManager.urlopen", request=_pool_manager_request),
        Target("urllib3.connectionpool:HTTPConnectionPool.urlopen", request=_pool_request),
    ),
    follow_off="pass redirect=False to the call",
)
