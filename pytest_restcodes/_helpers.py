"""The status helpers. Each takes the response first and returns it unchanged on success."""

from __future__ import annotations

import contextvars
import http
from collections.abc import Collection, Iterable
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from . import _codes, _http, _mask, _render
from ._adapters import _BY_TYPE, _FAST, adapter_for, unsupported
from ._errors import StatusAssertionError
from ._session import HOT, caller, current
from ._session import settings as run_settings
from ._view import ResponseView

R = TypeVar("R", bound=Any)  # any response type; Any lets the passing path read status_code

# the passing path of the class helpers: range containment is O(1) for an int, and False
# (not a TypeError) for a status that is None
_CLASS_2XX, _CLASS_3XX, _CLASS_4XX, _CLASS_5XX = (range(k, k + 100) for k in (200, 300, 400, 500))

StatusSpec = int | http.HTTPStatus | str
"""One expected status: ``201``, ``HTTPStatus.CREATED``, ``"created"`` or a class ``"2xx"``."""

_SOFT: contextvars.ContextVar[list[StatusAssertionError] | None] = contextvars.ContextVar(
    "restcodes_soft", default=None
)


def _hide(excinfo: Any) -> bool:
    """Hide helper frames for our own assertion errors only: plugin bugs stay visible."""
    return bool(excinfo.errisinstance(StatusAssertionError))


def _parse_one(spec: Any, codes: list[int], classes: list[int]) -> None:
    if isinstance(spec, bool):
        raise TypeError(f"expected status must be an int, HTTPStatus or str, got {spec!r}")
    if isinstance(spec, int):  # HTTPStatus is an int
        codes.append(int(spec))
        return
    if isinstance(spec, str):
        text = spec.strip()
        if len(text) == 3 and text[0] in "12345" and text[1:].lower() == "xx":
            classes.append(int(text[0]))
            return
        if text.isdigit():
            codes.append(int(text))
            return
        code = _codes.code_for_name(text)
        if code is None:
            raise ValueError(
                f"unknown status {spec!r}: use a code (201), a name ('created', 'not_found'), "
                "an http.HTTPStatus, or a class ('2xx')"
            )
        codes.append(code)
        return
    raise TypeError(
        "expected status must be an int, an http.HTTPStatus, a name such as 'created', a "
        f"class such as '2xx', or a collection of these; got {type(spec).__name__}"
    )


def parse_expected(expected: Any) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(codes, classes) from what a user may pass to ``assert_status``."""
    codes: list[int] = []
    classes: list[int] = []
    if isinstance(expected, (int, str)):
        _parse_one(expected, codes, classes)
    elif isinstance(expected, Iterable) and not isinstance(expected, (bytes, dict)):
        for item in expected:
            _parse_one(item, codes, classes)
        if not codes and not classes:
            raise ValueError("assert_status() needs at least one expected status")
    else:
        _parse_one(expected, codes, classes)
    return tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(classes))


def _describe(codes: tuple[int, ...], classes: tuple[int, ...]) -> str:
    parts = [_codes.label(c) for c in codes]
    parts += [f"a {k}xx ({_codes.class_meaning(k)[0].split(':')[0]})" for k in classes]
    if len(parts) == 1:
        return parts[0]
    return "one of " + ", ".join(parts)


def _resolve(base: str | None, ref: str) -> str:
    try:
        return urljoin(base, ref) if base else ref
    except ValueError:  # an unparsable reference (an unclosed IPv6 bracket...): as given
        return ref


def _same_uri(a: str, b: str) -> bool:
    """Equal once percent-encoding is normalised (``/café`` is ``/caf%C3%A9``)."""
    return a == b or unquote(a) == unquote(b)


def _check_location(helper: str, location: object) -> str:
    if not isinstance(location, str):
        raise TypeError(
            f"{helper}(): location= takes the expected URI as a string, such as '/books/1' "
            f"or 'https://api.example/books/1'; got {_render.describe(location)}"
        )
    return location


def _check_allow(helper: str, allow: object) -> set[str]:
    if isinstance(allow, str):
        return _http.methods(allow)
    if not isinstance(allow, Iterable) or isinstance(allow, (bytes, dict)):
        raise TypeError(
            f"{helper}(): allow= takes method names, as a list such as ['GET', 'POST'] or a "
            f"string such as 'GET, POST'; got {_render.describe(allow)}"
        )
    items = list(allow)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise TypeError(
                f"{helper}(): allow= takes method names as strings, such as ['GET', 'POST']; "
                f"got {_render.describe(item)} among them"
            )
    return _http.methods(items)


def _location_problem(view: ResponseView, expected: str) -> str | None:
    actual = view.header("location")
    if actual is None:
        return f"the Location header is missing (expected {expected!r})"
    base = view.url
    want, got = _resolve(base, expected), _resolve(base, actual)
    if _same_uri(want, got):
        return None
    if not base or not _netloc(base):
        # no absolute request URL (unknown, or a path only, as urllib3 reports it):
        # compare paths when only one side is absolute
        w, g = _split(want), _split(got)
        if (
            w is not None
            and g is not None
            and _same_uri(w.path, g.path)
            and _same_uri(w.query, g.query)
            and not (w.netloc and g.netloc)
        ):
            return None
    shown = f"Location is {_mask.url(actual)!r}, expected {_mask.url(expected)!r}"
    if base and (want != expected or got != actual):
        shown += f" (resolved against the request URL: {_mask.url(got)} vs {_mask.url(want)})"
    return shown


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _netloc(url: str) -> str:
    found = _split(url)
    return found.netloc if found is not None else ""


_STARLETTE_ALLOW = (
    "Starlette and FastAPI list in Allow only the methods of the first route that matches "
    "the path: with separate @app.get(...) and @app.post(...) on one path, a 405 says "
    "Allow: GET. Declare the methods on one route (@app.api_route(path, methods=[...])) or "
    "answer the 405 yourself with the full list."
)


def _allow_problem(view: ResponseView, allow: set[str] | None) -> str | None:
    value = view.header("allow")
    if value is None:
        return (
            "the Allow header is missing: a 405 must list the methods the resource supports "
            "(RFC 9110 §15.5.6 MUST), e.g. Allow: GET, POST"
        )
    if allow is None:
        return None
    want = allow
    got = _http.parse_allow(value)
    if want == got:
        return None
    expected = ", ".join(sorted(want)) if want else "no method at all (an empty Allow)"
    parts = [f"Allow is {_render.describe(value)}, expected {expected}"]
    if want - got:
        parts.append(f"missing: {', '.join(sorted(want - got))}")
    if got - want:
        parts.append(f"unexpected: {', '.join(sorted(got - want))}")
    text = "; ".join(parts)
    if want - got and got and got < want and _served_by_starlette(view):
        text += f". {_STARLETTE_ALLOW}"
    return text


def _served_by_starlette(view: ResponseView) -> bool:
    """A response of Starlette's (or FastAPI's) TestClient."""
    url = view.url or ""
    return view.client == "httpx" and _netloc(url) == "testserver"


def _content_problem(view: ResponseView) -> str | None:
    found = _http.carries_content(view, trust_length=False)
    if found is not None:
        return f"the response carries {found}: a 204 must carry none (RFC 9110 §15.3.5 MUST NOT)"
    length = _http.content_length(view)
    if length:
        return f"Content-Length is {length}: a 204 must carry no content (RFC 9110 §15.3.5)"
    return None


def _verify(
    resp: R,
    helper: str,
    codes: tuple[int, ...] = (),
    classes: tuple[int, ...] = (),
    *,
    location: object = None,
    allow: object = None,
    check_allow: bool = False,
    no_content: bool = False,
) -> R:
    __tracebackhide__ = _hide
    if location is not None:
        location = _check_location(helper, location)
    allowed = _check_allow(helper, allow) if allow is not None else None
    # the passing path stays lean: a dict hit for the adapter, one attribute read
    adapter = _BY_TYPE.get(type(resp))
    if adapter is None:
        adapter = adapter_for(resp)
        if adapter is None:
            raise unsupported(resp, f"{helper}()")
    if adapter.status_attr == "status_code" and adapter.captured:
        _FAST.add(type(resp))
    elif not adapter.captured:
        _uncaptured(resp)
    try:
        status = adapter.status(resp)
    except (TypeError, ValueError, AttributeError):
        raise _no_status(resp, adapter, helper) from None
    if (status in codes or status // 100 in classes) and not (
        location is not None or check_allow or no_content
    ):
        if HOT.acknowledge is not None:
            HOT.acknowledge(resp, status)
        return resp
    view = ResponseView(resp, adapter)
    problems: list[str] = []
    if status in codes or status // 100 in classes:
        if location is not None:
            problem = _location_problem(view, str(location))
            if problem:
                problems.append(problem)
        if check_allow:
            problem = _allow_problem(view, allowed)
            if problem:
                problems.append(problem)
        if no_content:
            problem = _content_problem(view)
            if problem:
                problems.append(problem)
        if not problems:
            if HOT.acknowledge is not None:
                HOT.acknowledge(resp, status)
            return resp
    expected = _describe(codes, classes)
    error = StatusAssertionError(
        _render.failure(
            _render.Failure(view, helper, expected, codes, classes, problems), run_settings()
        ),
        expected=expected,
        actual=status,
        response=resp,
    )
    collector = _SOFT.get()
    if collector is not None:
        error.where = caller()  # a collected failure says where it happened
        collector.append(error)
        return resp
    raise error


class SoftAssertions:
    """Collects helper failures inside a ``with soft():`` block and raises them together."""

    def __init__(self) -> None:
        self.failures: list[StatusAssertionError] = []
        self._token: contextvars.Token[list[StatusAssertionError] | None] | None = None

    def __enter__(self) -> SoftAssertions:
        self._token = _SOFT.set(self.failures)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        __tracebackhide__ = _hide
        if self._token is not None:
            _SOFT.reset(self._token)
            self._token = None
        if not self.failures:
            return
        combined = _combine(self.failures)
        if exc is not None:
            # the block's own exception wins; the collected failures ride along with it
            if hasattr(exc, "add_note"):
                exc.add_note(str(combined))
            else:  # Python 3.10: pytest shows __notes__ too
                exc.__notes__ = [*getattr(exc, "__notes__", []), str(combined)]
            return
        raise combined


def _combine(failures: list[StatusAssertionError]) -> StatusAssertionError:
    return StatusAssertionError(_render.soft([_located(f) for f in failures]), failures=failures)


def _located(failure: StatusAssertionError) -> str:
    """The failure's message with the line that made the assertion after its first line."""
    text = str(failure)
    where = failure.where
    if where is None:
        return text
    head, newline, rest = text.partition("\n")
    return f"{head}\nAt: {_render.place_of(where)}{newline}{rest}"


def _no_status(resp: Any, adapter: Any, helper: str) -> TypeError:
    cls = type(resp)
    attr = adapter.status_attr
    value = getattr(resp, attr, None) if attr else None
    told = f" ({attr} is {_render.describe(value)})" if attr else ""
    return TypeError(
        f"{helper}() got a {cls.__module__}.{cls.__qualname__} with no status code{told}: "
        "a response built by hand, or a request never sent? Pass the response a client "
        "returned."
    )


def _uncaptured(resp: Any) -> None:
    """A helper met a registered type the checker does not capture: the run says so."""
    session = current()
    if session is not None and session.run is not None:
        cls = type(resp)
        session.run.uncaptured.add(f"{cls.__module__}.{cls.__qualname__}")


def soft() -> SoftAssertions:
    """Collect helper failures in a block and raise them together at its end.

    >>> with soft():                      # doctest: +SKIP
    ...     assert_created(create_resp)
    ...     assert_ok(read_resp)

    Every helper that fails inside the block returns the response instead of raising;
    at the end one :class:`StatusAssertionError` lists all of them (its ``failures``
    attribute holds each). If the block raises something else, that exception propagates
    with the collected failures attached as a note.
    """
    return SoftAssertions()


# --- generic helpers -----------------------------------------------------------------


def assert_status(resp: R, expected: StatusSpec | Collection[StatusSpec]) -> R:
    """Assert the status is ``expected``: an int, an ``http.HTTPStatus``, a name such as
    ``"created"`` or ``"not_found"``, a class such as ``"2xx"``, or a collection of these.

    Returns ``resp`` unchanged, so ``assert_status(resp, 200).json()`` works.
    """
    __tracebackhide__ = _hide
    codes, classes = parse_expected(expected)
    return _verify(resp, "assert_status", codes, classes)


def assert_success(resp: R) -> R:
    """Assert a 2xx status. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code in _CLASS_2XX:
        return resp
    return _verify(resp, "assert_success", classes=(2,))


def assert_redirect(resp: R, location: str | None = None) -> R:
    """Assert a 3xx status; with ``location=``, the Location header too (a relative
    reference is resolved against the request URL). Returns ``resp``."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code in _CLASS_3XX
    ):
        return resp
    return _verify(resp, "assert_redirect", classes=(3,), location=location)


def assert_client_error(resp: R) -> R:
    """Assert a 4xx status. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code in _CLASS_4XX:
        return resp
    return _verify(resp, "assert_client_error", classes=(4,))


def assert_server_error(resp: R) -> R:
    """Assert a 5xx status. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code in _CLASS_5XX:
        return resp
    return _verify(resp, "assert_server_error", classes=(5,))


# --- 2xx -------------------------------------------------------------------------------


def assert_ok(resp: R) -> R:
    """Assert 200 OK. Returns ``resp``, so ``data = assert_ok(resp).json()`` works."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 200:
        return resp
    return _verify(resp, "assert_ok", (200,))


def assert_created(resp: R, location: str | None = None) -> R:
    """Assert 201 Created; with ``location=``, the Location header names that URI
    (relative references resolved against the request URL). Returns ``resp``."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 201
    ):
        return resp
    return _verify(resp, "assert_created", (201,), location=location)


def assert_accepted(resp: R) -> R:
    """Assert 202 Accepted. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 202:
        return resp
    return _verify(resp, "assert_accepted", (202,))


def assert_no_content(resp: R) -> R:
    """Assert 204 No Content, and that the response carries no body (nor a non-zero
    Content-Length). Returns ``resp``."""
    __tracebackhide__ = _hide
    return _verify(resp, "assert_no_content", (204,), no_content=True)


# --- 3xx -------------------------------------------------------------------------------


def assert_moved_permanently(resp: R, location: str | None = None) -> R:
    """Assert 301 Moved Permanently; with ``location=``, the Location header too."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 301
    ):
        return resp
    return _verify(resp, "assert_moved_permanently", (301,), location=location)


def assert_found(resp: R, location: str | None = None) -> R:
    """Assert 302 Found; with ``location=``, the Location header too."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 302
    ):
        return resp
    return _verify(resp, "assert_found", (302,), location=location)


def assert_see_other(resp: R, location: str | None = None) -> R:
    """Assert 303 See Other; with ``location=``, the Location header too."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 303
    ):
        return resp
    return _verify(resp, "assert_see_other", (303,), location=location)


def assert_not_modified(resp: R) -> R:
    """Assert 304 Not Modified. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 304:
        return resp
    return _verify(resp, "assert_not_modified", (304,))


def assert_temporary_redirect(resp: R, location: str | None = None) -> R:
    """Assert 307 Temporary Redirect; with ``location=``, the Location header too."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 307
    ):
        return resp
    return _verify(resp, "assert_temporary_redirect", (307,), location=location)


def assert_permanent_redirect(resp: R, location: str | None = None) -> R:
    """Assert 308 Permanent Redirect; with ``location=``, the Location header too."""
    __tracebackhide__ = _hide
    if (
        location is None
        and type(resp) in _FAST
        and HOT.acknowledge is None
        and resp.status_code == 308
    ):
        return resp
    return _verify(resp, "assert_permanent_redirect", (308,), location=location)


# --- 4xx -------------------------------------------------------------------------------


def assert_bad_request(resp: R) -> R:
    """Assert 400 Bad Request. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 400:
        return resp
    return _verify(resp, "assert_bad_request", (400,))


def assert_unauthorized(resp: R) -> R:
    """Assert 401 Unauthorized. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 401:
        return resp
    return _verify(resp, "assert_unauthorized", (401,))


def assert_forbidden(resp: R) -> R:
    """Assert 403 Forbidden. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 403:
        return resp
    return _verify(resp, "assert_forbidden", (403,))


def assert_not_found(resp: R) -> R:
    """Assert 404 Not Found. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 404:
        return resp
    return _verify(resp, "assert_not_found", (404,))


def assert_method_not_allowed(resp: R, allow: Iterable[str] | None = None) -> R:
    """Assert 405 Method Not Allowed with an Allow header (RFC 9110 §15.5.6 requires it,
    so a missing Allow fails even without ``allow=``). With ``allow=``, the header must
    list exactly those methods (a set, case-insensitive); the message names the missing
    and the unexpected ones. Returns ``resp``."""
    __tracebackhide__ = _hide
    return _verify(resp, "assert_method_not_allowed", (405,), allow=allow, check_allow=True)


def assert_not_acceptable(resp: R) -> R:
    """Assert 406 Not Acceptable. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 406:
        return resp
    return _verify(resp, "assert_not_acceptable", (406,))


def assert_conflict(resp: R) -> R:
    """Assert 409 Conflict. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 409:
        return resp
    return _verify(resp, "assert_conflict", (409,))


def assert_gone(resp: R) -> R:
    """Assert 410 Gone. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 410:
        return resp
    return _verify(resp, "assert_gone", (410,))


def assert_precondition_failed(resp: R) -> R:
    """Assert 412 Precondition Failed. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 412:
        return resp
    return _verify(resp, "assert_precondition_failed", (412,))


def assert_unsupported_media_type(resp: R) -> R:
    """Assert 415 Unsupported Media Type. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 415:
        return resp
    return _verify(resp, "assert_unsupported_media_type", (415,))


def assert_unprocessable_content(resp: R) -> R:
    """Assert 422 Unprocessable Content. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 422:
        return resp
    return _verify(resp, "assert_unprocessable_content", (422,))


def assert_too_many_requests(resp: R) -> R:
    """Assert 429 Too Many Requests. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 429:
        return resp
    return _verify(resp, "assert_too_many_requests", (429,))


# --- 5xx -------------------------------------------------------------------------------


def assert_internal_server_error(resp: R) -> R:
    """Assert 500 Internal Server Error. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 500:
        return resp
    return _verify(resp, "assert_internal_server_error", (500,))


def assert_service_unavailable(resp: R) -> R:
    """Assert 503 Service Unavailable. Returns ``resp``."""
    __tracebackhide__ = _hide
    if type(resp) in _FAST and HOT.acknowledge is None and resp.status_code == 503:
        return resp
    return _verify(resp, "assert_service_unavailable", (503,))
