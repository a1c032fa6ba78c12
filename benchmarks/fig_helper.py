"""Figures 1 and 2: the helpers. What ``assert_created(resp)`` costs when it passes, next
to the bare ``resp.status_code == 201``; and what its failure message costs on bodies of
1 KB to 50 MB.

The measuring is pytest-benchmark's, in ``test_micro.py`` (``-k helper``); this module
holds what those benchmarks run and turns their results into the two tables:

    pytest benchmarks/test_micro.py --benchmark-only -p no:restcodes -k helper
    python benchmarks/run.py          # every figure, RESULTS.md
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable
from typing import Any

import harness
from apps import BOOK, CREATED_KINDS
from harness import Micro, Section, fmt_ns, fmt_ratio, fmt_size, md_table

# ------------------------------------------------------------ figure 1: helper, passing

STATEMENTS = {
    "empty": "pass",
    "bare": "resp.status_code == 201",
    "helper": "assert_created(resp)",
}
INNER = 1000
"""Executions of the statement per call of its loop function (timeit's ``number``)."""

PASS_CASES = {kind.key: kind.label for kind in CREATED_KINDS}
PASS_CASES["httpx-checked"] = f"{PASS_CASES['httpx']}, in a checked test (strict)"
"""Case -> row label; ``-checked``: the response recorded by the checker, which stays on."""

LOOP_SOURCE = """\
def loop(resp, assert_created=assert_created, _repeat=_repeat, _n={inner}):
    for _ in _repeat(None, _n):
        {stmt}
"""


def statement_loop(statement: str) -> Callable[[Any], None]:
    """``loop(resp)`` runs ``STATEMENTS[statement]`` INNER times, as timeit's template
    does: the same loop around the bare comparison and the helper, so that the ratio
    compares the statements (the loop's own cost, the ``empty`` statement, is in both)."""
    from pytest_restcodes import assert_created

    namespace: dict[str, Any] = {"assert_created": assert_created, "_repeat": itertools.repeat}
    source = LOOP_SOURCE.format(inner=INNER, stmt=STATEMENTS[statement])
    exec(compile(source, f"<{statement} loop>", "exec"), namespace)
    return namespace["loop"]  # type: ignore[no-any-return]


def passing_section(micro: Micro) -> Section:
    section = Section("1. Helper, passing")
    empty = micro.get(figure="helper_pass", case="loop", statement="empty")
    rows = []
    for case, label in PASS_CASES.items():
        bare = micro.get(figure="helper_pass", case=case, statement="bare")
        helper = micro.get(figure="helper_pass", case=case, statement="helper")
        ratio = helper.best / bare.best
        rows.append(
            [
                label,
                fmt_ns(bare.best),
                fmt_ns(helper.best),
                fmt_ratio(ratio),
                fmt_ratio((helper.best - empty.best) / max(bare.best - empty.best, 1.0)),
                "≤ 10x",
                section.verdict(label, ratio <= 10),
            ]
        )
    columns = [
        "response",
        "bare comparison",
        "assert_created",
        "ratio",
        "ratio, loop cost taken out",
        "target",
        "verdict",
    ]
    section.values.update(
        {
            "helper_pass.inner": f"{INNER:,}",
            "helper_pass.table": md_table(columns, rows),
            "helper_pass.empty": fmt_ns(empty.best),
        }
    )
    return section


# ------------------------------------------------------------ figure 2: helper, failing

FAIL_SIZES = (1 << 10, 1 << 20, 50 << 20)
MESSAGE_BOUND = 8192
"""A message of bounded size: at most this many characters whatever the body."""
FAIL_LIMIT_NS = 20e6
"""A failing helper's message in under 20 ms, whatever the body."""


def json_body(size: int) -> bytes:
    """A valid JSON document of exactly ``size`` bytes that names the error."""
    item = json.dumps(BOOK).encode()
    head, tail = b'{"error": "boom: the database is down", "items": [', b"]}"
    count = max(1, (size - len(head) - len(tail)) // (len(item) + 1))
    body = head + b",".join([item] * count) + tail
    return body[:-1] + b" " * max(0, size - len(body)) + b"}"


def binary_body(size: int) -> bytes:
    return random.Random(0).randbytes(size)


BODIES = {
    "JSON": ("application/json", json_body),
    "binary": ("application/octet-stream", binary_body),
}


def failing_response(kind: str, size: int) -> Any:
    """A real httpx response, status 500, with a ``kind`` body of ``size`` bytes, through
    an ``httpx.MockTransport``."""
    import httpx

    content_type, build = BODIES[kind]
    body = build(size)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, content=body, headers={"Content-Type": content_type})

    with httpx.Client(transport=httpx.MockTransport(handler), base_url="http://t") as client:
        return client.post("/books", json=BOOK)


def fail_message(resp: Any) -> str:
    """The message of a failing ``assert_created(resp)``, built in full (``str()``)."""
    from pytest_restcodes import StatusAssertionError, assert_created

    try:
        assert_created(resp)
    except StatusAssertionError as exc:
        return str(exc)
    raise RuntimeError("assert_created() passed on a 500 response")


def failing_section(micro: Micro) -> Section:
    section = Section("2. Helper, failing")
    rows = []
    for kind in BODIES:
        medians = []
        for size in FAIL_SIZES:
            got = micro.get(figure="helper_fail", body=kind, size=size)
            length = got.extra["message_chars"]
            medians.append(got.median)
            rows.append(
                [
                    kind,
                    fmt_size(size),
                    harness.fmt_ms(got.median),
                    harness.fmt_ms(got.best),
                    harness.fmt_ms(got.worst),
                    str(got.rounds),
                    f"{length:,} chars",
                    f"< 20 ms, ≤ {MESSAGE_BOUND:,} chars",
                    section.verdict(
                        f"{kind} {fmt_size(size)}",
                        got.median < FAIL_LIMIT_NS and length <= MESSAGE_BOUND,
                    ),
                ]
            )
        small, mid, large = medians
        rows.append([kind, "1 KB → 1 MB", fmt_ratio(mid / small), "", "", "", "", "(shown)", ""])
        rows.append(
            [
                kind,
                "1 MB → 50 MB",
                fmt_ratio(large / mid),
                "",
                "",
                "",
                "",
                "≤ 2x (bounded)",
                section.verdict(f"{kind}: growth from 1 MB to 50 MB", large / mid <= 2),
            ]
        )
    columns = ["body", "size", "median", "best", "worst", "rounds", "message", "target", "verdict"]
    section.values["helper_fail.table"] = md_table(columns, rows)
    return section
