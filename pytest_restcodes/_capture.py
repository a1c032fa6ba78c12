"""See every HTTP response a test receives, from every supported client, exactly once.

A :class:`Capture` wraps, at class (or module) level, the calls of each client that hand
a response to their caller (the ``targets`` of ``_clients``), and hands each response to
its ``session`` (anything with ``record(raw)`` and ``file(raw, request, hops)``): the final
one (after redirects), at the outermost wrapped call only, after that call returns. Only
what is in ``sys.modules`` is wrapped at ``install()``; a ``sys.meta_path`` hook wraps a
client imported later, right after its module has run. This module imports no client.

Patching never leaks. ``install()`` remembers exactly what each attribute held;
``uninstall()`` puts that back only where its own wrapper is still in place: a value set
over it meanwhile (``mock.patch``, monkeypatch, another plugin) is left to its owner,
whose own undo puts back what it saw. Wrappers are recognised by identity, never by
asking an unknown object for an attribute. A capture installed while another is (a
pytest run inside a test) wraps the outer one's wrappers; the inner one records, the
outer one sees a nested call and steps aside.

Calls nested inside another wrapped call (Starlette over httpx, DRF over Django, requests
over urllib3, redirects a client follows by calling itself, an app's own outgoing calls
inside a test-client request) are not recorded: a ``ContextVar`` holds the outermost call
while it runs, and a per-thread flag covers an event loop that a blocking call runs in a
context of its own (Falcon's sync ``simulate_request`` on an ASGI app).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import importlib.abc
import inspect
import sys
import threading
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from importlib.machinery import ModuleSpec
from threading import get_ident
from types import ModuleType
from typing import Any, Protocol

from ._clients import Target

__all__ = ["Capture", "Sink"]


class Sink(Protocol):
    """Where a capture hands what it sees (a test's Session)."""

    def record(self, raw: Any, via: Any = None) -> None: ...

    def file(
        self, raw: Any, request: Any = None, hops: tuple[Any, ...] = (), exception: Any = None
    ) -> None: ...


_RAISED_WITH = "_pytest_restcodes_response"  # set on an exception that carries a response

# The re-entrancy guard: the outermost wrapped call running in this context, as a
# one-item list that is True while the call runs. A context copied during the call (a task
# the client spawns, a thread it starts with the context) sees the call and nests under it;
# a copy that outlives the call (a lazily created asyncio.Runner) sees it finished.
_CALL: ContextVar[list[Any] | None] = ContextVar("pytest_restcodes_call", default=None)

# Redirect hops collected while a call that follows redirects runs (Django's follow=True).
_HOPS: ContextVar[list[Any] | None] = ContextVar("pytest_restcodes_hops", default=None)

# Threads in which a blocking (sync) outermost wrapped call runs: anything wrapped that
# runs in such a thread meanwhile is nested in it, whatever its context. (A set of
# idents: cheaper than a threading.local, and empty, hence skipped, most of the time.)
_busy: set[int] = set()

_lock = threading.RLock()

# The call state while an app serves a request in this process (a live server's entry
# point, see ``_server``): any wrapped call made meanwhile is the server's, nested, not
# recorded. Never set to False.
SERVING: list[Any] = [True]

# Exceptions a server noted with no client call in flight in its context (``_server``):
# (capture, method, path, summary), claimed by the outermost call whose 5xx answers them.
_PENDING: collections.deque[tuple[Any, Any, Any, Any]] = collections.deque(maxlen=16)


def _nested() -> bool:
    call = _CALL.get()
    return (call is not None and call[0]) or (bool(_busy) and get_ident() in _busy)


def _emit(capture: Capture, target: Target, args: Any, kwargs: Any, response: Any) -> None:
    """Hand a response of an outermost call to the session (never breaks the call)."""
    session = capture.session
    if session is None:
        return
    try:
        if target.request is not None:
            session.file(response, target.request(args, kwargs, response))
        skip = target.skip_arg
        if skip is not None and len(args) > skip and args[skip] is response:
            return
        session.record(response, args[0] if args else None)
    except Exception:  # the session reports its own errors
        return


def _served(capture: Capture, call: list[Any], response: Any) -> None:
    """Something failed in an app in this process while the call ran: file its exception
    for the call's response (runs only then)."""
    from . import _server

    if len(call) > 1:
        _server.attach(capture, call, response)
    else:
        _server.claim(capture, response)


def _emit_raised(capture: Capture, exc: BaseException, via: Any = None) -> None:
    """Record the response an exception carries (WebTest's AppError), once."""
    response = getattr(exc, _RAISED_WITH, None)
    if response is None:
        return
    try:
        delattr(exc, _RAISED_WITH)
    except AttributeError:
        return
    session = capture.session
    if session is not None:
        with contextlib.suppress(Exception):
            session.record(response, via)


def _file_hops(capture: Capture, hops: list[Any], final: Any) -> None:
    session = capture.session
    if session is None or not hops:
        return
    earlier = tuple(h for h in hops if h is not final)
    if earlier:
        with contextlib.suppress(Exception):
            session.file(final, hops=earlier)


# ---------------------------------------------------------------------- wrapper kinds


def _sync(capture: Capture, target: Target, original: Any) -> Any:
    """A blocking call that returns the response."""
    if target.hop or target.redirects:
        return _sync_following(capture, target, original)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = _CALL.get()
        if (call is not None and call[0]) or (_busy and get_ident() in _busy):
            return original(*args, **kwargs)
        if capture.session is None:
            return original(*args, **kwargs)
        response = _outermost(capture, original, args, kwargs)
        _emit(capture, target, args, kwargs, response)
        return response

    return wrapper


def _outermost(capture: Capture, original: Any, args: Any, kwargs: Any) -> Any:
    """Run a blocking call as the outermost one of its context and thread: what it calls
    meanwhile is nested; what a server in this process raised meanwhile is filed for its
    response."""
    call: list[Any] = [True]
    token = _CALL.set(call)
    thread = get_ident()
    _busy.add(thread)
    try:
        response = original(*args, **kwargs)
    except BaseException as exc:
        _emit_raised(capture, exc, args[0] if args else None)
        raise
    finally:
        call[0] = False
        _busy.discard(thread)
        _CALL.reset(token)
    if len(call) > 1 or _PENDING:
        _served(capture, call, response)
    return response


def _first_hop(target: Target, args: Any) -> list[Any]:
    """A call that follows redirects gets the first response as its argument."""
    index = target.skip_arg
    return [args[index]] if index is not None and len(args) > index else []


def _sync_following(capture: Capture, target: Target, original: Any) -> Any:
    """A blocking call of a client that follows redirects by calling itself: ``hop``
    calls hand their responses to the ``redirects`` call around them, which files them
    as the final response's history."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        hops_token = _HOPS.set(_first_hop(target, args)) if target.redirects else None
        try:
            if _nested() or capture.session is None:
                response = original(*args, **kwargs)
                outermost = False
            else:
                outermost = True
                response = _outermost(capture, original, args, kwargs)
        finally:
            hops = _HOPS.get() if hops_token is not None else None
            if hops_token is not None:
                _HOPS.reset(hops_token)
        _after_following(capture, target, args, kwargs, response, hops, outermost)
        return response

    return wrapper


def _after_following(
    capture: Capture,
    target: Target,
    args: Any,
    kwargs: Any,
    response: Any,
    hops: list[Any] | None,
    outermost: bool,
) -> None:
    if hops:
        _file_hops(capture, hops, response)
    elif target.hop and hops is None:
        collecting = _HOPS.get()
        if collecting is not None:
            collecting.append(response)
    if outermost:
        _emit(capture, target, args, kwargs, response)


def _async(capture: Capture, target: Target, original: Any) -> Any:
    """A coroutine function that returns the response."""
    following = target.hop or target.redirects

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = _CALL.get()
        nested = (call is not None and call[0]) or (_busy and get_ident() in _busy)
        if not following and (nested or capture.session is None):
            return await original(*args, **kwargs)
        hops_token = _HOPS.set(_first_hop(target, args)) if target.redirects else None
        outermost = not nested and capture.session is not None
        try:
            if not outermost:
                response = await original(*args, **kwargs)
            else:
                call = [True]
                token = _CALL.set(call)
                try:
                    response = await original(*args, **kwargs)
                except BaseException as exc:
                    _emit_raised(capture, exc, args[0] if args else None)
                    raise
                finally:
                    call[0] = False
                    try:  # noqa: SIM105 -- the hot path: no context manager
                        _CALL.reset(token)
                    except ValueError:  # resumed in another context: harmless
                        pass
                if len(call) > 1 or _PENDING:
                    _served(capture, call, response)
        finally:
            hops = _HOPS.get() if hops_token is not None else None
            if hops_token is not None:
                with contextlib.suppress(ValueError):
                    _HOPS.reset(hops_token)
        if following:
            _after_following(capture, target, args, kwargs, response, hops, outermost)
        else:
            _emit(capture, target, args, kwargs, response)
        return response

    return wrapper


def _future(capture: Capture, target: Target, original: Any) -> Any:
    """A call that returns a Future of the response (tornado's AsyncHTTPClient.fetch). The
    call stays active until the Future is done: tornado follows a redirect by calling
    fetch again from the connection's task, after the outer fetch has returned."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _nested() or capture.session is None:
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
            add_done_callback(functools.partial(_future_done, capture, target, call))
        return future

    return wrapper


def _future_done(capture: Capture, target: Target, call: list[bool], future: Any) -> None:
    call[0] = False
    try:
        if future.cancelled():
            return
        exc = future.exception()
        response = future.result() if exc is None else getattr(exc, "response", None)
    except Exception:
        return
    if response is not None:
        if len(call) > 1 or _PENDING:
            _served(capture, call, response)
        _emit(capture, target, (), {}, response)


def _tag(capture: Capture, target: Target, original: Any) -> Any:
    """A status check that raises: the exception carries the response it rejected, and
    the outermost wrapper records it (WebTest's ``_check_status``)."""
    index, name = target.tag_arg or (1, "res")

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


def _file(capture: Capture, target: Target, original: Any) -> Any:
    """A coroutine function that builds one response: file its request, record nothing."""
    request = target.request

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        response = await original(*args, **kwargs)
        session = capture.session
        if session is not None and request is not None:
            with contextlib.suppress(Exception):  # filing is best effort
                session.file(response, request(args, kwargs, response))
        return response

    return wrapper


_KINDS: dict[str, Callable[[Capture, Target, Any], Any]] = {
    "sync": _sync,
    "async": _async,
    "future": _future,
    "tag": _tag,
    "file": _file,
}


# --------------------------------------------------------------------------- the capture


def _targets() -> dict[str, tuple[Target, ...]]:
    """module name -> its targets: every client's, then the user's registrations."""
    from ._adapters import custom_targets
    from ._clients import clients

    found: dict[str, tuple[Target, ...]] = {}
    every = [t for client in clients() for t in (*client.targets, *client.server)]
    every += [Target(where, "auto") for where in custom_targets()]
    for target in every:
        found[target.module] = (*found.get(target.module, ()), target)
    return found


class _Patch:
    __slots__ = ("had", "name", "owner", "previous", "wrapper")

    def __init__(self, owner: Any, name: str, had: bool, previous: Any, wrapper: Any) -> None:
        self.owner = owner
        self.name = name
        self.had = had  # the name was in the owner's own namespace
        self.previous = previous  # what to put back
        self.wrapper = wrapper


class Capture:
    """The wrappers of one pytest run, handing responses to ``session`` while it is set."""

    def __init__(self, session: Sink | None = None) -> None:
        self.session: Sink | None = session
        self._by_module: dict[str, tuple[Target, ...]] = {}
        self._patches: list[_Patch] = []
        self._done: set[tuple[int, str]] = set()
        self._mine: dict[int, _Patch] = {}  # id(wrapper) -> its patch
        self._finder: _PostImportFinder | None = None
        self._signals: list[tuple[Any, Any]] = []  # (signal, receiver) connected
        self.installed = False

    def install(self) -> None:
        """Wrap every supported client in sys.modules; wrap later imports on import."""
        with _lock:
            if self.installed:
                raise RuntimeError("pytest-restcodes: this capture is already installed")
            self.installed = True
            self._by_module = _targets()
            try:
                for module_name in self._by_module:
                    if module_name in sys.modules:
                        self._patch_module(module_name)
                self._finder = _PostImportFinder(self)
                sys.meta_path.insert(0, self._finder)
            except BaseException:
                self.uninstall()
                raise

    def uninstall(self) -> None:
        """Put back what each attribute held where our wrapper is still in place, and
        remove the import hook. Safe to call more than once."""
        with _lock:
            if self._finder is not None:
                with contextlib.suppress(ValueError):
                    sys.meta_path.remove(self._finder)
                self._finder = None
            for patch in reversed(self._patches):
                owner, name = patch.owner, patch.name
                try:
                    current = vars(owner).get(name)
                except TypeError:
                    continue
                if current is not patch.wrapper:
                    continue  # someone else's value: their own undo puts theirs back
                with contextlib.suppress(AttributeError, TypeError):
                    if patch.had:
                        setattr(owner, name, patch.previous)
                    else:
                        delattr(owner, name)
            for signal, receive in reversed(self._signals):
                with contextlib.suppress(Exception):
                    signal.disconnect(receive)
            self._signals.clear()
            self._patches.clear()
            self._done.clear()
            self._mine.clear()
            self.session = None
            self.installed = False

    def _patch_module(self, module_name: str) -> None:
        module = sys.modules.get(module_name)
        if module is None:
            return
        for target in self._by_module.get(module_name, ()):
            if target.kind == "signal":
                self._connect(module, target)
                continue
            owner: Any = module
            for part in target.owner.split(".") if target.owner else ():
                owner = getattr(owner, part, None)
                if owner is None:
                    break
            if owner is None:
                continue
            key = (id(owner), target.name)
            if key in self._done:
                continue
            try:
                namespace = vars(owner)
            except TypeError:
                continue
            had = target.name in namespace
            current = namespace.get(target.name) if had else getattr(owner, target.name, None)
            if current is None:
                continue
            previous = current
            mine = self._mine.get(id(current))
            if mine is not None and mine.wrapper is current:
                # our own wrapper, saved by a library while we were installed and set
                # again (requests-mock's _original_send): wrap what it wraps
                previous = mine.previous
            wrapper = self._wrap(target, previous)
            try:
                setattr(owner, target.name, wrapper)
            except (AttributeError, TypeError):  # an immutable type: cannot be seen
                continue
            patch = _Patch(owner, target.name, had, previous, wrapper)
            self._patches.append(patch)
            self._mine[id(wrapper)] = patch
            self._done.add(key)

    def _wrap(self, target: Target, original: Any) -> Any:
        kind = target.kind
        if kind == "auto":
            kind = "async" if inspect.iscoroutinefunction(original) else "sync"
        if kind not in _KINDS:  # the server-side taps' kinds
            from ._server import KINDS

            _KINDS.update(KINDS)
        return _KINDS[kind](self, target, original)

    def _connect(self, module: Any, target: Target) -> None:
        """A ``signal`` target: connect a receiver (disconnected by ``uninstall``)."""
        signal = getattr(module, target.name, None)
        key = (id(signal), target.name)
        if signal is None or key in self._done:
            return
        from ._server import receiver

        receive = receiver(self, target)
        try:
            signal.connect(receive, weak=False)
        except Exception:  # not a signal we know how to connect to
            return
        self._signals.append((signal, receive))
        self._done.add(key)

    def watches(self, module_name: str) -> bool:
        return module_name in self._by_module

    def imported(self, module_name: str) -> None:
        with _lock:
            if self.installed:
                with contextlib.suppress(Exception):  # never break the user's import
                    self._patch_module(module_name)


# --------------------------------------------------------------------------- import hook


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader, then wraps the module's targets."""

    def __init__(self, loader: Any, spec: ModuleSpec, capture: Capture) -> None:
        self._loader = loader
        self._spec = spec
        self._capture = capture

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
        self._capture.imported(self._spec.name)


class _PostImportFinder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: hands a watched module's spec back with a patching loader."""

    def __init__(self, capture: Capture) -> None:
        self._capture = capture

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not self._capture.watches(fullname):
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
            spec.loader = _PatchingLoader(spec.loader, spec, self._capture)
        return spec
