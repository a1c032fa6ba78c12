"""Every text the plugin can print about one response, for the secrets and bounds tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError, _render, _report, _session
from pytest_restcodes._findings import ResponseSummary, catalogue
from pytest_restcodes._html import page
from pytest_restcodes._observe import Observer, route_of
from pytest_restcodes._view import ResponseView


def failure(call: Callable[[], Any]) -> str:
    """The text of the StatusAssertionError ``call`` raises."""
    with pytest.raises(StatusAssertionError) as info:
        call()
    return str(info.value)


def outputs(resp: Any, helper: Callable[[Any], Any]) -> dict[str, str]:
    """Every text the plugin can print about ``resp`` (``helper`` fails on it): the
    helper's message without and with -v (and Location's problem for a 3xx), a soft()
    aggregate, and each finding of the checker as a finding, a warning (with and without
    -v), a strict failure and the terminal summary's lines; and the reports: each finding
    as JSON data and as a --junitxml property, the coverage table, the whole JSON document
    and the HTML page."""
    texts: dict[str, str] = {}
    config = _session.settings()
    saved = config.verbose
    try:
        for verbose in (0, 1):
            config.verbose = verbose
            texts[f"helper -v{verbose}"] = failure(lambda: helper(resp))
            if 300 <= getattr(resp, "status_code", 0) <= 399:
                texts[f"location -v{verbose}"] = failure(
                    lambda: rc.assert_redirect(resp, location="/elsewhere")
                )
        config.verbose = 0

        def collect() -> None:
            with rc.soft():
                helper(resp)
                rc.assert_no_content(resp)

        texts["soft"] = failure(collect)
    finally:
        config.verbose = saved
    found = list(catalogue("rulebook").run(ResponseView.of(resp, "test")))
    for number, f in enumerate(found):
        texts[f"finding {number}"] = _render.finding(f)
        texts[f"warning {number}"] = _render.warning(f, 0)
        texts[f"verbose warning {number}"] = _render.warning(f, 1)
    if found:
        summary = ResponseSummary(resp, ResponseView.of(resp, "test"), found)
        route = route_of(summary.method, summary.url, None, None)[0]
        rows = [[summary.method or "?", route, "fallback", summary.status, False]]
        observer = Observer()
        observer.keep("test_x.py::test_it", rows)
        for number, f in enumerate(found):
            data = _render.finding_data(f, "test_x.py::test_it", route)
            observer.report("test_x.py::test_it", data)
            texts[f"report {number}"] = json.dumps(data, indent=2, ensure_ascii=False)
            texts[f"junit {number}"] = _render.junit(f)
        texts.update(
            (f"coverage {i}", line) for i, line in enumerate(_render.coverage(observer.coverage()))
        )
        document = _report.document(
            observer, check="warn", profile="rulebook", ignore=(), openapi=None, baseline=None
        )
        texts["report"] = json.dumps(document, indent=2, ensure_ascii=False)  # as written
        texts["html"] = page(document)
        texts["findings"] = _render.findings(found, 1)
        places = {f.rule.name: {_render.place(f): 2} for f in found}
        lines = _render.summary(1, dict.fromkeys(places, 2), {}, [], places)
        texts.update((f"summary {i}", line) for i, line in enumerate(lines))
    return texts
