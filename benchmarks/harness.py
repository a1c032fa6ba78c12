"""The shared harness of the benchmarks: plans, statistics, formatting, subprocesses, the
machine's description, pytest-benchmark's results, profiles, and the results template.

Not run on its own: ``run.py`` and ``test_micro.py`` import it (``benchmarks/`` is on
``sys.path`` for both: the script's own directory, and pytest's rootdir-relative import of
a test module outside a package).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACKAGE = ROOT / "pytest_restcodes"

# ------------------------------------------------------------------------------ plans


@dataclass(frozen=True)
class Plan:
    """How long to measure: the full run, or the quick one CI uses."""

    name: str
    benchmark_args: tuple[str, ...]
    """pytest-benchmark's options for the micro-benchmarks that calibrate themselves."""
    batch_size: int
    """Fresh responses per timed round of a per-response micro-benchmark."""
    batch_rounds: int
    """Timed rounds (batches) of a per-response micro-benchmark; the best is reported."""
    suite_tests: int
    suite_requests_per_test: int
    suite_rounds: int
    """Interleaved rounds of the checker suite (every client x condition once per round)."""
    suite_warmup: bool
    """One warm-up run of the suite per client before the rounds."""
    startup_rounds: int
    """Interleaved rounds of ``pytest --collect-only`` with and without the plugin."""
    bare_startup_rounds: int
    """The same, with pytest's plugin autoload off (pytest and this plugin only)."""
    import_probes: int
    """Fresh interpreters timing ``import pytest_restcodes.plugin``."""


FULL = Plan(
    name="full",
    benchmark_args=(
        "--benchmark-min-rounds=7",
        "--benchmark-max-time=1.0",
        "--benchmark-warmup=on",
    ),
    batch_size=300,
    batch_rounds=5,
    suite_tests=20,
    suite_requests_per_test=100,
    suite_rounds=11,
    suite_warmup=True,
    startup_rounds=15,
    bare_startup_rounds=21,
    import_probes=7,
)
QUICK = Plan(
    name="quick",
    benchmark_args=(
        "--benchmark-min-rounds=3",
        "--benchmark-max-time=0.05",
        "--benchmark-warmup=on",
        "--benchmark-warmup-iterations=1000",
    ),
    batch_size=40,
    batch_rounds=2,
    suite_tests=2,
    suite_requests_per_test=100,
    suite_rounds=2,
    suite_warmup=False,
    startup_rounds=2,
    bare_startup_rounds=3,
    import_probes=2,
)
PLANS = {plan.name: plan for plan in (FULL, QUICK)}

# ------------------------------------------------------------------------- formatting


def fmt_ns(ns: float) -> str:
    return f"{ns:,.0f} ns"


def fmt_us(ns: float) -> str:
    return f"{ns / 1e3:,.2f} µs"


def fmt_ms(ns: float) -> str:
    return f"{ns / 1e6:,.2f} ms"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x"


def fmt_pct(ratio: float) -> str:
    """``1.0312`` -> ``+3.12%``: a ratio as a relative difference."""
    return f"{(ratio - 1) * 100:+.2f}%"


def fmt_size(size: int) -> str:
    for unit, factor in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"


def md_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, flush=True)


def spread(values: Sequence[float]) -> float:
    """(max - min) / median: how noisy a set of repeats was."""
    return (max(values) - min(values)) / statistics.median(values)


# --------------------------------------------------------------------------- sections


@dataclass
class Section:
    """What one figure module hands back: the template's values, and its verdicts."""

    title: str
    values: dict[str, str] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def verdict(self, label: str, met: bool) -> str:
        if not met:
            self.missed.append(label)
        return "met" if met else "**missed**"


PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """``{{ name }}`` -> ``values[name]``; KeyError for a placeholder without a value and
    for a value without a placeholder (the template and the code must agree)."""
    used = set(PLACEHOLDER.findall(template))
    missing, unused = used - set(values), set(values) - used
    if missing or unused:
        raise KeyError(
            f"template and figures disagree: no value for {sorted(missing)}, "
            f"no placeholder for {sorted(unused)}"
        )
    return PLACEHOLDER.sub(lambda m: values[m[1]], template)


# ------------------------------------------------------------------------ subprocesses

PYCACHE = Path(tempfile.gettempdir()) / "restcodes-bench-pycache"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of every subprocess: no PYTEST_* variables from outside, and
    bytecode cached (in a directory of its own, outside the repository), as for an
    installed package: with PYTHONDONTWRITEBYTECODE=1, set in some sandboxes, every
    start would compile the plugin's sources again and count that as start-up."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    return env


def run_checked(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> str:
    """Run a command; its stdout, or RuntimeError with its output if it failed."""
    proc = subprocess.run(
        list(cmd), cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} exited {proc.returncode} in {cwd}\n"
            f"--- stdout ---\n{proc.stdout[-6000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
        )
    return proc.stdout


@dataclass(frozen=True)
class Took:
    """What one measured stretch took: wall time, and CPU time (user + system, every
    thread of the process). On a shared machine other processes lengthen the wall time of
    a run while it waits for the CPU; its CPU time barely moves."""

    wall: float
    cpu: float


def timed_run(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Took:
    """Wall and CPU time (ns) of a whole subprocess, interpreter start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter_ns()
    run_checked(cmd, cwd, env)
    wall = time.perf_counter_ns() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Took(float(wall), cpu * 1e9)


def pin_cpu(enabled: bool) -> str:
    """Pin this process (and so its threads and subprocesses) to one CPU: thread hand-offs
    (Starlette's portal, the local server) then stop depending on the scheduler's choice
    of core, which on a small shared machine is most of the run-to-run noise."""
    if not enabled:
        return "not pinned (--no-pin)"
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return f"CPU {cpus[0]}, the only one available"
    os.sched_setaffinity(0, {cpus[-1]})
    return f"pinned to CPU {cpus[-1]} (of {len(cpus)} available), subprocesses included"


# ------------------------------------------------------------------------ the machine

VERSIONED = (
    "pytest-restcodes",
    "pytest",
    "pytest-benchmark",
    "httpx",
    "httpx2",
    "requests",
    "django",
    "flask",
    "werkzeug",
    "starlette",
    "schemathesis",
)


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _os_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} ({platform.platform()})"
    return platform.platform()


def package_digest() -> str:
    """A digest of the package's source files: did the code change during the run?"""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def package_state() -> str:
    """The commit the package was measured at, and whether its files differ from it."""

    def git(*args: str) -> str:
        proc = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    changed = git("status", "--porcelain", "--", "pytest_restcodes")
    return f"commit {commit}" + (
        " with uncommitted changes in pytest_restcodes/" if changed else ""
    )


def usable_cpus() -> int:
    """CPUs this process may run on (before ``pin_cpu``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def machine_table(pinning: str, usable: int, package: str) -> str:
    rows = [
        ["pytest-restcodes", package],
        ["CPU", _cpu_model()],
        ["cores", f"{os.cpu_count()} ({usable} available to this process)"],
        ["benchmark", pinning],
        ["Python", f"{platform.python_implementation()} {platform.python_version()}"],
        ["OS", _os_name()],
    ]
    return md_table(["", ""], rows)


def versions_table() -> str:
    rows = []
    for dist in VERSIONED:
        try:
            rows.append([dist, importlib.metadata.version(dist)])
        except importlib.metadata.PackageNotFoundError:
            rows.append([dist, "not installed"])
    return md_table(["package", "version"], rows)


# -------------------------------------------------------------- pytest-benchmark results

MICRO = HERE / "test_micro.py"


@dataclass(frozen=True)
class Timing:
    """One micro-benchmark, in ns per operation (a round's time / operations per round)."""

    best: float
    median: float
    worst: float
    rounds: int
    extra: dict[str, Any]


class Micro:
    """The results of one ``pytest benchmarks/test_micro.py`` run (its JSON report)."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.report = report
        self.entries: list[Timing] = []
        for bench in report["benchmarks"]:
            extra = bench["extra_info"]
            per = extra["operations"] * 1e-9
            stats = bench["stats"]
            self.entries.append(
                Timing(
                    stats["min"] / per,
                    stats["median"] / per,
                    stats["max"] / per,
                    stats["rounds"],
                    extra,
                )
            )

    def get(self, **keys: Any) -> Timing:
        """The one benchmark whose ``extra_info`` has these values; LookupError otherwise."""
        found = [t for t in self.entries if all(t.extra.get(k) == v for k, v in keys.items())]
        if len(found) != 1:
            raise LookupError(f"{len(found)} micro-benchmarks match {keys}")
        return found[0]


def run_micro(plan: Plan, tmp: Path, plugin: bool = False) -> Micro:
    """Run the pytest-benchmark micro-benchmarks in a subprocess; their results."""
    report = tmp / "micro.json"
    cmd = [sys.executable, "-m", "pytest", str(MICRO), "--benchmark-only", "-q"]
    cmd += ["-p", "no:cacheprovider", f"--bench-plan={plan.name}", *plan.benchmark_args]
    cmd += ["--benchmark-disable-gc", "--benchmark-sort=name", f"--benchmark-json={report}"]
    if not plugin:
        cmd += ["-p", "no:restcodes"]
    run_checked(cmd, ROOT, clean_env())
    return Micro(json.loads(report.read_text()))


# ---------------------------------------------------------------------------- profiles


def where(filename: str, name: str) -> str:
    """``pytest_restcodes/_view.py:body``, ``werkzeug/wsgi.py:__next__``, ``builtin:...``."""
    path = Path(filename)
    if "pytest_restcodes" in path.parts:
        parts = path.parts[path.parts.index("pytest_restcodes") :]
        place = "/".join(parts)
    elif "site-packages" in path.parts:
        place = "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    elif filename.startswith("~"):
        place = "builtin"
    else:
        place = path.name
    return f"{place}:{name}"


def own_times(stats: pstats.Stats, only: str) -> dict[str, tuple[int, float, float]]:
    """``where() -> (calls, own seconds, cumulative seconds)`` of the profiled functions
    whose file path contains ``only``."""
    out: dict[str, tuple[int, float, float]] = {}
    for (filename, _line, name), (_cc, ncalls, tottime, cumtime, _callers) in (
        stats.stats.items()  # type: ignore[attr-defined]
    ):
        if only in filename:
            key = where(filename, name)
            calls, own, cumulative = out.get(key, (0, 0.0, 0.0))
            out[key] = (calls + ncalls, own + tottime, cumulative + cumtime)
    return out


def cumulative(stats: pstats.Stats, name: str) -> float:
    """The largest cumulative seconds of a profiled function called ``name`` (the
    outermost of a hook's implementations); LookupError if there is none."""
    found = [v[3] for k, v in stats.stats.items() if k[2] == name]  # type: ignore[attr-defined]
    if not found:
        raise LookupError(f"{name} is not in the profile")
    return float(max(found))


# ------------------------------------------------------------------- a checked test


@contextlib.contextmanager
def checked_test(mode: str = "strict", capture: bool = True) -> Iterator[Any]:
    """What the plugin does around a checked test, outside pytest: a ``Run`` pushed, a
    ``Session`` started (with ``capture``, the client wrappers installed and pointed at
    it); yields the session, then closes both (the wrappers removed, the run popped)."""
    from pytest_restcodes._session import Run, Session, Settings, push

    run = Run(Settings())
    push(run)
    session = Session(run, "benchmarks::test", mode, "rulebook", frozenset())
    try:
        run.start(session, capture=capture)
        yield session
    finally:
        session.close()
        run.close()
