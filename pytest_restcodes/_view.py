"""A lazy, cached view of one response: each fact is read from the client once, on demand."""

from __future__ import annotations

from typing import Any

from ._adapters import Adapter, Headers, adapter_for, unsupported
from ._body import NO_JSON, parse_json

_UNSET: Any = object()


class ResponseView:
    """Status, reason, headers, body and request of one response, read lazily."""

    __slots__ = (
        "_body",
        "_ctype",
        "_headers",
        "_hmap",
        "_json",
        "_method",
        "_reason",
        "_req_headers",
        "_url",
        "adapter",
        "raw",
        "status",
    )

    def __init__(self, raw: Any, adapter: Adapter) -> None:
        self.raw = raw
        self.adapter = adapter
        self.status: int = adapter.status(raw)
        self._reason: Any = _UNSET
        self._headers: Any = _UNSET
        self._hmap: dict[str, str] | None = None
        self._body: Any = _UNSET
        self._method: Any = _UNSET
        self._url: Any = _UNSET
        self._req_headers: Any = _UNSET
        self._ctype: Any = _UNSET
        self._json: Any = _UNSET

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
        if hmap is None and (self.adapter.index_headers or self._headers is not _UNSET):
            # one pass over the headers, then a dict hit per look-up (werkzeug's Headers
            # raise and catch an exception for every absent name)
            hmap = {}
            for key, value in self.headers:
                lkey = key.lower()
                hmap[lkey] = f"{hmap[lkey]}, {value}" if lkey in hmap else value
            self._hmap = hmap
        if hmap is not None:
            return hmap.get(name.lower())
        try:
            return self.adapter.header(self.raw, name)
        except Exception:
            return None

    def has_header(self, name: str) -> bool:
        return self.header(name) is not None

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters ('' when absent)."""
        if self._ctype is _UNSET:
            value = self.header("content-type")
            self._ctype = value.split(";", 1)[0].strip().lower() if value else ""
        return self._ctype  # type: ignore[no-any-return]

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
        """The body if already read (or safely bufferable); None when it must not be read."""
        if self._body is _UNSET:
            try:
                self._body = self.adapter.body(self.raw)
            except Exception:
                self._body = None
        return self._body  # type: ignore[no-any-return]

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
