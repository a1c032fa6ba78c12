"""The Flask and werkzeug test clients."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Args, Client, Kwargs, RequestInfo, Target, reason_from_status_line

# headers whose repeated values are joined; for the others the first value is enough,
# and a plain get() is twice as fast as getlist() on werkzeug's Headers
_MULTI = frozenset({"allow", "set-cookie", "www-authenticate", "vary", "link", "cache-control"})


class WerkzeugAdapter(Adapter):
    name = "werkzeug"
    history_attr = "history"
    index_headers = True

    def reason(self, r: Any) -> str | None:
        text = reason_from_status_line(r.status)
        return text.title() if text and text.isupper() else text

    def headers(self, r: Any) -> Headers:
        found = getattr(r.headers, "_list", None)  # what to_wsgi_list() copies, read only
        if type(found) is list:
            return found
        return r.headers.to_wsgi_list()  # type: ignore[no-any-return]

    def header(self, r: Any, name: str) -> str | None:
        if name.lower() not in _MULTI:
            return r.headers.get(name)  # type: ignore[no-any-return]
        values = r.headers.getlist(name)
        return ", ".join(values) if values else None

    def body(self, r: Any) -> bytes | None:
        parts = getattr(r, "response", None)
        if parts.__class__ is not list:  # not read yet (get_data() keeps it as a list)
            # a streamed body (a generator the test has not read) or a passthrough file:
            # reading it would consume it, or block on an endless feed
            if getattr(r, "direct_passthrough", False) or _unread_stream(r, parts):
                return None
            try:
                if r.implicit_sequence_conversion:
                    r.make_sequence()  # what get_data() does first; then its join, inlined
                parts = r.response
            except RuntimeError:
                return None
        if parts.__class__ is list and len(parts) == 1 and parts[0].__class__ is bytes:
            return parts[0]  # one chunk, no copy: the common case
        try:
            data = r.get_data()
        except RuntimeError:
            return None
        return data if isinstance(data, bytes) else None

    def unread_reason(self, r: Any) -> str:
        return (
            "a streamed or passthrough body (a generator, send_file) the test has not read: "
            "not read here, so it stays intact"
        )

    def method(self, r: Any) -> str | None:
        req = getattr(r, "request", None)
        return req.method if req is not None else None

    def url(self, r: Any) -> str | None:
        found = self.url_from_source(self.url_source(r))
        if found is None and getattr(r, "request", None) is not None:
            return r.request.url  # type: ignore[no-any-return]  # an environ with no host
        return found

    def url_source(self, r: Any) -> Any:
        # straight from the WSGI environ (Request.url's IRI round trip costs ~30 us), and
        # only the strings the URL is made of: the environ holds the whole request
        req = getattr(r, "request", None)
        if req is None:
            return None
        environ = req.environ
        return (
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING"),
            environ.get("wsgi.url_scheme", "http"),
        )

    def url_from_source(self, source: Any) -> str | None:
        return _url_from_parts(*source) if source is not None else None

    def request_headers(self, r: Any) -> Headers:
        req = getattr(r, "request", None)
        return pairs(req.headers.items()) if req is not None else []


def _unread_stream(r: Any, parts: Any) -> bool:
    """A body the app streams (no Content-Length: a generator, an endless feed) that the
    test has not read yet. The test client always hands back an iterator, so the length
    the app declared is what tells a buffered body from a stream."""
    if isinstance(parts, tuple):  # a sequence: nothing to consume
        return False
    # a scan, not headers.get(): werkzeug raises and catches a KeyError for an absent
    # name; over its list where it has one (its __iter__ is a generator)
    headers = r.headers
    listed = getattr(headers, "_list", None)
    for key, _ in listed if type(listed) is list else headers:
        if key.lower() == "content-length":
            return False
    return True


def _url_from_parts(host: Any, script: Any, path: Any, query: Any, scheme: Any) -> str | None:
    """``scheme://host/script/path?query`` from a WSGI environ's values (None without a
    host)."""
    if not host:
        return None
    path = (script + path).encode("latin-1", "replace").decode("utf-8", "replace")
    return f"{scheme}://{host}{path}?{query}" if query else f"{scheme}://{host}{path}"


def _flask_failed(args: Args, kwargs: Kwargs) -> tuple[BaseException | None, RequestInfo | None]:
    """Flask's got_request_exception(sender, exception=...), sent in the request context."""
    return kwargs.get("exception"), _context_request("flask")


def _context_request(package: str) -> RequestInfo | None:
    """The request of the request context now active (Flask's, Quart's)."""
    import sys

    module = sys.modules.get(package)
    if module is None or not module.has_request_context():
        return None
    req = module.request
    return RequestInfo(req.method, req.url)


CLIENT = Client(
    name="werkzeug",
    display="the Flask/werkzeug test client",
    packages=("werkzeug", "flask"),
    types={"werkzeug.test.TestResponse": WerkzeugAdapter()},
    targets=(Target("werkzeug.test:Client.open"),),
    follow_off="call the test client without follow_redirects=True",
    server=(
        Target("flask.signals:got_request_exception", "signal", tap=_flask_failed),
        # a live server in a thread of the test process (werkzeug's, pytest-flask's)
        Target("werkzeug.serving:WSGIRequestHandler.run_wsgi", "serving"),
    ),
)
