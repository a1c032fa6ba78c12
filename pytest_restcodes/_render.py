"""Every line of text that leaves the plugin, built from structured data.

Helper failures (:class:`Failure`), soft aggregates, checker findings, warnings and the
terminal summary are all written here, and every one of them leaves through
:func:`gate`, the one exit: secrets masked (``_mask.text``), control characters escaped,
the whole bounded. Where the structure is known it is masked first, field by field
(header values, URLs, parsed JSON bodies), then each field is cut to its size below; the
gate's text pass then catches what no structure told (and changes nothing already
masked).

The sizes are the ``MAX_*`` constants below (characters unless said otherwise); a field
cut to its size ends with ``… (N more characters)``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _body, _codes, _hints, _mask
from ._http import path_of

if TYPE_CHECKING:
    from ._findings import Finding
    from ._rules import Rule
    from ._session import Settings
    from ._view import ResponseView

INDENT = "  "

MAX_TEXT = 100_000
"""Any one output (a failure, a soft aggregate, the findings of a test, a rule's page);
the rest is cut with a note saying how much."""
MAX_WARNING = 2_000
"""One warning line (without -v), one line of the terminal summary."""
MAX_LINE = 2_000
"""One line made of what the server or the test sent: a problem beside the code, a
checker's observation, a server exception, the expected codes."""
MAX_WORD = 500
"""One unbroken run of characters (a URL, a header value) inside such a line."""
MAX_URL = 500
"""A URL: the request line's, a redirect target's."""
MAX_HEADER = 500
"""One header value (the -v header lists; the Content-Type in the body's line)."""
MAX_NAME = 100
"""A header name, a request method."""
MAX_HEADERS = 100
"""Header lines in each -v header list; the others are counted."""
MAX_REASON = 200
"""A reason phrase the server sent (``server said "..."``)."""
MAX_SOFT = 10
"""Failures a ``soft()`` aggregate shows in full; the others are counted by helper."""
MAX_DESCRIBE = 200
"""A value named in an error about the helpers' own arguments."""
MAX_REDIRECTS = 10
"""Redirect hops listed when a 3xx was expected and the client followed redirects."""
EXCERPT_BYTES = 200
"""Bytes of body a finding shows, on one line."""
PLACES = 5
"""Places (method, path, status) the summary names under each rule; the rest are counted."""

_NOTE = 40
"""Room for the note of a cut ("… (1,234,567 more characters)")."""
_LOOKAHEAD = 1_000
"""Text past the bound that is still masked, for context, before the cut."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_SPLIT = re.compile(r"(\s+)")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def gate(text: str, limit: int = MAX_TEXT) -> str:
    """The one exit: secrets masked, control characters escaped (newlines and tabs kept),
    length bounded (with a note of how much was cut)."""
    over = 0
    if len(text) > limit + _LOOKAHEAD:
        over = len(text) - (limit + _LOOKAHEAD)
        text = text[: limit + _LOOKAHEAD]
    text = _CONTROL.sub(_escape, _mask.text(text))
    if over or len(text) > limit:
        cut = len(text) - limit + over
        text = f"{text[:limit]}\n... ({cut:,} more characters not shown)"
    return text


def clip(text: str, size: int) -> str:
    """``text`` cut to ``size`` characters, saying how many more there were."""
    if len(text) <= size:
        return text
    return f"{text[:size]}… ({len(text) - size:,} more characters)"


def masked(text: str, size: int) -> str:
    """A value the server or the test sent, masked, then cut to ``size``."""
    return clip(_mask.text(text), size)


def prose(text: str, size: int = MAX_LINE) -> str:
    """A line that holds values (a problem, an observation): masked, each unbroken run cut
    to ``MAX_WORD``, the whole to ``size``."""
    text = _mask.text(text)
    if len(text) > MAX_WORD:
        parts = _BLANK_SPLIT.split(text)
        text = "".join(clip(p, MAX_WORD) if len(p) > MAX_WORD else p for p in parts)
    return clip(text, size)


# ----------------------------------------------------------------------- shared pieces


def request_line(view: ResponseView) -> str | None:
    """``POST http://testserver/books`` with secrets masked and the URL cut to
    ``MAX_URL``, or None when unknown."""
    method, url = view.method, view.url
    if not method and not url:
        return None
    shown = clip(_mask.url(url), MAX_URL) if url else "(URL unknown)"
    return f"{clip(method, MAX_NAME) if method else '?'} {shown}"


def short_excerpt(view: ResponseView) -> str | None:
    """The body on one line, for a finding (``EXCERPT_BYTES`` at most), masked."""
    body = view.body
    if body is None:
        return "(not read by the test: not shown)"
    if not body:
        return None
    head = body[:EXCERPT_BYTES]
    if b"\x00" in head[:64]:
        return f"(binary, {len(body):,} bytes)"
    cut = len(body) > EXCERPT_BYTES
    more = f" ... ({len(body):,} bytes)" if cut else ""
    hidden = _hidden_json(view)
    if hidden is not None:  # masking took something out that only the structure told
        flat = json.dumps(hidden, ensure_ascii=False)
        return _mask.body_text(flat[:EXCERPT_BYTES]) + more
    text = head.decode("utf-8", "replace")
    text = _mask.body_text(text) if cut else _mask.text(text)  # line by line, then flat
    return " ".join(text.split()) + more


_STRUCTURE_CAP = 64 * 1024
"""A finding's excerpt masks the JSON structure of bodies up to this size (as the rules
parse them); larger ones are masked as text."""


def _hidden_json(view: ResponseView) -> Any:
    """The body's JSON masked, when masking it changes something; else None."""
    try:
        parsed = view.json(_STRUCTURE_CAP)
        if not _body.is_parsed(parsed) or not isinstance(parsed, (dict, list)):
            return None
        hidden = _mask.json_value(parsed)
        return hidden if hidden != parsed else None
    except RecursionError:
        return None


def _headers_block(title: str, headers: Sequence[tuple[str, str]]) -> list[str]:
    if not headers:
        return [f"{title}: (none)"]
    lines = [f"{title}:"]
    lines.extend(
        f"{INDENT}{masked(k, MAX_NAME)}: {clip(_mask.header_value(k, v), MAX_HEADER)}"
        for k, v in headers[:MAX_HEADERS]
    )
    if len(headers) > MAX_HEADERS:
        lines.append(f"{INDENT}... and {len(headers) - MAX_HEADERS:,} more headers")
    return lines


def _parsed(body: bytes, content_type: str) -> Any:
    """The body's JSON with its secrets masked (``_mask.json_value``), or ``NO_JSON``."""
    try:
        parsed = _body.parse_json(body, content_type)
        return _mask.json_value(parsed) if _body.is_parsed(parsed) else parsed
    except RecursionError:
        return _body.NO_JSON


def body_lines(view: ResponseView, limit: int, max_lines: int = 0) -> list[str]:
    """What the body says (errors, exception) and an excerpt of it, all bounded."""
    body = view.body
    lines: list[str] = []
    if body is None:
        lines.append(f"Body: {view.unread_reason}")
        return lines
    content_type = view.content_type
    parsed = _parsed(body, content_type)
    if 500 <= view.status <= 599:
        from ._server import exception_lines

        lines.extend(masked(line, MAX_LINE) for line in exception_lines(view, body, parsed))
    elif view.status >= 400 or view.status < 300:
        said = _body.what_it_says(parsed) if _body.is_parsed(parsed) else []
        if said:
            lines.append("The body says:")
            lines.extend(f"{INDENT}- {line}" for line in said)
    kind = content_type or "no Content-Type"
    if body:
        short_kind = masked(kind, MAX_HEADER)
        lines.append(f"Body ({short_kind}, {len(body):,} bytes):")
        shown = _body.excerpt(body, content_type, limit, parsed)
        if len(kind) > MAX_HEADER:  # a giant Content-Type quoted in the excerpt too
            shown = [line.replace(kind, short_kind) for line in shown]
        if max_lines and len(shown) > max_lines + 1:
            left = len(shown) - max_lines
            shown = [
                *shown[:max_lines],
                f"... {left:,} more lines not shown (raise the ini option restcodes_body_lines "
                "to see more)",
            ]
        lines.extend(INDENT + line for line in shown)
    else:
        lines.append("Body: (empty)")
    return lines


def _meaning(prefix: str, code: int) -> str:
    found = _codes.info(code)
    return f"{prefix} {_codes.label(code)}: {found.meaning}. [{found.source}]"


# ------------------------------------------------------------------------ helper failures


@dataclass(frozen=True)
class Failure:
    """One failed helper: what it expected, the response, what was wrong beside the code."""

    view: ResponseView
    helper: str
    expected: str
    codes: Sequence[int] = ()
    classes: Sequence[int] = ()
    problems: Sequence[str] = field(default=())


def failure(f: Failure, settings: Settings) -> str:
    """The whole message of one failed helper: it stands on its own, without pytest's
    assertion rewriting."""
    view = f.view
    actual = view.status
    got = _codes.label(actual)
    reason = view.reason
    if reason and reason.lower() != _codes.phrase(actual).lower():
        got += f' (server said "{masked(reason, MAX_REASON)}")'
    lines: list[str] = []
    if f.problems:
        lines.append(f"{f.helper}: got {got} as expected, but:")
        lines.extend(f"{INDENT}- {prose(p)}" for p in f.problems)
    else:
        lines.append(f"{f.helper}: expected {prose(f.expected)}, got {got}")
    req = request_line(view)
    if req:
        lines.append(f"Request: {req}")
    lines.append("")
    compact = settings.message == "compact" and settings.verbose <= 0
    explained = settings.explained

    def explain(prefix: str, code: int) -> None:
        # compact: each code's meaning once per run (all of them again with -v)
        if not compact or code not in explained:
            lines.append(_meaning(prefix, code))
            explained.add(code)

    if not f.problems:
        for code in f.codes[:3]:
            explain("Expected", code)
        for klass in f.classes:
            if not compact or -klass not in explained:
                meaning, source = _codes.class_meaning(klass)
                lines.append(f"Expected {klass}xx: {meaning}. [{source}]")
                explained.add(-klass)
        explain("Got", actual)
        tip = _hints.hint(tuple(f.codes), actual, tuple(f.classes))
        followed = _followed(f, view)
        if followed:
            lines.extend(followed)
        elif tip:
            lines.append(f"Hint: {tip}")
    else:
        explain("About", actual)
    lines.extend(body_lines(view, settings.body_limit, settings.body_lines))
    if settings.verbose > 0:
        lines.extend(_headers_block("Response headers", view.headers))
        lines.extend(_headers_block("Request headers", view.request_headers))
    link_code = f.codes[0] if f.codes and not f.problems else actual
    lines.append(f"Learn more: {_codes.info(link_code).link}")
    if settings.verbose <= 0:
        lines.append("(run pytest with -v to see the request and response headers)")
    return gate("\n".join(lines))


def _followed(f: Failure, view: ResponseView) -> list[str]:
    """A 3xx was expected, the client followed redirects: say so, and how to stop it."""
    wanted_3xx = 3 in f.classes or any(300 <= c <= 399 for c in f.codes)
    if not wanted_3xx or 300 <= view.status <= 399:
        return []
    chain = view.redirects()
    if not chain:
        return []
    count = len(chain)
    lines = [
        f"The client followed {count} redirect{'s' if count != 1 else ''} to get this "
        "response (the request line shows the last hop):"
    ]
    for number, (status, location) in enumerate(chain[:MAX_REDIRECTS], 1):
        target = clip(_mask.url(location), MAX_URL) if location else "(no Location)"
        lines.append(f"{INDENT}{number}. {_codes.label(status)} -> {target}")
    if count > MAX_REDIRECTS:
        lines.append(f"{INDENT}... and {count - MAX_REDIRECTS} more")
    from ._clients import named

    client = named(view.client)
    how = client.follow_off if client is not None and client.follow_off else ""
    lines.append(
        "Hint: to assert the redirect itself, do not follow it" + (f": {how}." if how else ".")
    )
    return lines


def place_of(where: tuple[str, int]) -> str:
    """``tests/test_books.py:12``: a file relative to the working directory when below it."""
    import os

    filename, lineno = where
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        relative = filename
    shown = filename if relative.startswith("..") else relative
    return clip(f"{shown}:{lineno}", MAX_URL)


def soft(messages: Sequence[str]) -> str:
    """The failures a ``soft()`` block collected, numbered, as one message: the first
    ``MAX_SOFT`` in full (each cut to its share of ``MAX_TEXT``), the others counted by
    helper."""
    count = len(messages)
    shown = messages[:MAX_SOFT]
    share = (MAX_TEXT - 2 * MAX_LINE) // max(1, len(shown)) - 200
    parts = [f"{count:,} status assertion{'s' if count != 1 else ''} failed in soft():"]
    for number, message in enumerate(shown, 1):
        if len(message) > share:
            message = gate(message, share)
        body = message.replace("\n", "\n    ")
        parts.append(f"\n[{number:,}/{count:,}] {body}")
    if count > MAX_SOFT:
        helpers = Counter(m.partition(":")[0][:MAX_NAME] for m in messages[MAX_SOFT:])
        listed = ", ".join(f"{name} \u00d7{times:,}" for name, times in helpers.most_common())
        more = count - MAX_SOFT
        parts.append(
            clip(
                f"\n... and {more:,} more failure{'s' if more != 1 else ''}: {listed} "
                "(each one is in the error's .failures)",
                MAX_LINE,
            )
        )
    return gate("\n".join(parts))


# ---------------------------------------------------------------------------- findings


def finding(f: Finding) -> str:
    """One finding in full: its rule, the response, what was observed, the fix."""
    rule = f.rule
    if f.severity == "internal":
        return gate(
            f"[{rule.code} {rule.name}] internal error in the rule (a pytest-restcodes bug; "
            f"please report it): {prose(f.observed)}"
        )
    got = _codes.label(f.status, f.reason)
    where = f"{f.request} -> {got}" if f.request else got
    lines = [
        f"[{rule.code} {rule.name}] {f.severity}: {rule.summary}",
        f"  Response: {where}{' (a redirect hop the client followed)' if f.hop else ''}",
        f"  Observed: {prose(f.observed)}",
        f"  Fix: {rule.fix}",
        f"  Source: {rule.source}",
    ]
    if f.excerpt:
        lines.append(f"  Body: {f.excerpt}")
    lines.append(f"  Docs: {rule.anchor}")
    return gate("\n".join(lines))


def warning(f: Finding, verbose: int) -> str:
    """A finding as a warning: one line that starts with the rule's code and name (so that
    ``-W "error:RC111"`` can target one rule), the full finding with ``-v``."""
    rule = f.rule
    got = _codes.label(f.status, f.reason)
    where = f"{f.request} -> {got}" if f.request else got
    if f.severity == "internal":
        head = f"{rule.code} {rule.name}: internal error in the rule (please report it)"
        return gate(f"{head}: {prose(f.observed)}", MAX_WARNING)
    hop = " (a redirect hop the client followed)" if f.hop else ""
    line = f"{rule.code} {rule.name} ({f.severity}): {where}{hop}: {prose(f.observed)}"
    if verbose > 0:
        return gate(f"{clip(line, MAX_WARNING - _NOTE)}\n{finding(f)}")
    more = f" [pytest -v for the rule and its fix; {rule.anchor}]"
    return gate(clip(line, MAX_WARNING - _NOTE - len(more)) + more, MAX_WARNING)


def findings(found: Sequence[Finding], checked: int) -> str:
    """Findings that fail a test (strict mode, a filter naming them, restcodes.check()).
    The first line names the first rule and response: pytest's short summary shows it."""
    count = len(found)
    first = found[0]
    got = _codes.label(first.status, first.reason)
    where = f"{first.request} -> {got}" if first.request else got
    more = f" (and {count - 1} more)" if count > 1 else ""
    head = f"{first.rule.code} {first.rule.name}: {where}{more}"
    intro = (
        f"pytest-restcodes: {count} finding{'s' if count != 1 else ''} in {checked} "
        f"response{'s' if checked != 1 else ''} this test received:"
    )
    names = sorted({f.rule.name for f in found if f.severity != "internal"})
    parts = [head, intro, *(finding(f) for f in found)]
    if names:
        parts.append(
            "To silence a rule for one test: @pytest.mark.restcodes(ignore=["
            + ", ".join(repr(n) for n in names)
            + "]); for the suite: restcodes_ignore in your pytest configuration."
        )
    return gate("\n\n".join(parts))


def place(f: Finding) -> str:
    """Where a finding was seen, as the summary groups it: method, path, status."""
    request = f.request or ""
    method, _, url = request.partition(" ")
    path = path_of(url)
    shown = f"{method} {path}" if method else path
    return f"{shown} -> {f.status}{' (hop)' if f.hop else ''}"


def summary(
    responses: int,
    by_rule: dict[str, int],
    internal: dict[str, int],
    uncaptured: Sequence[str] = (),
    places: dict[str, dict[str, int]] | None = None,
) -> list[str]:
    """The terminal summary's lines: counts per rule, each with the places it was seen
    (repeated findings of one rule at one place are one line)."""
    found = sum(by_rule.values())
    lines = [
        f"{responses} response{'s' if responses != 1 else ''} checked, "
        f"{found} finding{'s' if found != 1 else ''}"
    ]
    for name, count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {name}: {count}")
        seen = (places or {}).get(name, {})
        if len(seen) > 1 or (seen and count > 1):
            ranked = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
            for where, times in ranked[:PLACES]:
                lines.append(f"    {where}: {times}")
            if len(ranked) > PLACES:
                lines.append(f"    ... and {len(ranked) - PLACES} more places")
    for name, count in sorted(internal.items()):
        lines.append(
            f"  internal error in rule {name}: {count} (a pytest-restcodes bug; please report it)"
        )
    for kind in uncaptured:
        lines.append(
            f"  not checked: {kind} responses (a type taught with register_adapter(); "
            "name the call that returns them with capture=[...] to check them)"
        )
    return [gate(line, MAX_WARNING) for line in lines]


def describe(value: Any) -> str:
    """A value as an error message names it: masked, bounded and escaped."""
    return gate(repr(value), MAX_DESCRIBE)


def catalogue(rules: Sequence[Rule]) -> str:
    """``pytest --restcodes-rules``: every rule on one line."""
    lines = [
        "pytest-restcodes rules (severity in the rulebook / rfc profiles; "
        "pytest --restcodes-rules=NAME for one):",
        "",
    ]
    for r in rules:
        needs = " (runs only with restcodes_openapi)" if r.contract else ""
        lines.append(f"{r.code} {r.name:<45} {r.rulebook:>7} / {r.rfc:<7} {r.summary}{needs}")
    lines += [
        "",
        "Silence a rule with its name or code in restcodes_ignore, --restcodes-ignore or "
        "@pytest.mark.restcodes(ignore=[...]).",
    ]
    return gate("\n".join(lines))


def rule(r: Rule) -> str:
    """``pytest --restcodes-rules=NAME``: one rule in full."""
    lines = [
        f"{r.code} {r.name}: {r.summary}",
        f"Severity: {r.rulebook} (rulebook profile), {r.rfc} (rfc profile)",
        "",
        f"Why: {r.why}",
        "",
        "Example:",
        *(INDENT + line for line in r.trigger.render().splitlines()),
        "",
        "Instead:",
        *(INDENT + line for line in r.clean.render().splitlines()),
        "",
        f"Fix: {r.fix}",
        f"Source: {r.source}",
        f"Docs: {r.anchor}",
    ]
    return gate("\n".join(lines))


# ------------------------------------------------------------------ findings as data


def finding_data(f: Finding, test: str, route: str) -> dict[str, Any]:
    """One finding as the JSON report has it: every text masked, escaped and bounded."""
    rule = f.rule
    method, _, url = (f.request or "").partition(" ")
    return {
        "rule": rule.code,
        "name": rule.name,
        "severity": str(f.severity),
        "test": gate(test, MAX_LINE),
        "method": gate(method, MAX_NAME) or None,
        "url": gate(url, MAX_URL) or None,
        "route": gate(route, MAX_URL),
        "status": f.status,
        "reason": gate(f.reason, MAX_REASON) if f.reason else None,
        "observed": gate(prose(f.observed), MAX_WARNING),
        "summary": rule.summary,
        "fix": rule.fix,
        "docs": rule.anchor,
        "where": gate(place_of(f.where), MAX_URL) if f.where else None,
        "hop": f.hop,
    }


def junit(f: Finding) -> str:
    """A finding as a ``--junitxml`` property of its test case: one line."""
    return warning(f, 0)


# ------------------------------------------------------------------------- coverage

_MARKS: dict[str, tuple[str, str, str]] = {
    "utf": ("\u2713", "\u00b7", "\u25cb"),
    "ascii": ("+", "-", "o"),
}


def _marks(encoding: str | None) -> tuple[str, str, str]:
    try:
        "".join(_MARKS["utf"]).encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return _MARKS["ascii"]
    return _MARKS["utf"]


def _cell(entry: dict[str, Any], marks: tuple[str, str, str]) -> str:
    asserted_mark, seen_mark, documented_mark = marks
    if entry["seen"] == 0:
        return documented_mark
    if entry["asserted"] >= entry["seen"]:
        return f"{asserted_mark}{entry['seen']}"
    if entry["asserted"]:  # a helper asserted some of them
        return f"{asserted_mark}{entry['asserted']}/{entry['seen']}"
    return f"{seen_mark}{entry['seen']}"


def coverage(
    rows: Sequence[dict[str, Any]], width: int = 100, encoding: str | None = "utf-8"
) -> list[str]:
    """The ``--restcodes-coverage`` table: routes down, status codes across; each cell
    says whether a helper asserted the status (and how often it was seen), whether it was
    only seen, or documented and never seen. Too many statuses for the terminal's width:
    one line per route lists its statuses instead."""
    marks = _marks(encoding)
    if not rows:
        return ["no responses were recorded: no coverage to show"]
    routes = len(rows)
    cells = [s for row in rows for s in row["statuses"]]
    seen = sum(1 for s in cells if s["seen"])
    asserted = sum(1 for s in cells if s["asserted"])
    never = sum(1 for s in cells if not s["seen"])
    head = (
        f"{routes} route{'s' if routes != 1 else ''}, {seen} status"
        f"{'es' if seen != 1 else ''} seen, {asserted} asserted by a helper"
    )
    if never:
        head += f", {never} documented and never seen"
    pad = max(len(row["method"]) for row in rows)
    names = [
        clip(
            f"{row['method']:<{pad}} {row['route']}{' *' if row['source'] == 'fallback' else ''}",
            70,
        )
        for row in rows
    ]
    left = max(len(n) for n in names)
    codes = sorted({s["status"] for s in cells})
    column = max(4, *(len(_cell(s, marks)) + 1 for s in cells))
    lines = [head]
    if left + 2 + column * len(codes) <= width:
        lines.append(" " * (left + 2) + "".join(f"{c:>{column}}" for c in codes))
        for name, row in zip(names, rows, strict=True):
            by_code = {s["status"]: _cell(s, marks) for s in row["statuses"]}
            lines.append(
                f"{name:<{left}}  " + "".join(f"{by_code.get(c, ''):>{column}}" for c in codes)
            )
    else:
        for name, row in zip(names, rows, strict=True):
            listed = "  ".join(f"{s['status']} {_cell(s, marks)}" for s in row["statuses"])
            lines.append(f"{name:<{left}}  {listed}")
    asserted_mark, seen_mark, documented_mark = marks
    legend = (
        f"{asserted_mark}N: N responses, a helper asserted each ({asserted_mark}A/N: A of "
        f"them); {seen_mark}N: N responses, no helper asserted any"
    )
    if never:
        legend += f"; {documented_mark}: documented, never seen"
    if any(row["source"] == "fallback" for row in rows):
        legend += "; * a route guessed from its URLs"
    lines.append(legend)
    return [gate(line, MAX_WARNING) for line in lines]


def observed(
    observer: Any, *, table: bool, written: Sequence[str], width: int, encoding: str
) -> list[str]:
    """The terminal summary's lines of an observing run: the coverage table (when asked),
    the reports written, and what the baseline accepted."""
    lines: list[str] = []
    if table:
        lines.append("status-code coverage:")
        lines += ["  " + line for line in coverage(observer.coverage(), width - 2, encoding)]
    lines += written
    if observer.baseline is not None and not observer.writing_baseline:
        accepted = observer.accepted()
        stale = observer.stale()
        text = f"baseline: {accepted} finding{'s' if accepted != 1 else ''} accepted (not reported)"
        if stale:
            text += (
                f"; {stale} of its {len(observer.baseline)} entries no longer seen: "
                "write it again with --restcodes-baseline=PATH to drop them"
            )
        lines.append(text)
    return [gate(line, MAX_WARNING) for line in lines]


def written(path: Any, kind: str) -> str:
    return f"report written to {path} ({kind})"


def baseline_written(path: Any, entries: int, found: int) -> str:
    return (
        f"baseline written to {path}: {entries} entr{'ies' if entries != 1 else 'y'} for "
        f"{found} finding{'s' if found != 1 else ''} (a finding repeated in a test is one "
        "entry); set restcodes_baseline to it and only new findings are reported"
    )


def not_written(exc: BaseException) -> str:
    return f"could not write a report: {type(exc).__name__}: {exc}"
