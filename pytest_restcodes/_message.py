"""The failure message: it must stand on its own, without pytest's assertion rewriting."""

from __future__ import annotations

from collections.abc import Sequence

from . import _body, _codes, _hints, _mask
from ._settings import settings
from ._view import ResponseView

INDENT = "  "


def request_line(view: ResponseView) -> str | None:
    """``POST http://testserver/books`` with secrets masked, or None when unknown."""
    method, url = view.method, view.url
    if not method and not url:
        return None
    return f"{method or '?'} {_mask.url(url) if url else '(URL unknown)'}"


def _headers_block(title: str, headers: Sequence[tuple[str, str]]) -> list[str]:
    if not headers:
        return [f"{title}: (none)"]
    lines = [f"{title}:"]
    lines.extend(f"{INDENT}{k}: {_mask.header_value(k, v)}" for k, v in headers)
    return lines


def body_lines(view: ResponseView, limit: int | None = None) -> list[str]:
    """What the body says (errors, exception) and an excerpt of it, all bounded."""
    limit = settings.body_limit if limit is None else limit
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
        lines.extend(INDENT + line for line in _body.excerpt(body, content_type, limit, parsed))
    else:
        lines.append("Body: (empty)")
    return lines


def _meaning(prefix: str, code: int) -> str:
    found = _codes.info(code)
    return f"{prefix} {_codes.label(code)}: {found.meaning}. [{found.source}]"


def render(
    view: ResponseView,
    helper: str,
    expected_text: str,
    expected_codes: Sequence[int],
    expected_classes: Sequence[int],
    problems: Sequence[str] = (),
) -> str:
    """The whole message for one failed helper."""
    actual = view.status
    got = _codes.label(actual)
    reason = view.reason
    if reason and reason.lower() != _codes.phrase(actual).lower():
        got += f' (server said "{reason}")'
    lines: list[str] = []
    if problems:
        lines.append(f"{helper}: got {got} as expected, but:")
        lines.extend(f"{INDENT}- {p}" for p in problems)
    else:
        lines.append(f"{helper}: expected {expected_text}, got {got}")
    req = request_line(view)
    if req:
        lines.append(f"Request: {req}")
    lines.append("")
    if not problems:
        for code in expected_codes[:3]:
            lines.append(_meaning("Expected", code))
        for klass in expected_classes:
            meaning, source = _codes.class_meaning(klass)
            lines.append(f"Expected {klass}xx: {meaning}. [{source}]")
        lines.append(_meaning("Got", actual))
        tip = _hints.hint(tuple(expected_codes), actual, tuple(expected_classes))
        if tip:
            lines.append(f"Hint: {tip}")
    else:
        lines.append(_meaning("About", actual))
    lines.extend(body_lines(view))
    if settings.verbose > 0:
        lines.extend(_headers_block("Response headers", view.headers))
        lines.extend(_headers_block("Request headers", view.request_headers))
    link_code = expected_codes[0] if expected_codes and not problems else actual
    lines.append(f"Learn more: {_codes.info(link_code).link}")
    if settings.verbose <= 0:
        lines.append("(run pytest with -v to see the request and response headers)")
    return "\n".join(lines)
