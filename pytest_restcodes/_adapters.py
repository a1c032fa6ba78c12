"""How to read a response of any supported client: the adapter interface and its registry.

Each client's adapter lives in its own module under ``_clients``; this module holds the
base class, the look-up (by the names in the response type's MRO, so no client library
is ever imported), and :func:`register_adapter` for response types of the user's own.
Every body access is careful never to consume a stream: a body the test has not read is
reported as unread, not read on its behalf.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

Headers = list[tuple[str, str]]

NOT_READ = "not read by the test (streamed response): not shown, so the stream stays intact"


def pairs(items: Iterable[Any]) -> Headers:
    return [(str(k), str(v)) for k, v in items]


def _filed(r: Any) -> Any:
    from ._session import filed  # the request the checker filed for ``r``, if any

    return filed(r)


class Adapter:
    """How to read one client's responses. Subclasses override what their client offers."""

    name = "custom"
    status_attr: str | None = "status_code"
    """The attribute holding the status code as an int (None: call ``status()``). Read
    directly where it is not None: a subclass that overrides ``status()`` sets it to None."""
    index_headers = False
    """True where one pass over all headers beats the client's own look-up."""
    captured = True
    """False for a registered type whose client the checker does not wrap."""
    history_attr: str | None = None
    """The response's attribute that holds the redirect hops its client followed (a list
    or tuple, oldest first), where the client keeps them; None: the hops the checker filed
    as the response passed through a wrapped call. The checker reads it without a call."""

    def status(self, r: Any) -> int:
        return int(getattr(r, self.status_attr or "status_code"))

    def reason(self, r: Any) -> str | None:
        return None

    def headers(self, r: Any) -> Headers:
        return pairs(r.headers.items())

    def header(self, r: Any, name: str) -> str | None:
        """One header's value (repeated values joined with ", "), None when absent."""
        lname = name.lower()
        values = [v for k, v in self.headers(r) if k.lower() == lname]
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        """The body if the test has read it (or it is safely bufferable), else None."""
        return None

    def unread_reason(self, r: Any) -> str:
        return NOT_READ

    # The request, for clients whose responses do not carry it: what the checker filed
    # when the response passed through a wrapped call (see _clients.Target.request).

    def method(self, r: Any) -> str | None:
        info = _filed(r).request
        return info.method if info else None

    def url(self, r: Any) -> str | None:
        info = _filed(r).request
        return info.url if info else None

    def request_headers(self, r: Any) -> Headers:
        info = _filed(r).request
        return list(info.headers) if info else []

    def url_source(self, r: Any) -> Any:
        """Something cheap to keep from which ``url_from_source`` builds the URL later
        (the checker keeps it instead of the response)."""
        return self.url(r)

    def url_from_source(self, source: Any) -> str | None:
        return source  # type: ignore[no-any-return]

    def history(self, r: Any) -> list[Any]:
        """Earlier redirect hops, oldest first (responses of the same client)."""
        attr = self.history_attr
        if attr is None:
            return list(_filed(r).hops)
        hops = getattr(r, attr, None)
        return list(hops) if hops else []

    def redirect_chain(self, r: Any) -> list[tuple[int, str | None]]:
        """The redirects the client followed to reach ``r``: (status, Location) each."""
        chain = []
        for hop in self.history(r):
            adapter = adapter_for(hop)
            if adapter is not None:
                chain.append((adapter.status(hop), adapter.header(hop, "location")))
        return chain

    def exception(self, r: Any) -> str | None:
        """What the framework tells of a server-side exception, if anything."""
        return None


class _Custom(Adapter):
    """An adapter made of the callables given to ``register_adapter``."""

    def __init__(
        self,
        name: str,
        status: Callable[[Any], int],
        headers: Callable[[Any], Mapping[str, str] | Iterable[tuple[str, str]]],
        body: Callable[[Any], bytes | str | None] | None,
        reason: Callable[[Any], str | None] | None,
        method: Callable[[Any], str | None] | None,
        url: Callable[[Any], str | None] | None,
        request_headers: Callable[[Any], Mapping[str, str] | Iterable[tuple[str, str]]] | None,
        captured: bool,
    ) -> None:
        self.name = name
        self.status_attr = None
        self.captured = captured
        self._status = status
        self._headers = headers
        self._body = body
        self._reason = reason
        self._method = method
        self._url = url
        self._request_headers = request_headers

    @staticmethod
    def _as_pairs(value: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Headers:
        if value is None:
            return []
        if isinstance(value, Mapping):
            return pairs(value.items())
        items = getattr(value, "items", None)
        if callable(items):
            return pairs(items())
        return pairs(value)

    def status(self, r: Any) -> int:
        return int(self._status(r))

    def reason(self, r: Any) -> str | None:
        return self._reason(r) if self._reason else None

    def headers(self, r: Any) -> Headers:
        return self._as_pairs(self._headers(r))

    def body(self, r: Any) -> bytes | None:
        if self._body is None:
            return None
        body = self._body(r)
        return body.encode() if isinstance(body, str) else body

    def unread_reason(self, r: Any) -> str:
        if self._body is None:
            return "the adapter registered for this type gives no body"
        return NOT_READ

    def method(self, r: Any) -> str | None:
        return self._method(r) if self._method else super().method(r)

    def url(self, r: Any) -> str | None:
        return self._url(r) if self._url else super().url(r)

    def request_headers(self, r: Any) -> Headers:
        if self._request_headers:
            return self._as_pairs(self._request_headers(r))
        return super().request_headers(r)


class _Registry:
    """Response type names -> adapters: the clients' own, then the user's registrations."""

    def __init__(self) -> None:
        self.known: dict[str, Adapter] | None = None
        self.custom: dict[str, Adapter] = {}
        self.custom_targets: dict[str, tuple[str, ...]] = {}  # type name -> its calls

    def names(self) -> dict[str, Adapter]:
        known = self.known
        if known is None:
            from ._clients import clients

            known = {}
            for client in clients():
                known.update(client.types)
            self.known = known
        return known

    def lookup(self, cls: type) -> Adapter | None:
        custom, known = self.custom, self.names()
        for klass in cls.__mro__:
            key = f"{klass.__module__}.{klass.__qualname__}"
            found = custom.get(key) or known.get(key)
            if found is not None:
                return found
        return None


_REGISTRY = _Registry()

_BY_TYPE: dict[type, Adapter] = {}
"""Response types already resolved to an adapter. Only types that resolved are kept: a
type that did not (a Mock's class, made anew for each mock) is looked up each time,
so that nothing keeps it, or the mock it belongs to, alive."""
_FAST: set[type] = set()
"""Response types whose status is their ``status_code`` int, filled by the helpers as they
meet them: a helper's passing path is then a set test and one attribute read."""


def adapter_for(obj: Any) -> Adapter | None:
    """The adapter for ``obj``'s type, or None for an unknown type."""
    cls = type(obj)
    found = _BY_TYPE.get(cls)
    if found is None:
        found = _REGISTRY.lookup(cls)
        if found is not None:
            _BY_TYPE[cls] = found
    return found


def custom_targets() -> tuple[str, ...]:
    """The calls named with ``register_adapter(..., capture=[...])``."""
    return tuple(t for targets in _REGISTRY.custom_targets.values() for t in targets)


def _target(value: Any) -> str:
    """``"module:Owner.name"`` from that form or a dotted ``"module.Owner.name"``."""
    if not isinstance(value, str) or not value.strip(".: ") or " " in value:
        raise ValueError(
            "register_adapter(): capture= takes names of the calls that return responses, "
            f"such as 'mypackage.client:Client.send' or 'mypackage.client.Client.send'; "
            f"got {value!r}"
        )
    if ":" in value:
        return value
    parts = value.split(".")
    for end in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:end])
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is not None:
            return f"{module}:{'.'.join(parts[end:])}"
    raise ValueError(
        f"register_adapter(): capture={value!r}: no importable module in that name; "
        "write it as 'module:Class.method'"
    )


def register_adapter(
    cls: type | str,
    *,
    status: Callable[[Any], int],
    headers: Callable[[Any], Mapping[str, str] | Iterable[tuple[str, str]]],
    body: Callable[[Any], bytes | str | None] | None = None,
    reason: Callable[[Any], str | None] | None = None,
    method: Callable[[Any], str | None] | None = None,
    url: Callable[[Any], str | None] | None = None,
    request_headers: Callable[[Any], Mapping[str, str] | Iterable[tuple[str, str]]] | None = None,
    capture: Sequence[str] = (),
) -> None:
    """Teach pytest-restcodes to read responses of another type.

    ``cls`` is the response class, or its ``"module.QualName"`` (subclasses match too).
    Each callable receives the response object. ``body`` must return the body only if it
    is already in memory (None otherwise): it must never consume a stream. ``capture``
    names the calls that return such responses (``"mypackage.client:Client.send"``, a
    method or a module-level function, sync or async): the checker then sees every
    response they return. A registration replaces any earlier one for the same class.
    """
    if isinstance(cls, type):
        key = f"{cls.__module__}.{cls.__qualname__}"
        name = cls.__qualname__
    elif isinstance(cls, str) and "." in cls.strip(".") and " " not in cls:
        key = cls
        name = cls.rpartition(".")[2]
    else:
        raise TypeError(
            "register_adapter() takes a class or a 'module.QualName' string "
            f"(for example 'mypackage.client.Response'), got {cls!r}"
        )
    for label, fn in (("status", status), ("headers", headers)):
        if not callable(fn):
            raise TypeError(f"register_adapter(): {label}= must be callable, got {fn!r}")
    for label, opt in (
        ("body", body),
        ("reason", reason),
        ("method", method),
        ("url", url),
        ("request_headers", request_headers),
    ):
        if opt is not None and not callable(opt):
            raise TypeError(f"register_adapter(): {label}= must be callable or None, got {opt!r}")
    if isinstance(capture, str):
        capture = (capture,)
    targets = tuple(_target(t) for t in capture)
    _REGISTRY.custom[key] = _Custom(
        name, status, headers, body, reason, method, url, request_headers, bool(targets)
    )
    _REGISTRY.custom_targets[key] = targets
    _BY_TYPE.clear()
    _FAST.clear()


def unsupported(obj: Any, where: str) -> TypeError:
    """The TypeError raised for an object that is not a known response."""
    from ._clients import supported

    if obj is None:
        kind = "None"
    else:
        cls = type(obj)
        module = cls.__module__
        kind = cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"
    return TypeError(
        f"{where} expects an HTTP response, got {kind}. Supported: {supported()}. "
        "For another response type, call pytest_restcodes.register_adapter() first, "
        "e.g. in conftest.py: register_adapter(MyResponse, status=lambda r: r.status, "
        "headers=lambda r: r.headers)."
    )
