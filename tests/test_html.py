"""The HTML report page (``_html.page``): valid, self-contained, escaped, and what it shows.

The page is parsed with the standard library's ``html.parser`` into a small tree (tags
must balance), and the last test has a real headless Chromium render it: a screenshot of
the requested size that is not one flat colour, and a rendered DOM holding the matrix.
That test is skipped when no Chromium is found. To run it, install Chromium (Debian and
Ubuntu: ``apt-get install -y chromium``, which provides ``/usr/bin/chromium``; or have
``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH), then::

    pytest -p no:benchmark tests/test_html.py -q
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_examples import readme_tool

from pytest_restcodes._html import page

DOCS = "https://github.com/pytest-restcodes/pytest-restcodes/blob/main/docs/rules.md"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What the page may not hold raw (newlines and tabs are fine)."""
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def status(
    code: int, seen: int, asserted: int = 0, tests: list[str] | None = None, documented: Any = None
) -> dict[str, Any]:
    return {
        "status": code,
        "seen": seen,
        "asserted": asserted,
        "tests": tests or [],
        "documented": documented,
    }


def finding(rule: str, name: str, severity: str, **fields: Any) -> dict[str, Any]:
    slug = f"{rule.lower()}-{name}"
    return {
        "rule": rule,
        "name": name,
        "severity": severity,
        "test": "tests/test_books.py::test_create",
        "method": "POST",
        "url": "http://testserver/books",
        "route": "/books",
        "status": 500,
        "observed": "a 500 nobody asserted",
        "summary": f"summary of {name}",
        "fix": f"fix for {name}",
        "docs": f"{DOCS}#{slug}",
        "where": "tests/test_books.py:31",
        "hop": False,
        **fields,
    }


def sample() -> dict[str, Any]:
    """A realistic report: 7 routes, 10 statuses, 4 findings of 3 rules, an OpenAPI document."""
    t = "tests/test_books.py::"
    return {
        "version": 1,
        "generator": "pytest-restcodes 1.2.3",
        "created": "2026-12-02T10:00:00+00:00",
        "settings": {
            "check": "warn",
            "profile": "rulebook",
            "ignore": ["RC205"],
            "openapi": "openapi.json",
            "baseline": None,
        },
        "totals": {
            "tests": 14,
            "responses": 31,
            "findings": 4,
            "baselined": 0,
            "stale_baseline": 0,
            "routes": 7,
        },
        "findings": [
            finding(
                "RC108",
                "created-without-location",
                "warning",
                test=f"{t}test_create",
                status=201,
                observed="201 Created without a Location header",
                summary="A 201 response without a Location header (PUT is exempt).",
                fix="Send Location: /books/<id> with the 201",
                where="tests/test_books.py:18",
            ),
            finding(
                "RC002",
                "server-error",
                "error",
                test=f"{t}test_create_without_title",
                observed="a 500 nobody asserted; the app raised KeyError: 'title'",
                summary="A 5xx response that no helper asserted.",
                fix="Fix the server error, or assert it with assert_status(resp, 500)",
                where="tests/test_books.py:31",
            ),
            finding(
                "RC108",
                "created-without-location",
                "warning",
                test=f"{t}test_create_many[paperback-with-a-very-long-parameter-id-"
                "that-goes-on-and-on-and-on]",
                url="http://testserver/books?format=paperback&" + "x" * 150,
                status=201,
                observed="201 Created without a Location header",
                summary="A 201 response without a Location header (PUT is exempt).",
                fix="Send Location: /books/<id> with the 201",
                where="tests/test_books.py:44",
            ),
            finding(
                "RC103",
                "unauthorized-without-challenge",
                "error",
                test=f"{t}test_list_requires_login",
                method="GET",
                url="http://testserver/books",
                status=401,
                observed="401 Unauthorized without WWW-Authenticate",
                summary="A 401 response without a WWW-Authenticate challenge.",
                fix='Send WWW-Authenticate: Bearer realm="api" (or the scheme the API uses)',
                where="tests/test_books.py:9",
            ),
        ],
        "coverage": [
            {
                "method": "POST",
                "route": "/books",
                "source": "app",
                "statuses": [
                    status(201, 3, 1, [f"{t}test_create"], True),
                    status(409, 0, 0, [], True),
                    status(422, 2, 2, [f"{t}test_create_invalid"], True),
                    status(500, 1, 0, [], False),
                ],
            },
            {
                "method": "GET",
                "route": "/books",
                "source": "app",
                "statuses": [
                    status(200, 5, 5, [f"{t}test_list", f"{t}test_list_paged"], True),
                    status(401, 1, 0, [], True),
                ],
            },
            {
                "method": "GET",
                "route": "/books/{book_id}",
                "source": "app",
                "statuses": [
                    status(200, 3, 2, [f"{t}test_get"], True),
                    status(404, 1, 0, [], False),
                    status(422, 0, 0, [], True),
                ],
            },
            {
                "method": "DELETE",
                "route": "/books/{book_id}",
                "source": "app",
                "statuses": [
                    status(204, 2, 2, [f"{t}test_delete"], True),
                    status(403, 1, 0, [], True),
                    status(404, 1, 1, [f"{t}test_delete_twice"], True),
                ],
            },
            {
                "method": "PUT",
                "route": "/books/{book_id}",
                "source": "openapi",
                "statuses": [
                    status(200, 1, 1, [f"{t}test_replace"], True),
                    status(422, 0, 0, [], True),
                ],
            },
            {
                "method": "GET",
                "route": "/health",
                "source": "fallback",
                "statuses": [status(200, 4, 0, [], False)],
            },
            {
                "method": "GET",
                "route": "/old-catalogue",
                "source": "fallback",
                "statuses": [status(301, 1, 0, [], False)],
            },
        ],
    }


# --- a small tree of the page --------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def all(self, tag: str = "", cls: str = "") -> list[Node]:
        return [
            n
            for n in self.iter()
            if (not tag or n.tag == tag) and (not cls or cls in n.classes) and n is not self
        ]

    def one(self, tag: str = "", cls: str = "") -> Node:
        (found,) = self.all(tag, cls)
        return found


class TreeBuilder(HTMLParser):
    """The page as a tree; fails on an unbalanced or misnested tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in VOID, f"<{tag}/> is not a void element"
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}> closes a void element"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def check_self_contained(text: str) -> Node:
    """The page parses, has one html, head, body, title and charset, and loads nothing."""
    root = parse(text)
    for tag in ("html", "head", "body", "title"):
        assert len(root.all(tag)) == 1, tag
    assert root.one("title").text == "pytest-restcodes report"
    assert [m for m in root.all("meta") if m.attrs.get("charset", "").lower() == "utf-8"]
    for node in root.iter():
        assert node.tag not in ("script", "link", "img", "iframe", "object", "embed", "base")
        assert "src" not in node.attrs and "srcset" not in node.attrs
        assert not [a for a in node.attrs if a.startswith("on")], node.attrs
        href = node.attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "http://", "https://")), href
    (style,) = root.all("style")
    css = style.text.lower()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    return root


def matrix_rows(root: Node) -> dict[str, dict[int, tuple[list[str], str, str]]]:
    """Each row of the matrix: 'METHOD route' -> {status: (cell classes, count, title)}."""
    table = root.one("table", "matrix")
    codes = [int(th.text) for th in table.all("th", "code")]
    rows = {}
    for tr in table.one("tbody").all("tr"):
        th = tr.one("th", "route")
        key = f"{th.one('span', 'method').text} {th.one('span', 'path').text}"
        cells = tr.all("td")
        assert [int(td.attrs["data-status"]) for td in cells] == codes
        rows[key] = {
            code: (
                [c for c in td.classes if c.startswith("cell-")],
                "".join(n.text for n in td.all("span", "n")),
                td.attrs.get("title", ""),
            )
            for code, td in zip(codes, cells, strict=True)
        }
    return rows


# --- valid and self-contained ---------------------------------------------------------------


def test_the_page_is_valid_self_contained_html() -> None:
    text = page(sample())
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    root = check_self_contained(text)
    assert root.one("h1").text == "pytest-restcodes report"
    csp = [m for m in root.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp[0].attrs["content"]
    # the only links: the rules' documentation and the index of the rules on the page
    hrefs = [a.attrs["href"] for a in root.all("a")]
    assert sorted(h for h in hrefs if not h.startswith("#")) == [
        f"{DOCS}#rc002-server-error",
        f"{DOCS}#rc103-unauthorized-without-challenge",
        f"{DOCS}#rc108-created-without-location",
    ]
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    assert {h[1:] for h in hrefs if h.startswith("#")} <= ids


@pytest.mark.parametrize(
    "document",
    [{}, {"version": 1}, {"findings": None, "coverage": None, "totals": None}],
    ids=["empty", "version-only", "nulls"],
)
def test_a_sparse_document_renders(document: dict[str, Any]) -> None:
    root = check_self_contained(page(document))
    assert "Coverage was not recorded" in root.text
    assert "No findings" in root.text


# --- escaping -------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>\"'&\x00\x1b[31m\x07\r\x7f\x85\u202e\ud800 end"


def hostile() -> dict[str, Any]:
    """Every string of the document hostile, links that are not http(s) among them."""
    doc = sample()
    doc["generator"] = doc["created"] = HOSTILE
    doc["settings"] = {HOSTILE: HOSTILE, "ignore": [HOSTILE, HOSTILE]}
    doc["totals"][HOSTILE] = 3
    for i, f in enumerate(doc["findings"]):
        for key in ("name", "severity", "test", "method", "url", "route", "observed"):
            f[key] = HOSTILE + key
        f["rule"] = f"{HOSTILE}rule{i}"
        f["summary"] = f["fix"] = f["where"] = HOSTILE
    doc["findings"][0]["docs"] = "javascript:alert(1)"
    doc["findings"][1]["docs"] = 'https://example.org/"><script>alert(1)</script>'
    doc["findings"][2]["docs"] = " https://example.org/leading-blank"
    for row in doc["coverage"]:
        row["method"] = row["route"] = row["source"] = HOSTILE
        for s in row["statuses"]:
            s["tests"] = [HOSTILE]
    return doc


def test_hostile_strings_render_escaped() -> None:
    text = page(hostile())
    root = check_self_contained(text)  # no <script> element, no on* attribute
    assert not CONTROL.search(text)
    assert "\u202e" not in text
    text.encode("utf-8")  # the lone surrogate is shown, not kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;" in text
    assert "\\x00\\x1b[31m\\x07\\r\\x7f\\x85\\u202e\\ud800 end" in root.text
    hrefs = [a.attrs["href"] for a in root.all("a") if not a.attrs["href"].startswith("#")]
    assert sorted(hrefs) == [
        'https://example.org/"><script>alert(1)</script>',
        f"{DOCS}#rc103-unauthorized-without-challenge",
    ]
    assert "javascript:alert(1)" in root.text  # shown as text, not a link
    # the settings and the matrix show the hostile strings as text
    assert HOSTILE.replace("\x00", "\\x00")[:30] in root.one("p", "settings").text
    assert len(root.one("table", "matrix").one("tbody").all("tr")) == 7


def test_links_only_for_http_urls() -> None:
    doc = sample()
    docs = ["HTTPS://example.org/a", "data:text/html,<b>x</b>", "//example.org/b", "ftp://x/c"]
    for f, url in zip(doc["findings"], docs, strict=True):
        f["docs"] = url
    root = parse(page(doc))
    assert [a.attrs["href"] for a in root.all("a") if a.attrs["href"][0] != "#"] == [docs[0]]


# --- the matrix -----------------------------------------------------------------------------


def test_matrix_columns_grouped_by_class() -> None:
    table = parse(page(sample())).one("table", "matrix")
    codes = [th.text for th in table.all("th", "code")]
    assert codes == ["200", "201", "204", "301", "401", "403", "404", "409", "422", "500"]
    groups = [(th.text, th.attrs["colspan"]) for th in table.all("th", "group")]
    assert groups == [("2xx", "3"), ("3xx", "1"), ("4xx", "5"), ("5xx", "1")]
    starts = [th.text for th in table.all("th", "code") if "g-start" in th.classes]
    assert starts == ["200", "301", "401", "500"]
    assert table.all("th", "code")[6].attrs["title"] == "404 Not Found"


def test_matrix_rows_sorted_with_cell_states_and_counts() -> None:
    rows = matrix_rows(parse(page(sample())))
    assert list(rows) == [
        "GET /books",
        "POST /books",
        "DELETE /books/{book_id}",
        "GET /books/{book_id}",
        "PUT /books/{book_id}",
        "GET /health",
        "GET /old-catalogue",
    ]
    get = rows["GET /books/{book_id}"]
    assert get[200][:2] == (["cell-asserted"], "2/3")
    assert "Asserted by:\n  tests/test_books.py::test_get" in get[200][2]
    assert get[404][:2] == (["cell-seen", "cell-undocumented"], "1")
    assert "Asserted by no helper" in get[404][2] and "Not in the OpenAPI document" in get[404][2]
    assert get[422][:2] == (["cell-documented"], "0")
    assert get[422][2].endswith("Documented in the OpenAPI document, never seen")
    assert get[201] == (["cell-empty"], "", "")
    listing = rows["GET /books"]
    assert listing[200][:2] == (["cell-asserted"], "5")
    assert "test_list\n  tests/test_books.py::test_list_paged" in listing[200][2]
    assert listing[401][:2] == (["cell-seen"], "1")
    create = rows["POST /books"]
    assert [create[c][:2] for c in (201, 409, 422, 500)] == [
        (["cell-asserted"], "1/3"),
        (["cell-documented"], "0"),
        (["cell-asserted"], "2"),
        (["cell-seen", "cell-undocumented"], "1"),
    ]
    states = {key: sorted({v[0][0] for v in row.values()}) for key, row in rows.items()}
    assert states["GET /health"] == ["cell-empty", "cell-seen"]


def test_matrix_cells_carry_a_symbol_besides_the_colour() -> None:
    table = parse(page(sample())).one("table", "matrix")
    symbols = {}
    for td in table.all("td"):
        sym = td.all("span", "sym")
        symbols.setdefault(td.classes[1], {s.text for s in sym})
    assert symbols == {
        "cell-asserted": {"✓"},
        "cell-seen": {"!"},
        "cell-documented": {"○"},
        "cell-empty": set(),
    }
    daggers = [td for td in table.all("td") if td.all("span", "dagger")]
    assert all("cell-undocumented" in td.classes for td in daggers) and len(daggers) == 4


def test_guessed_routes_are_marked() -> None:
    root = parse(page(sample()))
    guessed = root.one("table", "matrix").all("tr", "route-guessed")
    assert [tr.one("span", "path").text for tr in guessed] == ["/health", "/old-catalogue"]
    assert all(tr.one("span", "tag-guessed").text == "guessed" for tr in guessed)
    legend = root.one("ul", "legend").text
    assert "route guessed from the URL" in legend and "not in the OpenAPI document" in legend


def test_without_openapi_no_documented_state() -> None:
    doc = sample()
    for row in doc["coverage"]:
        row["source"] = "app"
        for s in row["statuses"]:
            s["documented"] = None
    root = parse(page(doc))
    rows = matrix_rows(root)
    assert 409 not in next(iter(rows.values()))  # documented only: no column
    assert not root.all("td", "cell-documented") and not root.all("td", "cell-undocumented")
    legend = root.one("ul", "legend").text
    assert "OpenAPI" not in legend and "guessed" not in legend


def test_a_cell_tooltip_names_at_most_twenty_tests() -> None:
    tests = [f"tests/test_many.py::test_{i}" for i in range(25)]
    doc = {"coverage": [{"method": "get", "route": "/r", "source": "app",
                         "statuses": [status(200, 30, 25, tests)]}]}  # fmt: skip
    cell = matrix_rows(parse(page(doc)))["GET /r"][200]
    assert cell[1] == "25/30"
    assert "test_19\n" in cell[2] and "test_20" not in cell[2]
    assert cell[2].endswith("… and 5 more")


# --- findings -------------------------------------------------------------------------------


def test_findings_grouped_by_rule_errors_first_then_by_count() -> None:
    root = parse(page(sample()))
    rules = root.all("section", "rule")
    assert [s.attrs["data-rule"] for s in rules] == ["RC002", "RC103", "RC108"]
    first = rules[0]
    assert first.one("span", "code").text == "RC002"
    assert first.one("span", "name").text == "server-error"
    assert first.one("span", "badge").text == "✖ error"
    assert first.one("span", "count").text == "1 finding"
    assert first.one("p", "summary").text == "A 5xx response that no helper asserted."
    assert first.one("p", "fix").text == (
        "Fix Fix the server error, or assert it with assert_status(resp, 500)"
    )
    assert first.one("a").attrs["href"] == f"{DOCS}#rc002-server-error"
    (row,) = first.one("tbody").all("tr")
    assert [td.text for td in row.all("td")] == [
        "tests/test_books.py::test_create_without_title",
        "POST /bookshttp://testserver/books",
        "500",
        "a 500 nobody asserted; the app raised KeyError: 'title'",
        "tests/test_books.py:31",
    ]
    warning = rules[2]
    assert "sev-warning" in warning.classes
    assert warning.one("span", "count").text == "2 findings"
    assert [tr.one("td", "where").text for tr in warning.one("tbody").all("tr")] == [
        "tests/test_books.py:18",
        "tests/test_books.py:44",
    ]
    index = [a.text for a in root.one("ul", "index").all("a")]
    assert index == [
        "RC002 server-error 1",
        "RC103 unauthorized-without-challenge 1",
        "RC108 created-without-location 2",
    ]


def test_findings_order_by_count_after_errors() -> None:
    doc = {
        "findings": [
            finding("RC205", "stack-trace-exposed", "warning"),
            finding("RC108", "created-without-location", "warning"),
            finding("RC108", "created-without-location", "warning"),
            finding("RC002", "server-error", "error"),
            finding("RC900", "checker-crashed", "internal"),
            finding("RC205", "stack-trace-exposed", "warning"),
            finding("RC205", "stack-trace-exposed", "warning"),
        ]
    }
    root = parse(page(doc))
    order = [s.attrs["data-rule"] for s in root.all("section", "rule")]
    assert order == ["RC002", "RC205", "RC108", "RC900"]
    assert root.one("section", "sev-internal").one("span", "badge").text == "◆ internal"


def test_each_rule_has_its_own_anchor() -> None:
    rules = ["RC1", "RC1!", "RC1-2", "RC 1", "RC<1>", "<>", "", "!!"]
    doc = {"findings": [finding(rule, "n", "warning") for rule in rules]}
    root = parse(page(doc))
    ids = [s.attrs["id"] for s in root.all("section", "rule")]
    # same count: by rule, so "" "!!" "<>" "RC 1" "RC1" "RC1!" "RC1-2" "RC<1>"
    assert ids == [
        "rule-unnamed",
        "rule-unnamed-2",
        "rule-unnamed-3",
        "rule-RC-1",
        "rule-RC1",
        "rule-RC1-2",
        "rule-RC1-2-2",
        "rule-RC-1-2",
    ]
    assert [a.attrs["href"] for a in root.one("ul", "index").all("a")] == [f"#{i}" for i in ids]


def test_a_redirect_hop_is_marked() -> None:
    doc = {"findings": [finding("RC110", "redirect-without-location", "warning", hop=True)]}
    request = parse(page(doc)).one("td", "request")
    assert request.one("span", "tag").text == "redirect hop"


# --- empty states ---------------------------------------------------------------------------


def test_empty_states() -> None:
    doc = sample()
    doc["findings"] = []
    doc["coverage"] = []
    doc["totals"]["findings"] = 0
    root = check_self_contained(page(doc))
    assert [p.text for p in root.all("p", "empty-state")] == [
        "Coverage was not recorded: this report holds no route.",
        "No findings: every response kept the rules checked.",
    ]
    assert not root.all("table")
    totals = {d.attrs["data-total"]: d.one("dd").text for d in root.all("div", "total")}
    assert totals == {
        "tests": "14",
        "responses": "31",
        "findings": "0",
        "baselined": "0",
        "stale_baseline": "0",
        "routes": "7",
    }


def test_header_shows_generator_created_settings_and_totals() -> None:
    root = parse(page(sample()))
    header = root.one("header", "top")
    assert "pytest-restcodes 1.2.3" in header.one("p", "meta").text
    assert header.one("time").text == "2026-12-02T10:00:00+00:00"
    settings = [s.text for s in header.all("span", "setting")]
    assert settings == [
        "check warn",
        "profile rulebook",
        "ignore RC205",
        "openapi openapi.json",
        "baseline none",
    ]
    findings = [d for d in root.all("div", "total") if d.attrs["data-total"] == "findings"]
    assert findings[0].one("dd").text == "4" and "bad" in findings[0].classes


# --- a real browser -------------------------------------------------------------------------


def chromium() -> str | None:
    return readme_tool().chromium()  # type: ignore[no-any-return]


def browse(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    flags = [*readme_tool().CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    return subprocess.run([browser, *flags, *args], capture_output=True, timeout=60, check=True)


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct scanlines of a PNG (filtered, not decoded:
    one flat colour gives a handful at most)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    idat, pos = b"", 8
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + size]
        pos += size + 12
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    stride = 1 + (width * channels * depth + 7) // 8
    raw = zlib.decompress(idat)
    lines = {raw[i : i + stride] for i in range(0, len(raw), stride)}
    return width, height, len(lines)


@pytest.mark.skipif(
    chromium() is None,
    reason="no Chromium found (/usr/bin/chromium, or chromium, chromium-browser or "
    "google-chrome on PATH); install it with `apt-get install -y chromium`",
)
def test_a_headless_browser_renders_the_page(tmp_path: Path) -> None:
    browser = chromium()
    assert browser is not None
    report = tmp_path / "report.html"
    report.write_text(page(sample()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    browse(
        browser,
        tmp_path / "profile",
        "--window-size=1280,900",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    data = shot.read_bytes()
    width, height, lines = png_facts(data)
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000 and lines > 100, (len(data), lines)

    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    browse(browser, tmp_path / "profile-b", "--window-size=1280,900",
           f"--screenshot={tmp_path / 'blank.png'}", blank.as_uri())  # fmt: skip
    assert png_facts((tmp_path / "blank.png").read_bytes())[2] < 5  # the check tells flat apart

    dom = browse(browser, tmp_path / "profile-d", "--dump-dom", report.as_uri()).stdout
    rendered = dom.decode("utf-8")
    assert '<table class="matrix">' in rendered
    paths = re.findall(r'<span class="path">(.*?)</span>', rendered)
    assert [re.sub("<wbr>", "", p) for p in paths[:3]] == ["/books", "/books", "/books/{book_id}"]
    assert "<script" not in rendered
