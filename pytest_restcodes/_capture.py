"""See every HTTP response a test receives, from every supported client, exactly once.

``install(record)`` replaces, at class (or module) level, the one function of each client
that hands a response to its caller, and ``uninstall()`` puts the very same objects back.
Only what is already in ``sys.modules`` is patched; a ``sys.meta_path`` hook patches a
client first imported later, right after its module has run. This module imports no
client library.

Each wrapper calls ``record(response)`` once per response the test receives: the final
one (after redirects), at the outermost wrapped call only, after that call returns.
Calls nested inside another wrapped call (Starlette over httpx, DRF over Django, requests
over urllib3, redirects a client follows by calling itself, an app's own outgoing calls
inside a test-client request) are not recorded: a ``ContextVar`` holds the outermost call
while it runs, and a per-thread flag covers an event loop that a blocking call runs in a
context of its own (Falcon's sync ``simulate_request`` on an ASGI app).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.abc
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from importlib.machinery import ModuleSpec
from threading import get_ident
from types import ModuleType
from typing import Any, NamedTuple
from urllib.parse import urlencode, urljoin

from ._reqinfo import remember_request

__all__ = ["Recorder", "install", "installed", "uninstall"]

Recorder = Callable[[Any], None]

_Args = tuple[Any, ...]
_Kwargs = dict[str, Any]
# Decides, at the outermost call and after it returned, whether to record its result;
# may file the request on the way (see _reqinfo).
_Keep = Callable[[_Args, _Kwargs, Any], bool]

_ORIGINAL = "_pytest_restcodes_original"  # set on each wrapper: the function it wraps
_RAISED_WITH = "_pytest_restcodes_response"  # set on an exception that carries a response

# The re-entrancy guard: the outermost wrapped call running in this context, as a
# one-item list that is True while the call runs. A context copied during the call (a task
# the client spawns, a thread it starts with the context) sees the call and nests under it;
# a copy that outlives the call (a lazily created asyncio.Runner) sees it finished.
_CALL: ContextVar[list[bool] | None] = ContextVar("pytest_restcodes_call", default=None)


# Threads in which a blocking (sync) outermost wrapped call runs: anything wrapped that
# runs in such a thread meanwhile is nested in it, whatever its context. (A set of
# idents: cheaper than a threading.local, and empty, hence skipped, most of the time.)
_busy: set[int] = set()

_record: Recorder | None = None
_lock = threading.RLock()
_patched: list[tuple[Any, str, Any, Any]] = []  # (owner, name, original, wrapper)
_patched_keys: set[tuple[int, str]] = set()
_wrappers: dict[tuple[Any, Any], Any] = {}  # (original, factory) -> wrapper, reused
_finder: _PostImportFinder | None = None


# --------------------------------------------------------------------------- recording


def _emit(response: Any) -> None:
    record = _record
    if record is None:
        return
    try:
        record(response)
    except Exception:  # the recorder reports its own errors; never break the user's call
        return


def _emit_raised(exc: BaseException) -> None:
    """Record the response an exception carries (WebTest's AppError), once."""
    response = getattr(exc, _RAISED_WITH, None)
    if response is not None:
        try:
            delattr(exc, _RAISED_WITH)
        except AttributeError:
            return
        _emit(response)


def _kept(keep: _Keep, args: _Args, kwargs: _Kwargs, response: Any) -> bool:
    try:
        return keep(args, kwargs, response)
    except Exception:  # filing the request is best effort: record anyway
        return True


# ---------------------------------------------------------------------- wrapper kinds


def _nested() -> bool:
    call = _CALL.get()
    return (call is not None and call[0]) or (bool(_busy) and get_ident() in _busy)


def _sync(original: Any, keep: _Keep | None = None) -> Any:
    """Wrap a blocking call that returns the response."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = _CALL.get()
        if (call is not None and call[0]) or (_busy and get_ident() in _busy):
            return original(*args, **kwargs)
        call = [True]
        token = _CALL.set(call)
        thread = get_ident()
        _busy.add(thread)
        try:
            response = original(*args, **kwargs)
        except BaseException as exc:
            _emit_raised(exc)
            raise
        finally:
            call[0] = False
            _busy.discard(thread)
            _CALL.reset(token)
        record = _record
        if record is not None and (keep is None or _kept(keep, args, kwargs, response)):
            try:
                record(response)
            except Exception:  # the recorder reports its own errors; never break the call
                return response
        return response

    return wrapper


def _async(original: Any, keep: _Keep | None = None) -> Any:
    """Wrap a coroutine function that returns the response."""

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = _CALL.get()
        if (call is not None and call[0]) or (_busy and get_ident() in _busy):
            return await original(*args, **kwargs)
        call = [True]
        token = _CALL.set(call)
        try:
            response = await original(*args, **kwargs)
        except BaseException as exc:
            _emit_raised(exc)
            raise
        finally:
            call[0] = False
            try:  # noqa: SIM105 -- the hot path: no context manager
                _CALL.reset(token)
            except ValueError:  # resumed in another context: the inactive call is harmless
                pass
        record = _record
        if record is not None and (keep is None or _kept(keep, args, kwargs, response)):
            try:
                record(response)
            except Exception:  # the recorder reports its own errors; never break the call
                return response
        return response

    return wrapper


def _future(original: Any) -> Any:
    """Wrap a call that returns a Future of the response (tornado's AsyncHTTPClient.fetch).
    The call stays active until the Future is done: tornado follows a redirect by calling
    fetch again from the connection's task, after the outer fetch has returned."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _nested():
            return original(*args, **kwargs)
        call = [True]
        token = _CALL.set(call)
        try:
            future = original(*args, **kwargs)
        except BaseException:
            call[0] = False
            raise
        finally:
            _CALL.reset(token)
        add_done_callback = getattr(future, "add_done_callback", None)
        if add_done_callback is None:
            call[0] = False
        else:
            add_done_callback(functools.partial(_future_done, call))
        return future

    return wrapper


def _future_done(call: list[bool], future: Any) -> None:
    call[0] = False
    if _record is None:
        return
    try:
        if future.cancelled():
            return
        exc = future.exception()
        response = future.result() if exc is None else getattr(exc, "response", None)
    except Exception:
        return
    if response is not None:
        _emit(response)


def _tag_raised(index: int, name: str) -> Callable[[Any], Any]:
    """Wrap a status check that raises: the exception carries the response it rejected,
    and the outermost wrapper records it (WebTest's ``_check_status``)."""

    def make(original: Any) -> Any:
        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return original(*args, **kwargs)
            except Exception as exc:
                response = args[index] if len(args) > index else kwargs.get(name)
                with contextlib.suppress(Exception):  # no __dict__: nothing to carry
                    setattr(exc, _RAISED_WITH, response)
                raise

        return wrapper

    return make


def _async_filing(file: _Keep) -> Callable[[Any], Any]:
    """Wrap a coroutine function that builds one response: file its request, record nothing."""

    def make(original: Any) -> Any:
        @functools.wraps(original)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            response = await original(*args, **kwargs)
            if _record is not None:
                with contextlib.suppress(Exception):  # filing is best effort
                    file(args, kwargs, response)
            return response

        return wrapper

    return make


def _with(kind: Callable[..., Any], keep: _Keep) -> Callable[[Any], Any]:
    return functools.partial(kind, keep=keep)


def _unless_returns_arg(index: int) -> _Keep:
    """Skip the result when it is the response passed in: it was recorded already."""

    def keep(args: _Args, kwargs: _Kwargs, response: Any) -> bool:
        return not (len(args) > index and args[index] is response)

    return keep


# ------------------------------------------------------------- requests a response lacks


def _arg(args: _Args, kwargs: _Kwargs, index: int, name: str, default: Any = None) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    if not headers:
        return ()
    items: Iterable[Any] = headers.items() if hasattr(headers, "items") else headers
    return tuple((_text(k), _text(v)) for k, v in items)


def _file_urllib3_pool_manager(args: _Args, kwargs: _Kwargs, response: Any) -> bool:
    # PoolManager.urlopen(self, method, url, redirect=True, **kw)
    url = _arg(args, kwargs, 2, "url")
    final = getattr(response, "url", None)  # the last hop's target when redirected
    if isinstance(url, str) and isinstance(final, str) and final:
        url = urljoin(url, final)
    headers = kwargs.get("headers", getattr(args[0], "headers", None) if args else None)
    remember_request(response, _arg(args, kwargs, 1, "method"), url, _header_pairs(headers))
    return True


def _file_urllib3_pool(args: _Args, kwargs: _Kwargs, response: Any) -> bool:
    # HTTPConnectionPool.urlopen(self, method, url, body=None, headers=None, ...)
    url = _arg(args, kwargs, 2, "url")
    final = getattr(response, "url", None)
    if isinstance(final, str) and final:
        url = final if not isinstance(url, str) else urljoin(url, final)
    pool = args[0] if args else None
    if isinstance(url, str) and url.startswith("/") and pool is not None:
        host = getattr(pool, "host", "")
        port = getattr(pool, "port", None)
        netloc = f"[{host}]" if ":" in host else host
        if port is not None:
            netloc = f"{netloc}:{port}"
        url = f"{getattr(pool, 'scheme', 'http')}://{netloc}{url}"
    headers = _arg(args, kwargs, 4, "headers")
    remember_request(response, _arg(args, kwargs, 1, "method"), url, _header_pairs(headers))
    return True


def _file_falcon(args: _Args, kwargs: _Kwargs, response: Any) -> bool:
    # simulate_request(app, method='GET', path='/', query_string=None, headers=None, ...)
    # and _simulate_request_asgi, with the same first five parameters
    url = _arg(args, kwargs, 2, "path", "/")
    query = _arg(args, kwargs, 3, "query_string")
    params = kwargs.get("params")
    if query:
        url = f"{url}?{query}"
    elif params:
        url = f"{url}?{urlencode(params, doseq=not kwargs.get('params_csv', False))}"
    headers = _arg(args, kwargs, 4, "headers")
    remember_request(response, _arg(args, kwargs, 1, "method", "GET"), url, _header_pairs(headers))
    return True


def _file_quart(args: _Args, kwargs: _Kwargs, response: Any) -> bool:
    # QuartClient._make_request(self, path, method, headers, data, form, files,
    #                           query_string, json, scheme, ...)
    url = _arg(args, kwargs, 1, "path", "/")
    query = _arg(args, kwargs, 7, "query_string")
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    headers = _arg(args, kwargs, 3, "headers")
    remember_request(response, _arg(args, kwargs, 2, "method", "GET"), url, _header_pairs(headers))
    return True


# ------------------------------------------------------------------------------ targets


class _Target(NamedTuple):
    module: str  # looked up in sys.modules; the import hook watches this name
    owner: str  # a class in that module, or "" for a module-level function
    name: str
    make: Callable[[Any], Any]  # builds the wrapper from the original


_DJANGO_VERBS = ("get", "post", "head", "options", "put", "patch", "delete", "trace")
_DRF_VERBS = ("get", "post", "put", "patch", "delete", "options")

_TARGETS: tuple[_Target, ...] = (
    _Target("requests.sessions", "Session", "send", _sync),
    # requests-mock calls the Session.send it saved when it was imported
    _Target("requests_mock.mocker", "", "_original_send", _sync),
    _Target("httpx", "Client", "send", _sync),
    _Target("httpx", "AsyncClient", "send", _async),
    _Target("httpx2", "Client", "send", _sync),
    _Target("httpx2", "AsyncClient", "send", _async),
    _Target("werkzeug.test", "Client", "open", _sync),
    _Target("quart.testing.client", "QuartClient", "open", _async),
    _Target("quart.testing.client", "QuartClient", "_make_request", _async_filing(_file_quart)),
    # Django: a verb with follow=True returns the last hop, the hops are nested calls
    _Target("django.test.client", "Client", "request", _sync),
    _Target("django.test.client", "AsyncClient", "request", _async),
    *(_Target("django.test.client", "Client", verb, _sync) for verb in _DJANGO_VERBS),
    *(_Target("django.test.client", "AsyncClient", verb, _async) for verb in _DJANGO_VERBS),
    # for Client subclasses whose own verbs call these (DRF does; its verbs are below too)
    _Target(
        "django.test.client", "Client", "_handle_redirects", _with(_sync, _unless_returns_arg(1))
    ),
    _Target(
        "django.test.client",
        "AsyncClient",
        "_ahandle_redirects",
        _with(_async, _unless_returns_arg(1)),
    ),
    *(_Target("rest_framework.test", "APIClient", verb, _sync) for verb in _DRF_VERBS),
    _Target("aiohttp.client", "ClientSession", "_request", _async),
    _Target("webtest.app", "TestApp", "do_request", _sync),
    _Target("webtest.app", "TestApp", "_check_status", _tag_raised(2, "res")),
    _Target("webtest.app", "TestApp", "_check_errors", _tag_raised(1, "res")),
    _Target(
        "webtest.response", "TestResponse", "maybe_follow", _with(_sync, _unless_returns_arg(0))
    ),
    _Target("falcon.testing.client", "", "simulate_request", _with(_sync, _file_falcon)),
    _Target("falcon.testing.client", "", "_simulate_request_asgi", _with(_async, _file_falcon)),
    _Target("falcon.testing", "", "simulate_request", _with(_sync, _file_falcon)),
    _Target("tornado.httpclient", "AsyncHTTPClient", "fetch", _future),
    _Target(
        "urllib3.poolmanager", "PoolManager", "urlopen", _with(_sync, _file_urllib3_pool_manager)
    ),
    _Target(
        "urllib3.connectionpool", "HTTPConnectionPool", "urlopen", _with(_sync, _file_urllib3_pool)
    ),
)

_BY_MODULE: dict[str, tuple[_Target, ...]] = {}
for _t in _TARGETS:
    _BY_MODULE[_t.module] = (*_BY_MODULE.get(_t.module, ()), _t)
del _t


def _wrapper_for(original: Any, make: Callable[[Any], Any]) -> Any:
    # Reuse the wrapper of a module- or class-level function. A closure (requests-mock's
    # _fake_send, patched on while a mocker runs) gets a fresh one: caching it would keep
    # the mocker and all it saw alive.
    if "<locals>" in getattr(original, "__qualname__", "<locals>"):
        return _mark(make(original), original)
    key = (original, make)
    try:
        wrapper = _wrappers.get(key)
    except TypeError:  # unhashable: build a fresh one
        return _mark(make(original), original)
    if wrapper is None:
        wrapper = _wrappers[key] = _mark(make(original), original)
    return wrapper


def _mark(wrapper: Any, original: Any) -> Any:
    setattr(wrapper, _ORIGINAL, original)
    return wrapper


def _patch_module(module_name: str) -> None:
    """Wrap the targets of one imported module (call with _lock held, when installed)."""
    module = sys.modules.get(module_name)
    if module is None:
        return
    for target in _BY_MODULE[module_name]:
        owner: Any = getattr(module, target.owner, None) if target.owner else module
        if owner is None:
            continue
        key = (id(owner), target.name)
        if key in _patched_keys:
            continue
        try:
            current = vars(owner).get(target.name)
        except TypeError:
            continue
        if current is None:
            continue
        # Ours already (saved by a library while installed, or left by a patch that
        # restored it after uninstall()): restore the function it wraps.
        original = getattr(current, _ORIGINAL, current)
        wrapper = current if original is not current else _wrapper_for(original, target.make)
        if wrapper is not current:
            try:
                setattr(owner, target.name, wrapper)
            except (AttributeError, TypeError):  # an immutable type: cannot be seen
                continue
        _patched.append((owner, target.name, original, wrapper))
        _patched_keys.add(key)


# --------------------------------------------------------------------------- import hook


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader, then wraps the module's targets."""

    def __init__(self, loader: Any, spec: ModuleSpec) -> None:
        self._loader = loader
        self._spec = spec

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        create: Callable[[ModuleSpec], ModuleType | None] | None = getattr(
            self._loader, "create_module", None
        )
        return create(spec) if create is not None else None

    def exec_module(self, module: ModuleType) -> None:
        loader = self._loader
        # step aside before the module runs: it sees its real loader
        if self._spec.loader is self:
            self._spec.loader = loader
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = loader
        spec = getattr(module, "__spec__", None)
        if spec is not None and spec.loader is self:
            spec.loader = loader
        loader.exec_module(module)
        with _lock:
            if _record is not None:
                with contextlib.suppress(Exception):  # never break the user's import
                    _patch_module(self._spec.name)


class _PostImportFinder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: hands a watched module's spec back with a patching loader."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in _BY_MODULE:
            return None
        finders = sys.meta_path
        try:
            after = finders[finders.index(self) + 1 :]
        except ValueError:  # removed meanwhile
            return None
        for finder in after:
            find_spec = getattr(finder, "find_spec", None)
            if find_spec is None:
                continue
            spec: ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader, spec)
        return spec


# ---------------------------------------------------------------------------- interface


def install(record: Recorder) -> None:
    """Wrap every supported client found in sys.modules, and install a sys.meta_path
    post-import hook so a client first imported later (inside a test) is wrapped on import.
    Calling install() twice without uninstall() raises RuntimeError."""
    global _record, _finder
    with _lock:
        if _record is not None:
            raise RuntimeError("pytest-restcodes: response capture is already installed")
        _record = record
        try:
            for module_name in _BY_MODULE:
                if module_name in sys.modules:
                    _patch_module(module_name)
            _finder = _PostImportFinder()
            sys.meta_path.insert(0, _finder)
        except BaseException:
            uninstall()
            raise


def uninstall() -> None:
    """Restore every original function/method exactly (the very same objects back,
    `is`-identical), remove the import hook. Safe to call when not installed."""
    global _record, _finder
    with _lock:
        if _finder is not None:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(_finder)
            _finder = None
        for owner, name, original, wrapper in reversed(_patched):
            # a value patched over ours (a mocker still running) is left alone
            if vars(owner).get(name) is wrapper:
                setattr(owner, name, original)
        _patched.clear()
        _patched_keys.clear()
        _record = None


def installed() -> bool:
    """Whether install() is in effect."""
    return _record is not None
