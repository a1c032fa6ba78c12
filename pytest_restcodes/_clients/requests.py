"""requests (also under responses and requests-mock)."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Client, Target


class RequestsAdapter(Adapter):
    name = "requests"
    history_attr = "history"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        raw_headers = getattr(getattr(r, "raw", None), "headers", None)
        if raw_headers is not None and hasattr(raw_headers, "getlist"):
            return pairs(raw_headers.items())
        return pairs(r.headers.items())

    def header(self, r: Any, name: str) -> str | None:
        return r.headers.get(name)  # type: ignore[no-any-return]

    def body(self, r: Any) -> bytes | None:
        content = getattr(r, "_content", False)
        return content if isinstance(content, bytes) else None

    def method(self, r: Any) -> str | None:
        req = r.request
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        req = r.request
        return (req.url if req is not None else r.url) or None

    def request_headers(self, r: Any) -> Headers:
        req = r.request
        return pairs(req.headers.items()) if req is not None else []


CLIENT = Client(
    name="requests",
    display="requests (and responses, requests-mock)",
    packages=("requests", "responses", "requests_mock"),
    types={"requests.models.Response": RequestsAdapter()},
    targets=(
        Target("requests.sessions:Session.send"),
        # requests-mock calls the Session.send it saved when it was imported
        Target("requests_mock.mocker:_original_send"),
    ),
    follow_off="pass allow_redirects=False to the call (requests.get(url, allow_redirects=False))",
)
