"""What a body says: a bounded excerpt, validation errors, and a server's exception.

Everything here works on bytes already in memory and costs a bounded amount whatever the
body's size: JSON is parsed only under ``PARSE_CAP``; past it, the first bytes are shown
as text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import _mask

PARSE_CAP = 256 * 1024
"""Bodies larger than this are never parsed as JSON (their first bytes are shown as text)."""

NO_JSON: Any = object()

_TEXT_TYPES = ("text/", "application/javascript", "application/x-www-form-urlencoded")


def is_json_type(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _is_textual(content_type: str) -> bool:
    if not content_type:
        return False
    if content_type.startswith(_TEXT_TYPES) or is_json_type(content_type):
        return True
    return content_type.endswith(("/xml", "+xml", "/html", "/yaml", "/csv", "/graphql"))


def looks_binary(body: bytes, content_type: str) -> bool:
    """True for a body that should be shown as its size only."""
    if _is_textual(content_type):
        return False
    head = body[:512]
    if b"\x00" in head:
        return True
    if content_type.startswith(("image/", "audio/", "video/", "font/")) or content_type in (
        "application/octet-stream",
        "application/pdf",
        "application/zip",
        "application/gzip",
    ):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at 512 bytes is still text
        return exc.start < len(head) - 4
    return False


def parse_json(body: bytes | None, content_type: str) -> Any:
    """The parsed JSON body, or ``NO_JSON`` (too large, not JSON, or not read)."""
    if body is None or not body or len(body) > PARSE_CAP:
        return NO_JSON
    first = body.lstrip()[:1]
    if not (is_json_type(content_type) or first in (b"{", b"[")):
        return NO_JSON
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return NO_JSON


def is_parsed(value: Any) -> bool:
    return value is not NO_JSON


_COMPACT_CAP = 16 * 1024
_WIDTH = 88


def pretty_json(value: Any, indent: int = 0) -> str:
    """Indented JSON that keeps a small object or list on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= _WIDTH or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {pretty_json(v, indent + 2)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{pad}{pretty_json(v, indent + 2)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def excerpt(body: bytes, content_type: str, limit: int, parsed: Any = NO_JSON) -> list[str]:
    """The body as lines to show: pretty JSON, text as text, binary as size; capped."""
    size = len(body)
    if size == 0:
        return ["(empty body)"]
    if looks_binary(body, content_type):
        kind = content_type or "no Content-Type"
        return [f"(binary body: {size:,} bytes, {kind}; not shown)"]
    if parsed is not NO_JSON:
        text = pretty_json(parsed) if size <= _COMPACT_CAP else json.dumps(parsed, indent=2)
        encoded = text.encode("utf-8")
        shown_total = len(encoded)
    else:
        encoded = body
        shown_total = size
        text = ""
    if shown_total > limit:
        cut = encoded[:limit].decode("utf-8", errors="ignore")
        left = shown_total - limit
        lines = _mask.body_text(cut).splitlines() or [""]
        lines.append(
            f"... {left:,} more bytes not shown (body is {size:,} bytes; "
            "raise the ini option restcodes_body_limit to see more)"
        )
        return lines
    if not text:
        text = encoded.decode("utf-8", errors="replace")
    return _mask.body_text(text).splitlines() or [""]


def _loc(loc: Any) -> str:
    if isinstance(loc, (list, tuple)):
        return ".".join(str(p) for p in loc)
    return str(loc)


def _short(value: Any, width: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _error_items(errors: Any, prefix: str = "") -> list[str]:
    """Flatten an ``errors`` member: a list of strings/objects, or a field -> messages map."""
    out: list[str] = []
    if isinstance(errors, str):
        out.append(f"{prefix}{errors}" if not prefix else f"{prefix}: {errors}")
    elif isinstance(errors, list):
        for item in errors:
            if isinstance(item, dict):
                where = (
                    item.get("loc")
                    or item.get("pointer")
                    or item.get("field")
                    or item.get("key")
                    or item.get("name")
                    or item.get("path")
                    or item.get("source")
                )
                msg = (
                    item.get("msg")
                    or item.get("detail")
                    or item.get("message")
                    or item.get("reason")
                    or item.get("title")
                    or item
                )
                if isinstance(where, dict):  # JSON:API: {"source": {"pointer": ...}}
                    where = where.get("pointer") or where.get("parameter")
                label = _loc(where) if where is not None else prefix
                out.append(f"{label}: {_short(msg)}" if label else _short(msg))
            else:
                out.extend(_error_items(item, prefix))
    elif isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, (list, dict)):
                out.extend(_error_items(value, name))
            else:
                out.append(f"{name}: {_short(value)}")
    elif errors is not None:
        out.append(f"{prefix}: {_short(errors)}" if prefix else _short(errors))
    return out


_PROBLEM_KEYS = frozenset({"type", "title", "status", "detail", "instance"})


def what_it_says(parsed: Any) -> list[str]:
    """Validation errors and error messages a JSON body holds, one line each (max 20)."""
    lines: list[str] = []
    if isinstance(parsed, dict):
        detail = parsed.get("detail")
        if isinstance(detail, list):  # FastAPI / pydantic
            lines.extend(_error_items(detail))
        else:
            if "title" in parsed and (_PROBLEM_KEYS & parsed.keys()) - {"title"}:
                lines.append(f"title: {_short(parsed['title'])}")  # RFC 9457
            if detail is not None:
                lines.append(f"detail: {_short(detail)}")
        for key in ("errors", "invalid_params", "invalid-params", "extra", "violations"):
            if parsed.get(key):
                lines.extend(_error_items(parsed[key]))
        for key in ("error", "message", "error_description", "non_field_errors"):
            value = parsed.get(key)
            if value:
                lines.extend(
                    _error_items(value, key)
                    if isinstance(value, (dict, list))
                    else [f"{key}: {_short(value)}"]
                )
        if (
            not lines
            and parsed
            and all(
                isinstance(v, list) and v and all(isinstance(m, str) for m in v)
                for v in parsed.values()
            )
        ):  # DRF serializer errors: {"field": ["message", ...]}
            lines.extend(_error_items(parsed))
    elif isinstance(parsed, list) and parsed and all(isinstance(m, str) for m in parsed):
        lines.extend(_short(m) for m in parsed)  # DRF ValidationError(["..."])
    if len(lines) > 20:
        lines = [*lines[:20], f"... and {len(lines) - 20} more"]
    return [_mask.body_text(line) for line in lines]


_TRACEBACK = "Traceback (most recent call last):"
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S | re.I)
_DJANGO_VALUE = re.compile(rb'<pre class="exception_value">(.*?)</pre>', re.S)
_SCAN = 64 * 1024


def _last_exception_line(text: str) -> str | None:
    start = text.rfind(_TRACEBACK)
    if start < 0:
        return None
    tail = text[start:].splitlines()
    for line in tail[1:]:
        if line and not line.startswith((" ", "\t")):
            return _short(line, 300)
    return None


def server_exception(body: bytes | None, parsed: Any) -> str | None:
    """What a 5xx body tells of the server's exception (Werkzeug, Django, tracebacks, JSON)."""
    if isinstance(parsed, dict):
        for key in ("exception", "exc", "exception_type", "error", "detail", "message"):
            value = parsed.get(key)
            if isinstance(value, str) and value:
                found = _last_exception_line(value)
                return found or _short(value, 300)
        trace = parsed.get("traceback") or parsed.get("trace")
        if isinstance(trace, str):
            return _last_exception_line(trace)
        return None
    if not body:
        return None
    head = body[:_SCAN]
    match = _TITLE.search(head)
    if match:
        import html  # only a failing 5xx with an HTML page gets here

        title = html.unescape(match.group(1).decode("utf-8", "replace")).strip()
        if "Werkzeug Debugger" in title:
            return _short(title.replace("// Werkzeug Debugger", "").strip(), 300)
        value = _DJANGO_VALUE.search(body[: 4 * _SCAN])
        if " at /" in title or value:
            text = title
            if value:
                text += ": " + html.unescape(value.group(1).decode("utf-8", "replace")).strip()
            return _short(text, 300)
    text = head.decode("utf-8", "replace")
    found = _last_exception_line(text)
    if found:
        return found
    first = text.lstrip().split("\n", 2)
    if len(first) >= 2 and " at /" in first[0] and "Error" in first[0]:  # Django text 500
        return _short(f"{first[0].strip()}: {first[1].strip()}", 300)
    return None
