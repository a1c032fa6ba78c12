"""One view of a response, whatever client produced it.

Types are recognised by the names in their MRO, so no client library is ever imported
here; the verdict is cached per type. Every body access is careful never to consume a
stream: a body the test has not read is reported as unread, not read on its behalf.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._reqinfo import request_info

Headers = list[tuple[str, str]]

NOT_READ = "not read by the test (streamed response): not shown, so the stream stays intact"


def _pairs(items: Iterable[Any]) -> Headers:
    return [(str(k), str(v)) for k, v in items]


class Adapter:
    """How to read one client's responses. Subclasses override what their client offers."""

    name = "custom"
    status_attr: str | None = "status_code"
    """The attribute holding the status code as an int (None: call ``status()``)."""
    index_headers = False
    """True where one pass over all headers beats the client's own look-up."""

    def status(self, r: Any) -> int:
        return int(getattr(r, self.status_attr or "status_code"))

    def reason(self, r: Any) -> str | None:
        return None

    def headers(self, r: Any) -> Headers:
        return _pairs(r.headers.items())

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

    def method(self, r: Any) -> str | None:
        info = request_info(r)
        return info.method if info else None

    def url(self, r: Any) -> str | None:
        info = request_info(r)
        return info.url if info else None

    def request_headers(self, r: Any) -> Headers:
        info = request_info(r)
        return list(info.headers) if info else []

    def url_source(self, r: Any) -> Any:
        """Something cheap to keep from which ``url_from_source`` builds the URL later
        (the checker keeps it instead of the response)."""
        return self.url(r)

    def url_from_source(self, source: Any) -> str | None:
        return source  # type: ignore[no-any-return]

    def history(self, r: Any) -> list[Any]:
        """Earlier redirect hops, oldest first (responses of the same client)."""
        return []

    def exception(self, r: Any) -> str | None:
        """What the framework tells of a server-side exception, if anything."""
        return None


class _Requests(Adapter):
    name = "requests"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        raw_headers = getattr(getattr(r, "raw", None), "headers", None)
        if raw_headers is not None and hasattr(raw_headers, "getlist"):
            return _pairs(raw_headers.items())
        return _pairs(r.headers.items())

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
        return _pairs(req.headers.items()) if req is not None else []

    def history(self, r: Any) -> list[Any]:
        hops = r.history
        return list(hops) if hops else []


class _Httpx(Adapter):
    name = "httpx"

    def reason(self, r: Any) -> str | None:
        return r.reason_phrase  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        return _pairs(r.headers.multi_items())

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.get_list(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        content = getattr(r, "_content", None)
        return content if isinstance(content, bytes) else None

    def _request(self, r: Any) -> Any:
        return getattr(r, "_request", None)

    def method(self, r: Any) -> str | None:
        req = self._request(r)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        return self.url_from_source(self.url_source(r))

    def url_source(self, r: Any) -> Any:
        req = self._request(r)
        return req.url if req is not None else None

    def url_from_source(self, source: Any) -> str | None:
        return str(source) if source is not None else None

    def request_headers(self, r: Any) -> Headers:
        req = self._request(r)
        return _pairs(req.headers.multi_items()) if req is not None else []

    def history(self, r: Any) -> list[Any]:
        hops = r.history
        return list(hops) if hops else []


def _reason_from_status_line(status: Any) -> str | None:
    if isinstance(status, str):
        _, _, rest = status.partition(" ")
        return rest or None
    return None


# headers whose repeated values are joined; for the others the first value is enough,
# and a plain get() is twice as fast as getlist() on werkzeug's Headers
_MULTI = frozenset({"allow", "set-cookie", "www-authenticate", "vary", "link", "cache-control"})


class _Werkzeug(Adapter):
    name = "werkzeug"
    index_headers = True

    def reason(self, r: Any) -> str | None:
        text = _reason_from_status_line(r.status)
        return text.title() if text and text.isupper() else text

    def headers(self, r: Any) -> Headers:
        return r.headers.to_wsgi_list()  # type: ignore[no-any-return]

    def header(self, r: Any, name: str) -> str | None:
        if name.lower() not in _MULTI:
            return r.headers.get(name)  # type: ignore[no-any-return]
        values = r.headers.getlist(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        if getattr(r, "direct_passthrough", False):
            return None
        try:
            data = r.get_data()
        except RuntimeError:
            return None
        return data if isinstance(data, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "a direct passthrough response (e.g. send_file): not read, so it stays intact"

    def method(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        found = self.url_from_source(self.url_source(r))
        if found is None and getattr(r, "request", None) is not None:
            return r.request.url  # type: ignore[no-any-return]  # an environ with no host
        return found

    def url_source(self, r: Any) -> Any:
        # straight from the WSGI environ: Request.url's IRI round trip costs ~30 us
        req = getattr(r, "request", None)
        return req.environ if req is not None else None

    def url_from_source(self, source: Any) -> str | None:
        return _url_from_environ(source) if source is not None else None

    def request_headers(self, r: Any) -> Headers:
        req = getattr(r, "request", None)
        return _pairs(req.headers.items()) if req is not None else []

    def history(self, r: Any) -> list[Any]:
        hops = getattr(r, "history", None)
        return list(hops) if hops else []


def _url_from_environ(environ: Any) -> str | None:
    """``scheme://host/script/path?query`` from a WSGI environ (None if it lacks a host)."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME")
    if not host:
        return None
    path = (
        (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
        .encode("latin-1", "replace")
        .decode("utf-8", "replace")
    )
    query = environ.get("QUERY_STRING")
    scheme = environ.get("wsgi.url_scheme", "http")
    return f"{scheme}://{host}{path}?{query}" if query else f"{scheme}://{host}{path}"


class _Quart(Adapter):
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


class _Django(Adapter):
    name = "django"

    def reason(self, r: Any) -> str | None:
        return r.reason_phrase  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        pairs = _pairs(r.headers.items())
        cookies = getattr(r, "cookies", None)
        if cookies:
            pairs.extend(("Set-Cookie", morsel.OutputString()) for morsel in cookies.values())
        return pairs

    def header(self, r: Any, name: str) -> str | None:
        if name.lower() == "set-cookie":
            return Adapter.header(self, r, name)
        return r.headers.get(name)  # type: ignore[no-any-return]

    def body(self, r: Any) -> bytes | None:
        if getattr(r, "streaming", False):
            return None
        content = r.content
        return content if isinstance(content, bytes) else None

    def _request(self, r: Any) -> Any:
        req = getattr(r, "wsgi_request", None)
        return req if req is not None else getattr(r, "asgi_request", None)

    def method(self, r: Any) -> str | None:
        req = self._request(r)
        if req is not None:
            return req.method  # type: ignore[no-any-return]
        environ = getattr(r, "request", None)
        return environ.get("REQUEST_METHOD") if isinstance(environ, dict) else None

    def url(self, r: Any) -> str | None:
        return self.url_from_source(self.url_source(r))

    def request_headers(self, r: Any) -> Headers:
        req = self._request(r)
        return _pairs(req.headers.items()) if req is not None else []

    def url_source(self, r: Any) -> Any:
        return _DjangoURL(self, r)

    def url_from_source(self, source: Any) -> str | None:
        return source.url()  # type: ignore[no-any-return]

    def exception(self, r: Any) -> str | None:
        exc_info = getattr(r, "exc_info", None)
        if exc_info and exc_info[1] is not None:
            exc = exc_info[1]
            return f"{type(exc).__name__}: {exc}"
        return None


class _DjangoURL:
    """Keeps a Django response's request (not the response) to build its URL later."""

    __slots__ = ("_adapter", "_environ", "_request")

    def __init__(self, adapter: _Django, r: Any) -> None:
        self._adapter = adapter
        self._request = adapter._request(r)
        environ = getattr(r, "request", None)
        self._environ = environ if isinstance(environ, dict) else None

    def url(self) -> str | None:
        req = self._request
        if req is not None:
            try:
                return req.build_absolute_uri()  # type: ignore[no-any-return]
            except Exception:  # DisallowedHost and the like
                return req.get_full_path()  # type: ignore[no-any-return]
        environ = self._environ
        if environ is None:
            return None
        path, query = environ.get("PATH_INFO"), environ.get("QUERY_STRING")
        return f"{path}?{query}" if query else path


class _Aiohttp(Adapter):
    name = "aiohttp"
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
        return _pairs(r.request_info.headers.items())

    def history(self, r: Any) -> list[Any]:
        hops = r.history
        return list(hops) if hops else []


class _WebTest(Adapter):
    name = "webtest"
    status_attr = "status_int"
    index_headers = True

    def reason(self, r: Any) -> str | None:
        return _reason_from_status_line(r.status)

    def headers(self, r: Any) -> Headers:
        return _pairs(r.headerlist)

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
        return _pairs(req.headers.items()) if req is not None else []


class _Falcon(Adapter):
    name = "falcon"

    def reason(self, r: Any) -> str | None:
        status = r.status
        text = _reason_from_status_line(status)
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


class _Tornado(Adapter):
    name = "tornado"
    status_attr = "code"

    def reason(self, r: Any) -> str | None:
        return r.reason  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        return _pairs(r.headers.get_all())

    def header(self, r: Any, name: str) -> str | None:
        values = r.headers.get_list(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        if getattr(getattr(r, "request", None), "streaming_callback", None) is not None:
            return None  # the body went to the callback: the empty buffer is not the body
        buffer = getattr(r, "buffer", None)
        if buffer is None:
            return b""
        body = r.body
        return body if isinstance(body, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return "streamed to the request's streaming_callback: not kept, so not shown"

    def method(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        return getattr(r, "effective_url", None) or getattr(r.request, "url", None)

    def request_headers(self, r: Any) -> Headers:
        req = getattr(r, "request", None)
        headers = getattr(req, "headers", None)
        return _pairs(headers.get_all()) if headers is not None else []


class _Urllib3(Adapter):
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
        info = request_info(r)
        if info is not None and info.url:
            return info.url
        return getattr(r, "url", None)


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
    ) -> None:
        self.name = name
        self.status_attr = None
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
            return _pairs(value.items())
        items = getattr(value, "items", None)
        if callable(items):
            return _pairs(items())
        return _pairs(value)

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


_HTTPX = _Httpx()
_KNOWN: dict[str, Adapter] = {
    "requests.models.Response": _Requests(),
    "httpx.Response": _HTTPX,
    "httpx._models.Response": _HTTPX,
    "httpx2.Response": _HTTPX,
    "httpx2._models.Response": _HTTPX,
    "werkzeug.test.TestResponse": _Werkzeug(),
    "quart.wrappers.response.Response": _Quart(),
    "django.http.response.HttpResponseBase": _Django(),
    "aiohttp.client_reqrep.ClientResponse": _Aiohttp(),
    "webtest.response.TestResponse": _WebTest(),
    "falcon.testing.client._ResultBase": _Falcon(),
    "tornado.httpclient.HTTPResponse": _Tornado(),
    "urllib3.response.BaseHTTPResponse": _Urllib3(),
}
_BY_TYPE: dict[type, Adapter | None] = {}
_FAST: set[type] = set()
"""Response types whose status is their ``status_code`` int, filled by the helpers as they
meet them: a helper's passing path is then a set test and one attribute read."""

SUPPORTED = (
    "requests (and responses, requests-mock), httpx (sync and async, respx, httpx2), "
    "the Starlette/FastAPI and Litestar TestClients, Flask/werkzeug and Quart test clients, "
    "Django Client/AsyncClient and DRF APIClient, aiohttp, WebTest, Falcon testing, "
    "Tornado and urllib3"
)


def _lookup(cls: type) -> Adapter | None:
    for klass in cls.__mro__:
        key = f"{klass.__module__}.{klass.__qualname__}"
        found = _KNOWN.get(key)
        if found is not None:
            return found
    return None


def adapter_for(obj: Any) -> Adapter | None:
    """The adapter for ``obj``'s type (cached per type), or None for an unknown type."""
    cls = type(obj)
    try:
        return _BY_TYPE[cls]
    except KeyError:
        found = _lookup(cls)
        _BY_TYPE[cls] = found
        return found


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
) -> None:
    """Teach pytest-restcodes to read responses of another type.

    ``cls`` is the response class, or its ``"module.QualName"`` (subclasses match too).
    Each callable receives the response object. ``body`` must return the body only if it
    is already in memory (None otherwise): it must never consume a stream. A registration
    replaces any earlier one for the same class.
    """
    if isinstance(cls, type):
        key = f"{cls.__module__}.{cls.__qualname__}"
        name = cls.__qualname__
    elif isinstance(cls, str) and cls:
        key = cls
        name = cls.rpartition(".")[2]
    else:
        raise TypeError(
            f"register_adapter() takes a class or a 'module.QualName' string, got {cls!r}"
        )
    for label, fn in (("status", status), ("headers", headers)):
        if not callable(fn):
            raise TypeError(f"register_adapter(): {label}= must be callable, got {fn!r}")
    _KNOWN[key] = _Custom(name, status, headers, body, reason, method, url, request_headers)
    _BY_TYPE.clear()
    _FAST.clear()


def unsupported(obj: Any, where: str) -> TypeError:
    """The TypeError raised for an object that is not a known response."""
    kind = "None" if obj is None else type(obj).__qualname__
    return TypeError(
        f"{where} expects an HTTP response, got {kind}. Supported: {SUPPORTED}. "
        "For another response type, call pytest_restcodes.register_adapter() first."
    )
