"""The run's reports: the JSON document (its schema is ``report.schema.json``, shipped
with the package), the HTML page made from it, and the baseline file."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Sequence
from typing import Any

from ._observe import Observer, _write

VERSION = 1
SCHEMA = os.path.join(os.path.dirname(__file__), "report.schema.json")
"""The JSON Schema of the report document (``pytest_restcodes/report.schema.json``)."""


def generator() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pytest-restcodes {version('pytest-restcodes')}"
    except PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "pytest-restcodes"


def document(
    observer: Observer,
    *,
    check: str,
    profile: str,
    ignore: Sequence[str],
    openapi: str | None,
    baseline: str | None,
) -> dict[str, Any]:
    """The report of one run, as ``report.schema.json`` describes it."""
    coverage = observer.coverage()
    findings = observer.findings()
    return {
        "version": VERSION,
        "generator": generator(),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "settings": {
            "check": check,
            "profile": profile,
            "ignore": sorted(ignore),
            "openapi": openapi,
            "baseline": baseline,
        },
        "totals": {
            "tests": sum(1 for rows in observer.seen.values() if rows),
            "responses": sum(len(rows) for rows in observer.seen.values()),
            "findings": len(findings),
            "baselined": observer.accepted() if not observer.writing_baseline else 0,
            "stale_baseline": observer.stale(),
            "routes": len(coverage),
        },
        "findings": findings,
        "coverage": coverage,
    }


def write_json(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    _write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_html(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    from ._html import page

    _write(path, page(data))


def write_reports(config: Any, observer: Observer, base: Any) -> list[str]:
    """Write what the run asked for (JSON, HTML, a baseline); what was written, as the
    terminal summary tells it. A report never costs the run its outcome: a failure to
    write one is told, not raised."""
    from . import _render
    from ._observe import write_baseline

    written: list[str] = []
    report = config.getoption("restcodes_report")
    html = config.getoption("restcodes_html")
    out = config.getoption("restcodes_baseline_out")
    try:
        if report or html:
            data = document(
                observer,
                check=base.mode,
                profile=base.profile,
                ignore=sorted(base.ignore),
                openapi=str(config.getini("restcodes_openapi") or "") or None,
                baseline=str(config.getini("restcodes_baseline") or "") or None,
            )
            if report:
                write_json(report, data)
                written.append(_render.written(report, "JSON"))
            if html:
                write_html(html, data)
                written.append(_render.written(html, "HTML"))
        if out:
            entries = observer.baseline_entries()
            write_baseline(out, entries, generator())
            written.append(_render.baseline_written(out, len(entries), observer.accepted()))
    except Exception as exc:
        written.append(_render.not_written(exc))
    return written
