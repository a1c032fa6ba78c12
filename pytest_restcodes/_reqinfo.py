"""Request facts for responses that do not carry their request (urllib3, Falcon, Quart).

The checker's client wrappers know the method, URL and headers a response answers; they
file them here, keyed weakly by the response object, so that the adapters can show the
request line without keeping any response alive.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any, NamedTuple


class RequestInfo(NamedTuple):
    method: str | None
    url: str | None
    headers: tuple[tuple[str, str], ...]


_INFO: weakref.WeakKeyDictionary[Any, RequestInfo] = weakref.WeakKeyDictionary()
_BY_ID: dict[int, RequestInfo] = {}


def remember_request(
    response: Any,
    method: str | None,
    url: str | None,
    headers: Iterable[tuple[str, str]] | None = None,
) -> None:
    """File the request a response answers (called by the client wrappers)."""
    info = RequestInfo(
        method.upper() if isinstance(method, str) else method,
        url,
        tuple(headers) if headers is not None else (),
    )
    try:
        _INFO[response] = info
    except TypeError:  # not weak-referenceable: keep by id until forget_all()
        _BY_ID[id(response)] = info


def request_info(response: Any) -> RequestInfo | None:
    """The request filed for ``response``, if any."""
    try:
        found = _INFO.get(response)
    except TypeError:
        found = None
    if found is None and _BY_ID:
        found = _BY_ID.get(id(response))
    return found


def forget_all() -> None:
    """Drop what is kept by id (called at the end of each test)."""
    _BY_ID.clear()
