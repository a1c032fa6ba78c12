"""What the sdist and the wheel ship, and that the wheel works where only pytest is.

The sdist and the wheel are built once for the module, as a release would (``python -m
build``: the sdist, then the wheel from the sdist), without build isolation, so without
the network: ``build`` and ``hatchling`` come with the test extra.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SDIST_DIRS = ("pytest_restcodes", "tests", "examples", "tools", "docs")
SDIST_FILES = ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "docs/rules.md")


def run(args: Sequence[str | Path], cwd: Path, timeout: float = 120) -> str:
    """Run a command; fail the test with its output if it fails. Returns its stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\n"
        f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel), the wheel built from the sdist."""
    pytest.importorskip("build", reason="the test extra brings build")
    pytest.importorskip("hatchling", reason="the test extra brings hatchling")
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT], cwd=ROOT)
    (sdist,) = out.glob("pytest_restcodes-*.tar.gz")
    (wheel,) = out.glob("pytest_restcodes-*-py3-none-any.whl")
    return sdist, wheel


def sdist_names(sdist: Path) -> set[str]:
    """The sdist's files, without its top folder ``pytest_restcodes-VERSION/``."""
    with tarfile.open(sdist) as tar:
        return {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}


def git_files(*paths: str) -> list[str] | None:
    """The files git tracks under ``paths``; None outside a git checkout (an sdist)."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.split() if proc.returncode == 0 else None


def test_the_wheel_ships_the_package_and_the_license(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = whl.read(metadata).decode()
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        shipped_license = whl.read(license_file).decode()
    assert shipped_license == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in shipped_license
    assert "License-Expression: MIT" in meta
    assert "License-File: LICENSE" in meta
    assert "pytest_restcodes/plugin.py" in names
    assert "pytest_restcodes/py.typed" in names
    # the package only: no tests, examples or tools installed into site-packages
    tops = {name.split("/", 1)[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"pytest_restcodes"}


def test_the_sdist_ships_what_its_tests_read(dists: tuple[Path, Path]) -> None:
    sdist, _ = dists
    names = sdist_names(sdist)
    for folder in SDIST_DIRS:
        assert any(n.startswith(f"{folder}/") for n in names), f"the sdist lacks {folder}/"
    for name in SDIST_FILES:
        assert name in names, f"the sdist lacks {name}"
    assert "tools/update_readme.py" in names
    assert "examples/pytest.ini" in names and "examples/mistakes/pytest.ini" in names
    with tarfile.open(sdist) as tar:
        (member,) = [m for m in tar.getmembers() if m.name.endswith("/LICENSE")]
        shipped = tar.extractfile(member)
        assert shipped is not None
        assert shipped.read().decode() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    tracked = git_files(*SDIST_DIRS, *SDIST_FILES)
    if tracked is not None:  # in a git checkout: every tracked file there is shipped
        assert sorted(set(tracked) - names) == []


def test_the_sdist_runs_its_own_tests(
    dists: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> None:
    # inside the unpacked sdist: the tests that read docs/, examples/ and the README, and
    # the README's main job
    sdist, _ = dists
    where = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as tar:
        if sys.version_info >= (3, 12):
            tar.extractall(where, filter="data")
        else:
            tar.extractall(where)  # our own sdist, just built
    (tree,) = where.iterdir()
    pytest_cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    for spec in request.config.getoption("pythonwarnings") or []:  # as this run was run
        pytest_cmd += ["-W", spec]
    # the whole suite is collected (every module imports), those tests run
    selected = "test_docs or test_mistakes_tour_reports_every_planted_mistake"
    out = run([*pytest_cmd, "tests", "-k", selected], cwd=tree)
    assert " passed" in out.splitlines()[-1], out
    out = run([*pytest_cmd, "examples"], cwd=tree)
    assert " passed" in out.splitlines()[-1], out


def pip_download(cache: Path, *requirements: str | Path) -> bool:
    """Download ``requirements`` and their dependencies into ``cache``: False if the
    package index cannot be reached (or is not configured), within 90 s."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "-d", cache, *requirements],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return proc.returncode == 0


def test_the_wheel_works_with_only_pytest_then_runs_the_examples(
    dists: tuple[Path, Path], tmp_path: Path
) -> None:
    # README's Install: a wheel built with its command, installed where only pytest is;
    # then its examples extra, which must bring all that `pytest examples` imports
    _, release_wheel = dists
    cache = tmp_path / "cache"
    if not pip_download(cache, "pytest"):
        pytest.skip("the package index cannot be reached: pytest cannot be installed")
    dist = tmp_path / "dist"
    # the README's command, without build isolation (no network for hatchling)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            dist,
            ROOT,
        ],
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("pytest_restcodes-*.whl")
    assert wheel.name == release_wheel.name
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip_install = [python, "-m", "pip", "install", "-q", "--no-index", "--find-links", cache]
    run([*pip_install, wheel], cwd=tmp_path)

    installed = run([python, "-m", "pip", "list", "--format=freeze"], cwd=tmp_path).lower()
    names = {line.split("==")[0] for line in installed.split()}
    assert "pytest-restcodes" in names and "pytest" in names
    for client in ("requests", "httpx", "httpx2", "starlette", "flask", "django"):
        assert client not in names, f"{client} came with the wheel: {sorted(names)}"

    project = tmp_path / "project"
    project.mkdir()
    helped = run([python, "-m", "pytest", "--help"], cwd=project)
    for option in ("--restcodes-check", "--restcodes-profile", "--restcodes-ignore"):
        assert option in helped
    assert "restcodes_check" in helped  # the ini options too

    # the helpers and the checker work with no client library at all
    (project / "pytest.ini").write_text("[pytest]\nrestcodes_check = strict\n")
    (project / "test_answer.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from pytest_restcodes import StatusAssertionError, assert_created, register_adapter

            class Answer:
                def __init__(self, code):
                    self.code = code

            register_adapter(Answer, status=lambda r: r.code, headers=lambda r: {})

            def test_helpers():
                assert assert_created(Answer(201)).code == 201
                with pytest.raises(StatusAssertionError, match="expected 201 Created, got 500"):
                    assert_created(Answer(500))
            """
        )
    )
    out = run([python, "-m", "pytest", "-p", "no:cacheprovider"], cwd=project)
    assert "1 passed" in out, out

    # pip install ".[examples]", then the README's main job
    with_examples = f"{wheel}[examples]"
    if not pip_download(cache, with_examples):
        pytest.skip("the package index cannot be reached: the examples extra cannot be installed")
    run([*pip_install, with_examples], cwd=tmp_path)
    shutil.copytree(ROOT / "examples", project / "examples")
    out = run([python, "-m", "pytest", "examples"], cwd=project)
    assert " passed" in out.splitlines()[-1] and "failed" not in out, out
