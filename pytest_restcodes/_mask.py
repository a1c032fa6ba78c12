"""Secrets never reach a failure message: headers and URL query parameters are masked."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

MASK = "***"

_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-csrftoken",
        "x-csrf-token",
        "x-xsrf-token",
        "x-amz-security-token",
    }
)
_SECRET_PARTS = frozenset(
    {
        "token",
        "key",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "signature",
        "sig",
        "auth",
        "session",
        "sessionid",
        "sid",
        "credential",
        "credentials",
        "apikey",
        "accesstoken",
        "jwt",
        "otp",
        "csrf",
        "xsrf",
        "csrftoken",
        "authorization",
    }
)
_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _secret_name(name: str) -> bool:
    parts = _SPLIT.split(name)
    return any(part.lower() in _SECRET_PARTS for part in parts if part) or (
        name.lower().replace("-", "").replace("_", "") in _SECRET_PARTS
    )


def is_secret_header(name: str) -> bool:
    lname = name.lower()
    return lname in _SECRET_HEADERS or _secret_name(name)


_URL_HEADERS = frozenset({"location", "content-location", "referer", "origin"})


def header_value(name: str, value: str) -> str:
    """The value as it may be shown: a scheme is kept (``Bearer ***``), the secret is not;
    a URL (Location, Referer) has its secret query parameters masked."""
    lname = name.lower()
    if lname in _URL_HEADERS:
        return url(value)
    if not is_secret_header(name):
        return value
    if lname in ("authorization", "proxy-authorization"):
        scheme, _, rest = value.partition(" ")
        return f"{scheme} {MASK}" if rest else MASK
    if lname in ("cookie", "set-cookie"):
        # keep cookie names (useful), hide values
        first = value.split(";", 1)[0]
        cname = first.partition("=")[0].strip()
        return f"{cname}={MASK}" if "=" in first else MASK
    return MASK


def url(value: str) -> str:
    """The URL with userinfo passwords and secret-looking query parameters masked."""
    if "?" not in value and "@" not in value:
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        netloc = f"{user}:{MASK}@{host}" if ":" in userinfo else netloc
    query = parts.query
    if query:
        # mask piece by piece, keeping the others exactly as sent (still percent-encoded)
        masked = []
        for piece in query.split("&"):
            key = piece.partition("=")[0]
            masked.append(f"{key}={MASK}" if _secret_name(unquote_plus(key)) else piece)
        query = "&".join(masked)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


_BODY_SECRETS = re.compile(
    r'("(?:[A-Za-z_-]*(?:password|passwd|secret|token|api_?key|apikey|authorization|cookie)'
    r'[A-Za-z_-]*)"\s*:\s*)'
    # the string value: escaped quotes included, and unterminated where an excerpt is cut
    r'"(?:[^"\\]|\\.)*(?:"|\\?$)',
    re.I,
)


def body_text(text: str) -> str:
    """JSON-looking ``"password": "..."`` members in a body excerpt are masked too (and
    echoed ``"Authorization"`` / ``"Cookie"`` headers)."""
    return _BODY_SECRETS.sub(rf'\1"{MASK}"', text)
