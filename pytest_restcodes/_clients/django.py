"""Django's test Client and AsyncClient, and DRF's APIClient."""

from __future__ import annotations

from typing import Any

from .._adapters import Adapter, Headers, pairs
from . import Args, Client, Kwargs, RequestInfo, Target, request_info


class DjangoAdapter(Adapter):
    name = "django"

    def reason(self, r: Any) -> str | None:
        return r.reason_phrase  # type: ignore[no-any-return]

    def headers(self, r: Any) -> Headers:
        found = pairs(r.headers.items())
        cookies = getattr(r, "cookies", None)
        if cookies:
            found.extend(("Set-Cookie", morsel.OutputString()) for morsel in cookies.values())
        return found

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
        if isinstance(environ, dict):
            return environ.get("REQUEST_METHOD")
        return Adapter.method(self, r)  # a view the test called: what was filed

    def url(self, r: Any) -> str | None:
        found = self.url_from_source(self.url_source(r))
        return found if found is not None else Adapter.url(self, r)

    def request_headers(self, r: Any) -> Headers:
        req = self._request(r)
        return pairs(req.headers.items()) if req is not None else Adapter.request_headers(self, r)

    def url_source(self, r: Any) -> Any:
        return _DjangoURL(self, r)

    def url_from_source(self, source: Any) -> str | None:
        return source.url()  # type: ignore[no-any-return]

    def redirect_chain(self, r: Any) -> list[tuple[int, str | None]]:
        chain = getattr(r, "redirect_chain", None)  # follow=True: [(url, status), ...]
        if chain:
            return [(int(status), str(url)) for url, status in chain]
        return Adapter.redirect_chain(self, r)

    def exception(self, r: Any) -> str | None:
        exc_info = getattr(r, "exc_info", None)
        if exc_info and exc_info[1] is not None:
            exc = exc_info[1]
            return f"{type(exc).__name__}: {exc}"
        return None


class _DjangoURL:
    """What a Django response's URL is made of, as strings: never the request itself,
    whose body (an upload) would otherwise live as long as the test."""

    __slots__ = ("_host", "_path", "_query", "_scheme")

    def __init__(self, adapter: DjangoAdapter, r: Any) -> None:
        req = adapter._request(r)
        if req is not None:
            meta = req.META
            self._scheme: str | None = meta.get("wsgi.url_scheme") or getattr(
                req, "scheme", None
            )
            host = meta.get("HTTP_HOST")
            if not host and meta.get("SERVER_NAME"):
                port = str(meta.get("SERVER_PORT") or "")
                host = meta["SERVER_NAME"] + (f":{port}" if port not in ("", "80") else "")
            self._host: str | None = host
            self._path: str | None = req.path
            self._query: str | None = meta.get("QUERY_STRING")
            return
        environ = getattr(r, "request", None)
        environ = environ if isinstance(environ, dict) else {}
        self._scheme = self._host = None
        self._path = environ.get("PATH_INFO")
        self._query = environ.get("QUERY_STRING")

    def url(self) -> str | None:
        if self._path is None:
            return None
        path = f"{self._path}?{self._query}" if self._query else self._path
        if self._host:
            return f"{self._scheme or 'http'}://{self._host}{path}"
        return path


def _django_failed(
    args: Args, kwargs: Kwargs
) -> tuple[BaseException | None, RequestInfo | None]:
    """Django's got_request_exception(sender, request=...), sent while handling it."""
    import sys

    req = kwargs.get("request")
    info = RequestInfo(req.method, req.path) if req is not None else None
    return sys.exc_info()[1], info


def _view_request(args: Args, kwargs: Kwargs, response: Any) -> RequestInfo | None:
    # View.dispatch(self, request, *args, **kwargs): the request the test built
    request = args[1] if len(args) > 1 else kwargs.get("request")
    if request is None:
        return None
    try:
        url = request.build_absolute_uri()
    except Exception:  # DisallowedHost and the like
        url = getattr(request, "path", None)
    return request_info(getattr(request, "method", None), url)


_VERBS = ("get", "post", "head", "options", "put", "patch", "delete", "trace")
_DRF_VERBS = ("get", "post", "put", "patch", "delete", "options")
_MODULE = "django.test.client"

CLIENT = Client(
    name="django",
    display="Django's Client/AsyncClient and DRF's APIClient",
    packages=("django", "rest_framework"),
    types={"django.http.response.HttpResponseBase": DjangoAdapter()},
    targets=(
        # with follow=True a verb returns the last hop; each hop is a nested request()
        Target(f"{_MODULE}:Client.request", hop=True),
        Target(f"{_MODULE}:AsyncClient.request", "async", hop=True),
        *(Target(f"{_MODULE}:Client.{verb}") for verb in _VERBS),
        *(Target(f"{_MODULE}:AsyncClient.{verb}", "async") for verb in _VERBS),
        # follows the redirects; called by Client subclasses' own verbs too (DRF's)
        Target(f"{_MODULE}:Client._handle_redirects", skip_arg=1, redirects=True),
        Target(f"{_MODULE}:AsyncClient._ahandle_redirects", "async", skip_arg=1, redirects=True),
        *(Target(f"rest_framework.test:APIClient.{verb}") for verb in _DRF_VERBS),
        # a view called by the test itself (RequestFactory, DRF's APIRequestFactory): its
        # response is the test's; inside a client call or a server, the call is nested
        Target("django.views.generic.base:View.dispatch", request=_view_request),
        Target("rest_framework.views:APIView.dispatch", request=_view_request),
    ),
    follow_off="call the test client without follow=True",
    server=(
        Target("django.core.signals:got_request_exception", "signal", tap=_django_failed),
        # a live server in a thread of the test process (LiveServerTestCase, pytest-django)
        Target("django.core.handlers.wsgi:WSGIHandler.__call__", "serving"),
    ),
)
