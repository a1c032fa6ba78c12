"""From a concrete request to its route template, OpenAPI style: ``GET /books/7`` is
``/books/{book_id}``.

Coverage per endpoint groups the responses a run received by the route that answered
them. The app behind a test client knows its routes, so :func:`template` asks its router
(Starlette and FastAPI, Litestar, Flask and Quart, Django and DRF, Falcon, aiohttp, and
WSGI or ASGI middleware around any of them). Without an app, :func:`match_openapi` files
a path under the templates of an OpenAPI document, and :func:`fallback` names the
segments that look like ids.

No framework is imported here: an app's kind is read from the modules of its type's
MRO, and a framework's own helpers are imported only for an app of that framework,
which has imported it already. Nothing here raises: a router that cannot answer gives
None, and the caller falls back.
"""

from __future__ import annotations

import contextvars
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final
from urllib.parse import unquote

__all__ = [
    "OpenAPIPaths",
    "app_of",
    "django_template",
    "fallback",
    "match_openapi",
    "template",
]

_DEPTH: Final = 8
"""How many wrappers (middleware, test apps, bound methods) :func:`template` looks through."""

_CACHE_SIZE: Final = 2048
"""Templates kept per app; a full cache starts over."""

_UNKNOWN: Final = object()
"""An object of no kind this module knows (as opposed to None: a router, and no route)."""

_UNWRAP: Final = ("app", "application", "wsgi_app", "_app", "__wrapped__", "__self__")
"""Where a wrapper keeps what it wraps, in the order they are tried; the first one found
is followed."""

_BRACES = re.compile(r"\{([^{}:]+)(?::[^{}]*)?\}")  # "{item_id:int}" -> "{item_id}"
_ANGLES = re.compile(r"(?<!\?P)<(?:[^<>]*:)?([^<>:]+)>")  # "<int:book_id>" -> "{book_id}"
_DJANGO_FORMAT = re.compile(r"%\(([^)]+)\)s")

# --------------------------------------------------------------------------- the client


def app_of(client: Any) -> Any | None:
    """The in-process app behind a test client object, or None.

    Starlette, FastAPI, Litestar, Quart, Falcon, WebTest and aiohttp clients keep it in
    ``.app`` (aiohttp also in ``.server.app``), werkzeug's (Flask's) client in
    ``.application``, Django's and DRF's in ``.handler``, an httpx client over
    ``WSGITransport`` or ``ASGITransport`` in ``._transport.app``. Reads a few attributes,
    imports nothing, never raises.
    """
    for name in ("app", "application"):
        found = _attr(client, name)
        if found is not None:
            return found
    found = _attr(_attr(client, "server"), "app")
    if found is not None:
        return found
    handler = _attr(client, "handler")
    if handler is not None and _roots(handler) & {"django", "rest_framework"}:
        return handler
    return _attr(_attr(client, "_transport"), "app")


def _attr(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    try:
        return getattr(obj, name, None)
    except Exception:  # a property that fails is no app
        return None


def _roots(obj: Any) -> set[str]:
    """The top-level packages of the classes in ``type(obj)``'s MRO."""
    try:
        return {str(cls.__module__).partition(".")[0] for cls in type(obj).__mro__}
    except Exception:
        return set()


def _modules(obj: Any) -> set[str]:
    try:
        return {str(cls.__module__) for cls in type(obj).__mro__}
    except Exception:
        return set()


# --------------------------------------------------------------------------- the router

_HOST: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pytest_restcodes_route_host", default=None
)
"""The host of the request being resolved, while ``template`` runs (call state)."""

_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str], str | None]] = (
    weakref.WeakKeyDictionary()
)


def template(app: Any, method: str, path: str, host: str | None = None) -> str | None:
    """The route template that ``app`` routes ``method path`` to, OpenAPI style
    (``"/books/{book_id}"``), or None when the app is of no known kind or no route
    matches. ``path`` is the URL path (percent-encoding is undone here). A method the
    route does not allow (a 405) still gives the route's template; a path the router
    only redirects (a missing trailing slash) gives None. Never raises.

    ``host`` (the URL's, when known) lets routes matched by host match (Starlette's
    ``Host``).

    Results are cached per app (weakly, at most 2048 per app): a route added to an app
    after a request for its path was resolved is not seen for that path.
    """
    try:
        key = (method.upper(), path, host or "")
        try:
            cached = _CACHE.get(app)
        except TypeError:  # not weak-referenceable, or not hashable: no cache
            cached = None
        else:
            if cached is not None and key in cached:
                return cached[key]
        token = _HOST.set(host)
        try:
            found = _resolve(app, key[0], unquote(path.partition("?")[0]), 0)
        finally:
            _HOST.reset(token)
        result = found if isinstance(found, str) else None
        try:
            if cached is None:
                cached = _CACHE.setdefault(app, {})
            if len(cached) >= _CACHE_SIZE:
                cached.clear()
            cached[key] = result
        except TypeError:
            pass
        return result
    except Exception:
        return None


def _resolve(app: Any, method: str, path: str, depth: int) -> Any:
    """A template (str), None (a router without that route) or ``_UNKNOWN``."""
    if app is None or depth > _DEPTH:
        return _UNKNOWN
    roots = _roots(app)
    for root, resolver in _RESOLVERS:
        if root in roots:
            found = resolver(app, method, path, depth)
            if found is not _UNKNOWN:
                return found
    for name in _UNWRAP:  # the first wrapped object only: a chain, never a tree
        inner = _attr(app, name)
        if inner is not None and inner is not app:
            return _resolve(inner, method, path, depth + 1)
    return _UNKNOWN


def _braces(path: str) -> str:
    return _BRACES.sub(r"{\1}", path)


# Starlette, FastAPI ---------------------------------------------------------------------


def _starlette(app: Any, method: str, path: str, depth: int) -> Any:
    routes = getattr(getattr(app, "router", app), "routes", None)
    if not isinstance(routes, Sequence):
        return _UNKNOWN  # a middleware of starlette's: look inside
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "path_params": {},
        "headers": [(b"host", host.encode("latin-1", "replace"))] if (host := _HOST.get()) else [],
        "query_string": b"",
    }
    found = _starlette_routes(routes, scope, "", depth)
    return found[1] if found else None


_Found = tuple[bool, str | None]
"""(final, template): final for a full match or a mount (Starlette looks no further),
else a partial match (the path, not the method), kept in case nothing matches fully."""


def _starlette_routes(
    routes: Iterable[Any], scope: dict[str, Any], prefix: str, depth: int
) -> _Found | None:
    partial: _Found | None = None
    for route in routes:
        try:
            found = _starlette_route(route, scope, prefix, depth)
        except Exception:
            continue
        if found is None:
            continue
        if found[0]:
            return found
        partial = partial or found
    return partial


def _starlette_route(route: Any, scope: dict[str, Any], prefix: str, depth: int) -> _Found | None:
    from starlette.routing import Host, Match, Mount

    candidates = getattr(route, "effective_candidates", None)
    if callable(candidates):  # FastAPI 0.165+: a router included as it is, with its prefix
        return _starlette_routes(candidates(), scope, prefix, depth)
    inner = getattr(route, "starlette_route", None)
    if inner is not None:  # FastAPI: a route of an included router, prefixed
        return _starlette_route(inner, scope, prefix, depth)
    if hasattr(route, "original_route"):  # FastAPI: an APIRoute of an included router
        regex, path_format = getattr(route, "path_regex", None), route.path_format
        if regex is None or not regex.match(_route_path(scope)):
            return None
        methods = getattr(route, "methods", None)
        return not methods or scope["method"] in methods, prefix + path_format
    match, child = route.matches(scope)
    if match is Match.NONE:
        return None
    if isinstance(route, Host):  # matched by the request's host: its routes, no prefix
        inner_routes = getattr(route, "routes", None)
        if not inner_routes:
            return None
        return _starlette_routes(inner_routes, {**scope, **child}, prefix, depth)
    if isinstance(route, Mount):
        if match is not Match.FULL:
            return None
        mount = prefix + _braces(route.path)
        inner_scope = {**scope, **child}
        inner_routes = getattr(route, "routes", None)
        if inner_routes:
            return True, (
                _starlette_routes(inner_routes, inner_scope, mount, depth) or (True, None)
            )[1]
        rest = _route_path(inner_scope)
        found = _resolve(getattr(route, "app", None), scope["method"], rest, depth + 1)
        if found is _UNKNOWN:
            return True, mount + "/{path}"
        return True, None if found is None else mount + found
    path_format = getattr(route, "path_format", None)
    if not isinstance(path_format, str):
        return None
    return match is Match.FULL, prefix + path_format


def _route_path(scope: dict[str, Any]) -> str:
    """The path below the mount (starlette's ``get_route_path``)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


# Litestar -------------------------------------------------------------------------------


def _litestar(app: Any, method: str, path: str, depth: int) -> Any:
    router = getattr(app, "asgi_router", None)
    if router is None or not callable(getattr(router, "handle_routing", None)):
        return _UNKNOWN
    from litestar.exceptions import MethodNotAllowedException, NotFoundException
    from litestar.utils import normalize_path

    path = normalize_path(path)
    try:
        found = router.handle_routing(path=path, method=method)
    except NotFoundException:
        return None
    except MethodNotAllowedException as exc:
        allowed = str((exc.headers or {}).get("allow", "")).split(",")[0].strip()
        if not allowed:
            return None
        found = router.handle_routing(path=path, method=allowed)
    if len(found) < 5:  # before the router returned the template
        formats = [getattr(route, "path_format", None) for route in getattr(app, "routes", ())]
        return match_openapi([f for f in formats if isinstance(f, str)], path)
    path_template = found[4]
    if isinstance(path_template, str) and path_template:
        return path_template
    mounts = getattr(router, "_mount_paths_regex", None)
    mount = mounts.match(path) if mounts is not None else None
    return path[: mount.end()] + "/{path}" if mount else None


# Flask, Quart and anything with a werkzeug url_map ---------------------------------------


def _werkzeug(app: Any, method: str, path: str, depth: int) -> Any:
    if "werkzeug.middleware.dispatcher" in _modules(app):
        return _dispatcher(app, method, path, depth)
    url_map = getattr(app, "url_map", None)
    if url_map is None or not callable(getattr(url_map, "bind", None)):
        return _UNKNOWN
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import RequestRedirect

    adapter = url_map.bind("localhost")
    try:
        rule, _ = adapter.match(path, method, return_rule=True)
    except MethodNotAllowed as exc:
        allowed = sorted(exc.valid_methods or ())
        if not allowed:
            return None
        rule, _ = adapter.match(path, allowed[0], return_rule=True)
    except (NotFound, RequestRedirect):
        return None
    text = getattr(rule, "rule", None)
    return _ANGLES.sub(r"{\1}", text) if isinstance(text, str) else None


def _dispatcher(app: Any, method: str, path: str, depth: int) -> Any:
    """werkzeug's ``DispatcherMiddleware``: the mount's prefix, then the mounted app's
    template (its own look-up, longest prefix first)."""
    mounts = getattr(app, "mounts", {})
    script, rest = path, ""
    while "/" in script:
        if script in mounts:
            inner = mounts[script]
            break
        script, last = script.rsplit("/", 1)
        rest = f"/{last}{rest}"
    else:
        inner = mounts.get(script, getattr(app, "app", None))
        if script not in mounts:
            script, rest = "", path
    found = _resolve(inner, method, rest or "/", depth + 1)
    return script + found if isinstance(found, str) else found


# Django, DRF --------------------------------------------------------------------------


def _django(app: Any, method: str, path: str, depth: int) -> Any:
    modules = _modules(app)
    if not any(m.startswith(("django.core.handlers.", "django.test.client")) for m in modules):
        return _UNKNOWN
    from django.urls import Resolver404, resolve  # type: ignore[import-untyped]

    try:
        match = resolve(path if path.startswith("/") else "/" + path)
    except Resolver404:
        return None
    return django_template(match)


def django_template(resolver_match: Any) -> str | None:
    """The OpenAPI-style template of a Django ``ResolverMatch`` (``response.resolver_match``
    of Django's or DRF's test client, possibly a ``SimpleLazyObject``), or None.

    ``path()`` routes give their converters' names (``"api/books/<int:pk>/"`` is
    ``"/api/books/{pk}/"``); ``re_path()`` and DRF routers' regexes give their named
    groups (``"^books/(?P<pk>[^/.]+)/$"`` is ``"/books/{pk}/"``, a format suffix
    ``".{format}"``, unnamed groups ``{_0}``, ``{_1}``), with ``include()`` prefixes joined.
    Reads the matched patterns from ``resolver_match.tried`` (Django 3.2+), else its
    ``route``. A regex Django itself cannot reverse (an alternation) gives None. Never raises.
    """
    try:
        tried = getattr(resolver_match, "tried", None)
        if tried:
            pieces = [_django_piece(getattr(p, "pattern", None)) for p in tried[-1]]
        else:
            route = getattr(resolver_match, "route", None)
            if not isinstance(route, str):
                return None
            pieces = [_django_route(route)]
        if any(piece is None for piece in pieces):
            return None
        return "/" + "".join(p for p in pieces if p).lstrip("/")
    except Exception:
        return None


def _django_piece(pattern: Any) -> str | None:
    kind = type(pattern).__name__
    if kind == "RoutePattern":
        return _ANGLES.sub(r"{\1}", str(pattern))
    if kind == "LocalePrefixPattern":
        return str(pattern)
    regex = getattr(pattern, "_regex", None)
    return _django_regex(regex) if isinstance(regex, str) else None


def _django_route(route: str) -> str | None:
    """A joined ``ResolverMatch.route``: path() converters, and regex where there is any."""
    if not re.search(r"[\\^$()\[\]?*+|{}]", route):
        return _ANGLES.sub(r"{\1}", route)
    return _django_regex(_ANGLES.sub(r"(?P<\1>[^/]+)", route))


def _django_regex(regex: str) -> str | None:
    from django.utils.regex_helper import normalize  # type: ignore[import-untyped]

    forms = normalize(regex)
    if not forms:
        return None
    text, _ = forms[0]
    if not text and regex.strip("^$") and regex.strip("^$") != r"\Z":
        return None  # normalize() gives up on alternations
    return _DJANGO_FORMAT.sub(r"{\1}", text).replace("%%", "%")


# Falcon ---------------------------------------------------------------------------------


def _falcon(app: Any, method: str, path: str, depth: int) -> Any:
    router = getattr(app, "_router", None)
    find = getattr(router, "find", None)
    if not callable(find):
        return _UNKNOWN
    found = find(path)
    if not found:
        return None
    uri_template = found[3] if len(found) > 3 else None
    return _braces(uri_template) if isinstance(uri_template, str) else None


# aiohttp --------------------------------------------------------------------------------


def _aiohttp(app: Any, method: str, path: str, depth: int) -> Any:
    router = getattr(app, "router", None)
    if router is None or not callable(getattr(router, "resources", None)):
        return _UNKNOWN
    found = _aiohttp_router(router, method, path)
    return found[0] if found else None


def _aiohttp_router(router: Any, method: str, path: str) -> tuple[str, bool] | None:
    """(template, method allowed) of the resource aiohttp routes ``path`` to: its index
    walked from the longest URL part (aiohttp 3.10+), or its resources in order."""
    index = getattr(router, "_resource_index", None)
    if isinstance(index, dict):
        candidates: list[Any] = []
        part = path
        while part:
            candidates.extend(index.get(part, ()))
            if part == "/":
                break
            part = part.rpartition("/")[0] or "/"
    else:
        candidates = list(router.resources())
    partial: tuple[str, bool] | None = None
    for resource in candidates:
        found = _aiohttp_resource(resource, method, path)
        if found is None:
            continue
        if found[1] or hasattr(resource, "_app"):
            return found  # a sub-app answers whatever it answers
        partial = partial or found
    return partial


def _aiohttp_resource(resource: Any, method: str, path: str) -> tuple[str, bool] | None:
    canonical = getattr(resource, "canonical", None)
    if not isinstance(canonical, str):
        return None
    sub_app = getattr(resource, "_app", None)
    if sub_app is not None:  # its resources carry the prefix already
        return _aiohttp_router(sub_app.router, method, path)
    if type(resource).__name__ == "StaticResource":
        if path.startswith(canonical.rstrip("/") + "/"):
            return canonical.rstrip("/") + "/{filename}", True
        return None
    match = getattr(resource, "_match", None)
    if not callable(match) or match(path) is None:
        return None
    methods = {getattr(route, "method", None) for route in resource}
    return canonical, method in methods or "*" in methods


# WebTest (TestApp is unwrapped through .app like any middleware) ---------------------------

_RESOLVERS: Final[tuple[tuple[str, Callable[[Any, str, str, int], Any]], ...]] = (
    ("starlette", _starlette),
    ("fastapi", _starlette),
    ("litestar", _litestar),
    ("flask", _werkzeug),
    ("quart", _werkzeug),
    ("werkzeug", _werkzeug),
    ("django", _django),
    ("rest_framework", _django),
    ("falcon", _falcon),
    ("aiohttp", _aiohttp),
)
"""Top-level package in an app type's MRO -> how to ask its router."""


# --------------------------------------------------------------------------- no router

_NUMBER = re.compile(r"\d+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]{16,}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,}")
_MIXED_RUN = re.compile(r"(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{8,}")


def _is_id(segment: str) -> bool:
    if _NUMBER.fullmatch(segment) or _UUID.fullmatch(segment) or _HEX.fullmatch(segment):
        return True
    if not _TOKEN.fullmatch(segment):
        return False
    return any(_MIXED_RUN.fullmatch(run) for run in re.split(r"[-_]", segment))


def fallback(path: str) -> str:
    """A template for a path no router resolved: each segment that looks like an id is
    ``{id}`` (the second ``{id2}``...), the rest is kept as it is (a trailing slash too).

    An id is a segment of digits (``42``), a UUID, hex of 16 characters or more (a
    40-character sha), or a token of 20 or more characters from ``[A-Za-z0-9_-]`` with a
    run of 8 or more letters and digits, mixed, between its ``-`` and ``_``
    (``ch_3MmlLrLkdIwHu7ix0snN0B15``, not ``2024-annual-report-final``). ``v2`` is no id.

    >>> fallback("/users/42/orders/3f2b8c1e-9d4a-4c5e-8f00-1a2b3c4d5e6f/")
    '/users/{id}/orders/{id2}/'
    """
    out, ids = [], 0
    for seg in path.split("/"):
        if seg and _is_id(seg):
            ids += 1
            seg = "{id}" if ids == 1 else f"{{id{ids}}}"  # names unique, as OpenAPI wants
        out.append(seg)
    return "/".join(out)


# --------------------------------------------------------------------------- OpenAPI paths

_PARAM = re.compile(r"\{[^{}/]*\}")


class OpenAPIPaths:
    """The path templates of an OpenAPI document, compiled once to file many paths.

    :meth:`match` gives the template a concrete path falls under: a literal template
    (no parameters) equal to the path first; else, among the templates that match, the
    one with the fewest parameters, then the most literal text, then the first given. A
    parameter matches one non-empty segment (no ``/``) or part of one
    (``/files/{name}.{ext}``).

    >>> OpenAPIPaths(["/books/{book_id}", "/books/new"]).match("/books/new")
    '/books/new'
    """

    __slots__ = ("_by_segments", "_literal")

    def __init__(self, paths: Iterable[str]) -> None:
        self._literal: dict[str, str] = {}
        ranked: dict[int, list[tuple[int, int, int, str]]] = {}
        for order, path in enumerate(paths):
            params = _PARAM.findall(path)
            if not params:
                self._literal.setdefault(path, path)
                continue
            literal = len(_PARAM.sub("", path))
            ranked.setdefault(path.count("/"), []).append((len(params), -literal, order, path))
        self._by_segments: dict[int, tuple[re.Pattern[str], list[str]]] = {}
        for slashes, entries in ranked.items():
            entries.sort()
            names = [path for *_, path in entries]
            alternatives = "|".join(f"(?P<t{i}>{_regex(path)})" for i, path in enumerate(names))
            self._by_segments[slashes] = (re.compile(alternatives), names)

    def match(self, path: str) -> str | None:
        """The template ``path`` falls under, or None."""
        found = self._literal.get(path)
        if found is not None:
            return found
        compiled = self._by_segments.get(path.count("/"))
        if compiled is None:
            return None
        pattern, names = compiled
        hit = pattern.fullmatch(path)
        if hit is None or hit.lastgroup is None:
            return None
        return names[int(hit.lastgroup[1:])]


def _regex(template: str) -> str:
    parts = _PARAM.split(template)
    return "[^/]+".join(re.escape(part) for part in parts)


def match_openapi(paths: Iterable[str], path: str) -> str | None:
    """Which OpenAPI path template (the keys of a document's ``paths``) ``path`` falls
    under, or None: :meth:`OpenAPIPaths.match` for a single look-up. Build an
    :class:`OpenAPIPaths` once to file many paths against the same templates.

    >>> match_openapi(["/books/{id}", "/books/{id}/{part}"], "/books/7/cover")
    '/books/{id}/{part}'
    """
    return OpenAPIPaths(paths).match(path)
