"""Every output is bounded and escaped, whatever a server sends.

Hostile responses come from a raw-socket server (it sends status lines and headers no
framework would: a 60 KB reason phrase, Content-Type, Allow or Location, ANSI escapes,
NUL and BEL) through requests and httpx; every output the plugin can print about them (a
failing helper with and without -v, a soft() aggregate, the checker's findings, warnings
and summary) must stay within the documented sizes (``_render.MAX_*``) and hold no raw
control character.
"""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from outputs import outputs

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError, _render, _session

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What no output may hold raw (newlines and tabs are fine)."""
NOTE = 60
"""Room for a cut's note ("… (59,800 more characters)")."""
GIANT = 60_000

RAW: dict[str, bytes] = {}


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            data += chunk
        self.request.sendall(RAW["response"])


@pytest.fixture(scope="module")
def raw_server() -> Iterator[str]:
    """A server on 127.0.0.1 that answers every request with the bytes in ``RAW``."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def answer(status: int, reason: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    """What the raw server sends next."""
    head = b"HTTP/1.1 %d %s\r\n" % (status, reason)
    head += b"".join(b"%s: %s\r\n" % pair for pair in headers)
    head += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    RAW["response"] = head + body


LINE = (
    max(_render.MAX_LINE, _render.MAX_NAME + _render.MAX_HEADER + 10, _session.DEFAULT_LIMIT) + NOTE
)
"""No line of any output is longer: every field is cut to its size."""


def assert_bounded(texts: dict[str, str]) -> None:
    for where, text in texts.items():
        raw = CONTROL.search(text)
        assert raw is None, f"a raw {raw.group()!r} in the {where} output"
        assert len(text) <= _render.MAX_TEXT + NOTE, where
        longest = max(text.splitlines() or [""], key=len)
        assert len(longest) <= LINE, f"{where}: a line of {len(longest):,} characters"
        if where.startswith(("warning ", "summary ")):
            assert len(text) <= _render.MAX_WARNING + NOTE, where


def _get(client: str, url: str) -> Any:
    if client == "requests":
        import requests

        return requests.get(url, allow_redirects=False, timeout=30)
    import httpx

    return httpx.get(url, follow_redirects=False, timeout=30)


# case: (status, reason, headers, body, the helper that fails, the clients that accept it)
CASES: dict[str, tuple[int, bytes, list[tuple[bytes, bytes]], bytes, Any, tuple[str, ...]]] = {
    "reason": (404, b"x" * GIANT, [], b'{"detail": "no"}', rc.assert_ok, ("requests", "httpx")),
    "unknown-code-reason": (599, b"y" * GIANT, [], b"", rc.assert_ok, ("requests", "httpx")),
    "content-type": (
        400,
        b"Bad Request",
        [(b"Content-Type", b"application/" + b"x" * GIANT + b"+json")],
        b"not json",
        rc.assert_ok,
        ("requests", "httpx"),
    ),
    "binary-content-type": (
        400,
        b"Bad Request",
        [(b"Content-Type", b"image/" + b"x" * GIANT)],
        b"\x00\x01\x02",
        rc.assert_ok,
        ("requests", "httpx"),
    ),
    "allow": (
        405,
        b"Method Not Allowed",
        [(b"Allow", b"GET, " * (GIANT // 5) + b"DELETE")],
        b"",
        lambda r: rc.assert_method_not_allowed(r, allow=["POST"]),
        ("requests", "httpx"),
    ),
    "allow-one-word": (
        405,
        b"Method Not Allowed",
        [(b"Allow", b"G" * GIANT)],
        b"",
        lambda r: rc.assert_method_not_allowed(r, allow=["POST"]),
        ("requests", "httpx"),
    ),
    "location": (
        302,
        b"Found",
        [(b"Location", b"/next?" + b"a" * GIANT)],
        b"",
        lambda r: rc.assert_found(r, location="/elsewhere"),
        ("requests", "httpx"),
    ),
    "location-created": (
        201,
        b"Created",
        [(b"Location", b"/books/" + b"7" * GIANT)],
        b"",
        lambda r: rc.assert_created(r, location="/books/1"),
        ("requests", "httpx"),
    ),
    "retry-after": (
        503,
        b"Service Unavailable",
        [(b"Retry-After", b"soon " * (GIANT // 5))],
        b"",
        rc.assert_ok,
        ("requests", "httpx"),
    ),
    "header-name": (
        400,
        b"Bad Request",
        [(b"X-" + b"n" * GIANT, b"v")],
        b"",
        rc.assert_ok,
        ("requests",),
    ),
    "controls": (
        404,
        b"Not \x1b[31mFound\x07",
        [(b"X-Evil", b"\x1b[2Jred\x07\x00z"), (b"Content-Type", b"text/plain")],
        b"body \x1b[31mred\x1b[0m \x00 \x07 \x9b end",
        rc.assert_ok,
        ("requests",),
    ),
    "controls-in-json": (
        400,
        b"Bad Request",
        [(b"Content-Type", b"application/json")],
        b'{"detail": "\\u001b[31mred\\u0007\\u0000", "\\u001b]0;title\\u0007": 1}',
        rc.assert_ok,
        ("requests", "httpx"),
    ),
    "many-headers": (
        400,
        b"Bad Request",
        [(b"X-H%d" % i, b"v" * 40) for i in range(300)],
        b"",
        rc.assert_ok,
        ("httpx",),  # http.client refuses more than 100 headers
    ),
}


@pytest.mark.parametrize(
    ("case", "client"), [(case, client) for case, spec in CASES.items() for client in spec[-1]]
)
def test_hostile_responses_give_bounded_escaped_outputs(
    raw_server: str, case: str, client: str
) -> None:
    status, reason, headers, body, helper, _ = CASES[case]
    answer(status, reason, headers, body)
    resp = _get(client, f"{raw_server}/things/1")
    assert resp.status_code == status
    texts = outputs(resp, helper)
    assert_bounded(texts)
    message = texts["helper -v1"]
    if case == "reason":
        first = message.splitlines()[0]
        cut = GIANT - _render.MAX_REASON
        assert first.endswith(
            f'(server said "{"x" * _render.MAX_REASON}… ({cut:,} more characters)")'
        )
    if case == "many-headers":
        assert f"  ... and {300 - _render.MAX_HEADERS + 2:,} more headers" in message
    if case == "location":  # (httpx names headers in lower case)
        shown = f"\n  location: /next?{'a' * (_render.MAX_HEADER - 6)}… ("
        assert shown in message.replace("\n  Location: ", "\n  location: ")


def test_a_giant_request_url_is_cut(raw_server: str) -> None:
    import requests

    answer(404, b"Not Found", [], b"")
    resp = requests.get(f"{raw_server}/{'p' * GIANT}?q=1")
    texts = outputs(resp, rc.assert_ok)
    assert_bounded(texts)
    request = texts["helper -v0"].splitlines()[1]
    assert request.startswith(f"Request: GET {raw_server}/ppp")
    assert len(request) <= len("Request: GET ") + _render.MAX_URL + NOTE


def test_soft_shows_ten_failures_and_counts_the_others(raw_server: str) -> None:
    import requests

    answer(404, b"Not Found", [(b"Content-Type", b"text/plain")], b"nothing here")
    resp = requests.get(f"{raw_server}/gone")
    with pytest.raises(StatusAssertionError) as info, rc.soft():
        for _ in range(1_500):
            rc.assert_ok(resp)
        for _ in range(500):
            rc.assert_created(resp)
    text = str(info.value)
    assert len(info.value.failures) == 2_000
    assert len(text) <= _render.MAX_TEXT
    assert text.startswith("2,000 status assertions failed in soft():\n")
    shown = re.findall(r"^\[(\d+)/2,000\] ", text, re.M)
    assert shown == [str(n) for n in range(1, _render.MAX_SOFT + 1)]
    assert text.endswith(
        "\n... and 1,990 more failures: assert_ok \u00d71,490, assert_created \u00d7500 "
        "(each one is in the error's .failures)"
    )


def test_soft_keeps_its_count_when_each_failure_is_huge(
    raw_server: str, body_limit: Callable[[int], None]
) -> None:
    import requests

    body_limit(10_000_000)
    answer(404, b"Not Found", [(b"Content-Type", b"text/plain")], b"x" * 300_000)
    resp = requests.get(f"{raw_server}/big")
    with pytest.raises(StatusAssertionError) as info, rc.soft():
        for _ in range(_render.MAX_SOFT + 2):
            rc.assert_ok(resp)
    text = str(info.value)
    assert len(text) <= _render.MAX_TEXT
    assert "more characters not shown" in text
    assert text.endswith(
        "... and 2 more failures: assert_ok \u00d72 (each one is in the error's .failures)"
    )


@given(st.text(), st.integers(0, 3_000))
def test_gate_escapes_and_bounds_any_text(text: str, limit: int) -> None:
    shown = _render.gate(text, limit)
    assert CONTROL.search(shown) is None
    assert len(shown) <= limit + NOTE


@given(st.text(), st.integers(0, 3_000))
def test_a_cut_field_says_how_much_was_cut(text: str, size: int) -> None:
    shown = _render.clip(text, size)
    if len(text) <= size:
        assert shown == text
    else:
        assert shown == f"{text[:size]}… ({len(text) - size:,} more characters)"
