"""The examples: the mistakes tour reports every planted mistake, and the README's pasted
outputs are what the commands print today."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISTAKES = ROOT / "examples" / "mistakes"


def _load_readme_tool() -> object:
    spec = importlib.util.spec_from_file_location(
        "update_readme", ROOT / "tools" / "update_readme.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_readme"] = module
    spec.loader.exec_module(module)
    return module


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
    tool = _load_readme_tool()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pasted = tool.current(readme, name)  # type: ignore[attr-defined]
    assert pasted is not None, f"README.md lacks the {name} block"
    assert pasted == tool.run(name), (  # type: ignore[attr-defined]
        f"README.md's {name} block is stale: run `python tools/update_readme.py`"
    )
