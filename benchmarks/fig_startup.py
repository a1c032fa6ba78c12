"""Figure 4: what the plugin costs pytest's start-up, and what importing it loads.
``pytest --collect-only`` on 50 trivial tests, in fresh subprocesses, with and without
the plugin (interleaved rounds, medians); then ``import pytest_restcodes.plugin`` in fresh
interpreters: its time, the modules it adds, and no client library among them (the
libraries are every ``packages`` of ``pytest_restcodes._clients``).

Whole-process measurements, no pytest-benchmark.

    python benchmarks/run.py          # every figure, RESULTS.md
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

import harness
from harness import Plan, Section, fmt_ms, fmt_pct, md_table, say

COLLECT = ("-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")
Run = tuple[dict[str, str], tuple[str, ...]]
"""(environment, extra pytest arguments) of one collect-only run."""


@dataclass(frozen=True)
class Variant:
    label: str
    rounds: int
    without: Run
    with_: Run


def variants(plan: Plan) -> tuple[Variant, ...]:
    bare = harness.clean_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return (
        Variant(
            "installed environment (every installed plugin autoloads)",
            plan.startup_rounds,
            (harness.clean_env(), ("-p", "no:restcodes")),
            (harness.clean_env(), ()),
        ),
        Variant(
            "bare pytest (plugin autoload off)",
            plan.bare_startup_rounds,
            (bare, ()),
            ({**bare, "PYTEST_PLUGINS": "pytest_restcodes.plugin"}, ()),
        ),
    )


def write_project(root: Path, files: int = 5, tests_per_file: int = 10) -> Path:
    project = root / "project"
    project.mkdir()
    (project / "pytest.ini").write_text("[pytest]\n")
    for i in range(files):
        body = "".join(
            f"def test_{j}():\n    assert {j} == {j}\n\n\n" for j in range(tests_per_file)
        )
        (project / f"test_mod{i}.py").write_text(body)
    return project


def startup_section(plan: Plan, tmp: Path) -> Section:
    out = Section("4. Start-up")
    project = write_project(tmp)
    rows = []
    for variant in variants(plan):
        runs = {"without": variant.without, "with": variant.with_}
        samples: dict[str, list[harness.Took]] = {"without": [], "with": []}
        for env, args in runs.values():  # warm-up pair
            harness.timed_run([sys.executable, *COLLECT, *args], project, env)
        for round_ in range(variant.rounds):
            order = list(runs.items()) if round_ % 2 == 0 else list(runs.items())[::-1]
            for name, (env, args) in order:
                samples[name].append(
                    harness.timed_run([sys.executable, *COLLECT, *args], project, env)
                )
        cpu = {name: [t.cpu for t in took] for name, took in samples.items()}
        wall = {name: statistics.median(t.wall for t in took) for name, took in samples.items()}
        without, with_ = statistics.median(cpu["without"]), statistics.median(cpu["with"])
        noise = max(harness.spread(cpu["without"]), harness.spread(cpu["with"]))
        rows.append(
            [
                variant.label,
                str(variant.rounds),
                fmt_ms(without),
                fmt_ms(with_),
                f"{fmt_pct(with_ / without)} ({(with_ - without) / 1e6:+,.1f} ms)",
                f"{fmt_ms(wall['without'])}, {fmt_ms(wall['with'])}: "
                f"{fmt_pct(wall['with'] / wall['without'])}",
                f"{noise:.1%}",
                "≤ +2%",
                out.verdict(variant.label, with_ / without <= 1.02),
            ]
        )
        say(f"  start-up: {variant.label} done")
    columns = ["environment", "rounds", "without", "with", "difference"]
    columns += ["wall time: without, with", "noise", "target", "verdict"]
    out.values["startup.table"] = md_table(columns, rows)
    return out


IMPORT_PROBE = """\
import json, sys, time
import pytest
before = set(sys.modules)
start = time.perf_counter_ns()
import pytest_restcodes.plugin
elapsed = time.perf_counter_ns() - start
print(json.dumps({"ns": elapsed, "new": sorted(set(sys.modules) - before)}))
"""


def client_libraries() -> list[str]:
    """Every top-level package a supported client lives in (``Client.packages``)."""
    from pytest_restcodes._clients import clients

    return sorted({package for client in clients() for package in client.packages})


def import_section(plan: Plan) -> Section:
    out = Section("4b. Plugin import")
    probes = [
        json.loads(
            harness.run_checked(
                [sys.executable, "-c", IMPORT_PROBE], harness.ROOT, harness.clean_env()
            )
        )
        for _ in range(plan.import_probes)
    ]
    libraries = client_libraries()
    new = probes[-1]["new"]
    imported = sorted({name.split(".")[0] for name in new} & set(libraries))
    if imported:
        raise RuntimeError(f"importing the plugin imports client libraries: {imported}")
    own = [n for n in new if n.split(".")[0] == "pytest_restcodes"]
    others = [n for n in new if n not in own]
    ns = [p["ns"] for p in probes]
    rows = [
        [
            "`import pytest_restcodes.plugin` after `import pytest`",
            f"{fmt_ms(statistics.median(ns))} (best {fmt_ms(min(ns))})",
            "(shown)",
            "",
        ],
        [
            "modules it adds",
            f"{len(new)}: {len(own)} of the package ({', '.join(f'`{n}`' for n in own)}), "
            f"{len(others)} others ({', '.join(f'`{n}`' for n in others) or 'none'})",
            "(shown)",
            "",
        ],
        [
            "client libraries among them",
            ", ".join(imported) or "none",
            "none",
            out.verdict("client libraries imported", not imported),
        ],
    ]
    out.values.update(
        {
            "import.table": md_table(["what", "measured", "target", "verdict"], rows),
            "import.probes": str(plan.import_probes),
            "import.libraries": ", ".join(libraries),
        }
    )
    return out
