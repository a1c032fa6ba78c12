"""Secrets never leave the plugin: one masking policy, for structured data and for text.

**Secret names.** A name (a header, a query, form or cookie key, a JSON key, an XML tag)
is secret when its lower-cased form, separators removed, contains one of ``WORDS``
(``token``, ``key``, ``secret``, ``passw``, ``pwd``, ``auth``, ``session``, ``cookie``,
``signature``, ``credential``, ``private``, ``csrf``, ``xsrf``, ``jwt``, ``bearer``...), or
one of ``SHORT_WORDS`` (``sig``, ``otp``, ``sid``, ``pass``) as a whole part of the name or
at its end (``x-sig``, ``hmacsig``, ``totp``, ``PHPSESSID``, ``db_pass``; not ``design``,
``footprint``, ``inside``, ``passport``). So ``x-authtoken``, ``refreshtoken``,
``password2``, ``oauth2_token``, ``private_key`` and ``X-Api-Key`` are secret. Harmless
words are taken out first (``_HARMLESS``): ``keyword``, ``keyboard``, ``monkey``, ``turkey``,
``author`` (not ``authorization``), ``authorized``, ``authenticated``, ``WWW-Authenticate``,
and token counts such as ``total_tokens``. Anything else that contains a secret word is
masked: masking a harmless value (``idempotency_key``, ``bypass``) costs a little
reading; showing a secret is not an option.

**Where.** :func:`text` is the one text pass every line of output goes through (from
``_render.gate``); it is linear in the length of the text (literal searches and simple
character classes, no nested quantifiers), and masking what it already masked changes
nothing. It masks

- the value after a secret name written ``name=value`` (query strings with ``&`` or
  ``;``, fragments, form bodies, cookies; up to ``& ; #``, a quote, a backslash or a
  blank), ``name = "value"``, ``"name": value`` or ``'name': value`` (JSON and Python
  reprs, escaped JSON inside a JSON string too: a string, a number, or a whole list or
  object), ``<name>value<``, and ``Name: value`` to the end of the line (headers, YAML,
  ``invalid token: ...``; an Authorization scheme is kept: ``Bearer ***``; a cookie
  keeps its name: ``sessionid=***``; a validation error's ``body.password: <message>``
  is the validator's message, not the value, and is kept);
- the ``input`` and ``ctx`` of a validation error written as text whose ``loc`` ends
  in a secret name (``"loc": ["body", "password"], ..., "input": "***"``);
- the same inside a percent-encoded URL (``?next=%2Fcb%3Ftoken%3D***``);
- a URL's whole userinfo (``https://***@host``: user and password alike; JSON's
  ``http:\\/\\/`` too);
- the token after ``Bearer``, and anything shaped like a JWT (``eyJ...``).

Where the structure is known, it is masked first: header values (:func:`header_value`)
and parsed JSON (:func:`json_value`: every value under a secret key, of any type; the
``input`` and ``ctx`` of a validation error whose ``loc`` ends in a secret name; the
``value`` beside a secret ``name``; the second of a ``[name, value]`` pair).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

MASK = "***"

WORDS = (
    "token",
    "key",
    "secret",
    "passw",
    "passphrase",
    "passcode",
    "pwd",
    "auth",
    "session",
    "sessid",
    "cookie",
    "signature",
    "credential",
    "private",
    "csrf",
    "xsrf",
    "jwt",
    "bearer",
)
"""A name containing one of these (lower case, separators removed) is secret."""

SHORT_WORDS = ("sig", "otp", "sid", "pass")
"""Secret as a whole part of a name (``x-sig``, ``otpCode``) or at its end (``hmacsig``)."""

_HARMLESS = re.compile(
    "authori[sz]ed|authenticated|wwwauthenticate|proxyauthenticate|author(?!i[sz])"
    "|keyword|keyboard|keynote|keystroke|keyframe"
    "|monkey|donkey|turkey|hockey|jockey|whiskey"
    "|(?:max|total|prompt|completion|input|output|cached|reasoning)tokens"
)
"""Harmless words taken out of a (flattened) name before it is judged: ``author`` but not
``authoriz...``/``authoris...``, ``authorized``, ``authenticated``, ``WWW-Authenticate``,
``keyword``, ``monkey``..., and token counts (``total_tokens``)."""
_NOT_ALNUM = re.compile(r"[\W_]+")
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

MAX_NAME = 128
"""A longer run of name characters is judged by the secret word found in it alone."""

_CACHE: dict[str, bool] = {}


def is_secret_name(name: str) -> bool:
    """True when a name (header, key, tag) names a secret; see the module's policy."""
    found = _CACHE.get(name)
    if found is not None:
        return found
    key = name
    if "%" in name:
        name = unquote(name)
    flat = _NOT_ALNUM.sub("", name.lower())
    flat = _HARMLESS.sub(" ", flat)  # a space: no secret word is formed across it
    secret = any(word in flat for word in WORDS)
    if not secret:
        tail = flat.rstrip()
        parts = {p.lower() for p in _PARTS.findall(name)}
        secret = any(w in parts or tail.endswith(w) for w in SHORT_WORDS)
    if len(key) <= MAX_NAME:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[key] = secret
    return secret


# --- headers ------------------------------------------------------------------------------

_AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})
_COOKIE_HEADERS = frozenset({"cookie", "set-cookie", "set-cookie2"})
_SECRET_HEADERS = _AUTH_HEADERS | _COOKIE_HEADERS
_SCHEMES = frozenset(
    {
        "basic",
        "bearer",
        "digest",
        "token",
        "negotiate",
        "ntlm",
        "hoba",
        "mutual",
        "dpop",
        "mac",
        "oauth",
        "jwt",
        "apikey",
        "api-key",
        "ssws",
        "splunk",
        "aws",
        "aws4-hmac-sha256",
        "gnap",
        "privatetoken",
        "vapid",
        "scram-sha-1",
        "scram-sha-256",
        "sharedkey",
        "googlelogin",
    }
)
_COOKIE_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}")


def is_secret_header(name: str) -> bool:
    return name.strip().lower() in _SECRET_HEADERS or is_secret_name(name.strip())


def _auth_value(value: str) -> str:
    """``Bearer ***``: a known scheme is kept, everything after it is masked."""
    scheme, _, rest = value.strip().partition(" ")
    return f"{scheme} {MASK}" if rest.strip() and scheme.lower() in _SCHEMES else MASK


def _cookie_value(value: str) -> str:
    """``sessionid=***``: the first cookie's name is kept, values and the rest are not."""
    cname, eq, _ = value.split(";", 1)[0].partition("=")
    cname = cname.strip()
    return f"{cname}={MASK}" if eq and _COOKIE_NAME.fullmatch(cname) else MASK


def header_value(name: str, value: str) -> str:
    """The value as it may be shown: a secret header's value masked (a scheme kept:
    ``Bearer ***``; a cookie's name kept), any other value through :func:`text` (a URL
    in Location, Referer or Link gets its userinfo and secret parameters masked)."""
    lname = name.strip().lower()
    if lname in _AUTH_HEADERS:
        return _auth_value(value)
    if lname in _COOKIE_HEADERS:
        return _cookie_value(value)
    if is_secret_name(name.strip()):
        return MASK
    return text(value)


def url(value: str) -> str:
    """The URL with its userinfo and its secret query and fragment parameters masked
    (a URL that no parser accepts too: the text is masked as text)."""
    return text(value)


def body_text(value: str) -> str:
    """A body excerpt (possibly cut anywhere): :func:`text`, and an authority that runs to
    the very end of the excerpt without looking like a host is masked (it may be a
    userinfo cut before its ``@``)."""
    return text(value, cut=True)


# --- text ---------------------------------------------------------------------------------

_HITS = (
    r"token|secret|pass|pwd|auth|session|cookie|sig|credential|private|csrf|xsrf|jwt|key"
    r"|bearer|otp|sid"
)
_HIT = re.compile(_HITS)  # searched in the lower-cased text: ten times faster than ...
_HIT_ANY_CASE = re.compile(_HITS, re.IGNORECASE)  # ... this, kept for a text whose length
# lower-casing changes (a few Unicode letters)
_RUN = re.compile(r"[\w.\-%+\[\]]*")
_NOT_NAME = re.compile(r"[^\w.\-%+\[\]]")
_NAME_CHARS = frozenset("_.-%+[]")
_QUOTE_OR_LINE = re.compile("[\"'\n]")
_BLANKS = re.compile(r"[ \t\r\n]*")
_ASSIGN = re.compile(r"[ \t]{0,8}=[ \t]{0,8}")
_QUOTES = "\"'"
_VALUE_END = re.compile(r"[&;#\s\"'<>\\]")
_SCALAR_END = re.compile(r"[,}\])\s]")
_STRING_STOP = {'"': re.compile(r'["\\\n]'), "'": re.compile(r"['\\\n]")}
_ESCAPED_STRING_END = re.compile(r'\\"|\n')
_STRUCT = {'"': re.compile(r'[\[\]{}"\\]'), "'": re.compile(r"[\[\]{}'\\]")}
_SLASHES = re.compile(r"//|\\/\\/")  # and JSON's escaped \/\/
_AUTHORITY_END = re.compile(r"[/?#\s\"'<>\\]")
_B64 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_HOSTLIKE = re.compile(r"[.:\[]")
_SPACE = " \t"
_WINDOW = 64
"""How far a key's quotes, or the blanks around its colon, may be from the name."""


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in _NAME_CHARS


def _string_end(s: str, i: int, quote: str) -> int:
    """The end of the string that starts at ``i`` (a line's end when unterminated)."""
    stop = _STRING_STOP[quote]
    j = i + 1
    while True:
        m = stop.search(s, j)
        if m is None:
            return len(s)
        char = m.group()
        if char == "\\":
            j = m.end() + 1
        elif char == "\n":
            return m.start()
        else:
            return m.end()


def _struct_end(s: str, i: int, quote: str) -> int:
    """The end of the list or object that starts at ``i`` (the text's end when cut)."""
    stop = _STRUCT[quote]
    depth = 0
    in_string = False
    j = i
    while True:
        m = stop.search(s, j)
        if m is None:
            return len(s)
        char = m.group()
        j = m.end()
        if char == "\\":
            j += 1
        elif char == quote:
            in_string = not in_string
        elif in_string:
            continue
        elif char in "[{":
            depth += 1
        else:
            depth -= 1
            if depth <= 0:
                return j


def _member_value(s: str, i: int, quote: str, escaped: bool) -> tuple[int, str]:
    """The end of the JSON (or Python) value starting at ``i``, and its replacement."""
    if escaped and s.startswith('\\"', i):
        m = _ESCAPED_STRING_END.search(s, i + 2)
        end = len(s) if m is None else (m.end() if m.group() != "\n" else m.start())
        return end, f'\\"{MASK}\\"'
    char = s[i]
    shown = f"{quote}{MASK}{quote}"
    if char in _QUOTES:
        return _string_end(s, i, char), shown
    if char in "[{":
        return _struct_end(s, i, quote), shown
    m = _SCALAR_END.search(s, i)
    return (len(s) if m is None else m.start()), shown


def _key_member(s: str, start: int, end: int) -> tuple[int, int, str] | None:
    """``"name": value`` (or ``'name': value``, or ``\\"name\\": value`` inside a JSON
    string) around the name at ``start:end``: the value's span and its replacement."""
    n = len(s)
    low = max(0, start - _WINDOW)
    k = max(s.rfind('"', low, start), s.rfind("'", low, start), s.rfind("\n", low, start))
    if k < 0 or s[k] not in _QUOTES:
        return None
    quote = s[k]
    escaped = k >= 1 and s[k - 1] == "\\"
    m = _QUOTE_OR_LINE.search(s, end, min(n, end + _WINDOW))
    if m is None or m.group() != quote:
        return None
    j = _BLANKS.match(s, m.end(), min(n, m.end() + _WINDOW)).end()  # type: ignore[union-attr]
    if j >= n or s[j] != ":":
        return None
    j = _BLANKS.match(s, j + 1, min(n, j + 1 + _WINDOW)).end()  # type: ignore[union-attr]
    if j >= n or s[j] in ",}]":
        return None
    value_end, shown = _member_value(s, j, quote, escaped)
    return j, value_end, shown


def _assigned(s: str, end: int) -> tuple[int, int, str] | None:
    """``name=value`` (a query, a fragment, a form, a cookie), ``name = 'value'``."""
    n = len(s)
    m = _ASSIGN.match(s, end)
    if m is None:
        return None
    j = m.end()
    if j >= n or s[j] == "=":
        return None  # a comparison (==), or nothing
    if s[j] in _QUOTES:
        return j, _string_end(s, j, s[j]), f"{s[j]}{MASK}{s[j]}"
    if m.end() - m.start() > 1:
        return None  # name = value, unquoted: prose, not an assignment
    stop = _VALUE_END.search(s, j)
    value_end = n if stop is None else stop.start()
    return (j, value_end, MASK) if value_end > j else None


_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "form"})
"""Where a validation error's ``loc`` starts (FastAPI): ``body.password: <message>``."""


def _colon_value(s: str, start: int, end: int, name: str) -> tuple[int, int, str] | None:
    """``Name: value`` to the end of the line (a header, YAML, ``invalid token: ...``)."""
    n = len(s)
    if end >= n or s[end] != ":" or (end + 1 < n and s[end + 1] not in " \t\n"):
        return None
    if name.partition(".")[0].lower() in _LOCATIONS and "." in name:
        return None  # "body.password: Field required": a validator's message, no value
    if start and not (s[start - 1].isspace() or s[start - 1] in "([{,;"):
        return None
    j = end + 1
    while j < n and s[j] in _SPACE:
        j += 1
    line_end = s.find("\n", j)
    if line_end < 0:
        line_end = n
    value = s[j:line_end].rstrip("\r")
    if not value:
        return None
    return j, j + len(value), header_value(name, value)


def _after_bearer(s: str, end: int) -> tuple[int, int, str] | None:
    """The token after ``Bearer `` (not an auth-param such as ``realm="api"``)."""
    if not s.startswith(" ", end):
        return None
    m = _B64.match(s, end + 1)
    if m is None or s.startswith('"', m.end()):
        return None
    return m.start(), m.end(), MASK


def _keyed(s: str, start: int, end: int, name: str) -> tuple[int, int, str] | None:
    """The value written after the secret name at ``start:end``, if any syntax gives one."""
    n = len(s)
    nxt = s[end] if end < n else ""
    if nxt in "= \t":
        found = _assigned(s, end)
        if found is not None:
            return found
    if nxt == ">" and start and s[start - 1] == "<":
        close = s.find("<", end + 1)
        value_end = n if close < 0 else close
        return (end + 1, value_end, MASK) if value_end > end + 1 else None
    found = _key_member(s, start, end)
    if found is not None:
        return found
    if nxt == ":":
        return _colon_value(s, start, end, name)
    if name.lower() == "bearer":
        return _after_bearer(s, end)
    return None


def _run_start(s: str, h: int, done: int) -> int:
    """Where the run of name characters that holds ``h`` starts (not before ``done``).
    Windows grow fourfold, so a run costs what it is long, however many hits it holds."""
    size = MAX_NAME
    while True:
        low = max(done, h - size)
        back = _NOT_NAME.search(s[low:h][::-1])
        if back is not None:
            return h - back.start()
        if low == done:
            return low
        size *= 4


def _mask_keyed(s: str) -> str:
    pieces: list[str] = []
    done = 0  # s[:done] is in pieces
    pos = 0
    n = len(s)
    lowered = s.lower()
    search, where = (_HIT.search, lowered) if len(lowered) == n else (_HIT_ANY_CASE.search, s)
    while True:
        hit = search(where, pos)
        if hit is None:
            break
        h = hit.start()
        end = _RUN.match(s, h).end()  # type: ignore[union-attr]
        start = _run_start(s, h, done)
        # a run too long for a name is judged by its secret word alone
        name = s[start:end] if end - start <= MAX_NAME else s[h : hit.end()]
        if not is_secret_name(name):
            pos = max(end, hit.end())
            continue
        found = _keyed(s, start, end, name)
        if found is None:
            pos = max(end, hit.end())
            continue
        value_start, value_end, shown = found
        if s[value_start:value_end] != shown:
            pieces.append(s[done:value_start])
            pieces.append(shown)
            done = value_end
        pos = max(value_end, end, hit.end())
        if pos >= n:
            break
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


_ENCODED_EQUALS = re.compile("%3d", re.IGNORECASE)
_NAME_AFTER = ("%26", "%3f", "%3F", "%23", "%3b", "%3B", "%2f", "%2F")  # & ? # ; /
_VALUE_BEFORE = ("%26", "%23", "%3b", "%3B")  # & # ;


def _mask_encoded(s: str) -> str:
    """``name%3Dvalue``: a query inside a percent-encoded URL (``?next=%2Fcb%3Ftoken%3D...``)."""
    pieces: list[str] = []
    done = 0
    pos = 0
    lowered = s.lower()
    search, where = (_HIT.search, lowered) if len(lowered) == len(s) else (_HIT_ANY_CASE.search, s)
    while True:
        eq = _ENCODED_EQUALS.search(s, pos)
        if eq is None:
            break
        k = eq.start()
        pos = eq.end()
        low = max(done, k - MAX_NAME)
        if search(where, low, k) is None:
            continue  # no secret word just before: the common case, and a cheap one
        back = _NOT_NAME.search(s[low:k][::-1])
        start = k - back.start() if back is not None else low
        start = max([start, *(s.rfind(sep, start, k) + 3 for sep in _NAME_AFTER)])
        if start >= k or not is_secret_name(s[start:k]):
            continue
        stop = _VALUE_END.search(s, pos)
        value_end = len(s) if stop is None else stop.start()
        for sep in _VALUE_BEFORE:
            found = s.find(sep, pos, value_end)
            if found >= 0:
                value_end = found
        if value_end > pos and s[pos:value_end] != MASK:
            pieces += [s[done:pos], MASK]
            done = value_end
        pos = max(pos, value_end)
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def _mask_userinfo(s: str, cut: bool) -> str:
    pieces: list[str] = []
    done = 0
    pos = 0
    n = len(s)
    while True:
        slashes = _SLASHES.search(s, pos)
        if slashes is None:
            break
        a = slashes.end()
        m = _AUTHORITY_END.search(s, a)
        e = n if m is None else m.start()
        at = s.rfind("@", a, e)
        if at > a and s[a:at] != MASK:
            pieces += [s[done:a], MASK]
            done = at
        elif cut and m is None and e > a and not _HOSTLIKE.search(s, a, e):
            pieces += [s[done:a], MASK]  # cut before its "@"? never show it
            done = e
        pos = max(e, a)
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def _mask_jwts(s: str) -> str:
    pieces: list[str] = []
    done = 0
    pos = 0
    while True:
        p = s.find("eyJ", pos)
        if p < 0:
            break
        first = _B64URL.match(s, p).end()  # type: ignore[union-attr]
        pos = first
        if first - p < 10 or not s.startswith(".", first) or (p and _is_name_char(s[p - 1])):
            continue
        second = _B64URL.match(s, first + 1).end()  # type: ignore[union-attr]
        pos = second
        if second - first < 3 or not s.startswith(".", second):
            continue
        third = _B64URL.match(s, second + 1).end()  # type: ignore[union-attr]
        pieces += [s[done:p], MASK]
        done = pos = third
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


_LOC = re.compile(r"""["']loc["'][ \t]*:[ \t]*[\[(]""")
_LOC_ITEMS = re.compile(r"[^\])\n]{0,300}[\])]")
_ERROR_MEMBERS = re.compile(r"""(["'])(input|ctx|loc)\1[ \t]*:[ \t]*""")
_ERROR_WINDOW = 2_000
"""How far after a validation error's ``loc`` its ``input`` and ``ctx`` are looked for."""


def _mask_validation(s: str) -> str:
    """The ``input`` and ``ctx`` of a validation error written as text (FastAPI, pydantic:
    ``{"loc": ["body", "password"], "msg": "...", "input": "..."}``) whose ``loc`` ends in
    a secret name."""
    pieces: list[str] = []
    done = 0
    pos = 0
    while True:
        loc = _LOC.search(s, pos)
        if loc is None:
            break
        pos = loc.end()
        items = _LOC_ITEMS.match(s, pos)
        if items is None:
            continue
        pos = items.end()
        listed = items.group()[:-1].rstrip(" \t,")
        quote = listed[-1:]
        if quote not in ("'", '"'):
            continue  # no name last (an index), or none at all
        name = listed[listed.rfind(quote, 0, len(listed) - 1) + 1 : -1]
        if not is_secret_name(name):
            continue
        high = min(len(s), pos + _ERROR_WINDOW)
        while True:
            member = _ERROR_MEMBERS.search(s, pos, high)
            if member is None or member.group(2) == "loc":
                break  # the next error's loc: its own business
            j = member.end()
            if j >= len(s):
                break
            end, shown = _member_value(s, j, member.group(1), False)
            if s[j:end] != shown:
                pieces += [s[done:j], shown]
                done = end
            pos = max(pos, end)
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def text(value: str, cut: bool = False) -> str:
    """Any text with its secrets masked (see the module's policy). Linear in the length
    of the text; masking a masked text again changes nothing."""
    if "//" in value or "\\/\\/" in value:
        value = _mask_userinfo(value, cut)
    if "eyJ" in value:
        value = _mask_jwts(value)
    if "loc" in value:
        value = _mask_validation(value)
    if "%3" in value:
        value = _mask_encoded(value)
    return _mask_keyed(value)


# --- structured JSON ----------------------------------------------------------------------

_MAX_DEPTH = 200
"""Deeper than this, a JSON value is masked whole (no recursion near Python's limit)."""
_NAME_KEYS = ("name", "key", "header", "field", "param", "parameter")


def _secret_loc(loc: Any) -> bool:
    """A validation error's ``loc`` (``["body", "password"]``) that ends in a secret name."""
    if not isinstance(loc, (list, tuple)):
        return isinstance(loc, str) and is_secret_name(loc.rpartition(".")[2])
    for part in reversed(loc):
        if isinstance(part, str):
            return is_secret_name(part)
    return False


def json_value(value: Any, depth: int = 0) -> Any:
    """A copy of parsed JSON with every secret masked: the value of a secret key (of any
    type), the ``input`` and ``ctx`` of a validation error whose ``loc`` ends in a secret
    name, the ``value`` beside a secret ``name``, the second of a ``[name, value]`` pair;
    strings go through :func:`text`."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, (dict, list)) and depth >= _MAX_DEPTH:
        return MASK
    if isinstance(value, dict):
        hide: set[str] = set()
        if "loc" in value and _secret_loc(value["loc"]):
            hide.update(("input", "ctx"))
        if "value" in value and any(
            isinstance(value.get(k), str) and is_secret_name(value[k]) for k in _NAME_KEYS
        ):
            hide.add("value")
        out: dict[Any, Any] = {}
        for key, member in value.items():
            skey = key if isinstance(key, str) else str(key)
            if key in hide or is_secret_name(skey):
                out[text(skey)] = MASK
            else:
                out[text(skey)] = json_value(member, depth + 1)
        return out
    if isinstance(value, list):
        if (
            len(value) == 2
            and isinstance(value[0], str)
            and len(value[0]) <= MAX_NAME
            and is_secret_name(value[0])
        ):
            return [text(value[0]), MASK]
        return [json_value(member, depth + 1) for member in value]
    return value
