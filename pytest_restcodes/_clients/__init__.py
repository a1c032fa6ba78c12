"""One module per supported client: its adapter, its capture targets, its names.

Everything else is derived from :data:`CLIENTS`: the adapters the helpers and the checker
look up (``types``), the calls the checker wraps (``targets``), the list of supported
clients in error messages (``SUPPORTED``), and the client lists of the tests and the
benchmarks. Adding a client means adding its module here and naming it in ``_MODULES``.
No client library is imported by any of these modules.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .._adapters import Adapter

_MODULES = (
    "requests",
    "niquests",
    "httpx",
    "werkzeug",
    "quart",
    "django",
    "aiohttp",
    "webtest",
    "falcon",
    "tornado",
    "urllib3",
)


class RequestInfo(NamedTuple):
    """The request a response answers, for clients whose responses do not carry it."""

    method: str | None
    url: str | None
    headers: tuple[tuple[str, str], ...] = ()


Args = tuple[Any, ...]
Kwargs = dict[str, Any]
RequestOf = Callable[[Args, Kwargs, Any], "RequestInfo | None"]
"""Builds the request of a call's response from the call's arguments (and the response)."""
Tap = Callable[[Args, Kwargs], "tuple[BaseException | None, RequestInfo | None]"]
"""A server-side tap: the exception of a failed request and that request, from the tapped
call's (or signal's) arguments. Called only when a request failed."""


@dataclass(frozen=True)
class Target:
    """One call that hands responses to its caller, wrapped while the checker runs.

    ``where`` is ``"module:Owner.name"`` (a method of a class) or ``"module:name"`` (a
    module-level function). ``kind`` says how the call returns its response:

    - ``sync``: returns it; ``async``: a coroutine returning it; ``future``: a Future of it;
    - ``tag``: a status check that raises: the exception carries the response it rejected
      (``tag_arg`` names the argument), recorded by the outermost call;
    - ``file``: a coroutine that builds a response: only its request is filed, nothing
      recorded (the outermost call records).

    ``request`` files the request for responses that lack it; ``skip_arg`` skips the result
    when it is that positional argument (recorded already); ``redirects`` marks a call that
    follows redirects by calling ``hop`` targets: their results become the final
    response's history.
    """

    where: str
    kind: str = "sync"
    request: RequestOf | None = None
    skip_arg: int | None = None
    tag_arg: tuple[int, str] | None = None
    redirects: bool = False
    hop: bool = False
    tap: Tap | None = None
    """Server side (``Client.server``): the exception a failed request raised and the
    request it answered, from the tapped call's arguments (see ``_server``)."""

    @property
    def module(self) -> str:
        return self.where.partition(":")[0]

    @property
    def owner(self) -> str:
        return self.where.partition(":")[2].rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.where.rpartition(".")[2] if self.owner else self.where.partition(":")[2]


@dataclass(frozen=True)
class Client:
    """What the plugin knows of one client library."""

    name: str
    """Short name, as ``ResponseSummary.client`` reports it (``"requests"``)."""
    display: str
    """How error messages and the README name it, with what rides on it."""
    packages: tuple[str, ...]
    """Top-level import names of the library and of what it covers (mocks, test clients)."""
    types: Mapping[str, Adapter]
    """``"module.QualName"`` of response classes (matched along the MRO) -> adapter."""
    targets: tuple[Target, ...] = field(default=())
    follow_off: str = ""
    """How to make one call of this client not follow redirects (for failure messages)."""
    server: tuple[Target, ...] = field(default=())
    """Server-side taps of the frameworks this client tests in process (see ``_server``):
    where an app's failed request shows its exception (``raised``/``araised``: a call that
    re-raises it; ``handler``/``ahandler``: a method that receives it; ``signal``: a signal
    sent with it), and the entry points of live servers (``serving``/``aserving``)."""


@functools.cache
def clients() -> tuple[Client, ...]:
    """Every supported client, in the order of ``_MODULES``."""
    return tuple(
        importlib.import_module(f"{__name__}.{name}").CLIENT for name in _MODULES
    )


@functools.cache
def named(name: str) -> Client | None:
    """The client whose adapters report ``name``."""
    for client in clients():
        if client.name == name:
            return client
    return None


@functools.cache
def supported() -> str:
    """The supported clients, as one sentence for error messages."""
    return ", ".join(client.display for client in clients())


def arg(args: Args, kwargs: Kwargs, index: int, name: str, default: Any = None) -> Any:
    """A call's argument by position or keyword."""
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    """Request headers given as a mapping or pairs, as pairs of strings."""
    if not headers:
        return ()
    items: Any = headers.items() if hasattr(headers, "items") else headers
    return tuple((text(k), text(v)) for k, v in items)


def request_info(method: Any, url: Any, headers: Any = None) -> RequestInfo:
    return RequestInfo(
        method.upper() if isinstance(method, str) else None,
        url if isinstance(url, str) else None,
        header_pairs(headers),
    )


def reason_from_status_line(status: Any) -> str | None:
    """``"Created"`` from ``"201 Created"``."""
    if isinstance(status, str):
        _, _, rest = status.partition(" ")
        return rest or None
    return None
