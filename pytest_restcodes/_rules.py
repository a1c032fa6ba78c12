"""The checker's rule catalogue: each rule is defined, documented and sourced in one place.

Every check function carries its rule: the :func:`rule` decorator placed on it builds the
:class:`Rule` record (codes, severities, texts, and an :class:`Exchange` that triggers it and
one that does not) and registers it, in definition order. ``docs/rules.md`` is generated from
these records (``python -m pytest_restcodes._docs``), and ``tests/test_rules.py`` sends every
rule's two exchanges through a real server; both fail when the code and they disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from email.utils import parsedate_tz
from typing import Any, Literal

from ._body import NO_JSON, is_json_type
from ._codes import phrase
from ._http import carries_content, parse_allow, stack_trace_mark
from ._session import PROFILES
from ._view import ResponseView

__all__ = ["PROFILES", "RULES", "Exchange", "Rule", "resolve", "rule"]

Severity = Literal["error", "warning", "off"]
Check = Callable[[ResponseView], str | None]
"""A rule's check: what was observed, or None when the response is fine."""
Pairs = tuple[tuple[str, str], ...]
"""Header (name, value) pairs, in order."""

CHECK_CAP = 64 * 1024
"""Heuristic rules look at bodies of at most this many bytes, and only bodies already read."""

DOCS_URL = "https://github.com/pytest-restcodes/pytest-restcodes/blob/main/docs/rules.md"


class _Frozen:
    """A value whose fields (its ``__slots__``) are set once, in ``__init__``: compared,
    hashed and shown by them, copied with some changed by ``replace``. Plain slots, not a
    dataclass: the checker imports this module on a run's first response, and a dataclass
    costs a millisecond or more to create."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, **fields: Any) -> None:
        missing = set(self.__slots__) - set(fields)
        unknown = set(fields) - set(self.__slots__)
        if missing or unknown:
            raise TypeError(
                f"{type(self).__name__}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n in self._shown)
        return f"{type(self).__name__}({shown})"

    _shown: frozenset[str] = frozenset()

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` (field names) in place of their values."""
        fields: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return type(self)(**fields)


class Exchange(_Frozen):
    """One request and the response it got, as the docs show it and the tests send it."""

    __slots__ = (
        "body",
        "data",
        "documented",
        "headers",
        "method",
        "note",
        "path",
        "request_headers",
        "status",
    )
    _shown = frozenset(__slots__)
    status: int
    method: str
    path: str | None
    """The request target. None when the request does not matter: the docs then show the
    response alone (unless a method other than GET, request headers or data are given)."""
    headers: Pairs
    """The response's headers."""
    body: str
    """The response's body."""
    request_headers: Pairs
    data: str | None
    """The request's content."""
    note: str | None
    """What the exchange cannot say itself; the docs print it after the exchange."""
    documented: tuple[str, ...] | None
    """The statuses the OpenAPI document lists for the request's operation (for the rules
    that run only with ``restcodes_openapi``)."""

    def __init__(
        self,
        status: int,
        *,
        method: str = "GET",
        path: str | None = None,
        headers: Pairs = (),
        body: str = "",
        request_headers: Pairs = (),
        data: str | None = None,
        note: str | None = None,
        documented: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(
            status=status,
            method=method,
            path=path,
            headers=headers,
            body=body,
            request_headers=request_headers,
            data=data,
            note=note,
            documented=documented,
        )

    @property
    def shows_request(self) -> bool:
        return (
            self.path is not None
            or self.method != "GET"
            or bool(self.request_headers)
            or self.data is not None
        )

    def render(self) -> str:
        """The exchange as HTTP-ish text: the request (when it matters), then the response."""
        parts: list[str] = []
        if self.shows_request:
            parts.append(_lines(f"{self.method} {self.path or '/'}", self.request_headers))
            if self.data is not None:
                parts.append(self.data)
        line = f"HTTP/1.1 {self.status}"
        if 100 <= self.status <= 599:
            line += f" {phrase(self.status)}"
        parts.append(_lines(line, self.headers))
        if self.body:
            parts.append(self.body)
        return "\n\n".join(parts)

    def __str__(self) -> str:
        return self.render()


def _lines(first: str, headers: Pairs) -> str:
    return "\n".join([first, *(f"{name}: {value}" for name, value in headers)])


class Rule(_Frozen):
    """One rule of the catalogue."""

    __slots__ = (
        "acknowledged_by_helper",
        "applies",
        "check",
        "clean",
        "code",
        "contract",
        "escalate",
        "fix",
        "head_only",
        "media",
        "name",
        "rfc",
        "rulebook",
        "source",
        "summary",
        "trigger",
        "why",
    )
    _shown = frozenset(__slots__) - {"trigger", "clean", "applies", "check"}
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
    trigger: Exchange
    """An exchange (the request, where it matters, and the response) that triggers the rule."""
    clean: Exchange
    """The same exchange done right."""
    fix: str
    source: str
    applies: Callable[[int], bool]
    """Which statuses the rule looks at (it is never run for the others)."""
    check: Check
    """What was observed, or None when the response is fine."""
    escalate: frozenset[int]
    """Statuses for which a warning of this rule is an error."""
    acknowledged_by_helper: bool
    """A helper asserting the response's own code acknowledges it (no finding)."""
    contract: bool
    """Runs only when an OpenAPI document is configured (``restcodes_openapi``)."""
    media: frozenset[str] | None
    """The kinds of Content-Type (see :func:`media_kind`) the check can flag; None for any.
    Only a shortcut: for any other kind the check returns None, and is not run."""
    head_only: bool
    """The check can flag only a response to HEAD (a shortcut, like ``media``)."""

    def severity(self, profile: str) -> Severity:
        return self.rulebook if profile == "rulebook" else self.rfc

    @property
    def anchor(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"


_REGISTRY: list[Rule] = []


def rule(
    *,
    code: str,
    name: str,
    rulebook: Severity,
    rfc: Severity,
    summary: str,
    why: str,
    fix: str,
    source: str,
    applies: Callable[[int], bool],
    trigger: Exchange,
    clean: Exchange,
    escalate: Iterable[int] = (),
    acknowledged_by_helper: bool = False,
    contract: bool = False,
    media: Iterable[str] | None = None,
    head_only: bool = False,
) -> Callable[[Check], Check]:
    """Make the decorated check a rule of the catalogue (in definition order); the function
    itself is returned unchanged."""

    if media is not None and not set(media) <= set(MEDIA_KINDS):
        raise ValueError(f"rule {code} {name}: media must be among {MEDIA_KINDS}, got {media}")

    def register(check: Check) -> Check:
        for known in _REGISTRY:
            if code in (known.code, known.name) or name in (known.code, known.name):
                raise ValueError(f"rule {code} {name}: code or name already used by {known.code}")
        _REGISTRY.append(
            Rule(
                code=code,
                name=name,
                rulebook=rulebook,
                rfc=rfc,
                summary=summary,
                why=why,
                trigger=trigger,
                clean=clean,
                fix=fix,
                source=source,
                applies=applies,
                check=check,
                escalate=frozenset(escalate),
                acknowledged_by_helper=acknowledged_by_helper,
                contract=contract,
                media=None if media is None else frozenset(media),
                head_only=head_only,
            )
        )
        return check

    return register


PROBLEM_JSON = "application/problem+json"
GRAPHQL_JSON = "application/graphql-response+json"
MEDIA_KINDS = ("problem", "graphql", "json", "other")


def media_kind(content_type: str) -> str:
    """What the rules' ``media`` tell apart in a media type (a view's ``content_type``):
    ``"problem"`` (problem details), ``"graphql"`` (a GraphQL response), ``"json"`` (any
    other JSON type), ``"other"`` (anything else, or none)."""
    if content_type == PROBLEM_JSON:
        return "problem"
    if content_type == GRAPHQL_JSON:
        return "graphql"
    return "json" if is_json_type(content_type) else "other"


def _one(code: int) -> Callable[[int], bool]:
    return lambda status: status == code


def _any(status: int) -> bool:
    return True


def _method(v: ResponseView) -> str:
    return v.method or ""


_JSON: Pairs = (("Content-Type", "application/json"),)
_PROBLEM: Pairs = (("Content-Type", "application/problem+json"),)


# --- the catalogue: each check under its rule -----------------------------------------------


@rule(
    code="RC001",
    name="invalid-status-code",
    rulebook="error",
    rfc="error",
    summary="The status code is outside the range 100-599.",
    why="HTTP defines only three-digit codes from 100 to 599; clients, proxies and caches "
    "reject or mishandle anything else. A 0 usually comes from a mock left unconfigured.",
    trigger=Exchange(0, note="(a mock returning status 0)"),
    clean=Exchange(200),
    fix="Answer a registered code for what happened (or configure the mock's status).",
    source="RFC 9110 §15 MUST",
    applies=lambda s: s < 100 or s > 599,
    acknowledged_by_helper=True,
)
def _invalid_status(v: ResponseView) -> str | None:
    return f"status {v.status} is outside 100-599"


@rule(
    code="RC002",
    name="server-error",
    rulebook="error",
    rfc="error",
    summary="A 5xx response that no helper asserted.",
    why="A 5xx means the API malfunctioned. One hidden in a fixture or a setup call lets a "
    "test pass on a broken server. Asserting it on purpose "
    "(`assert_internal_server_error(resp)`, `assert_server_error(resp)`) acknowledges it.",
    trigger=Exchange(500, path="/books/boom"),
    clean=Exchange(
        200,
        path="/books/boom",
        note="(or, when the test means it: `assert_internal_server_error(resp)`)",
    ),
    fix="Fix the server bug; when the test provokes the 5xx on purpose, assert it with a "
    "helper so the checker knows.",
    source="rulebook 500; schemathesis not_a_server_error",
    applies=lambda s: 500 <= s <= 599,
    acknowledged_by_helper=True,
)
def _server_error(v: ResponseView) -> str | None:
    return f"the server answered {v.status}"


@rule(
    code="RC101",
    name="method-not-allowed-without-allow",
    rulebook="error",
    rfc="error",
    summary="A 405 response without an Allow header.",
    why="The client cannot learn which methods the resource supports. An empty `Allow:` is "
    "valid (no method allowed): only a missing header is flagged.",
    trigger=Exchange(405, method="DELETE", path="/books"),
    clean=Exchange(405, method="DELETE", path="/books", headers=(("Allow", "GET, POST"),)),
    fix="Send `Allow: GET, POST` listing the methods the resource supports.",
    source="RFC 9110 §15.5.6 and §10.2.1 MUST; rulebook 405",
    applies=_one(405),
)
def _no_allow(v: ResponseView) -> str | None:
    return None if v.has_header("allow") else "405 without an Allow header"


@rule(
    code="RC102",
    name="allow-lists-request-method",
    rulebook="warning",
    rfc="warning",
    summary="A 405 whose Allow header lists the very method it refused.",
    why="The response contradicts itself: Allow says the method is supported, the status "
    "says it is not. Usually a routing table and a handler disagree.",
    trigger=Exchange(
        405, method="DELETE", path="/books", headers=(("Allow", "GET, POST, DELETE"),)
    ),
    clean=Exchange(405, method="DELETE", path="/books", headers=(("Allow", "GET, POST"),)),
    fix="List only the methods the resource really supports in Allow.",
    source="REDbot STATUS_405_METHOD_IN_ALLOW",
    applies=_one(405),
)
def _allow_lists_method(v: ResponseView) -> str | None:
    allow, method = v.header("allow"), _method(v)
    if not allow or not method:
        return None
    listed = method in parse_allow(allow)
    return f"{method} was refused, yet Allow lists it: Allow: {allow}" if listed else None


@rule(
    code="RC103",
    name="unauthorized-without-challenge",
    rulebook="error",
    rfc="error",
    summary="A 401 response without a WWW-Authenticate challenge.",
    why="A 401 must tell the client how to authenticate. Very common in token APIs; when "
    "the request is authenticated but not allowed, the right answer is 403.",
    trigger=Exchange(401, method="POST", path="/books"),
    clean=Exchange(
        401, method="POST", path="/books", headers=(("WWW-Authenticate", 'Bearer realm="api"'),)
    ),
    fix='Send `WWW-Authenticate: Bearer realm="api"` (or the scheme the API uses); if the '
    "client is known but not allowed, answer 403.",
    source="RFC 9110 §15.5.2 and §11.6.1 MUST",
    applies=_one(401),
)
def _no_challenge(v: ResponseView) -> str | None:
    return None if v.has_header("www-authenticate") else "401 without a WWW-Authenticate header"


@rule(
    code="RC104",
    name="no-content-with-body",
    rulebook="error",
    rfc="error",
    summary="A 204 response that carries content (or a non-zero Content-Length).",
    why="A 204 ends at its headers: clients will not read a body, and the stray bytes can "
    "corrupt the next response on a kept-alive connection. Several stacks strip the body "
    "before a test sees it, so a non-zero Content-Length counts too.",
    trigger=Exchange(
        204,
        method="DELETE",
        path="/books/1",
        headers=(("Content-Length", "17"),),
        body='{"deleted": true}',
    ),
    clean=Exchange(204, method="DELETE", path="/books/1"),
    fix="Send no body with 204; if the client needs a result, answer 200 with it.",
    source="RFC 9110 §15.3.5 and §6.4.1 MUST NOT",
    applies=_one(204),
)
def _no_content_body(v: ResponseView) -> str | None:
    found = carries_content(v)
    return f"204 with {found}" if found else None


@rule(
    code="RC105",
    name="not-modified-with-body",
    rulebook="error",
    rfc="error",
    summary="A 304 response that carries content.",
    why="A 304 tells the client to use its cached copy; it has no content. A Content-Length "
    "alone is fine (it describes the cached representation).",
    trigger=Exchange(
        304, path="/books/1", request_headers=(("If-None-Match", '"v1"'),), body='{"id": 1}'
    ),
    clean=Exchange(
        304,
        path="/books/1",
        request_headers=(("If-None-Match", '"v1"'),),
        headers=(("ETag", '"v1"'),),
    ),
    fix="Send no body with 304; repeat the ETag instead.",
    source="RFC 9110 §15.4.5 MUST NOT",
    applies=_one(304),
)
def _not_modified_body(v: ResponseView) -> str | None:
    # Content-Length alone may describe the 200 the client has cached: bytes only
    found = carries_content(v, trust_length=False)
    return f"304 with {found}" if found else None


@rule(
    code="RC106",
    name="head-with-body",
    rulebook="error",
    rfc="error",
    summary="A response to HEAD that carries content.",
    why="HEAD asks for the headers a GET would send, without the content; a client will "
    "not read a body and the connection breaks.",
    trigger=Exchange(200, method="HEAD", path="/books/1", body='{"id": 1}'),
    clean=Exchange(200, method="HEAD", path="/books/1", headers=(("Content-Length", "9"),)),
    fix="Send the headers of the GET response and no body.",
    source="RFC 9110 §9.3.2 MUST NOT",
    applies=_any,
    head_only=True,
)
def _head_body(v: ResponseView) -> str | None:
    if _method(v) != "HEAD":
        return None
    found = carries_content(v, trust_length=False)
    return f"the response to HEAD carries {found}" if found else None


@rule(
    code="RC107",
    name="not-modified-unconditional",
    rulebook="error",
    rfc="error",
    summary="A 304 to a request that was not conditional, or not a GET or HEAD.",
    why="304 answers a conditional GET or HEAD (If-None-Match, If-Modified-Since). To any "
    "other request the client has no cached copy to use.",
    trigger=Exchange(304, path="/books/1"),
    clean=Exchange(
        304,
        path="/books/1",
        request_headers=(("If-None-Match", '"v1"'),),
        headers=(("ETag", '"v1"'),),
    ),
    fix="Answer 304 only when the request's If-None-Match / If-Modified-Since matches; "
    "otherwise send the representation with 200.",
    source="RFC 9110 §15.4.5 and §13.1.3",
    applies=_one(304),
)
def _unconditional_304(v: ResponseView) -> str | None:
    method = _method(v)
    if not method:
        return None
    if method not in ("GET", "HEAD"):
        return f"304 to {method}: only GET and HEAD can be answered Not Modified"
    if v.request_header("if-none-match") or v.request_header("if-modified-since"):
        return None
    return "304 to a request with neither If-None-Match nor If-Modified-Since"


@rule(
    code="RC108",
    name="created-without-location",
    rulebook="warning",
    rfc="warning",
    summary="A 201 response without a Location header (PUT is exempt; a safe method is "
    "created-on-safe-method).",
    why="The client that created a resource needs its URI to use it. A PUT creates at the "
    "URI it targeted, so it needs none.",
    trigger=Exchange(201, method="POST", path="/books", body='{"id": 7}'),
    clean=Exchange(
        201, method="POST", path="/books", headers=(("Location", "/books/7"),), body='{"id": 7}'
    ),
    fix="Send `Location: /books/7` with the new resource's URI.",
    source="RFC 9110 §9.3.3 and §15.3.2 SHOULD; rulebook 201",
    applies=_one(201),
)
def _created_no_location(v: ResponseView) -> str | None:
    if v.has_header("location"):
        return None
    method = _method(v)
    if method == "PUT":  # PUT creates at the target URI: no Location needed
        return None
    if method in _SAFE:  # nothing to locate: created-on-safe-method says what is wrong
        return None
    return f"201 to {method or 'a request'} without a Location header"


@rule(
    code="RC109",
    name="created-on-safe-method",
    rulebook="warning",
    rfc="warning",
    summary="A 201 to GET, HEAD, OPTIONS or TRACE.",
    why="Safe methods must not change the server's state, so they cannot create anything. "
    "Crawlers and prefetchers call them freely.",
    trigger=Exchange(201, path="/books/new", headers=(("Location", "/books/8"),)),
    clean=Exchange(201, method="POST", path="/books", headers=(("Location", "/books/8"),)),
    fix="Create resources with POST (or PUT); answer GET with 200.",
    source="RFC 9110 §9.2.1; REDbot CREATED_SAFE_METHOD",
    applies=_one(201),
)
def _created_safe(v: ResponseView) -> str | None:
    method = _method(v)
    return f"201 to {method}, a safe method" if method in _SAFE else None


_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@rule(
    code="RC110",
    name="redirect-without-location",
    rulebook="warning",
    rfc="warning",
    summary="A 301, 302, 303, 307 or 308 without a Location header (an error for 303).",
    why="A redirect without a target leaves the client nowhere to go. For 303 the target "
    "is the whole point of the response.",
    trigger=Exchange(303, method="POST", path="/orders"),
    clean=Exchange(303, method="POST", path="/orders", headers=(("Location", "/orders/42"),)),
    fix="Send `Location: /orders/42` with the target URI.",
    source="RFC 9110 §15.4.2-15.4.9 SHOULD; rulebook 303",
    applies=lambda s: s in _REDIRECTS,
    escalate={303},
)
def _redirect_no_location(v: ResponseView) -> str | None:
    return None if v.has_header("location") else f"{v.status} without a Location header"


@rule(
    code="RC111",
    name="found-redirect",
    rulebook="warning",
    rfc="off",
    summary="A 302 Found response (rulebook profile only).",
    why="302 is ambiguous about the method of the follow-up request: clients turn a POST "
    "into a GET, or not. It is valid HTTP, so only the rulebook profile flags it.",
    trigger=Exchange(
        302, method="POST", path="/books/1/publish", headers=(("Location", "/books/1"),)
    ),
    clean=Exchange(
        303, method="POST", path="/books/1/publish", headers=(("Location", "/books/1"),)
    ),
    fix="Answer 303 See Other to send the client to a GET of the result, or 307 Temporary "
    "Redirect to have it repeat the same method.",
    source="rulebook 302 SHOULD NOT; RFC 9110 §15.4.3",
    applies=_one(302),
    acknowledged_by_helper=True,
)
def _found(v: ResponseView) -> str | None:
    return "302 Found"


@rule(
    code="RC112",
    name="precondition-failed-without-precondition",
    rulebook="warning",
    rfc="warning",
    summary="A 412 to a request that sent no precondition header.",
    why="412 says a precondition the client sent failed; without one, the client cannot "
    "tell what to fix. To demand a precondition, answer 428 Precondition Required.",
    trigger=Exchange(412, method="PUT", path="/books/1"),
    clean=Exchange(412, method="PUT", path="/books/1", request_headers=(("If-Match", '"v1"'),)),
    fix="Answer 428 Precondition Required when the request lacks If-Match; keep 412 for a "
    "precondition that was sent and failed.",
    source="REDbot STATUS_412_WITHOUT_PRECONDITION; RFC 6585 §3",
    applies=_one(412),
)
def _412_without_precondition(v: ResponseView) -> str | None:
    if not v.method:
        return None
    for name in ("if-match", "if-none-match", "if-unmodified-since", "if-modified-since"):
        if v.request_header(name):
            return None
    return (
        "412 to a request that sent no precondition (If-Match, If-None-Match, If-Unmodified-Since)"
    )


@rule(
    code="RC113",
    name="not-acceptable-without-accept",
    rulebook="warning",
    rfc="warning",
    summary="A 406 to a request that sent no Accept header, or only */*.",
    why="406 says no representation matches what the client asked for in Accept; a client "
    "that accepts anything cannot be refused for its Accept header (requests and httpx "
    "send */* by default).",
    trigger=Exchange(406, path="/books/1", request_headers=(("Accept", "*/*"),)),
    clean=Exchange(406, path="/books/1", request_headers=(("Accept", "application/xml"),)),
    fix="Send the default representation when the client accepts anything; keep 406 for "
    "an Accept header the API cannot satisfy.",
    source="RFC 9110 §15.5.7; REDbot STATUS_406_WITHOUT_NEGOTIATION",
    applies=_one(406),
)
def _406_without_accept(v: ResponseView) -> str | None:
    if not v.method:
        return None
    accept = v.request_header("accept")
    if accept and accept.strip() not in ("*/*", ""):
        return None
    shown = f"Accept: {accept}" if accept else "no Accept header"
    return f"406 to a request with {shown}: nothing was negotiated"


@rule(
    code="RC114",
    name="unsupported-media-type-without-content",
    rulebook="warning",
    rfc="warning",
    summary="A 415 to a request with no content and no Content-Type.",
    why="415 is about the media type of the content the client sent; with no content there "
    "is no media type to refuse. A missing body is a 400 or a 422.",
    trigger=Exchange(415, method="POST", path="/books"),
    clean=Exchange(
        415,
        method="POST",
        path="/books",
        request_headers=(("Content-Type", "text/plain"),),
        data="hello",
    ),
    fix="Answer 400 (or 422) for a missing body; keep 415 for content of a type the API "
    "cannot read.",
    source="RFC 9110 §15.5.16",
    applies=_one(415),
)
def _415_without_content(v: ResponseView) -> str | None:
    if not v.method:
        return None
    if v.request_header("content-type"):
        return None
    length = v.request_header("content-length")
    if length and length.strip() not in ("0", ""):
        return None
    return "415 to a request with no content and no Content-Type"


def _valid_retry_after(value: str) -> bool:
    value = value.strip()
    if value.isdigit():
        return True
    return parsedate_tz(value) is not None


# where Retry-After means something: redirects, 413, 429, 503 (RFC 9110 §10.2.3, RFC 6585)
_RETRY_STATUSES = frozenset({301, 302, 303, 307, 308, 413, 429, 503})


@rule(
    code="RC115",
    name="retry-after-invalid",
    rulebook="error",
    rfc="error",
    summary="A Retry-After header that is neither an HTTP-date nor a number of seconds "
    "(on a 3xx, 413, 429 or 503, where it means something).",
    why="Clients and proxies cannot interpret it, so they retry at once or never.",
    trigger=Exchange(503, headers=(("Retry-After", "soon"),)),
    clean=Exchange(503, headers=(("Retry-After", "120"),)),
    fix="Send a non-negative number of seconds (`Retry-After: 120`) or an HTTP-date "
    "(`Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`).",
    source="RFC 9110 §10.2.3",
    applies=lambda s: s in _RETRY_STATUSES,
)
def _retry_after(v: ResponseView) -> str | None:
    value = v.header("retry-after")
    if value is None or _valid_retry_after(value):
        return None
    return f"Retry-After: {value!r} is neither a number of seconds nor an HTTP-date"


@rule(
    code="RC116",
    name="too-many-requests-without-retry-after",
    rulebook="warning",
    rfc="off",
    summary="A 429 without Retry-After (rulebook profile only).",
    why="Without Retry-After a rate-limited client can only guess when to come back, and "
    "usually retries too early.",
    trigger=Exchange(429),
    clean=Exchange(429, headers=(("Retry-After", "30"),)),
    fix="Send `Retry-After: 30` with the seconds until the client may retry.",
    source="RFC 6585 §4 MAY; Zalando guideline 153",
    applies=_one(429),
)
def _no_retry_after(v: ResponseView) -> str | None:
    return None if v.has_header("retry-after") else "429 without a Retry-After header"


_ERROR_HINT = re.compile(rb'"(?:error|errors|ok|success|status)"\s*:')


@rule(
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
    trigger=Exchange(
        200, path="/books/search?q=a", headers=_JSON, body='{"error": "query too short"}'
    ),
    clean=Exchange(
        422,
        path="/books/search?q=a",
        headers=_PROBLEM,
        body='{"title": "query too short", "status": 422}',
    ),
    fix="Answer the error with a 4xx (or 5xx) status, ideally with problem details.",
    source="rulebook 200 MUST NOT",
    applies=lambda s: 200 <= s <= 299,
    media=("json", "problem"),
)
def _error_body(v: ResponseView) -> str | None:
    ctype = v.content_type
    if v.status == 207 or ctype == GRAPHQL_JSON:
        return None
    if ctype != "application/json" and not is_json_type(ctype):  # the common type: no call
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


@rule(
    code="RC202",
    name="success-with-problem-json",
    rulebook="warning",
    rfc="warning",
    summary="A 2xx response whose Content-Type is application/problem+json.",
    why="Problem details describe an error; sent with a success status they contradict it.",
    trigger=Exchange(200, headers=_PROBLEM, body='{"title": "Not found"}'),
    clean=Exchange(404, headers=_PROBLEM, body='{"title": "Not found", "status": 404}'),
    fix="Send problem details with the 4xx or 5xx status they describe.",
    source="RFC 9457 §1; rulebook 200",
    applies=lambda s: 200 <= s <= 299,
    media=("problem",),
)
def _success_problem(v: ResponseView) -> str | None:
    if v.content_type == PROBLEM_JSON:
        return f"{v.status} with Content-Type: application/problem+json"
    return None


@rule(
    code="RC203",
    name="problem-status-mismatch",
    rulebook="error",
    rfc="error",
    summary="Problem details whose numeric `status` differs from the HTTP status.",
    why="The `status` member must repeat the HTTP status; when they differ, clients do not "
    "know which to believe (often a handler that forgot to set the real status). A "
    "non-numeric `status` is ignored.",
    trigger=Exchange(400, headers=_PROBLEM, body='{"title": "Conflict", "status": 409}'),
    clean=Exchange(409, headers=_PROBLEM, body='{"title": "Conflict", "status": 409}'),
    fix="Send the same code in the HTTP status line and in the problem's `status` member.",
    source="RFC 9457 §3.1.2",
    applies=_any,
    media=("problem",),
)
def _problem_mismatch(v: ResponseView) -> str | None:
    if v.content_type != PROBLEM_JSON:
        return None
    data = v.json(CHECK_CAP)
    if not isinstance(data, dict):
        return None
    status = data.get("status")
    if isinstance(status, int) and not isinstance(status, bool) and status != v.status:
        return f'HTTP status {v.status}, but the problem details say "status": {status}'
    return None


@rule(
    code="RC204",
    name="json-content-type-mismatch",
    rulebook="warning",
    rfc="warning",
    summary="A response declared as JSON whose body does not parse as JSON.",
    why="Clients that trust the Content-Type crash on the body. Often an HTML error page or "
    "plain text sent with the API's default JSON type. Only bodies already read and under "
    "64 KiB are parsed; a compressed body is decoded first (gzip, deflate; br and zstd when "
    "their module is installed), and one in a coding that cannot be decoded is skipped.",
    trigger=Exchange(500, headers=_JSON, body="Internal Server Error"),
    clean=Exchange(500, headers=_JSON, body='{"detail": "Internal Server Error"}'),
    fix="Send valid JSON, or declare the body's real type (text/plain, text/html).",
    source="httplint CONTENT_TYPE_MISMATCH; schemathesis malformed JSON",
    applies=_any,
    media=("json", "problem", "graphql"),
)
def _json_mismatch(v: ResponseView) -> str | None:
    ctype = v.content_type
    if ctype != "application/json" and not is_json_type(ctype):  # the common type: no call
        return None
    body = v.body
    if not body or len(body) > CHECK_CAP or v.method == "HEAD":
        return None
    tails = _JSON_TAILS.get(body[0])
    if tails is not None and len(body) > 2 and body[1] != _QUOTE and body.endswith(tails):
        return None  # the common case, no call: closed, no white space but a final newline
    if _looks_like_json(body):  # the hot path parses nothing that looks right
        return None
    if v.json(CHECK_CAP) is NO_JSON and not v.body_encoded:  # (br without brotli...)
        return f"Content-Type: {v.content_type}, but the body is not valid JSON"
    return None


_JSON_ENDS = {ord("{"): b"}", ord("["): b"]", ord('"'): b'"'}
_JSON_TAILS = {opening: (closing, closing + b"\n") for opening, closing in _JSON_ENDS.items()}
_QUOTE = ord("'")


def _looks_like_json(body: bytes) -> bool:
    """A cheap shape check: an object, array or string that is closed, and not a Python
    repr with single quotes. Only bodies that fail it are parsed to confirm."""
    head = body[:16].lstrip()  # slices, not a strip() copy of the whole body
    tail = body[-16:].rstrip()
    if not head or not tail or (len(body) <= 32 and len(body.strip()) < 2):
        return False  # nothing, or one character: not closed
    ending = _JSON_ENDS.get(head[0])
    if ending is None:  # a bare number, true, false or null: parse to be sure
        return False
    return tail.endswith(ending) and head[1:2] != b"'" and len(body) > 1


@rule(
    code="RC205",
    name="stack-trace-exposed",
    rulebook="warning",
    rfc="warning",
    summary="A 4xx or 5xx body that shows a stack trace or a debugger page.",
    why="A traceback tells attackers the code's paths, versions and sometimes secrets; in "
    "production it means debug mode is on. Ignore it for endpoints that return logs on "
    "purpose.",
    trigger=Exchange(500, body="Traceback (most recent call last):\n  ..."),
    clean=Exchange(500, headers=_PROBLEM, body='{"title": "Internal Server Error", "status": 500}'),
    fix="Turn debug mode off (DEBUG=False, app.debug=False) and send a generic error body; "
    "log the traceback on the server.",
    source="Zalando RESTful API guideline 177",
    applies=lambda s: 400 <= s <= 599,
)
def _stack_trace(v: ResponseView) -> str | None:
    mark = stack_trace_mark(v.body, CHECK_CAP)
    if mark is None:
        return None
    return f"the {v.status} body exposes a stack trace ({mark.decode()!s}...)"


# --- the contract: rules that run only with an OpenAPI document -----------------------------


@rule(
    code="RC301",
    name="undocumented-status",
    rulebook="warning",
    rfc="warning",
    summary="A status the OpenAPI document does not list for the operation.",
    why="Clients are generated from the document and handle the responses it lists: an "
    "undocumented status reaches them as an unexpected error. The test has found either a "
    "gap in the document or a response the API should not send. FastAPI documents only a "
    "route's success code and 422 unless the route declares its other responses.",
    trigger=Exchange(
        404,
        path="/books/7",
        documented=("200", "422"),
        note="The OpenAPI document lists 200 and 422 for GET /books/{book_id}.",
    ),
    clean=Exchange(
        404,
        path="/books/7",
        documented=("200", "404", "422"),
        note="The OpenAPI document lists 200, 404 and 422 for GET /books/{book_id}.",
    ),
    fix="Document the response in the operation's responses (FastAPI: "
    "responses={404: {'description': 'Not found'}} on the route), or stop sending it. A "
    "range (4XX) or default documents every status it covers.",
    source="OpenAPI Specification 3.1, Responses Object",
    applies=_any,
    contract=True,
)
def _undocumented_status(v: ResponseView) -> str | None:
    operation = getattr(v, "operation", None)
    if operation is None:
        return None
    from ._openapi import documents

    template, keys = operation
    if documents(keys, v.status):
        return None
    listed = ", ".join(sorted(keys)) or "no responses"
    return f"the OpenAPI document lists {listed} for {v.method} {template}, not {v.status}"


# --- the index ------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = tuple(_REGISTRY)
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def resolve(name: str) -> Rule | None:
    """A rule by its name or its code (``"server-error"``, ``"RC002"``)."""
    key = name.strip()
    return BY_NAME.get(key.lower()) or BY_CODE.get(key.upper())
