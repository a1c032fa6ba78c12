"""The checker's rule catalogue: each rule is defined, documented and sourced in one place.

``docs/rules.md`` is generated from these objects (``python -m pytest_restcodes.docs``);
a test fails when the file and the code disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_tz
from typing import Literal

from ._body import NO_JSON, is_json_type
from ._settings import PROFILES
from ._view import ResponseView

__all__ = ["PROFILES", "RULES", "Rule", "resolve"]

Severity = Literal["error", "warning", "off"]
CHECK_CAP = 64 * 1024
"""Heuristic rules look at bodies of at most this many bytes, and only bodies already read."""

DOCS_URL = "https://github.com/pytest-restcodes/pytest-restcodes/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue."""

    code: str
    """Stable short code, never renumbered (``RC101``)."""
    name: str
    """The user-facing identifier, kebab-case, naming the flagged pattern."""
    rulebook: Severity
    """Severity in the default ``rulebook`` profile."""
    rfc: Severity
    """Severity in the ``rfc`` profile."""
    summary: str
    why: str
    example: str
    """A response (and request, where it matters) that triggers the rule."""
    clean: str
    """The same exchange done right."""
    fix: str
    source: str
    applies: Callable[[int], bool] = field(repr=False)
    """Which statuses the rule looks at (it is never run for the others)."""
    check: Callable[[ResponseView], str | None] = field(repr=False)
    """What was observed, or None when the response is fine."""
    escalate: frozenset[int] = frozenset()
    """Statuses for which a warning of this rule is an error."""
    acknowledged_by_helper: bool = False
    """A helper asserting the response's own code acknowledges it (no finding)."""

    def severity(self, profile: str) -> Severity:
        return self.rulebook if profile == "rulebook" else self.rfc

    @property
    def anchor(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"


def _one(code: int) -> Callable[[int], bool]:
    return lambda status: status == code


def _any(status: int) -> bool:
    return True


def _method(v: ResponseView) -> str:
    return v.method or ""


def _content_length(v: ResponseView) -> int | None:
    value = v.header("content-length")
    if value is None:
        return None
    try:
        return int(value.split(",")[0].strip())
    except ValueError:
        return None


def _carries_content(v: ResponseView, *, trust_length: bool = True) -> str | None:
    body = v.body
    if body:
        return f"a body of {len(body):,} bytes"
    if trust_length:
        length = _content_length(v)
        if length:
            return f"Content-Length: {length}"
    return None


# --- the checks -------------------------------------------------------------------------


def _invalid_status(v: ResponseView) -> str | None:
    return f"status {v.status} is outside 100-599"


def _server_error(v: ResponseView) -> str | None:
    return f"the server answered {v.status}"


def _no_allow(v: ResponseView) -> str | None:
    return None if v.has_header("allow") else "405 without an Allow header"


def _allow_lists_method(v: ResponseView) -> str | None:
    allow, method = v.header("allow"), _method(v)
    if not allow or not method:
        return None
    methods = {m.strip().upper() for m in allow.split(",")}
    return (
        f"{method} was refused, yet Allow lists it: Allow: {allow}" if method in methods else None
    )


def _no_challenge(v: ResponseView) -> str | None:
    return None if v.has_header("www-authenticate") else "401 without a WWW-Authenticate header"


def _no_content_body(v: ResponseView) -> str | None:
    found = _carries_content(v)
    return f"204 with {found}" if found else None


def _not_modified_body(v: ResponseView) -> str | None:
    # Content-Length alone may describe the 200 the client has cached: bytes only
    found = _carries_content(v, trust_length=False)
    return f"304 with {found}" if found else None


def _head_body(v: ResponseView) -> str | None:
    if _method(v) != "HEAD":
        return None
    found = _carries_content(v, trust_length=False)
    return f"the response to HEAD carries {found}" if found else None


def _unconditional_304(v: ResponseView) -> str | None:
    method = _method(v)
    if not method:
        return None
    if method not in ("GET", "HEAD"):
        return f"304 to {method}: only GET and HEAD can be answered Not Modified"
    if v.request_header("if-none-match") or v.request_header("if-modified-since"):
        return None
    return "304 to a request with neither If-None-Match nor If-Modified-Since"


def _created_no_location(v: ResponseView) -> str | None:
    if v.has_header("location"):
        return None
    method = _method(v)
    if method == "PUT":  # PUT creates at the target URI: no Location needed
        return None
    return f"201 to {method or 'a request'} without a Location header"


def _created_safe(v: ResponseView) -> str | None:
    method = _method(v)
    return (
        f"201 to {method}, a safe method" if method in ("GET", "HEAD", "OPTIONS", "TRACE") else None
    )


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _redirect_no_location(v: ResponseView) -> str | None:
    return None if v.has_header("location") else f"{v.status} without a Location header"


def _found(v: ResponseView) -> str | None:
    return "302 Found"


_ERROR_HINT = re.compile(rb'"(?:error|errors|ok|success|status)"\s*:')


def _error_body(v: ResponseView) -> str | None:
    if (
        v.status == 207
        or not is_json_type(v.content_type)
        or v.content_type == ("application/graphql-response+json")
    ):
        return None
    body = v.body
    if not body or len(body) > CHECK_CAP or not _ERROR_HINT.search(body):
        return None  # cheap byte scan first: most bodies are never parsed here
    data = v.json(CHECK_CAP)
    if not isinstance(data, dict) or "data" in data or "jsonrpc" in data:
        return None
    for key in ("error", "errors"):
        value = data.get(key)
        if value and not (data.keys() - {"error", "errors", "message", "code", "detail"}):
            return f'{v.status} whose JSON body holds "{key}": {_clip(value)}'
    if data.get("ok") is False:
        return f'{v.status} whose JSON body says "ok": false'
    if data.get("success") is False:
        return f'{v.status} whose JSON body says "success": false'
    status = data.get("status")
    if isinstance(status, str) and status.lower() in ("error", "fail", "failed", "failure"):
        return f'{v.status} whose JSON body says "status": "{status}"'
    return None


def _clip(value: object, width: int = 80) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


def _success_problem(v: ResponseView) -> str | None:
    if v.content_type == "application/problem+json":
        return f"{v.status} with Content-Type: application/problem+json"
    return None


def _problem_mismatch(v: ResponseView) -> str | None:
    if v.content_type != "application/problem+json":
        return None
    data = v.json(CHECK_CAP)
    if not isinstance(data, dict):
        return None
    status = data.get("status")
    if isinstance(status, int) and not isinstance(status, bool) and status != v.status:
        return f'HTTP status {v.status}, but the problem details say "status": {status}'
    return None


def _valid_retry_after(value: str) -> bool:
    value = value.strip()
    if value.isdigit():
        return True
    return parsedate_tz(value) is not None


# where Retry-After means something: redirects, 413, 429, 503 (RFC 9110 §10.2.3, RFC 6585)
_RETRY_STATUSES = frozenset({301, 302, 303, 307, 308, 413, 429, 503})


def _retry_after(v: ResponseView) -> str | None:
    value = v.header("retry-after")
    if value is None or _valid_retry_after(value):
        return None
    return f"Retry-After: {value!r} is neither a number of seconds nor an HTTP-date"


def _json_mismatch(v: ResponseView) -> str | None:
    if not is_json_type(v.content_type):
        return None
    body = v.body
    if not body or len(body) > CHECK_CAP or v.method == "HEAD":
        return None
    if _looks_like_json(body):  # the hot path parses nothing that looks right
        return None
    if v.json(CHECK_CAP) is NO_JSON:
        return f"Content-Type: {v.content_type}, but the body is not valid JSON"
    return None


_JSON_ENDS = {ord("{"): b"}", ord("["): b"]", ord('"'): b'"'}


def _looks_like_json(body: bytes) -> bool:
    """A cheap shape check: an object, array or string that is closed, and not a Python
    repr with single quotes. Only bodies that fail it are parsed to confirm."""
    head = body[:16].lstrip()  # slices, not a strip() copy of the whole body
    tail = body[-16:].rstrip()
    if not head or not tail:
        return False
    closing = _JSON_ENDS.get(head[0])
    if closing is None:  # a bare number, true, false or null: parse to be sure
        return False
    return tail.endswith(closing) and head[1:2] != b"'" and len(body) > 1


_TRACE_MARKS = (
    b"Traceback (most recent call last)",
    b"Werkzeug Debugger",
    b'<div id="traceback">',  # Django's technical 500 page
    b"<h2>Traceback <span",
)


def _stack_trace(v: ResponseView) -> str | None:
    body = v.body
    if not body:
        return None
    head = body[:CHECK_CAP]
    for mark in _TRACE_MARKS:
        if mark in head:
            return f"the {v.status} body exposes a stack trace ({mark.decode()!s}...)"
    return None


def _no_retry_after(v: ResponseView) -> str | None:
    return None if v.has_header("retry-after") else "429 without a Retry-After header"


def _412_without_precondition(v: ResponseView) -> str | None:
    if not v.method:
        return None
    for name in ("if-match", "if-none-match", "if-unmodified-since", "if-modified-since"):
        if v.request_header(name):
            return None
    return (
        "412 to a request that sent no precondition (If-Match, If-None-Match, If-Unmodified-Since)"
    )


def _406_without_accept(v: ResponseView) -> str | None:
    if not v.method:
        return None
    accept = v.request_header("accept")
    if accept and accept.strip() not in ("*/*", ""):
        return None
    shown = f"Accept: {accept}" if accept else "no Accept header"
    return f"406 to a request with {shown}: nothing was negotiated"


def _415_without_content(v: ResponseView) -> str | None:
    if not v.method:
        return None
    if v.request_header("content-type"):
        return None
    length = v.request_header("content-length")
    if length and length.strip() not in ("0", ""):
        return None
    return "415 to a request with no content and no Content-Type"


# --- the catalogue ------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RC001",
        name="invalid-status-code",
        rulebook="error",
        rfc="error",
        summary="The status code is outside the range 100-599.",
        why="HTTP defines only three-digit codes from 100 to 599; clients, proxies and caches "
        "reject or mishandle anything else. A 0 usually comes from a mock left unconfigured.",
        example="HTTP/1.1 0\n(a mock returning status 0)",
        clean="HTTP/1.1 200 OK",
        fix="Answer a registered code for what happened (or configure the mock's status).",
        source="RFC 9110 §15 MUST",
        applies=lambda s: s < 100 or s > 599,
        check=_invalid_status,
        acknowledged_by_helper=True,
    ),
    Rule(
        code="RC002",
        name="server-error",
        rulebook="error",
        rfc="error",
        summary="A 5xx response that no helper asserted.",
        why="A 5xx means the API malfunctioned. One hidden in a fixture or a setup call lets a "
        "test pass on a broken server. Asserting it on purpose "
        "(`assert_internal_server_error(resp)`, `assert_server_error(resp)`) acknowledges it.",
        example="GET /books/boom\n\nHTTP/1.1 500 Internal Server Error",
        clean="GET /books/boom\n\nHTTP/1.1 200 OK\n\n"
        "(or, when the test means it: assert_internal_server_error(resp))",
        fix="Fix the server bug; when the test provokes the 5xx on purpose, assert it with a "
        "helper so the checker knows.",
        source="rulebook 500; schemathesis not_a_server_error",
        applies=lambda s: 500 <= s <= 599,
        check=_server_error,
        acknowledged_by_helper=True,
    ),
    Rule(
        code="RC101",
        name="method-not-allowed-without-allow",
        rulebook="error",
        rfc="error",
        summary="A 405 response without an Allow header.",
        why="The client cannot learn which methods the resource supports. An empty `Allow:` is "
        "valid (no method allowed): only a missing header is flagged.",
        example="DELETE /books\n\nHTTP/1.1 405 Method Not Allowed",
        clean="DELETE /books\n\nHTTP/1.1 405 Method Not Allowed\nAllow: GET, POST",
        fix="Send `Allow: GET, POST` listing the methods the resource supports.",
        source="RFC 9110 §15.5.6 and §10.2.1 MUST; rulebook 405",
        applies=_one(405),
        check=_no_allow,
    ),
    Rule(
        code="RC102",
        name="allow-lists-request-method",
        rulebook="warning",
        rfc="warning",
        summary="A 405 whose Allow header lists the very method it refused.",
        why="The response contradicts itself: Allow says the method is supported, the status "
        "says it is not. Usually a routing table and a handler disagree.",
        example="DELETE /books\n\nHTTP/1.1 405 Method Not Allowed\nAllow: GET, POST, DELETE",
        clean="DELETE /books\n\nHTTP/1.1 405 Method Not Allowed\nAllow: GET, POST",
        fix="List only the methods the resource really supports in Allow.",
        source="REDbot STATUS_405_METHOD_IN_ALLOW",
        applies=_one(405),
        check=_allow_lists_method,
    ),
    Rule(
        code="RC103",
        name="unauthorized-without-challenge",
        rulebook="error",
        rfc="error",
        summary="A 401 response without a WWW-Authenticate challenge.",
        why="A 401 must tell the client how to authenticate. Very common in token APIs; when "
        "the request is authenticated but not allowed, the right answer is 403.",
        example="POST /books\n\nHTTP/1.1 401 Unauthorized",
        clean='POST /books\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="api"',
        fix='Send `WWW-Authenticate: Bearer realm="api"` (or the scheme the API uses); if the '
        "client is known but not allowed, answer 403.",
        source="RFC 9110 §15.5.2 and §11.6.1 MUST",
        applies=_one(401),
        check=_no_challenge,
    ),
    Rule(
        code="RC104",
        name="no-content-with-body",
        rulebook="error",
        rfc="error",
        summary="A 204 response that carries content (or a non-zero Content-Length).",
        why="A 204 ends at its headers: clients will not read a body, and the stray bytes can "
        "corrupt the next response on a kept-alive connection. Several stacks strip the body "
        "before a test sees it, so a non-zero Content-Length counts too.",
        example="DELETE /books/1\n\nHTTP/1.1 204 No Content\nContent-Length: 16\n\n"
        '{"deleted": true}',
        clean="DELETE /books/1\n\nHTTP/1.1 204 No Content",
        fix="Send no body with 204; if the client needs a result, answer 200 with it.",
        source="RFC 9110 §15.3.5 and §6.4.1 MUST NOT",
        applies=_one(204),
        check=_no_content_body,
    ),
    Rule(
        code="RC105",
        name="not-modified-with-body",
        rulebook="error",
        rfc="error",
        summary="A 304 response that carries content.",
        why="A 304 tells the client to use its cached copy; it has no content. A Content-Length "
        "alone is fine (it describes the cached representation).",
        example='GET /books/1\nIf-None-Match: "v1"\n\nHTTP/1.1 304 Not Modified\n\n{"id": 1}',
        clean='GET /books/1\nIf-None-Match: "v1"\n\nHTTP/1.1 304 Not Modified\nETag: "v1"',
        fix="Send no body with 304; repeat the ETag instead.",
        source="RFC 9110 §15.4.5 MUST NOT",
        applies=_one(304),
        check=_not_modified_body,
    ),
    Rule(
        code="RC106",
        name="head-with-body",
        rulebook="error",
        rfc="error",
        summary="A response to HEAD that carries content.",
        why="HEAD asks for the headers a GET would send, without the content; a client will "
        "not read a body and the connection breaks.",
        example='HEAD /books/1\n\nHTTP/1.1 200 OK\n\n{"id": 1}',
        clean="HEAD /books/1\n\nHTTP/1.1 200 OK\nContent-Length: 9",
        fix="Send the headers of the GET response and no body.",
        source="RFC 9110 §9.3.2 MUST NOT",
        applies=_any,
        check=_head_body,
    ),
    Rule(
        code="RC107",
        name="not-modified-unconditional",
        rulebook="error",
        rfc="error",
        summary="A 304 to a request that was not conditional, or not a GET or HEAD.",
        why="304 answers a conditional GET or HEAD (If-None-Match, If-Modified-Since). To any "
        "other request the client has no cached copy to use.",
        example="GET /books/1\n\nHTTP/1.1 304 Not Modified",
        clean='GET /books/1\nIf-None-Match: "v1"\n\nHTTP/1.1 304 Not Modified\nETag: "v1"',
        fix="Answer 304 only when the request's If-None-Match / If-Modified-Since matches; "
        "otherwise send the representation with 200.",
        source="RFC 9110 §15.4.5 and §13.1.3",
        applies=_one(304),
        check=_unconditional_304,
    ),
    Rule(
        code="RC108",
        name="created-without-location",
        rulebook="warning",
        rfc="warning",
        summary="A 201 response without a Location header (PUT is exempt).",
        why="The client that created a resource needs its URI to use it. A PUT creates at the "
        "URI it targeted, so it needs none.",
        example='POST /books\n\nHTTP/1.1 201 Created\n\n{"id": 7}',
        clean='POST /books\n\nHTTP/1.1 201 Created\nLocation: /books/7\n\n{"id": 7}',
        fix="Send `Location: /books/7` with the new resource's URI.",
        source="RFC 9110 §9.3.3 and §15.3.2 SHOULD; rulebook 201",
        applies=_one(201),
        check=_created_no_location,
    ),
    Rule(
        code="RC109",
        name="created-on-safe-method",
        rulebook="warning",
        rfc="warning",
        summary="A 201 to GET, HEAD, OPTIONS or TRACE.",
        why="Safe methods must not change the server's state, so they cannot create anything. "
        "Crawlers and prefetchers call them freely.",
        example="GET /books/new\n\nHTTP/1.1 201 Created\nLocation: /books/8",
        clean="POST /books\n\nHTTP/1.1 201 Created\nLocation: /books/8",
        fix="Create resources with POST (or PUT); answer GET with 200.",
        source="RFC 9110 §9.2.1; REDbot CREATED_SAFE_METHOD",
        applies=_one(201),
        check=_created_safe,
    ),
    Rule(
        code="RC110",
        name="redirect-without-location",
        rulebook="warning",
        rfc="warning",
        summary="A 301, 302, 303, 307 or 308 without a Location header (an error for 303).",
        why="A redirect without a target leaves the client nowhere to go. For 303 the target "
        "is the whole point of the response.",
        example="POST /orders\n\nHTTP/1.1 303 See Other",
        clean="POST /orders\n\nHTTP/1.1 303 See Other\nLocation: /orders/42",
        fix="Send `Location: /orders/42` with the target URI.",
        source="RFC 9110 §15.4.2-15.4.9 SHOULD; rulebook 303",
        applies=lambda s: s in _REDIRECTS,
        check=_redirect_no_location,
        escalate=frozenset({303}),
    ),
    Rule(
        code="RC111",
        name="found-redirect",
        rulebook="warning",
        rfc="off",
        summary="A 302 Found response (rulebook profile only).",
        why="302 is ambiguous about the method of the follow-up request: clients turn a POST "
        "into a GET, or not. It is valid HTTP, so only the rulebook profile flags it.",
        example="POST /books/1/publish\n\nHTTP/1.1 302 Found\nLocation: /books/1",
        clean="POST /books/1/publish\n\nHTTP/1.1 303 See Other\nLocation: /books/1",
        fix="Answer 303 See Other to send the client to a GET of the result, or 307 Temporary "
        "Redirect to have it repeat the same method.",
        source="rulebook 302 SHOULD NOT; RFC 9110 §15.4.3",
        applies=_one(302),
        check=_found,
        acknowledged_by_helper=True,
    ),
    Rule(
        code="RC112",
        name="precondition-failed-without-precondition",
        rulebook="warning",
        rfc="warning",
        summary="A 412 to a request that sent no precondition header.",
        why="412 says a precondition the client sent failed; without one, the client cannot "
        "tell what to fix. To demand a precondition, answer 428 Precondition Required.",
        example="PUT /books/1\n\nHTTP/1.1 412 Precondition Failed",
        clean='PUT /books/1\nIf-Match: "v1"\n\nHTTP/1.1 412 Precondition Failed',
        fix="Answer 428 Precondition Required when the request lacks If-Match; keep 412 for a "
        "precondition that was sent and failed.",
        source="REDbot STATUS_412_WITHOUT_PRECONDITION; RFC 6585 §3",
        applies=_one(412),
        check=_412_without_precondition,
    ),
    Rule(
        code="RC113",
        name="not-acceptable-without-accept",
        rulebook="warning",
        rfc="warning",
        summary="A 406 to a request that sent no Accept header, or only */*.",
        why="406 says no representation matches what the client asked for in Accept; a client "
        "that accepts anything cannot be refused for its Accept header (requests and httpx "
        "send */* by default).",
        example="GET /books/1\nAccept: */*\n\nHTTP/1.1 406 Not Acceptable",
        clean="GET /books/1\nAccept: application/xml\n\nHTTP/1.1 406 Not Acceptable",
        fix="Send the default representation when the client accepts anything; keep 406 for "
        "an Accept header the API cannot satisfy.",
        source="RFC 9110 §15.5.7; REDbot STATUS_406_WITHOUT_NEGOTIATION",
        applies=_one(406),
        check=_406_without_accept,
    ),
    Rule(
        code="RC114",
        name="unsupported-media-type-without-content",
        rulebook="warning",
        rfc="warning",
        summary="A 415 to a request with no content and no Content-Type.",
        why="415 is about the media type of the content the client sent; with no content there "
        "is no media type to refuse. A missing body is a 400 or a 422.",
        example="POST /books\n\nHTTP/1.1 415 Unsupported Media Type",
        clean="POST /books\nContent-Type: text/plain\n\nhello\n\n"
        "HTTP/1.1 415 Unsupported Media Type",
        fix="Answer 400 (or 422) for a missing body; keep 415 for content of a type the API "
        "cannot read.",
        source="RFC 9110 §15.5.16",
        applies=_one(415),
        check=_415_without_content,
    ),
    Rule(
        code="RC115",
        name="retry-after-invalid",
        rulebook="error",
        rfc="error",
        summary="A Retry-After header that is neither an HTTP-date nor a number of seconds "
        "(on a 3xx, 413, 429 or 503, where it means something).",
        why="Clients and proxies cannot interpret it, so they retry at once or never.",
        example="HTTP/1.1 503 Service Unavailable\nRetry-After: soon",
        clean="HTTP/1.1 503 Service Unavailable\nRetry-After: 120",
        fix="Send a non-negative number of seconds (`Retry-After: 120`) or an HTTP-date "
        "(`Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`).",
        source="RFC 9110 §10.2.3",
        applies=lambda s: s in _RETRY_STATUSES,
        check=_retry_after,
    ),
    Rule(
        code="RC116",
        name="too-many-requests-without-retry-after",
        rulebook="warning",
        rfc="off",
        summary="A 429 without Retry-After (rulebook profile only).",
        why="Without Retry-After a rate-limited client can only guess when to come back, and "
        "usually retries too early.",
        example="HTTP/1.1 429 Too Many Requests",
        clean="HTTP/1.1 429 Too Many Requests\nRetry-After: 30",
        fix="Send `Retry-After: 30` with the seconds until the client may retry.",
        source="RFC 6585 §4 MAY; Zalando guideline 153",
        applies=_one(429),
        check=_no_retry_after,
    ),
    Rule(
        code="RC201",
        name="success-with-error-body",
        rulebook="warning",
        rfc="off",
        summary="A 2xx JSON response whose body describes an error (rulebook profile only).",
        why="Clients, caches and monitoring trust the status code; an error inside a 200 is "
        "counted as a success. A heuristic: a top-level non-empty `error`/`errors` with no data "
        'beside it, `"ok": false`, `"success": false` or `"status": "error"`. GraphQL (`data`, '
        "application/graphql-response+json), JSON-RPC (`jsonrpc`), 207 and empty `errors` are "
        "exempt; only bodies already read and under 64 KiB are looked at.",
        example="GET /books/search?q=a\n\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n"
        '{"error": "query too short"}',
        clean="GET /books/search?q=a\n\nHTTP/1.1 422 Unprocessable Content\n"
        'Content-Type: application/problem+json\n\n{"title": "query too short", "status": 422}',
        fix="Answer the error with a 4xx (or 5xx) status, ideally with problem details.",
        source="rulebook 200 MUST NOT",
        applies=lambda s: 200 <= s <= 299,
        check=_error_body,
    ),
    Rule(
        code="RC202",
        name="success-with-problem-json",
        rulebook="warning",
        rfc="warning",
        summary="A 2xx response whose Content-Type is application/problem+json.",
        why="Problem details describe an error; sent with a success status they contradict it.",
        example='HTTP/1.1 200 OK\nContent-Type: application/problem+json\n\n{"title": "Not found"}',
        clean="HTTP/1.1 404 Not Found\nContent-Type: application/problem+json\n\n"
        '{"title": "Not found", "status": 404}',
        fix="Send problem details with the 4xx or 5xx status they describe.",
        source="RFC 9457 §1; rulebook 200",
        applies=lambda s: 200 <= s <= 299,
        check=_success_problem,
    ),
    Rule(
        code="RC203",
        name="problem-status-mismatch",
        rulebook="error",
        rfc="error",
        summary="Problem details whose numeric `status` differs from the HTTP status.",
        why="The `status` member must repeat the HTTP status; when they differ, clients do not "
        "know which to believe (often a handler that forgot to set the real status). A "
        "non-numeric `status` is ignored.",
        example="HTTP/1.1 400 Bad Request\nContent-Type: application/problem+json\n\n"
        '{"title": "Conflict", "status": 409}',
        clean="HTTP/1.1 409 Conflict\nContent-Type: application/problem+json\n\n"
        '{"title": "Conflict", "status": 409}',
        fix="Send the same code in the HTTP status line and in the problem's `status` member.",
        source="RFC 9457 §3.1.2",
        applies=_any,
        check=_problem_mismatch,
    ),
    Rule(
        code="RC204",
        name="json-content-type-mismatch",
        rulebook="warning",
        rfc="warning",
        summary="A response declared as JSON whose body does not parse as JSON.",
        why="Clients that trust the Content-Type crash on the body. Often an HTML error page or "
        "plain text sent with the API's default JSON type. Only bodies already read and under "
        "64 KiB are parsed.",
        example="HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\n"
        "Internal Server Error",
        clean="HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\n"
        '{"detail": "Internal Server Error"}',
        fix="Send valid JSON, or declare the body's real type (text/plain, text/html).",
        source="httplint CONTENT_TYPE_MISMATCH; schemathesis malformed JSON",
        applies=_any,
        check=_json_mismatch,
    ),
    Rule(
        code="RC205",
        name="stack-trace-exposed",
        rulebook="warning",
        rfc="warning",
        summary="A 4xx or 5xx body that shows a stack trace or a debugger page.",
        why="A traceback tells attackers the code's paths, versions and sometimes secrets; in "
        "production it means debug mode is on. Ignore it for endpoints that return logs on "
        "purpose.",
        example="HTTP/1.1 500 Internal Server Error\n\nTraceback (most recent call last):\n  ...",
        clean="HTTP/1.1 500 Internal Server Error\nContent-Type: application/problem+json\n\n"
        '{"title": "Internal Server Error", "status": 500}',
        fix="Turn debug mode off (DEBUG=False, app.debug=False) and send a generic error body; "
        "log the traceback on the server.",
        source="Zalando RESTful API guideline 177",
        applies=lambda s: 400 <= s <= 599,
        check=_stack_trace,
    ),
)

BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def resolve(name: str) -> Rule | None:
    """A rule by its name or its code (``"server-error"``, ``"RC002"``)."""
    key = name.strip()
    return BY_NAME.get(key.lower()) or BY_CODE.get(key.upper())
