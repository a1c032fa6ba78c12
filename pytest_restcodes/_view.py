"""A lazy, cached view of one response: each fact is read from the client once, on demand.

The body comes in two forms. ``wire_body`` is the bytes as the client holds them (what
"carries content" is about). ``body`` is what the rules and the messages read: the same
bytes with a Content-Encoding the client left in place undone (in-process test clients
such as werkzeug's and Django's hand back gzip as it was sent; requests and httpx decode
it themselves) and text in a declared charset other than UTF-8 turned into UTF-8. So every
reader of ``body`` can take it as UTF-8 text or JSON; it never reads a stream.
"""

from __future__ import annotations

from typing import Any

from ._adapters import Adapter, Headers, adapter_for, unsupported
from ._body import (
    DECODE_CAP,
    NO_JSON,
    UTF8,
    Decoded,
    charset_of,
    decode_content,
    is_textual,
    parse_json,
    to_utf8,
)

_UNSET: Any = object()


class ResponseView:
    """Status, reason, headers, body and request of one response, read lazily."""

    # What is not read yet holds its class default: creating a view stores three fields,
    # and each fact is read (and stored on the instance) only when something asks for it.
    _reason: Any = _UNSET
    _headers: Any = _UNSET
    _hmap: dict[str, str] | None = None
    _body: Any = _UNSET
    _wire: Any = _UNSET
    _coding: Decoded | None = None
    _charset: str | None = None
    _method: Any = _UNSET
    _url: Any = _UNSET
    _req_headers: Any = _UNSET
    _ctype: Any = _UNSET
    _json: Any = _UNSET
    operation: Any = None
    """The OpenAPI operation of the request, when a document is configured."""

    def __init__(self, raw: Any, adapter: Adapter) -> None:
        self.raw = raw
        self.adapter = adapter
        attr = adapter.status_attr
        if attr is None:  # read by a callable (a registered type)
            self.status: int = adapter.status(raw)
        else:  # Adapter.status, inlined: the hot path
            status = getattr(raw, attr)
            self.status = status if type(status) is int else int(status)

    @classmethod
    def of(cls, raw: Any, where: str) -> ResponseView:
        """The view of ``raw``; TypeError naming what is supported for anything else."""
        if isinstance(raw, ResponseView):
            return raw
        adapter = adapter_for(raw)
        if adapter is None:
            raise unsupported(raw, where)
        return cls(raw, adapter)

    @property
    def client(self) -> str:
        return self.adapter.name

    @property
    def reason(self) -> str | None:
        if self._reason is _UNSET:
            self._reason = self._safe(self.adapter.reason, None)
        return self._reason  # type: ignore[no-any-return]

    @property
    def headers(self) -> Headers:
        if self._headers is _UNSET:
            self._headers = self._safe(self.adapter.headers, [])
        return self._headers  # type: ignore[no-any-return]

    def header(self, name: str) -> str | None:
        """One header's value, repeated values joined with ", "; None when absent."""
        hmap = self._hmap
        if hmap is None:
            if not (self.adapter.index_headers or self._headers is not _UNSET):
                try:
                    return self.adapter.header(self.raw, name)
                except Exception:
                    return None
            # one pass over the headers, then a dict hit per look-up (werkzeug's Headers
            # raise and catch an exception for every absent name)
            headers = self._headers
            if headers is _UNSET:
                try:
                    headers = self._headers = self.adapter.headers(self.raw)
                except Exception:
                    headers = self._headers = []
            hmap = self._hmap = {key.lower(): value for key, value in headers}
            if len(hmap) < len(headers):  # a name repeated: its values joined, in order
                hmap = self._hmap = {}
                for key, value in headers:
                    lkey = key.lower()
                    hmap[lkey] = f"{hmap[lkey]}, {value}" if lkey in hmap else value
        return hmap.get(name.lower())

    def has_header(self, name: str) -> bool:
        return self.header(name) is not None

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters ('' when absent)."""
        if self._ctype is _UNSET:
            value = self.header("content-type")
            if value:
                media, sep, _ = value.partition(";")
                self._ctype = media.strip().lower()
                self._charset = charset_of(value) if sep else None
            else:
                self._ctype = ""
        return self._ctype  # type: ignore[no-any-return]

    @property
    def charset(self) -> str | None:
        """The Content-Type's charset parameter, lower case (None when absent)."""
        if self._ctype is _UNSET:
            self.content_type  # noqa: B018  (reads the charset with the media type)
        return self._charset

    def json(self, cap: int) -> Any:
        """The parsed body if it was read, is at most ``cap`` bytes and is JSON; else
        ``NO_JSON``. Parsed once per view."""
        if self._json is _UNSET:
            body = self.body
            self._json = (
                parse_json(body, self.content_type) if body and len(body) <= cap else NO_JSON
            )
        return self._json

    @property
    def body(self) -> bytes | None:
        """The body's content, as rules and messages read it; None when it must not be
        read (a stream the test has not consumed).

        These are the client's bytes (``wire_body``) with any Content-Encoding the client
        left in place undone (gzip, x-gzip, deflate; br and zstd when their modules are
        installed: at most ``DECODE_CAP`` bytes of output, see ``body_cut``), and text in a
        declared charset other than UTF-8 re-encoded as UTF-8. Worked out once, on first
        use, and only from a body already read."""
        if self._body is _UNSET:
            wire = self._wire
            if wire is _UNSET:  # wire_body, inlined: the hot path
                try:
                    wire = self._wire = self.adapter.body(self.raw)
                except Exception:
                    wire = self._wire = None
            self._body = self._content(wire) if wire else wire
        return self._body  # type: ignore[no-any-return]

    @property
    def wire_body(self) -> bytes | None:
        """The body as the client holds it (still compressed if the client did not decode
        it); None when it must not be read."""
        if self._wire is _UNSET:
            try:
                self._wire = self.adapter.body(self.raw)
            except Exception:
                self._wire = None
        return self._wire  # type: ignore[no-any-return]

    @property
    def body_coding(self) -> str | None:
        """The content codings ``body`` has undone (``"gzip"``); None when the client had
        decoded the body itself, or it was not encoded."""
        self.body  # noqa: B018
        return self._coding.undone if self._coding else None

    @property
    def body_cut(self) -> bool:
        """True when ``body`` holds only the first ``DECODE_CAP`` bytes of a compressed body
        (or a compressed stream that was truncated)."""
        self.body  # noqa: B018
        return self._coding.cut if self._coding else False

    @property
    def body_encoded(self) -> str | None:
        """Content codings ``body`` may still carry, that the plugin could not undo or
        check (br or zstd without their module, an unknown coding): the body is then not
        known to be the content, and nothing should be concluded from its bytes."""
        self.body  # noqa: B018
        return self._coding.left if self._coding else None

    def _content(self, wire: bytes) -> bytes:
        coding = self.header("content-encoding")
        charset = self.charset
        if not coding and (charset is None or charset in UTF8):
            return wire  # the common case: nothing to undo
        body = wire
        try:
            if coding:
                decoded = decode_content(wire, coding, DECODE_CAP)
                if decoded is not None:
                    body = decoded.body
                    self._coding = decoded
            if charset is not None and charset not in UTF8 and is_textual(self.content_type):
                body = to_utf8(body, charset) or body
        except Exception:  # nothing a server sends makes the plugin raise
            return body
        return body

    @property
    def unread_reason(self) -> str:
        return self.adapter.unread_reason(self.raw)

    @property
    def method(self) -> str | None:
        if self._method is _UNSET:
            try:
                method = self.adapter.method(self.raw)
            except Exception:
                method = None
            self._method = method.upper() if isinstance(method, str) else None
        return self._method  # type: ignore[no-any-return]

    @property
    def url(self) -> str | None:
        if self._url is _UNSET:
            try:
                url = self.adapter.url(self.raw)
            except Exception:
                url = None
            self._url = str(url) if url else None
        return self._url  # type: ignore[no-any-return]

    @property
    def request_headers(self) -> Headers:
        if self._req_headers is _UNSET:
            self._req_headers = self._safe(self.adapter.request_headers, [])
        return self._req_headers  # type: ignore[no-any-return]

    def request_header(self, name: str) -> str | None:
        lname = name.lower()
        values = [v for k, v in self.request_headers if k.lower() == lname]
        return ", ".join(values) if values else None

    def history(self) -> list[ResponseView]:
        try:
            hops = self.adapter.history(self.raw)
        except Exception:
            return []
        if not hops:
            return []
        views = []
        for hop in hops:
            adapter = adapter_for(hop)
            if adapter is not None:
                views.append(ResponseView(hop, adapter))
        return views

    def redirects(self) -> list[tuple[int, str | None]]:
        """The redirects the client followed to reach this response (status, Location)."""
        return self._safe(self.adapter.redirect_chain, [])  # type: ignore[no-any-return]

    def exception(self) -> str | None:
        return self._safe(self.adapter.exception, None)  # type: ignore[no-any-return]

    def _safe(self, fn: Any, default: Any) -> Any:
        # A client that cannot tell (a hand-built response, an unusual subclass) reads as
        # "unknown": never an AttributeError from inside the plugin.
        try:
            return fn(self.raw)
        except Exception:
            return default
