"""WebTest's TestApp."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Client, Target, reason_from_status_line


class WebTestAdapter(Adapter):
    name = "webtest"
    status_attr = "status_int"
    index_headers = True

    def reason(self, r: Any) -> str | None:
        return reason_from_status_line(r.status)

    def headers(self, r: Any) -> Headers:
        return pairs(r.headerlist)

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.getall(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        body = r.body
        return body if isinstance(body, bytes) else None

    def method(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.url if req is not None else None

    def request_headers(self, r: Any) -> Headers:
        req = getattr(r, "request", None)
        return pairs(req.headers.items()) if req is not None else []


CLIENT = Client(
    name="webtest",
    display="WebTest",
    packages=("webtest",),
    types={"webtest.response.TestResponse": WebTestAdapter()},
    targets=(
        Target("webtest.app:TestApp.do_request"),
        # an unexpected status raises AppError inside do_request: the checks carry it out
        Target("webtest.app:TestApp._check_status", "tag", tag_arg=(2, "res")),
        Target("webtest.app:TestApp._check_errors", "tag", tag_arg=(1, "res")),
        Target("webtest.response:TestResponse.maybe_follow", skip_arg=0),
    ),
    follow_off="do not call .follow() or .maybe_follow() on the response",
)
