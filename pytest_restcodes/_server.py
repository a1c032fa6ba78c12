"""The exception behind a 5xx, when the app ran in the test's own process.

In-process test clients (Flask's, Starlette's with ``raise_server_exceptions=False``,
Django's with ``raise_request_exception=False``...) and live servers started in a thread
of the test process run the app right here: the exception that made a request fail is in
reach. The taps (``Client.server`` targets, wrapped by the capture like every other
target) catch it with what each framework offers (a signal, the middleware that re-raises
it, the handler method that receives it) and tie it to the response of that request:

- while a wrapped client call is in flight in the same context (in-process test
  clients), the exception is noted on that call's state and filed for the response the
  call returns;
- otherwise (a live server's thread, a server task on the test's own loop) it waits in a
  short bounded list with its request's method and path, and the outermost client call
  whose 5xx response answers that method and path claims it.

Only a bounded summary is kept (type, message, the app's own frames), in the Session's
filings: nothing of it outlives the test. Nothing here runs for a request that does not
fail. This module imports no client or framework library.
"""

from __future__ import annotations

import contextlib
import functools
import linecache
import traceback
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from . import _capture

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._capture import Capture
    from ._clients import RequestInfo, Target
    from ._view import ResponseView

__all__ = ["ServerException", "exception_lines", "one_line", "summarize"]

MESSAGE_LIMIT = 500
"""Characters of the exception's message kept."""
FRAME_LIMIT = 10
"""The app's own frames kept (the innermost ones)."""
_PER_CALL = 3
"""Exceptions noted on one client call at most (the first is the one shown)."""

_NOTED = "_pytest_restcodes_noted"  # set on an exception once noted (nested apps, two taps)


class ServerException(NamedTuple):
    """What a failed request raised in the app: no traceback, no frame, no request kept."""

    type: str
    message: str
    frames: tuple[tuple[str, int, str, str], ...]
    """The app's own frames, outermost first: file, line, function, source line."""
    folded: int
    """Frames of the framework, libraries and the standard library, not shown."""


def summarize(exc: BaseException) -> ServerException:
    """The bounded summary of ``exc`` (its traceback is read, not kept)."""
    from ._session import _foreign_roots

    foreign = _foreign_roots()
    kept: list[tuple[str, int, str]] = []
    folded = 0
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith(foreign) or filename.startswith("<"):
            folded += 1
        else:
            kept.append((filename, lineno, frame.f_code.co_name))
    if len(kept) > FRAME_LIMIT:
        folded += len(kept) - FRAME_LIMIT
        kept = kept[-FRAME_LIMIT:]
    try:
        message = str(exc)
    except Exception:
        message = "(its message could not be read)"
    if len(message) > MESSAGE_LIMIT:
        message = f"{message[:MESSAGE_LIMIT]}... ({len(message) - MESSAGE_LIMIT:,} more)"
    kind = type(exc)
    name = kind.__qualname__
    if kind.__module__ not in ("builtins", "__main__"):
        name = f"{kind.__module__}.{name}"
    frames = tuple(
        (filename, lineno, function, linecache.getline(filename, lineno).strip()[:200])
        for filename, lineno, function in kept
    )
    return ServerException(name, message, frames, folded)


# ------------------------------------------------------------------------ noting, filing

_PENDING = _capture._PENDING
"""(capture, method, path, summary) of exceptions no in-flight call could take (a live
server's thread, a server task on the test's loop): bounded, claimed by method and path."""


def note(capture: Capture, exc: BaseException | None, request: RequestInfo | None) -> None:
    """A request failed with ``exc`` in the app (runs only then; never raises)."""
    if exc is None or capture.session is None:
        return
    try:
        if getattr(exc, _NOTED, False):
            return
        code = getattr(exc, "status_code", None)
        if isinstance(code, int) and code < 500:
            return  # an HTTP error the framework answers as such (a 404): no malfunction
        with contextlib.suppress(Exception):  # no __dict__: may be noted twice
            setattr(exc, _NOTED, True)
        summary = summarize(exc)
        call = _capture._CALL.get()
        if call is not None and call[0] and call is not _capture.SERVING:
            if len(call) <= _PER_CALL:
                call.append(summary)
            return
        method = request.method if request is not None else None
        path = _path(request.url) if request is not None else None
        _PENDING.append((capture, method, path, summary))
    except Exception:  # the app's own error handling goes on, whatever happens here
        return


def _path(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return None


def attach(capture: Capture, call: list[Any], response: Any) -> None:
    """The outermost client call returned ``response``: file what was noted meanwhile."""
    _file(capture, response, call[1])


def claim(capture: Capture, response: Any) -> None:
    """The outermost client call returned ``response``: a 5xx claims the exception a
    server noted for the same method and path (the oldest one)."""
    from ._adapters import adapter_for
    from ._view import ResponseView

    try:
        adapter = adapter_for(response)
        if adapter is None:
            return
        view = ResponseView(response, adapter)
        if not 500 <= view.status <= 599:
            return
        method, path = view.method, _path(view.url)
        for entry in list(_PENDING):
            owner, noted_method, noted_path, summary = entry
            if owner is not capture:
                continue
            if noted_method and method and noted_method != method:
                continue
            if noted_path and path and noted_path != path:
                continue
            with contextlib.suppress(ValueError):
                _PENDING.remove(entry)
            _file(capture, response, summary)
            return
    except Exception:
        return


def _file(capture: Capture, response: Any, summary: ServerException) -> None:
    session = capture.session
    if session is not None:
        with contextlib.suppress(Exception):
            session.file(response, exception=summary)


def forget() -> None:
    """A test starts or ends: exceptions nobody claimed are dropped."""
    _PENDING.clear()


# ------------------------------------------------------------------------- the taps


def _tapped(target: Target, args: Any, kwargs: Any) -> tuple[Any, Any]:
    tap = target.tap
    if tap is None:
        return None, None
    try:
        return tap(args, kwargs)
    except Exception:
        return None, None


def _raised(capture: Capture, target: Target, original: Any) -> Any:
    """A blocking call that re-raises the exception of a failed request."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except Exception as exc:
            _, request = _tapped(target, args, kwargs)
            note(capture, exc, request)
            raise

    return wrapper


def _araised(capture: Capture, target: Target, original: Any) -> Any:
    """A coroutine function that re-raises it (Starlette's ServerErrorMiddleware)."""

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await original(*args, **kwargs)
        except Exception as exc:
            _, request = _tapped(target, args, kwargs)
            note(capture, exc, request)
            raise

    return wrapper


def _handler(capture: Capture, target: Target, original: Any) -> Any:
    """A method called with the exception (Falcon's _handle_exception, log_exception)."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        exc, request = _tapped(target, args, kwargs)
        note(capture, exc, request)
        return original(*args, **kwargs)

    return wrapper


def _ahandler(capture: Capture, target: Target, original: Any) -> Any:
    """A coroutine method called with the exception (Litestar's, Falcon's ASGI one)."""

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        exc, request = _tapped(target, args, kwargs)
        note(capture, exc, request)
        return await original(*args, **kwargs)

    return wrapper


def _serving(capture: Capture, target: Target, original: Any) -> Any:
    """A live server's entry point (a WSGI handler in a server thread): what the app
    receives from its own outgoing calls meanwhile is the server's, not the test's."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _capture._CALL.set(_capture.SERVING)
        try:
            return original(*args, **kwargs)
        finally:
            _capture._CALL.reset(token)

    return wrapper


def _aserving(capture: Capture, target: Target, original: Any) -> Any:
    """An async live server's entry point (uvicorn's per-request task)."""

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _capture._CALL.set(_capture.SERVING)
        try:
            return await original(*args, **kwargs)
        finally:
            with contextlib.suppress(ValueError):
                _capture._CALL.reset(token)

    return wrapper


def receiver(capture: Capture, target: Target) -> Callable[..., None]:
    """The receiver connected to a ``signal`` target (Flask's, Quart's, Django's
    got_request_exception): sent only when a request failed."""

    def receive(sender: Any = None, **kwargs: Any) -> None:
        exc, request = _tapped(target, (sender,), kwargs)
        note(capture, exc, request)

    return receive


KINDS: dict[str, Callable[[Capture, Target, Any], Any]] = {
    "raised": _raised,
    "araised": _araised,
    "handler": _handler,
    "ahandler": _ahandler,
    "serving": _serving,
    "aserving": _aserving,
}


# ------------------------------------------------------------------------- rendering


def exception_lines(view: ResponseView, body: bytes, parsed: Any) -> list[str]:
    """``Server exception:`` lines of a 5xx: what the app raised in this process (type,
    message, its own frames), else what the framework or the body tells."""
    from . import _body, _mask
    from ._render import INDENT, gate, place_of
    from ._session import filed

    try:
        summary = filed(view.raw).exception
    except Exception:
        summary = None
    told = view.exception()
    if told is None and not _body.looks_binary(body, view.content_type):
        told = _body.server_exception(body, parsed)
    if isinstance(summary, ServerException):
        # what the framework or the body tells of it heads it (Django's "at /path")
        short = summary.type.rpartition(".")[2]
        headline = told if told and short in told else None
        headline = headline or f"{summary.type}: {_mask.body_text(summary.message)}"
        lines = [gate(f"Server exception: {headline}", 2 * MESSAGE_LIMIT)]
        for filename, lineno, function, source in summary.frames:
            lines.append(gate(f"{INDENT}{place_of((filename, lineno))} in {function}", 1000))
            if source:
                lines.append(gate(f"{INDENT}{INDENT}{_mask.body_text(source)}", 1000))
        if summary.folded:
            count = summary.folded
            lines.append(
                f"{INDENT}({count} framework/library frame{'s' if count != 1 else ''} "
                "not shown)"
            )
        return lines
    return [f"Server exception: {told}"] if told else []


def one_line(summary: ServerException) -> str:
    """``ZeroDivisionError: division by zero (app.py:12)``, for a finding."""
    from ._render import place_of

    where = ""
    if summary.frames:
        filename, lineno, _, _ = summary.frames[-1]
        where = f" ({place_of((filename, lineno))})"
    message = " ".join(summary.message.split())[:200]
    return f"{summary.type.rpartition('.')[2]}: {message}{where}"


