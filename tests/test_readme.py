"""Every README code block that a user would paste runs, as pasted.

- A ```python block that defines ``test_*`` functions is a test module: it runs in an
  inner pytest (a subprocess) and every test in it must pass. It may import ``app`` from
  ``myapi`` and use a ``client`` fixture: the small bookstore below, the API the README
  talks about.
- Any other ```python block runs as a script (a fresh namespace, in a subprocess).
- An ```ini or ```toml block is written as the pytest configuration of an inner project
  (the file its first ``# name`` comment names, else pytest.ini / pyproject.toml) and run
  with ``--strict-config``: it must not be a usage error, and each value it sets must be
  what pytest hands the plugin (``config.getini``), comments and blanks aside.

An HTML comment right before a block says what the test cannot guess:
``<!-- readme-test: skip (why) -->`` for an excerpt that cannot run alone (the test skips
it, and says why), ``<!-- readme-test: given STATEMENT -->`` for a name the block takes
from the reader's own code (STATEMENT runs before the block). dirty-equals tests its docs
the same way.
"""

from __future__ import annotations

import ast
import configparser
import json
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RUN_LANGUAGES = ("python", "ini", "toml")

_FENCE = re.compile(r"^```(\w*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*readme-test:\s*(skip|given)\b\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Block:
    line: int  # the line of the opening fence, 1-based
    language: str
    code: str
    section: str
    directive: tuple[str, str] | None  # ("skip", "(why)") or ("given", "statement")

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.section.lower()).strip("-")
        return f"{self.language}-line{self.line}-{slug}"


def readme_blocks(text: str) -> list[Block]:
    """Every fenced block of ``text``, with the directive comment right before it."""
    blocks: list[Block] = []
    lines = text.splitlines()
    section = "top"
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        fence = _FENCE.match(line)
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        if end == len(lines):
            raise AssertionError(f"README.md:{index + 1}: a code block is never closed")
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        directive = _DIRECTIVE.match(before.strip())
        blocks.append(
            Block(
                line=index + 1,
                language=fence.group(1),
                code="\n".join(lines[index + 1 : end]) + "\n",
                section=section,
                directive=(directive.group(1), directive.group(2)) if directive else None,
            )
        )
        index = end + 1
    return blocks


BLOCKS = [
    b for b in readme_blocks(README.read_text(encoding="utf-8")) if b.language in RUN_LANGUAGES
]

# ------------------------------------------------------------------ the reader's world

MYAPI = '''
"""The API the README's examples test: a small in-memory bookstore."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

app = FastAPI()
BOOKS: dict[int, dict] = {}


@app.api_route("/books", methods=["GET", "POST"])
async def books(request: Request):
    if request.method == "GET":
        return list(BOOKS.values())
    book = {"id": len(BOOKS) + 1, **(await request.json())}
    BOOKS[book["id"]] = book
    return JSONResponse(book, status_code=201, headers={"Location": f"/books/{book['id']}"})


@app.get("/books/{book_id}")
def book(book_id: int):
    if book_id not in BOOKS:
        raise HTTPException(404, "book not found")
    return BOOKS[book_id]
'''

CONFTEST = """
import pytest
from fastapi.testclient import TestClient

from myapi import app


@pytest.fixture
def client():
    with TestClient(app) as client:
        yield client
"""

MYPACKAGE_CLIENT = '''
"""A client library of the reader's own, with its own response type."""


class MyResponse:
    def __init__(self, code, header_map=None, raw_bytes=b""):
        self.code = code
        self.header_map = dict(header_map or {})
        self.raw_bytes = raw_bytes


class Client:
    def send(self, code, headers=None, body=b""):
        return MyResponse(code, headers, body)
'''


def make_world(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(myapi=MYAPI)
    pytester.mkpydir("mypackage")
    (pytester.path / "mypackage" / "client.py").write_text(MYPACKAGE_CLIENT, encoding="utf-8")


def defined_tests(code: str) -> list[str]:
    tree = ast.parse(code)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]


def subprocess_report(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit code {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


# -------------------------------------------------------------------- the config check


def meant_values(language: str, filename: str, code: str) -> dict[str, Any]:
    """The settings a configuration block means, read as a person reads it: comments,
    inline ones too, are not part of a value. These are what pytest must hand over."""
    if language == "toml":
        data = tomllib.loads(code)
        table = data.get("tool", {}).get("pytest", {})
        return dict(table.get("ini_options", table))
    parser = configparser.ConfigParser(
        inline_comment_prefixes=("#", ";"), interpolation=None, strict=True
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(code)
    section = "tool:pytest" if filename == "setup.cfg" else "pytest"
    return dict(parser[section]) if parser.has_section(section) else {}


def same_value(effective: Any, meant: Any) -> bool:
    if isinstance(effective, list):
        if isinstance(meant, str):
            meant = [line.strip() for line in meant.splitlines() if line.strip()]
        return [str(v) for v in effective] == [str(v) for v in meant]
    if isinstance(effective, bool):
        return str(effective).lower() == str(meant).strip().lower()
    return str(effective).strip() == str(meant).strip()


READ_BACK = """
import json
from pathlib import Path

KEYS = {keys!r}


def test_read_back(pytestconfig):
    values = {{key: pytestconfig.getini(key) for key in KEYS}}
    Path("effective.json").write_text(json.dumps(values, default=str))
"""


def check_configuration(pytester: pytest.Pytester, language: str, code: str) -> None:
    """Run ``code`` as an inner project's pytest configuration (see the module's doc)."""
    first = code.lstrip().splitlines()[0] if code.strip() else ""
    named = re.fullmatch(r"#\s*(pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml)\s*", first)
    default = "pyproject.toml" if language == "toml" else "pytest.ini"
    filename = named.group(1) if named else default
    meant = meant_values(language, filename, code)
    assert meant, f"the block sets no pytest setting:\n{code}"
    (pytester.path / filename).write_text(code, encoding="utf-8")
    pytester.makepyfile(test_read_back=READ_BACK.format(keys=sorted(meant)))
    result = pytester.runpytest_subprocess("--strict-config", "-p", "no:cacheprovider")
    output = f"{result.stdout.str()}\n{result.stderr.str()}"
    assert result.ret == pytest.ExitCode.OK, (
        f"pytest rejects the configuration (exit code {result.ret}):\n{code}\n{output}"
    )
    effective = json.loads((pytester.path / "effective.json").read_text())
    wrong = {
        key: (effective[key], value)
        for key, value in meant.items()
        if not same_value(effective[key], value)
    }
    assert not wrong, (
        "settings not in effect as written (key: (what pytest reads, what the block "
        f"means)): {wrong}\n{code}"
    )


# ---------------------------------------------------------------------------- the tests


def test_the_readme_has_blocks_to_run() -> None:
    languages = {block.language for block in BLOCKS}
    assert {"python", "ini"} <= languages, languages
    for block in BLOCKS:
        if block.directive and block.directive[0] == "skip":
            assert block.directive[1], f"README.md:{block.line}: a skip must say why"


@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_readme_block_runs(block: Block, pytester: pytest.Pytester) -> None:
    if block.directive and block.directive[0] == "skip":
        pytest.skip(
            f"README.md:{block.line} is marked <!-- readme-test: skip {block.directive[1]} -->"
        )
    make_world(pytester)  # the reader's project: a configuration may name its app
    if block.language in ("ini", "toml"):
        check_configuration(pytester, block.language, block.code)
        return
    given = block.directive[1] + "\n" if block.directive else ""
    tests = defined_tests(block.code)
    if tests:
        pytester.makeconftest(CONFTEST)
        pytester.makepyfile(test_readme_block=given + block.code)
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
        result.assert_outcomes(passed=len(tests))
        return
    script = pytester.path / "readme_block.py"
    script.write_text(given + block.code, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"README.md:{block.line}:\n{block.code}\n{subprocess_report(proc)}"


# The harness itself: it must catch what a reader would trip on.


def test_the_config_check_rejects_inline_comments(pytester: pytest.Pytester) -> None:
    # the README's checker block as it was: pytest keeps the "# ..." in each value
    old = textwrap.dedent(
        """\
        # pytest.ini
        [pytest]
        restcodes_check = strict      # off (default) | warn | strict
        restcodes_profile = rulebook  # rulebook (default) | rfc
        restcodes_ignore =            # rule names or codes, one per line
            found-redirect
        """
    )
    with pytest.raises(AssertionError, match="pytest rejects the configuration"):
        check_configuration(pytester, "ini", old)


def test_the_config_check_sees_a_value_not_in_effect(pytester: pytest.Pytester) -> None:
    # a string option nobody validates takes the comment in silently: a wrong value
    quiet = "[pytest]\njunit_suite_name = books  # the suite's name in the XML report\n"
    with pytest.raises(AssertionError, match="settings not in effect as written"):
        check_configuration(pytester, "ini", quiet)


def test_the_config_check_reads_toml(pytester: pytest.Pytester) -> None:
    toml = textwrap.dedent(
        """\
        [tool.pytest.ini_options]
        restcodes_check = "strict"  # a TOML comment is no part of the value
        restcodes_ignore = ["found-redirect"]
        """
    )
    check_configuration(pytester, "toml", toml)


def test_blocks_and_directives_are_found() -> None:
    text = textwrap.dedent(
        """\
        # Title
        ```python
        x = 1
        ```

        ## Part two
        <!-- readme-test: skip (signature) -->

        ```python
        def f(x: int) -> None
        ```
        <!-- readme-test: given from mypackage.client import MyResponse -->
        ```ini
        [pytest]
        ```
        """
    )
    blocks = readme_blocks(text)
    assert [(b.line, b.language, b.section, b.directive) for b in blocks] == [
        (2, "python", "Title", None),
        (9, "python", "Part two", ("skip", "(signature)")),
        (13, "ini", "Part two", ("given", "from mypackage.client import MyResponse")),
    ]
    assert blocks[0].code == "x = 1\n"
