"""What a body says: a bounded excerpt, validation errors, and a server's exception.

Everything here works on bytes already in memory and costs a bounded amount whatever the
body's size: JSON is parsed only under ``PARSE_CAP`` (past it, the first bytes are shown
as text), a content coding is undone up to ``DECODE_CAP`` bytes of output, and HTML pages
are scanned with ``bytes.find`` within fixed windows (never a backtracking regex), so an
adversarial body costs time linear in a bounded prefix of it. Nothing here raises on what
a server sends: a body that cannot be parsed or decoded is shown as it is.
"""

from __future__ import annotations

import codecs
import functools
import json
import zlib
from typing import Any

PARSE_CAP = 256 * 1024
"""Bodies larger than this are never parsed as JSON (their first bytes are shown as text)."""

DECODE_CAP = 256 * 1024
"""At most this many bytes of a compressed body are decompressed (never a zip bomb)."""

NO_JSON: Any = object()


def _masking() -> Any:
    """The secrets masker, imported when an excerpt is made (a clean response needs none)."""
    from . import _mask

    return _mask

_TEXT_TYPES = ("text/", "application/javascript", "application/x-www-form-urlencoded")


def is_json_type(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def is_textual(content_type: str) -> bool:
    """True for a media type whose body is text (a charset applies to it)."""
    if not content_type:
        return False
    if content_type.startswith(_TEXT_TYPES) or is_json_type(content_type):
        return True
    return content_type.endswith(("/xml", "+xml", "/html", "/yaml", "/csv", "/graphql"))


# control bytes no text holds (tab, newlines, form feed and ESC, for colours, are text)
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b") + b"\x7f"


def looks_binary(body: bytes, content_type: str) -> bool:
    """True for a body that should be shown as its size only."""
    head = body[:512]
    if is_textual(content_type):
        # declared as text, but bytes no text holds (a compressed body nobody decoded)
        controls = len(head) - len(head.translate(None, _CONTROLS))
        return controls > 4 + len(head) // 32
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


# --- content codings and charsets --------------------------------------------------------

Step = tuple[bytes, bool]
"""A decoded body and whether it was cut (at ``DECODE_CAP``, or a truncated stream)."""


def _inflate(body: bytes, wbits: int, cap: int) -> Step | None:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, cap)
    except zlib.error:
        return None
    if not out and not inflater.eof:
        return None  # a header and nothing that inflates: bytes that merely look encoded
    return out, not inflater.eof


def _gunzip(body: bytes, cap: int) -> Step | None:
    if body[:2] != b"\x1f\x8b":
        return None  # not gzip (any more): the client decoded it already
    return _inflate(body, 16 + zlib.MAX_WBITS, cap)


def _zlib_header(head: bytes) -> bool:
    return (
        len(head) >= 2
        and head[0] & 0x0F == 8
        and head[0] >> 4 <= 7
        and ((head[0] << 8) | head[1]) % 31 == 0
    )


def _undeflate(body: bytes, cap: int) -> Step | None:
    if _zlib_header(body):
        return _inflate(body, zlib.MAX_WBITS, cap)  # RFC 1950, what "deflate" means
    # a raw RFC 1951 stream (some servers send that) has no header to recognise it by:
    # only bytes that are not text, inflated to their very end, are taken for one
    try:
        body[:512].decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, cap)
    except zlib.error:
        return None
    if not out or (len(out) < cap and not (inflater.eof and not inflater.unused_data)):
        return None
    return out, not inflater.eof


_OPTIONAL_MODULES = {
    "br": ("brotli", "brotlicffi"),
    "zstd": ("compression.zstd", "backports.zstd"),
}


@functools.cache
def codec_module(coding: str) -> Any:
    """The optional module that decodes ``coding`` (``"br"``, ``"zstd"``); None when none
    of them is installed."""
    import importlib

    for name in _OPTIONAL_MODULES.get(coding, ()):
        try:
            return importlib.import_module(name)
        except Exception:
            continue
    return None


class _Unchecked(Exception):
    """The coding's module cannot decode within the cap: the body cannot be checked."""


def _unbrotli(body: bytes, cap: int) -> Step | None:
    decompressor = codec_module("br").Decompressor()
    process = getattr(decompressor, "process", None) or decompressor.decompress
    try:
        out = process(body, output_buffer_limit=cap)
    except TypeError:
        raise _Unchecked from None  # a version without an output limit: a bomb would pass
    except Exception:
        return None  # brotli has no magic number: bytes the client decoded already
    finished = getattr(decompressor, "is_finished", None)
    done = bool(finished()) if callable(finished) else True
    if not done and len(out) < cap:
        return None  # a stream that stops short: not brotli (text that merely began like it)
    return bytes(out[:cap]), not done or len(out) > cap


def _unzstd(body: bytes, cap: int) -> Step | None:
    if body[:4] != b"\x28\xb5\x2f\xfd":
        return None
    decompressor = codec_module("zstd").ZstdDecompressor()
    try:
        out = decompressor.decompress(body, max_length=cap)
    except Exception:
        return None
    return out, not decompressor.eof


_DECODERS = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _undeflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}
_MAX_CODINGS = 4


class Decoded:
    """A body with the content codings it still carried undone, as far as they could be."""

    __slots__ = ("body", "cut", "left", "undone")

    def __init__(self, body: bytes, undone: str | None, cut: bool, left: str | None) -> None:
        self.body = body
        self.undone = undone
        """The codings undone, as the Content-Encoding header lists them (``"gzip"``)."""
        self.cut = cut
        """True when the output stopped at ``DECODE_CAP`` (or the stream was truncated)."""
        self.left = left
        """Codings the body may still carry, that could not be checked: an unknown one, or
        br and zstd without their module. The body is then not known to be the content."""


def decode_content(body: bytes, content_encoding: str, cap: int = DECODE_CAP) -> Decoded | None:
    """``body`` with the codings ``content_encoding`` lists undone (the last applied first),
    each at most ``cap`` bytes of output; None when there was nothing to undo.

    Clients such as requests and httpx decode the body and leave the header in place, so a
    coding is undone only when the bytes really carry it (gzip's magic number, a zlib
    header, a brotli stream that decodes); bytes that do not were decoded by the client.
    Brotli and zstd need their optional modules."""
    if content_encoding == "gzip" and body[:2] != b"\x1f\x8b":
        return None  # the common case: a client that decoded it already
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    undone: list[str] = []
    cut = False
    left = None
    for index in range(len(codings) - 1, max(len(codings) - _MAX_CODINGS, 0) - 1, -1):
        name = codings[index]
        decoder = _DECODERS.get(name)
        if decoder is None or (name in _OPTIONAL_MODULES and codec_module(name) is None):
            left = ", ".join(codings[: index + 1])
            break
        try:
            step = decoder(body, cap) if body else None
        except _Unchecked:
            left = ", ".join(codings[: index + 1])
            break
        if step is None:
            break  # not in this coding (any more): the client decoded it
        body, step_cut = step
        cut = cut or step_cut
        undone.append(name)
    if not undone and left is None:
        return None
    return Decoded(body, ", ".join(reversed(undone)) or None, cut, left)


UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
"""Charset names that need no re-encoding."""
# text codecs that are not charsets (punycode decodes in quadratic time), and UTF-7, which
# browsers refuse (and Python decodes slowly)
_NOT_CHARSETS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"}
)


def charset_of(content_type_header: str) -> str | None:
    """The ``charset`` parameter of a Content-Type value, lower case, unquoted; or None."""
    if content_type_header.endswith(("charset=utf-8", "charset=UTF-8")):
        return "utf-8"  # the common case, quickly
    lowered = content_type_header.lower()
    at = lowered.find("charset=", lowered.find(";") + 1) if ";" in lowered else -1
    if at < 0:
        return None
    value = lowered[at + 8 :].split(";", 1)[0].strip().strip("\"'").strip()
    return value or None


TRANSCODE_CAP = 256 * 1024
"""Bytes of a text body re-encoded from its charset; the rest is kept as it is (no reader
looks further: rules read 64 KiB, JSON is parsed up to 256 KiB)."""


def to_utf8(body: bytes, charset: str | None) -> bytes | None:
    """The text ``body`` (in ``charset``) as UTF-8, its first ``TRANSCODE_CAP`` bytes at
    least; None when it is UTF-8 already or the charset is unknown."""
    if not charset or charset in UTF8:
        return None
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    if info.name in ("utf-8", "ascii") or info.name in _NOT_CHARSETS:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        head = body[:TRANSCODE_CAP].decode(info.name, errors="replace").encode("utf-8")
    except Exception:
        return None
    return head if len(body) <= TRANSCODE_CAP else head + body[TRANSCODE_CAP:]


# --- JSON ---------------------------------------------------------------------------------


def parse_json(body: bytes | None, content_type: str) -> Any:
    """The parsed JSON body, or ``NO_JSON`` (too large, not JSON, or not read)."""
    if body is None or not body or len(body) > PARSE_CAP:
        return NO_JSON
    first = body.lstrip()[:1]
    if not (is_json_type(content_type) or first in (b"{", b"[")):
        return NO_JSON
    try:
        return json.loads(body)
    except Exception:  # any failure (a RecursionError for deep nesting too): not JSON
        return NO_JSON


def is_parsed(value: Any) -> bool:
    return value is not NO_JSON


_MAX_DEPTH = 64
"""JSON nested deeper than this is not pretty-printed (recursion stays far from the limit)."""


def within_depth(value: Any, limit: int = _MAX_DEPTH) -> bool:
    """True when ``value`` nests lists and objects at most ``limit`` deep (no recursion:
    one level of containers at a time)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return False
        below: list[Any] = []
        for item in level:
            for child in item.values() if isinstance(item, dict) else item:
                if isinstance(child, (dict, list)):
                    below.append(child)
        level = below
    return True


def _scalar(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except Exception:
        return json.dumps(str(value), ensure_ascii=False)


class _Text(str):
    """A piece of output text on the serializer's stack (not a JSON string value)."""


def compact_json(value: Any, width: int) -> str:
    """``value`` as compact JSON, cut after about ``width`` characters (``...`` at the
    cut). Iterative, so any nesting depth is fine."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack:
        if size > width:
            return "".join(out)[:width] + "..."
        item = stack.pop()
        if isinstance(item, _Text):
            piece = str(item)
        elif isinstance(item, dict) and item:
            pending: list[Any] = []
            for key, member in item.items():
                pending.append(_Text(", ") if pending else _Text(""))
                pending.append(_Text(_scalar(key if isinstance(key, str) else str(key)) + ": "))
                pending.append(member)
            stack.append(_Text("}"))
            stack.extend(reversed(pending))
            piece = "{"
        elif isinstance(item, list) and item:
            pending = []
            for member in item:
                if pending:
                    pending.append(_Text(", "))
                pending.append(member)
            stack.append(_Text("]"))
            stack.extend(reversed(pending))
            piece = "["
        elif isinstance(item, (dict, list)):
            piece = "{}" if isinstance(item, dict) else "[]"
        else:
            piece = _scalar(item)
        out.append(piece)
        size += len(piece)
    text = "".join(out)
    return text if len(text) <= width else text[:width] + "..."


_COMPACT_CAP = 16 * 1024
_WIDTH = 88


def pretty_json(value: Any, indent: int = 0, *, checked: bool = False) -> str:
    """Indented JSON that keeps a small object or list on one line. Nesting deeper than
    ``_MAX_DEPTH`` is written compact (and cut at ``PARSE_CAP`` characters) instead;
    ``checked=True`` when the caller has seen that it is not."""
    if not checked and not within_depth(value):
        return compact_json(value, PARSE_CAP)
    return _pretty(value, indent)


def _pretty(value: Any, indent: int) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= _WIDTH or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, indent + 2)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{pad}{_pretty(v, indent + 2)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


# --- the excerpt --------------------------------------------------------------------------


def excerpt(body: bytes, content_type: str, limit: int, parsed: Any = NO_JSON) -> list[str]:
    """The body as lines to show: pretty JSON, text as text, binary as size, a framework's
    debug page as its summary; capped."""
    size = len(body)
    if size == 0:
        return ["(empty body)"]
    if parsed is not NO_JSON and not within_depth(parsed):
        parsed = NO_JSON  # nested too deep to lay out: shown as the text it is
    if (parsed is NO_JSON or not is_textual(content_type)) and looks_binary(body, content_type):
        kind = content_type or "no Content-Type"
        return [f"(binary body: {size:,} bytes, {kind}; not shown)"]
    if parsed is NO_JSON and (not content_type or content_type.endswith("html")):
        page = debug_page(body)
        if page is not None:
            return [_masking().body_text(line) for line in page.summary(size)]
    if parsed is not NO_JSON:
        if size <= _COMPACT_CAP:
            text = pretty_json(parsed, checked=True)
        else:
            text = json.dumps(parsed, indent=2)
        encoded = text.encode("utf-8")
        shown_total = len(encoded)
    else:
        encoded = body
        shown_total = size
        text = ""
    if shown_total > limit:
        cut = encoded[:limit].decode("utf-8", errors="ignore")
        left = shown_total - limit
        lines = _masking().body_text(cut).splitlines() or [""]
        lines.append(
            f"... {left:,} more bytes not shown (body is {size:,} bytes; "
            "raise the ini option restcodes_body_limit to see more)"
        )
        return lines
    if not text:
        text = encoded.decode("utf-8", errors="replace")
    return _masking().body_text(text).splitlines() or [""]


# --- what a JSON body says ------------------------------------------------------------------


def _loc(loc: Any) -> str:
    if isinstance(loc, (list, tuple)):
        return ".".join(_short(p, 80) if isinstance(p, (dict, list)) else str(p) for p in loc)
    return _short(loc) if isinstance(loc, dict) else str(loc)


def _short(value: Any, width: int = 200) -> str:
    text = value if isinstance(value, str) else compact_json(value, width)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


_ITEMS_DEPTH = 8
"""Lists of lists in an ``errors`` member are flattened this deep; deeper is shown compact."""


def _error_items(errors: Any, prefix: str = "", depth: int = 0) -> list[str]:
    """Flatten an ``errors`` member: a list of strings/objects, or a field -> messages map."""
    out: list[str] = []
    if depth > _ITEMS_DEPTH and isinstance(errors, (list, dict)):
        out.append(f"{prefix}: {_short(errors)}" if prefix else _short(errors))
    elif isinstance(errors, str):
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
                out.extend(_error_items(item, prefix, depth + 1))
    elif isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, (list, dict)):
                out.extend(_error_items(value, name, depth + 1))
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
    return [_masking().body_text(line) for line in lines]


# --- HTML pages, scanned with find() in bounded windows -------------------------------------

_SCAN = 64 * 1024
"""Bytes of a body searched for a page's marks (its title, a debug page's summary)."""
_TAG_WINDOW = 4 * 1024
"""Bytes after an opening tag searched for its closing tag (a title, a heading)."""
_VALUE_WINDOW = 16 * 1024
"""Bytes after Django's exception value searched for its end."""


def _between(data: bytes, start: int, close: bytes, window: int) -> bytes | None:
    """``data[start:]`` up to ``close``, when ``close`` comes within ``window`` bytes."""
    end = data.find(close, start, start + window)
    return data[start:end] if end >= 0 else None


def _element(
    data: bytes, opening: bytes, close: bytes, window: int, start: int = 0
) -> bytes | None:
    """The content of the first ``opening ... close`` element at or after ``start``."""
    at = data.find(opening, start)
    if at < 0:
        return None
    return _between(data, at + len(opening), close, window)


def _strip_tags(fragment: bytes) -> str:
    """The text of an HTML fragment: tags dropped, entities resolved, spaces collapsed."""
    import html  # only a failing 5xx with an HTML page gets here

    parts: list[bytes] = []
    pos = 0
    while True:
        lt = fragment.find(b"<", pos)
        if lt < 0:
            parts.append(fragment[pos:])
            break
        parts.append(fragment[pos:lt])
        gt = fragment.find(b">", lt)
        if gt < 0:
            break
        pos = gt + 1
    text = html.unescape(b"".join(parts).decode("utf-8", "replace"))
    return " ".join(text.split())


class DebugPage:
    """What a framework's HTML debug page tells: the exception, where it was raised, and
    the summary rows the page shows above its traceback."""

    __slots__ = ("exception", "framework", "hidden", "location", "rows", "top")

    def __init__(
        self,
        framework: str,
        exception: str,
        location: str | None,
        top: tuple[str, ...],
        rows: tuple[tuple[str, str], ...],
        hidden: str,
    ) -> None:
        self.framework = framework
        self.exception = exception
        """The exception's type and value (``ZeroDivisionError at /crash: division by zero``)."""
        self.location = location
        """Where it was raised (``/srv/app/views.py, line 12, in create``)."""
        self.top = top
        """The page's first lines (its heading, the exception)."""
        self.rows = rows
        """The summary rows (Request Method, Request URL, Django Version...)."""
        self.hidden = hidden
        """What the summary leaves out (the traceback, local variables...)."""

    def exception_line(self) -> str:
        return f"{self.exception} (in {self.location})" if self.location else self.exception

    def summary(self, size: int) -> list[str]:
        """The page as a few lines of text, ending with a note of what is left out."""
        lines = [_short(line, 300) for line in self.top if line]
        if self.location and not any(name == "Exception Location" for name, _ in self.rows):
            lines.append(f"Location: {_short(self.location, 300)}")
        for name, value in self.rows:
            shown = _masking().url(value) if name == "Request URL" else value
            lines.append(f"{name}: {_short(shown, 300)}")
        lines.append(f"({self.framework}'s debug page, {size:,} bytes; not shown: {self.hidden})")
        return lines


# Django's technical 500 page: <header id="summary"> (a div before Django 4.0) holds the
# exception as an <h1>, its value, and a <table class="meta"> of rows
_DJANGO_MARK = b'<div id="traceback">'
_DJANGO_VALUE = b'<pre class="exception_value">'
_SKIPPED_ROWS = frozenset({"Exception Type", "Exception Value", "Python Path"})
_MAX_ROWS = 16
_STARLETTE_MARK = b'<p class="traceback-title">'


def is_markup(body: bytes) -> bool:
    """True for a body that starts as HTML or XML does (``<``, after any blank or BOM)."""
    return body[:1024].lstrip(b" \t\r\n\xef\xbb\xbf")[:1] == b"<"


def debug_page(body: bytes) -> DebugPage | None:
    """Django's technical 500 page or Starlette's debug page (FastAPI's too), read; None
    for any other body."""
    if not is_markup(body):
        return None
    if body.find(_STARLETTE_MARK, 0, _SCAN) >= 0:
        return _starlette_page(body[:_SCAN])
    if body.find(b'id="summary"', 0, _SCAN) >= 0 and body.find(_DJANGO_MARK, 0, 4 * _SCAN) >= 0:
        return _django_page(body[:_SCAN])
    return None


def _django_page(head: bytes) -> DebugPage | None:
    summary = head.find(b'id="summary"')
    heading_bytes = _element(head, b"<h1>", b"</h1>", _TAG_WINDOW, summary)
    if heading_bytes is None:
        return None
    heading = _strip_tags(heading_bytes)
    found = _element(head, _DJANGO_VALUE, b"</pre>", _VALUE_WINDOW, summary)
    value = _strip_tags(found) if found is not None else ""
    exception = f"{heading}: {value}" if value else heading
    rows: list[tuple[str, str]] = []
    location = None
    table = head.find(b'<table class="meta">', summary)
    end = head.find(b"</table>", table) if table >= 0 else -1
    end = end if end >= 0 else len(head)
    pos = table
    while pos >= 0 and len(rows) < _MAX_ROWS:
        th = head.find(b"<th", pos, end)
        if th < 0:
            break
        name_start = head.find(b">", th, end) + 1
        name = _between(head, name_start, b"</th>", _TAG_WINDOW) if name_start > 0 else None
        td = head.find(b"<td", th, end)
        value_start = head.find(b">", td, end) + 1 if td >= 0 else 0
        cell = _between(head, value_start, b"</td>", _VALUE_WINDOW) if value_start > 0 else None
        if name is None or cell is None:
            break
        pos = value_start + len(cell)
        label = _strip_tags(name).rstrip(":").strip()
        text = _strip_tags(cell)
        if label == "Exception Location":
            location = text
        if label and label not in _SKIPPED_ROWS:
            rows.append((label, text))
    return DebugPage(
        "Django",
        exception,
        location,
        (heading, value),
        tuple(rows),
        "its traceback, local variables and settings",
    )


def _starlette_page(head: bytes) -> DebugPage | None:
    mark = head.find(_STARLETTE_MARK)
    heading_bytes = _element(head[:mark], b"<h1>", b"</h1>", _TAG_WINDOW)
    exception_bytes = _element(head[:mark], b"<h2>", b"</h2>", _VALUE_WINDOW)
    if exception_bytes is None:
        return None
    exception = _strip_tags(exception_bytes)
    location = None
    frame = _element(head, b'<p class="frame-title">', b"</p>", _TAG_WINDOW, mark)
    if frame is not None:
        frame = frame.split(b'<span class="collapse-btn"', 1)[0]
        location = _strip_tags(frame).removeprefix("File ").strip() or None
    heading = _strip_tags(heading_bytes) if heading_bytes is not None else ""
    return DebugPage("Starlette", exception, location, (heading, exception), (), "its traceback")


# --- the server's exception -----------------------------------------------------------------

_TRACEBACK = "Traceback (most recent call last):"


def _last_exception_line(text: str) -> str | None:
    start = text.rfind(_TRACEBACK)
    if start < 0:
        return None
    for line in text[start : start + _SCAN].splitlines()[1:]:
        if line and not line.startswith((" ", "\t")):
            return _short(line, 300)
    return None


def server_exception(body: bytes | None, parsed: Any) -> str | None:
    """What a 5xx body tells of the server's exception (Werkzeug, Django, Starlette,
    tracebacks, JSON)."""
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
    page = debug_page(body)
    if page is not None:
        return _short(page.exception_line(), 400)
    lowered = head.lower() if is_markup(head) else b""  # same length: offsets hold in both
    at = lowered.find(b"<title>")
    end = lowered.find(b"</title>", at, at + _TAG_WINDOW) if at >= 0 else -1
    if end >= 0:
        import html  # only a failing 5xx with an HTML page gets here

        title = html.unescape(head[at + 7 : end].decode("utf-8", "replace")).strip()
        if "Werkzeug Debugger" in title:
            return _short(title.replace("// Werkzeug Debugger", "").strip(), 300)
        value = _element(body[: 4 * _SCAN], _DJANGO_VALUE, b"</pre>", _VALUE_WINDOW)
        if " at /" in title or value is not None:
            text = title
            if value is not None:
                text += ": " + html.unescape(value.decode("utf-8", "replace")).strip()
            return _short(text, 300)
    text = head.decode("utf-8", "replace")
    if len(body) > _SCAN:
        text = text[: text.rfind("\n") + 1]  # not a line the scan window cut short
    found = _last_exception_line(text)
    if found:
        return found
    first = text.lstrip().split("\n", 2)
    if len(first) >= 2 and " at /" in first[0] and "Error" in first[0]:  # Django text 500
        return _short(f"{first[0].strip()}: {first[1].strip()}", 300)
    return None
