"""Every line of text that leaves the plugin, built from structured data.

Helper failures (:class:`Failure`), soft aggregates, checker findings, warnings and the
terminal summary are all written here, and every one of them leaves through
:func:`gate`: control characters escaped, the whole bounded. Secrets are masked field by
field as they are written (headers, URLs, body excerpts: see ``_mask``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _body, _codes, _hints, _mask

if TYPE_CHECKING:
    from ._findings import Finding
    from ._rules import Rule
    from ._session import Settings
    from ._view import ResponseView

INDENT = "  "
MAX_TEXT = 100_000
"""Characters any one output may have; the rest is cut with a note saying how much."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def gate(text: str, limit: int = MAX_TEXT) -> str:
    """The one exit: control characters escaped (newlines and tabs kept), length bounded."""
    text = _CONTROL.sub(_escape, text)
    if len(text) > limit:
        cut = len(text) - limit
        text = f"{text[:limit]}\n... ({cut:,} more characters not shown)"
    return text


# ----------------------------------------------------------------------- shared pieces


def request_line(view: ResponseView) -> str | None:
    """``POST http://testserver/books`` with secrets masked, or None when unknown."""
    method, url = view.method, view.url
    if not method and not url:
        return None
    return f"{method or '?'} {_mask.url(url) if url else '(URL unknown)'}"


_EXCERPT = 200


def short_excerpt(view: ResponseView) -> str | None:
    """The body on one line, for a finding (200 bytes at most)."""
    body = view.body
    if body is None:
        return "(not read by the test: not shown)"
    if not body:
        return None
    head = body[:_EXCERPT]
    if b"\x00" in head[:64]:
        return f"(binary, {len(body):,} bytes)"
    text = " ".join(head.decode("utf-8", "replace").split())
    more = f" ... ({len(body):,} bytes)" if len(body) > _EXCERPT else ""
    return _mask.body_text(text) + more


def _headers_block(title: str, headers: Sequence[tuple[str, str]]) -> list[str]:
    if not headers:
        return [f"{title}: (none)"]
    lines = [f"{title}:"]
    lines.extend(f"{INDENT}{k}: {_mask.header_value(k, v)}" for k, v in headers)
    return lines


def body_lines(view: ResponseView, limit: int, max_lines: int = 0) -> list[str]:
    """What the body says (errors, exception) and an excerpt of it, all bounded."""
    body = view.body
    lines: list[str] = []
    if body is None:
        lines.append(f"Body: {view.unread_reason}")
        return lines
    content_type = view.content_type
    parsed = _body.parse_json(body, content_type)
    if 500 <= view.status <= 599:
        exc = view.exception()
        if exc is None and not _body.looks_binary(body, content_type):
            exc = _body.server_exception(body, parsed)
        if exc:
            lines.append(f"Server exception: {exc}")
    elif view.status >= 400 or view.status < 300:
        said = _body.what_it_says(parsed) if _body.is_parsed(parsed) else []
        if said:
            lines.append("The body says:")
            lines.extend(f"{INDENT}- {line}" for line in said)
    kind = content_type or "no Content-Type"
    if body:
        lines.append(f"Body ({kind}, {len(body):,} bytes):")
        shown = _body.excerpt(body, content_type, limit, parsed)
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
        got += f' (server said "{reason}")'
    lines: list[str] = []
    if f.problems:
        lines.append(f"{f.helper}: got {got} as expected, but:")
        lines.extend(f"{INDENT}- {p}" for p in f.problems)
    else:
        lines.append(f"{f.helper}: expected {f.expected}, got {got}")
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
    for number, (status, location) in enumerate(chain[:10], 1):
        target = _mask.url(location) if location else "(no Location)"
        lines.append(f"{INDENT}{number}. {_codes.label(status)} -> {target}")
    if count > 10:
        lines.append(f"{INDENT}... and {count - 10} more")
    from ._clients import named

    client = named(view.client)
    how = client.follow_off if client is not None and client.follow_off else ""
    lines.append(
        "Hint: to assert the redirect itself, do not follow it"
        + (f": {how}." if how else ".")
    )
    return lines


def soft(messages: Sequence[str]) -> str:
    """The failures a ``soft()`` block collected, numbered, as one message."""
    count = len(messages)
    parts = [f"{count} status assertion{'s' if count != 1 else ''} failed in soft():"]
    for number, message in enumerate(messages, 1):
        body = message.replace("\n", "\n    ")
        parts.append(f"\n[{number}/{count}] {body}")
    return gate("\n".join(parts))


# ---------------------------------------------------------------------------- findings


def finding(f: Finding) -> str:
    rule = f.rule
    if f.severity == "internal":
        return (
            f"[{rule.code} {rule.name}] internal error in the rule (a pytest-restcodes bug; "
            f"please report it): {f.observed}"
        )
    got = _codes.label(f.status, f.reason)
    where = f"{f.request} -> {got}" if f.request else got
    lines = [
        f"[{rule.code} {rule.name}] {f.severity}: {rule.summary}",
        f"  Response: {where}{' (a redirect hop the client followed)' if f.hop else ''}",
        f"  Observed: {f.observed}",
        f"  Fix: {rule.fix}",
        f"  Source: {rule.source}",
    ]
    if f.excerpt:
        lines.append(f"  Body: {f.excerpt}")
    lines.append(f"  Docs: {rule.anchor}")
    return "\n".join(lines)


def warning(f: Finding, verbose: int) -> str:
    """A finding as a warning: one line that starts with the rule's code and name (so that
    ``-W "error:RC111"`` can target one rule), the full finding with ``-v``."""
    rule = f.rule
    got = _codes.label(f.status, f.reason)
    where = f"{f.request} -> {got}" if f.request else got
    if f.severity == "internal":
        head = f"{rule.code} {rule.name}: internal error in the rule (please report it)"
        return gate(f"{head}: {f.observed}", 2_000)
    hop = " (a redirect hop the client followed)" if f.hop else ""
    line = f"{rule.code} {rule.name} ({f.severity}): {where}{hop}: {f.observed}"
    if verbose <= 0:
        return gate(f"{line} [pytest -v for the rule and its fix; {rule.anchor}]", 2_000)
    return gate(f"{line}\n{finding(f)}")


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


PLACES = 5
"""Places (method, path, status) the summary names under each rule; the rest are counted."""


def place(f: Finding) -> str:
    """Where a finding was seen, as the summary groups it: method, path, status."""
    request = f.request or ""
    method, _, url = request.partition(" ")
    path = url
    if "://" in url:
        path = "/" + url.split("://", 1)[1].partition("/")[2]
    path = path.split("?", 1)[0].split("#", 1)[0] or "/"
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
    return [gate(line, 2_000) for line in lines]


def describe(value: Any) -> str:
    """A value as an error message names it: bounded and escaped."""
    return gate(repr(value), 200)


def catalogue(rules: Sequence[Rule]) -> str:
    """``pytest --restcodes-rules``: every rule on one line."""
    lines = [
        "pytest-restcodes rules (severity in the rulebook / rfc profiles; "
        "pytest --restcodes-rules=NAME for one):",
        "",
    ]
    for r in rules:
        lines.append(f"{r.code} {r.name:<45} {r.rulebook:>7} / {r.rfc:<7} {r.summary}")
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
