"""Secrets never reach a failure message: headers and URL query parameters are masked."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

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
_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _secret_name(name: str) -> bool:
    parts = _SPLIT.split(name)
    return any(part.lower() in _SECRET_PARTS for part in parts if part) or (
        name.lower().replace("-", "").replace("_", "") in _SECRET_PARTS
    )


def is_secret_header(name: str) -> bool:
    lname = name.lower()
    return lname in _SECRET_HEADERS or _secret_name(name)


def header_value(name: str, value: str) -> str:
    """The value as it may be shown: a scheme is kept (``Bearer ***``), the secret is not."""
    if not is_secret_header(name):
        return value
    lname = name.lower()
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
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_secret_name(k) for k, _ in pairs):
            query = "&".join(f"{k}={MASK}" if _secret_name(k) else f"{k}={v}" for k, v in pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


_BODY_SECRETS = re.compile(
    r'("(?:[A-Za-z_-]*(?:password|passwd|secret|token|api_?key|apikey)[A-Za-z_-]*)"\s*:\s*)"[^"]*"',
    re.I,
)


def body_text(text: str) -> str:
    """JSON-looking ``"password": "..."`` members in a body excerpt are masked too."""
    return _BODY_SECRETS.sub(rf'\1"{MASK}"', text)
