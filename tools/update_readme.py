"""Paste the real output of the README's commands into README.md.

Run ``python tools/update_readme.py`` after changing a message; tests/test_readme.py fails
when the README and the commands' output today disagree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# marker name -> the command whose output goes between the markers
BLOCKS: dict[str, list[str]] = {
    "first-look": [sys.executable, "-m", "pytest", "examples/mistakes", "-k", "invalid_book"],
    "mistakes-output": [sys.executable, "-m", "pytest", "examples/mistakes"],
    "checker-output": [
        sys.executable,
        "-m",
        "pytest",
        "examples/mistakes",
        "-k",
        "www_authenticate",
    ],
    "coverage-output": [
        sys.executable,
        "-m",
        "pytest",
        "examples",
        "-q",
        "--restcodes-coverage",
        "--restcodes-report=restcodes.json",
        "--restcodes-html=restcodes.html",
    ],
}
SHOWN_AS: dict[str, str] = {
    "first-look": "pytest examples/mistakes -k invalid_book",
    "mistakes-output": "pytest examples/mistakes",
    "checker-output": "pytest examples/mistakes -k www_authenticate",
    "coverage-output": "pytest examples -q --restcodes-coverage "
    "--restcodes-report=restcodes.json --restcodes-html=restcodes.html",
}

_NOISE = [
    (re.compile(r" in \d+\.\d+s( \(\d+:\d+:\d+\))?"), " in N.NNs"),
    (re.compile(r"0x[0-9a-f]{6,}"), "0x..."),
]


def normalise(text: str) -> str:
    """What may differ between two runs (durations, object addresses, where the clone
    lives) made constant."""
    text = text.replace(f"{ROOT}{os.sep}", "")
    for pattern, replacement in _NOISE:
        text = pattern.sub(replacement, text)
    return text.rstrip() + "\n"


# blocks whose command writes files: run in a folder of their own, the examples named by
# their full path (the output shows neither)
WRITES = frozenset({"coverage-output"})


def run(name: str, folder: Path | None = None) -> str:
    """The output of a block's command; a command that writes files writes them in
    ``folder`` (a temporary folder, removed, when not given)."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    # pytest prints untruncated summaries under CI: the README shows a terminal's output
    for variable in ("PYTEST_ADDOPTS", "CI", "BUILD_NUMBER"):
        env.pop(variable, None)
    if name not in WRITES:
        proc = subprocess.run(BLOCKS[name], cwd=ROOT, capture_output=True, text=True, env=env)
        return normalise(proc.stdout)
    command = [str(ROOT / "examples") if part == "examples" else part for part in BLOCKS[name]]
    with tempfile.TemporaryDirectory() as scratch:
        where = folder or Path(scratch)
        proc = subprocess.run(command, cwd=where, capture_output=True, text=True, env=env)
    return normalise(proc.stdout)


CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# headless, as root, and quiet on a closed network (without the background-networking
# flags Chromium keeps trying to reach Google's hosts)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str | None:
    """The Chromium on PATH (Debian's ``chromium``, or another build's name), if any."""
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


def screenshot(page: Path, png: Path, size: str = "1280,860") -> bool:
    """A headless Chromium's picture of ``page`` (False when there is no Chromium)."""
    browser = chromium()
    if browser is None:
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={size}",
                f"--screenshot={png}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    return True


def block(name: str, output: str) -> str:
    return (
        f"<!-- {name}:start -->\n```console\n$ {SHOWN_AS[name]}\n{output}```\n<!-- {name}:end -->"
    )


def current(readme: str, name: str) -> str | None:
    match = re.search(
        rf"<!-- {name}:start -->\n```console\n\$ [^\n]*\n(.*?)```\n<!-- {name}:end -->",
        readme,
        re.S,
    )
    return match.group(1) if match else None


def main() -> int:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    scratch = Path(tempfile.mkdtemp())
    for name in BLOCKS:
        pattern = re.compile(rf"<!-- {name}:start -->.*?<!-- {name}:end -->", re.S)
        new = block(name, run(name, scratch))
        readme, count = pattern.subn(lambda _m, new=new: new, readme)
        if count != 1:
            print(f"README.md has no {name} markers", file=sys.stderr)
            return 1
    path.write_text(readme, encoding="utf-8")
    print("README.md updated")
    # the picture of the bookstore's HTML report the README shows
    if screenshot(scratch / "restcodes.html", ROOT / "docs" / "report.png"):
        print("docs/report.png updated")
    else:
        print("no Chromium found: docs/report.png left as it is", file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
