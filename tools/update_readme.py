"""Paste the real output of the README's commands into README.md.

Run ``python tools/update_readme.py`` after changing a message; tests/test_readme.py fails
when the README and the commands' output today disagree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
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
}
SHOWN_AS: dict[str, str] = {
    "first-look": "pytest examples/mistakes -k invalid_book",
    "mistakes-output": "pytest examples/mistakes",
    "checker-output": "pytest examples/mistakes -k www_authenticate",
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


def run(name: str) -> str:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    # pytest prints untruncated summaries under CI: the README shows a terminal's output
    for variable in ("PYTEST_ADDOPTS", "CI", "BUILD_NUMBER"):
        env.pop(variable, None)
    proc = subprocess.run(BLOCKS[name], cwd=ROOT, capture_output=True, text=True, env=env)
    return normalise(proc.stdout)


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
    for name in BLOCKS:
        pattern = re.compile(rf"<!-- {name}:start -->.*?<!-- {name}:end -->", re.S)
        new = block(name, run(name))
        readme, count = pattern.subn(lambda _m, new=new: new, readme)
        if count != 1:
            print(f"README.md has no {name} markers", file=sys.stderr)
            return 1
    path.write_text(readme, encoding="utf-8")
    print("README.md updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
