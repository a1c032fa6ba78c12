"""Figure 3b: what status-code coverage and the JSON report add to a whole suite. The
suite of figure 3 (2,000 clean requests), with each of its three clients, run with the
checker off and strict, each without and with ``--restcodes-coverage
--restcodes-report=PATH``; the runs interleaved, medians of CPU time.

    python benchmarks/run.py          # every figure, RESULTS.md
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import fig_checker
import harness
from apps import SUITE_KINDS
from harness import Plan, Section, Took, fmt_ms, fmt_pct, fmt_us, md_table, say

OFF = ("-o", "restcodes_check=off")


def _conditions(report: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    observe = ("--restcodes-coverage", f"--restcodes-report={report}")
    return (
        ("off", OFF),
        ("off + coverage", (*OFF, *observe)),
        ("strict", fig_checker.STRICT),
        ("strict + coverage", (*fig_checker.STRICT, *observe)),
    )


def _checked(report: Path, total: int) -> None:
    """A run with coverage wrote a report that saw every response, and no finding."""
    data = json.loads(report.read_text())
    seen = data["totals"]["responses"]
    if seen != total or data["findings"]:
        raise RuntimeError(
            f"coverage run: expected {total} responses and no finding in {report}, got "
            f"{seen} responses and {len(data['findings'])} findings"
        )
    report.unlink()


def section(plan: Plan, tmp: Path) -> Section:
    out = Section("3b. Coverage")
    total = plan.suite_tests * plan.suite_requests_per_test
    root = tmp / "coverage"
    root.mkdir()
    suite = fig_checker.write_suite(root, plan)
    report = root / "report.json"
    conditions = _conditions(report)
    times: dict[tuple[str, str], list[Took]] = {
        (kind.key, name): [] for kind in SUITE_KINDS for name, _ in conditions
    }
    for round_ in range(plan.suite_rounds):
        shift = round_ % len(conditions)
        for kind in SUITE_KINDS:
            for name, args in conditions[shift:] + conditions[:shift]:
                times[kind.key, name].append(fig_checker.run_suite(suite, kind.key, args, total))
                if "coverage" in name:
                    _checked(report, total)
        say(f"  coverage suite: round {round_ + 1}/{plan.suite_rounds} done")
    rows = []
    for kind in SUITE_KINDS:
        med = {
            name: statistics.median(t.cpu for t in times[kind.key, name]) for name, _ in conditions
        }
        noise = max(
            harness.spread([t.cpu for t in times[kind.key, name]]) for name, _ in conditions
        )
        rows.append(
            [
                kind.label,
                fmt_ms(med["off"]),
                fmt_ms(med["off + coverage"]),
                fmt_pct(med["off + coverage"] / med["off"]),
                fmt_ms(med["strict"]),
                fmt_ms(med["strict + coverage"]),
                fmt_pct(med["strict + coverage"] / med["strict"]),
                fmt_us((med["strict + coverage"] - med["strict"]) / total),
                f"{noise:.1%}",
            ]
        )
    columns = [
        "client",
        "off",
        "off + coverage",
        "coverage vs off",
        "strict",
        "strict + coverage",
        "coverage vs strict",
        "added per request (strict)",
        "noise",
    ]
    out.values.update(
        {
            "coverage.requests": f"{total:,}",
            "coverage.rounds": str(plan.suite_rounds),
            "coverage.table": md_table(columns, rows),
        }
    )
    return out
