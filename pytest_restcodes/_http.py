"""HTTP facts that the helpers and the rules share, each written once.

Everything here reads a :class:`~pytest_restcodes._view.ResponseView` (or plain values)
and builds no text for people: the renderer does that.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._view import ResponseView

TRACEBACK_MARKS = (
    b"Traceback (most recent call last)",
    b"Werkzeug Debugger",
    b'<div id="traceback">',  # Django's technical 500 page
    b"<h2>Traceback <span",
    b'<p class="traceback-title">',  # Starlette's (so FastAPI's) debug page
)
"""Byte strings that show a body carries a server's stack trace or debugger page."""


def parse_allow(value: str | None) -> set[str]:
    """The methods an ``Allow`` header value lists, upper case (empty for None)."""
    if not value:
        return set()
    return {m.strip().upper() for m in value.split(",") if m.strip()}


def methods(value: Iterable[str] | str) -> set[str]:
    """Method names given by a user (a list, or a comma-separated string), upper case."""
    items = value.split(",") if isinstance(value, str) else value
    return {m.strip().upper() for m in items if m.strip()}


def content_length(view: ResponseView) -> int | None:
    """The Content-Length the response declares, None when absent or unreadable."""
    value = view.header("content-length")
    if value is None:
        return None
    try:
        return int(value.split(",")[0].strip())
    except ValueError:
        return None


def carries_content(view: ResponseView, *, trust_length: bool = True) -> str | None:
    """What shows that a response carries content (``"a body of 12 bytes"``,
    ``"Content-Length: 12"``), or None. ``trust_length=False`` looks at the bytes only
    (a 304's or a HEAD response's Content-Length describes another representation).
    Bytes on the wire count: a gzip stream of nothing is still content."""
    body = view.wire_body
    if body:
        return f"a body of {len(body):,} bytes"
    if trust_length:
        length = content_length(view)
        if length:
            return f"Content-Length: {length}"
    return None


def stack_trace_mark(body: bytes | None, scan: int) -> bytes | None:
    """The first traceback mark found in the first ``scan`` bytes of ``body`` (a view's
    ``body``: decoded, so a gzip-encoded debug page is seen too)."""
    if not body:
        return None
    head = body[:scan]
    for mark in TRACEBACK_MARKS:
        if mark in head:
            return mark
    return None


def join_values(values: Iterable[str]) -> str | None:
    """Repeated header values as one (RFC 9110 §5.3), None when there are none."""
    found = list(values)
    return ", ".join(found) if found else None


def path_of(url: str | None) -> str:
    """The path of a (masked) URL: ``/books/7`` of ``http://testserver/books/7?x=1``
    (string slicing: this runs once per response)."""
    if not url:
        return "/"
    scheme = url.find("://")
    if scheme != -1:
        start = url.find("/", scheme + 3)
        if start == -1:
            return "/"
        url = url[start:]
    for mark in ("?", "#"):
        cut = url.find(mark)
        if cut != -1:
            url = url[:cut]
    return url or "/"


def host_of(url: str | None) -> str | None:
    """``testserver`` of ``http://testserver:80/books`` (None without one)."""
    if not url:
        return None
    scheme = url.find("://")
    if scheme == -1:
        return None
    rest = url[scheme + 3 :]
    end = len(rest)
    for mark in "/?#":
        cut = rest.find(mark)
        if cut != -1:
            end = min(end, cut)
    netloc = rest[:end].rpartition("@")[2]
    return netloc.partition(":")[0] or None
