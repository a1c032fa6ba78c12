"""The JSON report document as one self-contained HTML page.

:func:`page` turns the report document (format version 1: ``settings``, ``totals``,
``findings``, ``coverage``) into a single HTML5 page that needs nothing else: the CSS is
inline, there is no script, no font, no image, and a Content-Security-Policy forbids
loading anything. The page shows the run's header and totals, the status-code coverage
matrix (one row per method and route, one column per status code) and the findings
grouped by rule.

Every text of the document is HTML-escaped, with control, surrogate and bidirectional
formatting characters shown as escapes (``\\x1b``, ``\\u202e``); a link is emitted only
for an ``http://`` or ``https://`` URL. Values arrive masked and bounded; nothing else is
assumed of them (a missing key or a value of another type renders as empty or zero).

Cells of the matrix carry one state class each, and a symbol besides the colour:
``cell-asserted`` (✓, a helper asserted it), ``cell-seen`` (!, seen, asserted by no
helper), ``cell-documented`` (○, in the OpenAPI document, never seen) and ``cell-empty``;
``cell-undocumented`` (†) marks a status seen although the OpenAPI document leaves it out.
"""

from __future__ import annotations

import html
import http
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

TITLE = "pytest-restcodes report"

_TOOLTIP_TESTS = 20
"""Tests a cell's tooltip names; the rest are counted."""

_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Shown escaped: control characters (newlines and tabs kept), lone surrogates (they
cannot be written as UTF-8) and bidirectional formatting (it can make text read as
something else)."""
_WRAP = re.compile(r"::|[/?\[]")
_ID = re.compile(r"[^A-Za-z0-9_-]+")
_SEVERITIES = {"error": "✖", "warning": "▲", "internal": "◆"}
_STATES = {
    "asserted": ("✓", "asserted by a helper"),
    "seen": ("!", "seen, asserted by no helper"),
    "documented": ("○", "documented, never seen"),
    "empty": ("", "nothing"),
}


def page(document: Mapping[str, Any]) -> str:
    """The report ``document`` as one self-contained HTML5 page."""
    doc = _mapping(document)
    findings = [f for f in _items(doc.get("findings")) if isinstance(f, Mapping)]
    coverage = [c for c in _items(doc.get("coverage")) if isinstance(c, Mapping)]
    return "".join(
        (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n',
            '<meta charset="utf-8">\n',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="color-scheme" content="light dark">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f'<meta name="generator" content="{_esc(doc.get("generator"))}">\n',
            f"<title>{TITLE}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
            _header(doc, findings),
            "<main>\n",
            _coverage(coverage),
            _findings(findings),
            "</main>\n</body>\n</html>\n",
        )
    )


# --- values ------------------------------------------------------------------------------


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: object) -> Sequence[Any]:
    return value if isinstance(value, (list, tuple)) else ()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return value if isinstance(value, str) else str(value)


def _count(value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return 0


def _status(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return None


def _shown(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def _esc(value: object) -> str:
    """Any value as HTML text (or attribute value): unsafe characters shown, escaped."""
    return html.escape(_UNSAFE.sub(_shown, _text(value)), quote=True)


def _breakable(value: object) -> str:
    """A path, URL or test id as HTML text that may wrap after ``/``, ``::``, ``?`` and ``[``
    (none of which an escape holds)."""
    return _WRAP.sub(r"\g<0><wbr>", _esc(value))


def _is_link(url: object) -> bool:
    return isinstance(url, str) and url[:8].lower().startswith(("http://", "https://"))


def _link(url: object, label: str) -> str:
    """``label`` (already HTML) as a link to ``url``, or the label alone when ``url`` is not
    an http(s) URL."""
    if not _is_link(url):
        return label
    return f'<a href="{_esc(url)}" rel="noreferrer">{label}</a>'


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _phrase(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


# --- header ------------------------------------------------------------------------------

_TOTALS = (
    ("tests", "Tests"),
    ("responses", "Responses"),
    ("findings", "Findings"),
    ("baselined", "Baselined"),
    ("stale_baseline", "Stale baseline"),
    ("routes", "Routes"),
)


def _header(doc: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]) -> str:
    parts = [f'<header class="top">\n<h1>{TITLE}</h1>\n<p class="meta">']
    generator, created = doc.get("generator"), doc.get("created")
    meta = []
    if generator:
        meta.append(f"<span>{_esc(generator)}</span>")
    if created:
        meta.append(f"<span>created <time>{_esc(created)}</time></span>")
    version = doc.get("version")
    if version != 1:
        meta.append(f"<span>report format version {_esc(version) or 'unknown'}</span>")
    parts.append('<span class="sep" aria-hidden="true"> · </span>'.join(meta))
    parts.append("</p>\n")
    settings = _mapping(doc.get("settings"))
    if settings:
        shown = []
        for key, value in settings.items():
            words = _text(value) or "none"
            shown.append(f'<span class="setting">{_esc(key)} <b>{_esc(words)}</b></span>')
        parts.append(f'<p class="settings">{" ".join(shown)}</p>\n')
    totals = _mapping(doc.get("totals"))
    parts.append('<dl class="totals">\n')
    known = [key for key, _ in _TOTALS]
    labels = [
        *_TOTALS,
        *((key, key.replace("_", " ").capitalize()) for key in totals if key not in known),
    ]
    for key, label in labels:
        if key not in totals and key != "findings":
            continue
        count = _count(totals[key]) if key in totals else len(findings)
        mark = " bad" if count and key in ("findings", "stale_baseline") else ""
        parts.append(
            f'<div class="total{mark}" data-total="{_esc(key)}">'
            f"<dt>{_esc(label)}</dt><dd>{count:,}</dd></div>\n"
        )
    parts.append("</dl>\n</header>\n")
    return "".join(parts)


# --- coverage matrix ---------------------------------------------------------------------


def _merged(statuses: Iterable[Any]) -> dict[int, dict[str, Any]]:
    """A route's statuses by code (two entries for one code are added up)."""
    cells: dict[int, dict[str, Any]] = {}
    for entry in statuses:
        if not isinstance(entry, Mapping):
            continue
        code = _status(entry.get("status"))
        if code is None:
            continue
        cell = cells.setdefault(code, {"seen": 0, "asserted": 0, "tests": [], "documented": None})
        cell["seen"] += _count(entry.get("seen"))
        cell["asserted"] += _count(entry.get("asserted"))
        cell["tests"].extend(_text(t) for t in _items(entry.get("tests")))
        documented = entry.get("documented")
        if isinstance(documented, bool) and cell["documented"] is not True:
            cell["documented"] = documented
    return cells


def _state(cell: Mapping[str, Any] | None) -> str:
    if cell is None:
        return "empty"
    if cell["asserted"] > 0:
        return "asserted"
    if cell["seen"] > 0:
        return "seen"
    if cell["documented"] is True:
        return "documented"
    return "empty"


def _group(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


def _coverage(coverage: Sequence[Mapping[str, Any]]) -> str:
    head = '<section id="coverage">\n<h2>Status-code coverage</h2>\n'
    if not coverage:
        return (
            f'{head}<p class="empty-state">Coverage was not recorded: '
            "this report holds no route.</p>\n</section>\n"
        )
    rows = sorted(
        (
            (
                _text(c.get("route")),
                _text(c.get("method")).upper(),
                _text(c.get("source")),
                _merged(_items(c.get("statuses"))),
            )
            for c in coverage
        ),
        key=lambda row: (row[0], row[1]),
    )
    columns = sorted(
        {code for *_, cells in rows for code, cell in cells.items() if _state(cell) != "empty"}
    )
    openapi = any(cell["documented"] is not None for *_, cells in rows for cell in cells.values())
    guessed = any(source == "fallback" for _, _, source, _ in rows)
    groups: list[tuple[str, int]] = []
    for code in columns:
        name = _group(code)
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    starts = {
        code for i, code in enumerate(columns) if i == 0 or _group(columns[i - 1]) != _group(code)
    }

    parts = [
        head,
        '<p class="hint">One row per route the tests called, one column per status code seen'
        f"{' or documented' if openapi else ''}; hover a cell for the tests behind it.</p>\n",
        _legend(openapi, guessed),
    ]
    parts.append('<div class="matrix-wrap">\n<table class="matrix">\n<thead>\n<tr>')
    parts.append('<th class="route-head" rowspan="2" scope="col">Route</th>')
    for name, span in groups:
        parts.append(
            f'<th class="group g-{name} g-start" colspan="{span}" scope="colgroup">{name}</th>'
        )
    if not columns:
        parts.append('<th class="group g-start" rowspan="2">Statuses</th>')
    parts.append("</tr>\n<tr>")
    for code in columns:
        start = " g-start" if code in starts else ""
        parts.append(
            f'<th class="code g-{_group(code)}{start}" scope="col" title="{_esc(_phrase(code))}">'
            f"{code}</th>"
        )
    parts.append("</tr>\n</thead>\n<tbody>\n")
    for route, method, source, cells in rows:
        mark = ""
        row_class = "route-row"
        if source == "fallback":
            row_class += " route-guessed"
            mark = (
                ' <span class="tag tag-guessed" title="No router or OpenAPI document matched '
                'this request: the route was guessed from its URL">guessed</span>'
            )
        elif source == "openapi":
            mark = (
                ' <span class="tag" title="Route matched from the OpenAPI document">OpenAPI</span>'
            )
        elif source and source != "app":
            mark = f' <span class="tag">{_esc(source)}</span>'
        parts.append(
            f'<tr class="{row_class}" data-source="{_esc(source)}"><th class="route" scope="row">'
            f'<span class="method">{_esc(method)}</span> '
            f'<span class="path">{_breakable(route)}</span>{mark}</th>'
        )
        for code in columns:
            start = " g-start" if code in starts else ""
            parts.append(_cell(method, route, code, cells.get(code), start))
        if not columns:
            parts.append('<td class="cell cell-empty g-start">no status recorded</td>')
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n</div>\n</section>\n")
    return "".join(parts)


def _cell(method: str, route: str, code: int, cell: Mapping[str, Any] | None, start: str) -> str:
    state = _state(cell)
    if cell is None or state == "empty":
        return f'<td class="cell cell-empty{start}" data-status="{code}"></td>'
    seen, asserted = cell["seen"], cell["asserted"]
    lines = [f"{method} {route} → {_phrase(code)}"]
    undocumented = cell["documented"] is False
    if state == "documented":
        lines.append("Documented in the OpenAPI document, never seen")
        count = "0"
    else:
        count = f"{seen:,}" if asserted in (0, seen) else f"{asserted:,}/{seen:,}"
        lines.append(f"Seen {_plural(seen, 'time')}, asserted {_plural(asserted, 'time')}")
        if undocumented:
            lines.append("Not in the OpenAPI document")
        tests = list(dict.fromkeys(t for t in cell["tests"] if t))
        if tests:
            lines.append("Asserted by:")
            lines.extend(f"  {t}" for t in tests[:_TOOLTIP_TESTS])
            if len(tests) > _TOOLTIP_TESTS:
                lines.append(f"  … and {len(tests) - _TOOLTIP_TESTS:,} more")
        elif state == "seen":
            lines.append("Asserted by no helper")
    symbol, words = _STATES[state]
    classes = f"cell cell-{state}{' cell-undocumented' if undocumented else ''}{start}"
    dagger = '<span class="dagger" aria-label="not documented">†</span>' if undocumented else ""
    return (
        f'<td class="{classes}" data-status="{code}" title="{_esc(chr(10).join(lines))}">'
        f'<span class="sym" aria-label="{words}">{symbol}</span>'
        f'<span class="n">{count}</span>{dagger}</td>'
    )


def _legend(openapi: bool, guessed: bool) -> str:
    items = [
        ("asserted", "3", "asserted by a helper (asserted/seen when a helper missed some)"),
        ("seen", "1", "seen, asserted by no helper"),
    ]
    if openapi:
        items.append(("documented", "0", "in the OpenAPI document, never seen"))
    parts = ['<ul class="legend">\n']
    for state, count, words in items:
        symbol = _STATES[state][0]
        parts.append(
            f'<li><span class="cell cell-{state} swatch"><span class="sym">{symbol}</span>'
            f'<span class="n">{count}</span></span> {words}</li>\n'
        )
    parts.append('<li><span class="cell cell-empty swatch"></span> not seen</li>\n')
    if openapi:
        parts.append(
            '<li><span class="dagger">†</span> seen, but not in the OpenAPI document</li>\n'
        )
    if guessed:
        parts.append(
            '<li><span class="tag tag-guessed">guessed</span> route guessed from the URL</li>\n'
        )
    parts.append("</ul>\n")
    return "".join(parts)


# --- findings ----------------------------------------------------------------------------


def _findings(findings: Sequence[Mapping[str, Any]]) -> str:
    count = f'<span class="h-count">{len(findings):,}</span>'
    head = f'<section id="findings">\n<h2>Findings {count}</h2>\n'
    if not findings:
        return (
            f'{head}<p class="empty-state ok">No findings: '
            "every response kept the rules checked.</p>\n</section>\n"
        )
    by_rule: dict[str, list[Mapping[str, Any]]] = {}
    for finding in findings:
        by_rule.setdefault(_text(finding.get("rule")), []).append(finding)
    order = sorted(
        by_rule.items(),
        key=lambda item: (
            not any(_text(f.get("severity")) == "error" for f in item[1]),
            -len(item[1]),
            item[0],
        ),
    )
    groups: list[tuple[str, str, list[Mapping[str, Any]]]] = []
    ids: set[str] = set()
    suffixes: dict[str, int] = {}
    for rule, group in order:
        base = "rule-" + (_ID.sub("-", rule).strip("-") or "unnamed")
        number = suffixes.get(base, 1)
        anchor = base if number == 1 else f"{base}-{number}"
        while anchor in ids:
            number += 1
            anchor = f"{base}-{number}"
        suffixes[base] = number + 1
        ids.add(anchor)
        groups.append((anchor, rule, group))
    parts = [head, '<ul class="index">\n']
    for anchor, rule, group in groups:
        parts.append(
            f'<li><a href="#{anchor}" class="sev-{_sev_class(_severity(group))}">'
            f'<span class="code">{_esc(rule)}</span> {_esc(_first(group, "name"))} '
            f'<span class="n">{len(group):,}</span></a></li>\n'
        )
    parts.append("</ul>\n")
    for anchor, rule, group in groups:
        parts.append(_rule(anchor, rule, group))
    parts.append("</section>\n")
    return "".join(parts)


def _severity(group: Sequence[Mapping[str, Any]]) -> str:
    severities = [_text(f.get("severity")) for f in group]
    for known in _SEVERITIES:
        if known in severities:
            return known
    return next((s for s in severities if s), "unknown")


def _sev_class(severity: str) -> str:
    return severity if severity in _SEVERITIES else "other"


def _first(group: Sequence[Mapping[str, Any]], key: str) -> object:
    return next((f.get(key) for f in group if f.get(key)), None)


def _rule(anchor: str, rule: str, group: Sequence[Mapping[str, Any]]) -> str:
    severity = _severity(group)
    symbol = _SEVERITIES.get(severity, "•")
    sev_class = _sev_class(severity)
    parts = [
        f'<section class="rule sev-{sev_class}" id="{anchor}" data-rule="{_esc(rule)}">\n'
        f'<div class="rule-head"><h3><span class="code">{_esc(rule)}</span> '
        f'<span class="name">{_esc(_first(group, "name"))}</span></h3>'
        f'<span class="badge sev-{sev_class}"><span aria-hidden="true">{symbol}</span> '
        f"{_esc(severity)}</span>"
        f'<span class="count">{_plural(len(group), "finding")}</span></div>\n'
    ]
    summary, fix, docs = _first(group, "summary"), _first(group, "fix"), _first(group, "docs")
    if summary:
        parts.append(f'<p class="summary">{_esc(summary)}</p>\n')
    if fix:
        parts.append(f'<p class="fix"><strong>Fix</strong> {_esc(fix)}</p>\n')
    if _is_link(docs):
        parts.append(
            f'<p class="docs">{_link(docs, f"Rule {_esc(rule)} in the documentation")}</p>\n'
        )
    elif docs:
        parts.append(f'<p class="docs">Documentation: {_esc(docs)}</p>\n')
    parts.append(
        '<table class="findings">\n<colgroup><col class="c-test"><col class="c-request">'
        '<col class="c-status"><col class="c-observed"><col class="c-where"></colgroup>\n'
        '<thead><tr><th scope="col">Test</th><th scope="col">Request</th>'
        '<th scope="col">Status</th><th scope="col">Observed</th><th scope="col">Where</th>'
        "</tr></thead>\n<tbody>\n"
    )
    for finding in group:
        method = _text(finding.get("method")).upper()
        route = _text(finding.get("route"))
        url = _text(finding.get("url"))
        status = _status(finding.get("status"))
        hop = (
            ' <span class="tag" title="A redirect the client followed">redirect hop</span>'
            if finding.get("hop") is True
            else ""
        )
        request = (
            f'<span class="method">{_esc(method)}</span> '
            f'<span class="path">{_breakable(route or url)}</span>{hop}'
        )
        if url and url != route:
            request += f'<div class="url">{_breakable(url)}</div>'
        status_cell = _esc(finding.get("status"))
        if status is not None:
            status_cell = (
                f'<span class="status g-{_group(status)}" title="{_esc(_phrase(status))}">'
                f"{status}</span>"
            )
        parts.append(
            # one cell a line: each line of the page stays bounded, as every output is
            f'<tr class="finding"><td class="test">{_breakable(finding.get("test"))}</td>\n'
            f'<td class="request">{request}</td>\n<td class="status-cell">{status_cell}</td>\n'
            f'<td class="observed">{_esc(finding.get("observed"))}</td>\n'
            f'<td class="where">{_breakable(finding.get("where"))}</td></tr>\n'
        )
    parts.append("</tbody>\n</table>\n</section>\n")
    return "".join(parts)


_CSS = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --head: #eef1f4; --link: #0969da;
  --ok-bg: #dafbe1; --ok-fg: #116329; --ok-line: #4ac26b;
  --warn-bg: #fff1c2; --warn-fg: #7a4b00; --warn-line: #d4a72c;
  --doc-fg: #59636e; --doc-line: #8c959f; --hatch: rgba(89, 99, 110, 0.16);
  --err: #cf222e; --err-bg: #ffebe9; --wrn: #9a6700; --wrn-bg: #fff8c5;
  --int: #8250df; --int-bg: #fbefff;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --soft: #151b23;
    --head: #1c232c; --link: #4493f8;
    --ok-bg: #12361f; --ok-fg: #6fdd8b; --ok-line: #238636;
    --warn-bg: #3b2e0a; --warn-fg: #e3b341; --warn-line: #9e6a03;
    --doc-fg: #9198a1; --doc-line: #656c76; --hatch: rgba(145, 152, 161, 0.18);
    --err: #ff7b72; --err-bg: #3c1618; --wrn: #d29922; --wrn-bg: #37290b;
    --int: #bc8cff; --int-bg: #2b1d47;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
header.top, main { max-width: 1440px; margin: 0 auto; padding: 0 24px; }
header.top { padding-top: 20px; padding-bottom: 4px; }
h1 { font-size: 22px; margin: 0 0 2px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 6px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
a { color: var(--link); }
code, .code, .method, .path, .url, .test, .where, .n, .status, .matrix .code {
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas,
    "Liberation Mono", monospace;
}
.hint { color: var(--muted); margin: -4px 0 8px; }
.meta, .settings { color: var(--muted); margin: 2px 0; overflow-wrap: anywhere; }
.settings { display: flex; flex-wrap: wrap; gap: 4px 14px; }
.settings b { color: var(--fg); font-weight: 600; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; padding: 0; }
.total { border: 1px solid var(--line); border-radius: 8px; padding: 6px 14px;
  min-width: 104px; background: var(--soft); }
.total dt { color: var(--muted); font-size: 12px; }
.total dd { margin: 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.total.bad { border-color: var(--err); }
.total.bad dd { color: var(--err); }
.h-count { color: var(--muted); font-weight: 400; }
.empty-state { padding: 12px 16px; border: 1px dashed var(--line); border-radius: 8px;
  color: var(--muted); }
.empty-state.ok { border-style: solid; border-color: var(--ok-line); color: var(--ok-fg);
  background: var(--ok-bg); }
.empty-state.ok::before { content: "✓ "; }

.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0;
  margin: 0 0 10px; color: var(--muted); font-size: 13px; align-items: center; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-flex; align-items: center; justify-content: center; gap: 3px;
  min-width: 44px; height: 24px; border-radius: 4px; font-size: 12px; }
.matrix-wrap { overflow: auto; max-height: 80vh; border: 1px solid var(--line);
  border-radius: 8px; }
.matrix { border-collapse: separate; border-spacing: 0; font-size: 13px; min-width: 100%; }
.matrix thead { position: sticky; top: 0; z-index: 2; }
.matrix th { background: var(--head); font-weight: 600; }
.matrix thead th { border-bottom: 1px solid var(--line); padding: 4px 8px; }
.matrix th.group { font-size: 12px; color: var(--muted); text-align: center;
  letter-spacing: 0.04em; }
.matrix th.code { text-align: center; min-width: 56px; font-weight: 600; }
.matrix th.route-head { text-align: left; vertical-align: bottom; min-width: 240px; }
.matrix th.route-head, .matrix th.route { position: sticky; left: 0; z-index: 1;
  border-right: 1px solid var(--line); }
.matrix thead th.route-head { z-index: 3; }
.matrix th.route { background: var(--bg); text-align: left; font-weight: 400;
  padding: 6px 10px; max-width: 420px; overflow-wrap: anywhere; }
.matrix tbody tr + tr > * { border-top: 1px solid var(--line); }
.matrix tbody tr:hover th.route { background: var(--soft); }
.g-start { border-left: 2px solid var(--line); }
.matrix td.cell { text-align: center; padding: 4px 6px; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.cell .sym { display: inline-block; min-width: 1em; font-weight: 700; margin-right: 3px; }
.cell-asserted { background: var(--ok-bg); color: var(--ok-fg);
  box-shadow: inset 0 0 0 1px var(--ok-line); }
.cell-seen { background: var(--warn-bg); color: var(--warn-fg);
  box-shadow: inset 0 0 0 1px var(--warn-line); }
.cell-documented { color: var(--doc-fg); outline: 1px dashed var(--doc-line);
  outline-offset: -3px;
  background: repeating-linear-gradient(135deg, transparent 0 5px, var(--hatch) 5px 7px); }
.cell-empty.swatch { border: 1px solid var(--line); }
.dagger { font-weight: 700; margin-left: 2px; }
.method { font-weight: 700; font-size: 12px; display: inline-block; min-width: 4.2em; }
.route-guessed .path { font-style: italic; }
.tag { display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px;
  border-radius: 8px; border: 1px solid var(--line); color: var(--muted);
  vertical-align: 1px; white-space: nowrap; font-family: inherit; }
.tag-guessed { border-style: dashed; color: var(--wrn); border-color: var(--wrn); }
.tag-guessed::before { content: "? "; }

.index { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0;
  margin: 0 0 16px; }
.index a { display: inline-block; text-decoration: none; color: var(--fg); padding: 2px 10px;
  border: 1px solid var(--line); border-radius: 999px; background: var(--soft); }
.index a .n { color: var(--muted); margin-left: 4px; }
.index a.sev-error { border-color: var(--err); }
.rule { border: 1px solid var(--line); border-left: 4px solid var(--muted);
  border-radius: 8px; padding: 12px 16px; margin: 0 0 18px; }
.rule.sev-error { border-left-color: var(--err); }
.rule.sev-warning { border-left-color: var(--wrn); }
.rule.sev-internal { border-left-color: var(--int); }
.rule-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.rule-head .name { font-weight: 600; }
.rule-head .count { color: var(--muted); margin-left: auto; }
.badge { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px;
  border: 1px solid currentColor; }
.badge.sev-error { color: var(--err); background: var(--err-bg); }
.badge.sev-warning { color: var(--wrn); background: var(--wrn-bg); }
.badge.sev-internal { color: var(--int); background: var(--int-bg); }
.badge.sev-other { color: var(--muted); }
.summary { margin: 8px 0 2px; }
.fix { margin: 2px 0; }
.fix strong { color: var(--ok-fg); margin-right: 4px; }
.fix strong::after { content: ":"; }
.docs { margin: 2px 0 10px; }
.summary, .fix, .docs { overflow-wrap: anywhere; }
table.findings { width: 100%; table-layout: fixed; border-collapse: collapse;
  font-size: 13px; }
.findings col.c-test { width: 24%; }
.findings col.c-request { width: 24%; }
.findings col.c-status { width: 72px; }
.findings col.c-observed { width: auto; }
.findings col.c-where { width: 16%; }
.findings th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px;
  border-bottom: 1px solid var(--line); padding: 4px 8px; }
.findings td { vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; word-break: break-word; }
.findings tr:last-child td { border-bottom: 0; }
.findings .test, .findings .where, .findings .url { font-size: 12px; }
.findings .url { color: var(--muted); }
.findings .observed { white-space: pre-line; }
.status { font-weight: 700; }
.status.g-5xx { color: var(--err); }
.status.g-4xx { color: var(--wrn); }

@media print {
  body { font-size: 11px; }
  header.top, main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .matrix-wrap { overflow: visible; max-height: none; border: 0; }
  .matrix thead, .matrix th.route, .matrix th.route-head { position: static; }
  .matrix, .matrix th.group { font-size: 10px; }
  .matrix th.route-head, .matrix th.code, .total { min-width: 0; }
  .matrix th.route { max-width: 200px; padding: 3px 6px; }
  .matrix td.cell, .matrix thead th { padding: 2px 4px; }
  .total { padding: 3px 10px; }
  .total dd { font-size: 15px; }
  .rule, .matrix tr, .findings tr { break-inside: avoid; }
  .index { display: none; }
  a { color: inherit; }
}
"""
