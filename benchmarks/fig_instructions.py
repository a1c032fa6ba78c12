"""Figure 3c: the checker's cost in instructions. The suite of figure 3 (every request
clean), run under valgrind's cachegrind, which counts the instructions the process
executes: a count that does not move with the machine's load, where CPU time on a small
shared machine moves by several per cent from one run to the next.

Each client and condition runs twice, a short suite and a long one; the difference,
divided by the difference in requests, is what one request costs with start-up,
collection and the first response's imports taken out. Skipped (and said so) without
valgrind, and in the quick run.

    python benchmarks/run.py          # every figure, RESULTS.md
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from apps import SUITE_KINDS
from fig_checker import CONDITIONS, STRICT, write_suite
from harness import Plan, Section, fmt_pct, md_table, say

SHORT_TESTS, LONG_TESTS = 2, 22
"""Tests in the short and the long suite (100 requests each): 2,000 requests between them,
over which the start-up's own variation (a few million instructions) is spread."""
PER_TEST = 100
COMMAND = re.compile(r"^==(\d+)== Command:", re.MULTILINE)


def _count(suite: Path, key: str, condition: tuple[str, ...], out: Path) -> int:
    """Instructions one pytest run of ``suite`` executes under cachegrind."""
    # one hash seed for every counted run: with a random one, string hashes (so dict and
    # set layouts, so the work of start-up) differ from run to run by millions of
    # instructions, which the difference of two runs would count as requests
    env = harness.clean_env(
        RESTCODES_BENCH_CLIENT=key,
        RESTCODES_BENCH_TIMING=str(out.with_suffix(".json")),
        PYTHONHASHSEED="0",
    )
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        f"--cachegrind-out-file={out}",
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *condition,
        str(suite),
    ]
    everywhere = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None

    def unpin() -> None:  # the count does not depend on the core: use them all
        if everywhere is not None:
            os.sched_setaffinity(0, _ALL_CPUS or everywhere)

    proc = subprocess.run(
        cmd, cwd=suite, env=env, capture_output=True, text=True, check=False, preexec_fn=unpin
    )
    # the pytest process's own count: a process it forks prints one of its own
    pid = COMMAND.search(proc.stderr)
    found = (
        re.search(rf"^=={pid[1]}==\s+I\s+refs:\s+([\d,]+)", proc.stderr, re.MULTILINE)
        if pid
        else None
    )
    if proc.returncode != 0 or found is None:
        raise RuntimeError(
            f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}"
            f"\n--- stderr ---\n{proc.stderr[-4000:]}"
        )
    return int(found[1].replace(",", ""))


_ALL_CPUS: set[int] | None = (
    set(range(os.cpu_count() or 1)) if hasattr(os, "sched_setaffinity") else None
)


def section(plan: Plan, tmp: Path) -> Section:
    out = Section("3c. Checker, instructions")
    out.values.update(
        {
            "instructions.short": str(SHORT_TESTS),
            "instructions.long": str(LONG_TESTS),
            "instructions.requests": f"{(LONG_TESTS - SHORT_TESTS) * PER_TEST:,}",
        }
    )
    if plan.name != "full" or shutil.which("valgrind") is None:
        why = "the quick run" if plan.name != "full" else "valgrind is not installed"
        out.values.update({"instructions.table": f"Not measured: {why}.", "instructions.runs": ""})
        return out
    suites = {}
    for tests in (SHORT_TESTS, LONG_TESTS):
        root = tmp / f"instructions-{tests}"
        root.mkdir()
        shape = types.SimpleNamespace(suite_tests=tests, suite_requests_per_test=PER_TEST)
        suites[tests] = write_suite(root, shape)  # type: ignore[arg-type]
    # one plain run of each suite and client first: every module compiled and cached (the
    # plugin's, the apps', the rewritten tests), so that no counted run compiles anything
    for kind in SUITE_KINDS:
        for tests, suite in suites.items():
            env = harness.clean_env(
                RESTCODES_BENCH_CLIENT=kind.key,
                RESTCODES_BENCH_TIMING=str(tmp / f"warm-{kind.key}-{tests}.json"),
            )
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            harness.run_checked([*command, *STRICT, str(suite)], suite, env)
    jobs = [
        (kind.key, name, args, tests)
        for kind in SUITE_KINDS
        for name, args in CONDITIONS
        for tests in (SHORT_TESTS, LONG_TESTS)
    ]
    say(f"  instructions: {len(jobs)} runs under cachegrind")
    with ThreadPoolExecutor(max_workers=len(_ALL_CPUS or {0})) as pool:
        counts = dict(
            zip(
                [(key, name, tests) for key, name, _, tests in jobs],
                pool.map(
                    lambda job: _count(
                        suites[job[3]], job[0], job[2], tmp / f"cg-{job[0]}-{job[1]}-{job[3]}"
                    ),
                    jobs,
                ),
                strict=True,
            )
        )
    extra = (LONG_TESTS - SHORT_TESTS) * PER_TEST
    rows, runs = [], []
    for kind in SUITE_KINDS:
        per = {
            name: (counts[kind.key, name, LONG_TESTS] - counts[kind.key, name, SHORT_TESTS]) / extra
            for name, _ in CONDITIONS
        }
        off, strict = per["off"] / per["disabled"], per["strict"] / per["off"]
        rows.append(
            [
                kind.label,
                f"{per['disabled']:,.0f}",
                f"{per['off']:,.0f}",
                f"{per['strict']:,.0f}",
                fmt_pct(off),
                fmt_pct(strict),
                f"{per['strict'] - per['off']:,.0f}",
                "off ≤ +1%, strict ≤ +3%",
                f"off: {out.verdict(f'{kind.label}: off vs disabled', off <= 1.01)}; "
                f"strict: {out.verdict(f'{kind.label}: strict vs off', strict <= 1.03)}",
            ]
        )
        runs += [
            f"{kind.key} {name}: "
            + ", ".join(f"{counts[kind.key, name, t]:,}" for t in (SHORT_TESTS, LONG_TESTS))
            for name, _ in CONDITIONS
        ]
    columns = [
        "client",
        "disabled",
        "off",
        "strict",
        "off vs disabled",
        "strict vs off",
        "strict - off",
        "target",
        "verdict",
    ]
    out.values.update(
        {
            "instructions.table": md_table(columns, rows),
            "instructions.runs": "Instructions of each run (short suite, long suite): "
            + "; ".join(runs)
            + ".",
        }
    )
    return out
