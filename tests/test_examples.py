"""The examples: the mistakes tour reports every planted mistake, and the README's pasted
outputs are what the commands print today."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISTAKES = ROOT / "examples" / "mistakes"


def readme_tool() -> Any:
    """tools/update_readme.py, loaded once: the README's commands, and how the project
    starts Chromium."""
    found = sys.modules.get("update_readme")
    if found is None:
        spec = importlib.util.spec_from_file_location(
            "update_readme", ROOT / "tools" / "update_readme.py"
        )
        assert spec is not None and spec.loader is not None
        found = importlib.util.module_from_spec(spec)
        sys.modules["update_readme"] = found
        spec.loader.exec_module(found)
    return found


def test_mistakes_tour_reports_every_planted_mistake(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(str(MISTAKES))
    result.assert_outcomes(failed=8, warnings=2)
    result.stdout.fnmatch_lines_random(
        [
            # 200 on create: the helper explains
            "E * assert_created: expected 201 Created, got 200 OK",
            "E * Hint: something was created? Then answer 201 Created *",
            # 405 without Allow: the helper and the checker
            "E * Allow header is missing*",
            "[[]RC101 method-not-allowed-without-allow[]] error: *",
            # 302 after POST
            "E * assert_see_other: expected 303 See Other, got 302 Found",
            "*RC111 found-redirect (warning): *",
            # an error inside a 200
            "*RC201 success-with-error-body (warning): *",
            "E *   - error: query too short",
            # 401 without a challenge
            "[[]RC103 unauthorized-without-challenge[]] error: *",
            # a 500 from an unhandled exception
            "[[]RC002 server-error[]] error: *",
            "E * assert_ok: expected 200 OK, got 500 Internal Server Error",
            # 204 with a body
            "E *   - the response carries a body of 17 bytes: a 204 must carry none *",
            "[[]RC104 no-content-with-body[]] error: *",
            # the summary
            "*responses checked, 6 findings",
        ]
    )


@pytest.mark.skipif(
    pytest.version_tuple < (8,), reason="the pasted outputs are those of pytest 8 and later"
)
@pytest.mark.parametrize("name", ["first-look", "checker-output", "mistakes-output"])
def test_readme_outputs_match_the_commands(name: str) -> None:
    tool = readme_tool()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pasted = tool.current(readme, name)  # type: ignore[attr-defined]
    assert pasted is not None, f"README.md lacks the {name} block"
    assert pasted == tool.run(name), (  # type: ignore[attr-defined]
        f"README.md's {name} block is stale: run `python tools/update_readme.py`"
    )


def test_the_bookstore_shows_its_coverage_and_writes_both_reports(tmp_path: Path) -> None:
    """The README's coverage command: the matrix in the terminal, a JSON document valid
    against the published schema, and an HTML page a real browser renders."""
    import json
    import os
    import re
    import subprocess

    import jsonschema
    from test_html import browse, check_self_contained, chromium, matrix_rows, parse, png_facts

    from pytest_restcodes._report import SCHEMA

    env = {  # the command as a user types it: not inside this run's xdist worker
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTEST_ADDOPTS", "CI") and not k.startswith("PYTEST_XDIST")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "examples"), "-q", "-p", "no:cacheprovider",
         "--restcodes-coverage", "--restcodes-report=r.json", "--restcodes-html=r.html"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "status-code coverage:" in proc.stdout
    assert re.search(r"\n  GET    /books/\{book_id\}  200 \u2713\d+/\d+  304 \u27132", proc.stdout)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.Draft202012Validator(json.load(handle)).validate(data)
    routes = {(row["method"], row["route"], row["source"]) for row in data["coverage"]}
    assert routes == {
        (method, route, "app")
        for method, route in [
            ("GET", "/books"),
            ("POST", "/books"),
            ("DELETE", "/books"),
            ("PATCH", "/books"),
            ("GET", "/books/{book_id}"),
            ("PUT", "/books/{book_id}"),
            ("PATCH", "/books/{book_id}"),
            ("DELETE", "/books/{book_id}"),
        ]
    }
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert len(matrix_rows(check_self_contained(html))) == 8
    browser = chromium()
    if browser is None:
        pytest.skip("the JSON and the page's HTML are right; no Chromium to render the page")
    browse(browser, tmp_path / "profile", "--window-size=1280,900",
           f"--screenshot={tmp_path / 'shot.png'}", (tmp_path / "r.html").as_uri())  # fmt: skip
    width, height, lines = png_facts((tmp_path / "shot.png").read_bytes())
    assert (width, height) == (1280, 900) and lines > 100
    dom = browse(browser, tmp_path / "profile-d", "--dump-dom", (tmp_path / "r.html").as_uri())
    rows = matrix_rows(parse(dom.stdout.decode()))  # the matrix as the browser built it
    assert len(rows) == 8
    get_book = rows["GET /books/{book_id}"]
    assert get_book[304][0] == ["cell-asserted"] and get_book[304][1] == "2"
