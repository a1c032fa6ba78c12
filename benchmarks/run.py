#!/usr/bin/env python
"""Benchmarks of pytest-restcodes: measures every figure in one run and writes them,
beside their targets and verdicts, into RESULTS.template.md's placeholders.

    python benchmarks/run.py                          # full run (about an hour on 2 cores)
    python benchmarks/run.py --quick --output PATH    # short run, for CI (well under 2 minutes)
    python benchmarks/run.py --output PATH            # default: benchmarks/RESULTS.md

One module per figure: ``fig_helper.py`` (1, 2), ``fig_checker.py`` (3),
``fig_coverage.py`` (3b), ``fig_startup.py`` (4, 4b), ``fig_peer.py`` (5); the
micro-benchmarks they read are pytest-benchmark's (``test_micro.py``, run here in a
subprocess); ``apps.py`` holds the real apps and clients, ``harness.py`` what the figures share.

The script asserts nothing about times: it exits 0 whatever the numbers. It fails loudly
(a traceback, a non-zero exit) only when something breaks: a micro-benchmark or a
generated suite fails, the checker reports a finding on a clean response, the plugin
imports a client library, the template and the figures disagree... The figures reach into
the package's private modules (``_session``, ``_findings``, ``_view``, ``_adapters``,
``_clients``): a rename there breaks the script, loudly.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import fig_checker
import fig_coverage
import fig_helper
import fig_instructions
import fig_peer
import fig_startup
import harness
from harness import Section, md_table, say

DEFAULT_OUTPUT = harness.HERE / "RESULTS.md"
TEMPLATE = harness.HERE / "RESULTS.template.md"


def measure(plan: harness.Plan, tmp: Path) -> list[Section]:
    """Every figure, in the order they are measured."""
    say("  micro-benchmarks (pytest-benchmark, test_micro.py)")
    micro = harness.run_micro(plan, tmp)
    sections = [
        fig_helper.passing_section(micro),
        fig_helper.failing_section(micro),
        fig_peer.section(micro, plan),
    ]
    say("  checker suite")
    sections.append(fig_checker.section(plan, tmp, micro))
    say("  checker suite, instructions")
    sections.append(fig_instructions.section(plan, tmp))
    say("  coverage suite")
    sections.append(fig_coverage.section(plan, tmp))
    say("  start-up")
    sections.append(fig_startup.startup_section(plan, tmp))
    sections.append(fig_startup.import_section(plan))
    return sorted(sections, key=lambda s: s.title)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run, for CI")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}"
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin the benchmark to one CPU")
    args = parser.parse_args(argv)
    plan = harness.QUICK if args.quick else harness.FULL
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    if args.output.resolve() != DEFAULT_OUTPUT:
        command += f" --output {args.output}"
    if args.no_pin:
        command += " --no-pin"
    template = TEMPLATE.read_text()  # before measuring: a missing template fails at once

    started = time.perf_counter()
    package, digest = harness.package_state(), harness.package_digest()
    usable = harness.usable_cpus()
    pinning = harness.pin_cpu(not args.no_pin)
    say(f"pytest-restcodes benchmarks, {plan.name} run ({pinning})")
    with tempfile.TemporaryDirectory(prefix="restcodes-bench-") as tmp:
        sections = measure(plan, Path(tmp))
    elapsed = time.perf_counter() - started

    changed = ""
    if harness.package_digest() != digest:
        changed = (
            f"\n\n**The package changed during the run** ({package} at the start, "
            f"{harness.package_state()} at the end): the figures mix both; run it again."
        )
        say(f"warning: the package changed during the run ({package} -> {harness.package_state()})")
    summary = [
        [s.title, "all met" if not s.missed else "missed: " + "; ".join(s.missed)] for s in sections
    ]
    values = {
        "run.command": command,
        "run.plan": plan.name,
        "run.minutes": f"{elapsed / 60:.1f}",
        "run.machine": harness.machine_table(pinning, usable, package),
        "run.changed": changed,
        "run.versions": harness.versions_table(),
        "run.summary": md_table(["figure", "verdict"], summary),
        "run.benchmark_args": ", ".join(f"`{a}`" for a in plan.benchmark_args),
    }
    for section in sections:
        values.update(section.values)
    args.output.write_text(harness.fill(template, values))
    say(f"wrote {args.output} in {elapsed:.0f} s")
    for title, state in summary:
        say(f"  {title}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
