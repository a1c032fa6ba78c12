"""Property: whatever a server answers, every helper returns the response or raises a
StatusAssertionError naming the expected and the actual code; nothing else escapes.

Each example is served for real by a WSGI app built for it, through werkzeug's test client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError, _session

# helper -> (the codes it accepts, the status class it accepts, extra keyword arguments)
HELPERS: dict[str, tuple[tuple[int, ...], int | None, dict[str, Any]]] = {
    "assert_success": ((), 2, {}),
    "assert_redirect": ((), 3, {}),
    "assert_client_error": ((), 4, {}),
    "assert_server_error": ((), 5, {}),
    "assert_ok": ((200,), None, {}),
    "assert_created": ((201,), None, {}),
    "assert_accepted": ((202,), None, {}),
    "assert_no_content": ((204,), None, {}),
    "assert_moved_permanently": ((301,), None, {}),
    "assert_found": ((302,), None, {}),
    "assert_see_other": ((303,), None, {}),
    "assert_not_modified": ((304,), None, {}),
    "assert_temporary_redirect": ((307,), None, {}),
    "assert_permanent_redirect": ((308,), None, {}),
    "assert_bad_request": ((400,), None, {}),
    "assert_unauthorized": ((401,), None, {}),
    "assert_forbidden": ((403,), None, {}),
    "assert_not_found": ((404,), None, {}),
    "assert_method_not_allowed": ((405,), None, {}),
    "assert_not_acceptable": ((406,), None, {}),
    "assert_conflict": ((409,), None, {}),
    "assert_gone": ((410,), None, {}),
    "assert_precondition_failed": ((412,), None, {}),
    "assert_unsupported_media_type": ((415,), None, {}),
    "assert_unprocessable_content": ((422,), None, {}),
    "assert_too_many_requests": ((429,), None, {}),
    "assert_internal_server_error": ((500,), None, {}),
    "assert_service_unavailable": ((503,), None, {}),
}

TOKEN = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
header_names = st.one_of(
    st.text(alphabet=TOKEN, min_size=1, max_size=20),
    st.sampled_from(
        [
            "Content-Type",
            "Location",
            "Allow",
            "Content-Length",
            "Set-Cookie",
            "Authorization",
            "X-Api-Key",
            "Link",
        ]
    ),
)
header_values = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60),
    st.sampled_from(
        [
            "application/json",
            "application/problem+json",
            "text/plain; charset=utf-8",
            "text/html",
            "image/png",
            "/items/1",
            "http://localhost/items/1",
            "GET, POST",
            "0",
            "12",
        ]
    ),
)
bodies = st.one_of(
    st.binary(max_size=3000),
    st.sampled_from(
        [
            b'{"detail": [{"loc": ["body", "title"], "msg": "Field required"}]}',
            b'{"title": "Bad", "status": 400, "errors": {"a": ["b"]}}',
            b'{"password": "hunter2", "error": {"code": 7}}',
            b"Traceback (most recent call last):\n  File 'x'\nValueError: nope\n",
            b"<html><title>KeyError: 'x' // Werkzeug Debugger</title></html>",
            b"[1, 2, 3]",
            b'"just a string"',
            b"\x00\x01\x02",
        ]
    ),
)
expected_specs = st.one_of(
    st.integers(100, 599),
    st.sampled_from(["1xx", "2xx", "3xx", "4xx", "5xx", "created", "not_found"]),
    st.lists(st.integers(100, 599), min_size=1, max_size=3),
)


def served(status: int, headers: list[tuple[str, str]], body: bytes) -> Any:
    """The response a WSGI app answering exactly this gives werkzeug's test client."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(f"{status} Whatever", headers)
        return [body]

    # use_cookies=False: werkzeug's cookie jar chokes on a malformed Set-Cookie
    return Client(app, use_cookies=False).get("/things?page=2")


def _expected_codes(spec: Any) -> tuple[set[int], set[int], list[str]]:
    """(codes, classes, the texts the message must hold) for an ``assert_status`` spec."""
    specs = spec if isinstance(spec, list) else [spec]
    codes: set[int] = set()
    classes: set[int] = set()
    texts: list[str] = []
    names = {"created": 201, "not_found": 404}
    for item in specs:
        if isinstance(item, int):
            codes.add(item)
            texts.append(str(item))
        elif item in names:
            codes.add(names[item])
            texts.append(str(names[item]))
        else:
            classes.add(int(item[0]))
            texts.append(item)
    return codes, classes, texts


def check(call: Callable[[], Any], resp: Any, accepted: bool, texts: list[str]) -> None:
    status = resp.status_code
    try:
        result = call()
    except StatusAssertionError as err:
        text = str(err)
        if accepted:  # the right code, with a header problem: said so
            assert text.split(": ", 1)[1].startswith(f"got {status} ")
            assert " as expected, but:\n  - " in text
        else:
            for expected in texts:
                assert expected in text
        assert str(status) in text
        assert err.actual == status
        assert err.response is resp
    else:
        assert result is resp
        assert accepted, f"passed on {status}"


# hypothesis's report of a failure imports mypy_extensions, whose DeprecationWarning would
# turn the report into an INTERNALERROR under filterwarnings=error
@pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=st.integers(100, 599),
    headers=st.lists(st.tuples(header_names, header_values), max_size=8),
    body=bodies,
    expected=expected_specs,
    verbose=st.integers(-1, 2),
    limit=st.one_of(st.just(2048), st.integers(0, 400)),
)
def test_every_helper_returns_the_response_or_explains(
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    expected: Any,
    verbose: int,
    limit: int,
) -> None:
    settings = _session.settings()
    saved = settings.verbose, settings.body_limit
    settings.verbose, settings.body_limit = verbose, limit
    try:
        _check_every_helper(status, headers, body, expected, verbose, limit)
    finally:
        settings.verbose, settings.body_limit = saved


def _check_every_helper(
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    expected: Any,
    verbose: int,
    limit: int,
) -> None:
    resp = served(status, headers, body)
    assert resp.status_code == status

    for name, (codes, klass, kwargs) in HELPERS.items():
        fn = getattr(rc, name)
        accepted = status in codes or (klass is not None and status // 100 == klass)
        texts = [f"{klass}xx"] if klass is not None else [str(c) for c in codes]
        check(lambda fn=fn, kwargs=kwargs: fn(resp, **kwargs), resp, accepted, texts)

    codes, classes, texts = _expected_codes(expected)
    accepted = status in codes or status // 100 in classes
    check(lambda: rc.assert_status(resp, expected), resp, accepted, texts)

    # the header checks, on the code they belong to
    check(lambda: rc.assert_created(resp, location="/items/1"), resp, status == 201, ["201"])
    check(lambda: rc.assert_redirect(resp, location="/items/1"), resp, status // 100 == 3, ["3xx"])
    check(
        lambda: rc.assert_method_not_allowed(resp, allow=["GET", "POST"]),
        resp,
        status == 405,
        ["405"],
    )
    block = rc.soft()
    try:
        with block:
            assert rc.assert_ok(resp) is resp
            assert rc.assert_not_found(resp) is resp
    except StatusAssertionError as err:
        count = 2 - (status in (200, 404))
        assert len(err.failures) == count
        assert str(err).startswith(f"{count} status assertion{'s' * (count > 1)} failed in soft()")
    else:
        raise AssertionError(f"soft() passed on {status}, where a helper must fail")
    assert len(block.failures) == 2 - (status in (200, 404))
