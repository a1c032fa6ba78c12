"""What each status code means, when it is used, and where that is written down."""

from __future__ import annotations

import http
from typing import NamedTuple


class CodeInfo(NamedTuple):
    code: int
    phrase: str
    meaning: str
    """What the code tells the client, in the project's own words."""
    source: str
    """Where the rule comes from, e.g. ``rulebook 201 MUST; RFC 9110 §15.3.2``."""
    link: str


_RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-"
_MDN = "https://developer.mozilla.org/docs/Web/HTTP/Status/"

# code: (meaning, source, section or full link)
_TABLE: dict[int, tuple[str, str, str]] = {
    100: (
        "the server got the request headers and the client may send the content",
        "RFC 9110 §15.2.1",
        "15.2.1",
    ),
    101: (
        "the server switches to the protocol the client asked for in Upgrade",
        "RFC 9110 §15.2.2",
        "15.2.2",
    ),
    200: (
        "the request succeeded and the body carries its result; it must never carry an error "
        "description instead",
        "rulebook 200 SHOULD; RFC 9110 §15.3.1",
        "15.3.1",
    ),
    201: (
        "a new resource was created at the client's request (a collection created it or a store "
        "added it); its URI belongs in the Location header",
        "rulebook 201 MUST; RFC 9110 §15.3.2, §9.3.3",
        "15.3.2",
    ),
    202: (
        "the request was accepted for processing that has not finished (an asynchronous action); "
        "it may still fail, and a Location to poll is welcome",
        "rulebook 202 MUST; RFC 9110 §15.3.3",
        "15.3.3",
    ),
    203: ("the content was changed by a transforming proxy", "RFC 9110 §15.3.4", "15.3.4"),
    204: (
        "the request succeeded and there is intentionally nothing to send back: the response "
        "carries no content at all (usual for PUT, POST and DELETE)",
        "rulebook 204 SHOULD; RFC 9110 §15.3.5 (MUST NOT contain content)",
        "15.3.5",
    ),
    205: (
        "the client should reset the document view that sent the request",
        "RFC 9110 §15.3.6",
        "15.3.6",
    ),
    206: ("the body carries only the range(s) the client asked for", "RFC 9110 §15.3.7", "15.3.7"),
    207: (
        "the body carries several statuses for several operations (WebDAV)",
        "RFC 4918 §11.1",
        _MDN + "207",
    ),
    300: (
        "several representations are available; the client should pick one",
        "RFC 9110 §15.4.1",
        "15.4.1",
    ),
    301: (
        "the resource has a new permanent URI, given in Location (the resource model was "
        "redesigned); clients may turn a POST into a GET when they follow it",
        "rulebook 301 SHOULD; RFC 9110 §15.4.2",
        "15.4.2",
    ),
    302: (
        "the resource is temporarily elsewhere; ambiguous about the method of the follow-up "
        "request, so the rulebook says to use 303 or 307 instead",
        "rulebook 302 SHOULD NOT be used; RFC 9110 §15.4.3",
        "15.4.3",
    ),
    303: (
        "the work is done and the result is another resource, given in Location, which the "
        "client fetches with GET (the usual answer after a POST to a controller)",
        "rulebook 303 SHOULD; RFC 9110 §15.4.4",
        "15.4.4",
    ),
    304: (
        "the client's cached copy is still current: answer to a conditional GET or HEAD "
        "(If-None-Match, If-Modified-Since), with no content",
        "rulebook 304 SHOULD; RFC 9110 §15.4.5",
        "15.4.5",
    ),
    307: (
        "the request was not processed here; resend it, same method and body, to the URI in "
        "Location",
        "rulebook 307 SHOULD; RFC 9110 §15.4.8",
        "15.4.8",
    ),
    308: (
        "the resource moved for good to the URI in Location; unlike 301 the client keeps the "
        "method and the body",
        "RFC 9110 §15.4.9",
        "15.4.9",
    ),
    400: (
        "generic client error: the request is malformed and no more specific 4xx fits",
        "rulebook 400 MAY; RFC 9110 §15.5.1",
        "15.5.1",
    ),
    401: (
        "the client's credentials are missing or wrong (who are you?); the response must carry "
        "a WWW-Authenticate challenge",
        "rulebook 401 MUST; RFC 9110 §15.5.2 (MUST send WWW-Authenticate)",
        "15.5.2",
    ),
    402: ("reserved for future use", "RFC 9110 §15.5.3", "15.5.3"),
    403: (
        "the request was understood and the client is known, but it may not do this "
        "(application-level permission), whatever the credentials",
        "rulebook 403 SHOULD; RFC 9110 §15.5.4",
        "15.5.4",
    ),
    404: (
        "the URI maps to no resource",
        "rulebook 404 MUST; RFC 9110 §15.5.5",
        "15.5.5",
    ),
    405: (
        "the resource exists but does not support this method; the response must carry an "
        "Allow header listing the methods it supports",
        "rulebook 405 MUST; RFC 9110 §15.5.6, §10.2.1 (MUST send Allow)",
        "15.5.6",
    ),
    406: (
        "the server cannot produce any media type the request's Accept header asks for "
        "(406 is about the output; 415 about the input)",
        "rulebook 406 MUST; RFC 9110 §15.5.7",
        "15.5.7",
    ),
    407: ("the client must authenticate with the proxy first", "RFC 9110 §15.5.8", "15.5.8"),
    408: ("the server timed out waiting for the request", "RFC 9110 §15.5.9", "15.5.9"),
    409: (
        "the request conflicts with the current state of the resource (for example a version "
        "conflict found by the server)",
        "rulebook 409 SHOULD; RFC 9110 §15.5.10",
        "15.5.10",
    ),
    410: (
        "the resource was here and is gone for good, with no forwarding address",
        "RFC 9110 §15.5.11",
        "15.5.11",
    ),
    411: ("the server requires a Content-Length", "RFC 9110 §15.5.12", "15.5.12"),
    412: (
        "a precondition the client sent in a header (If-Match, If-Unmodified-Since, "
        "If-None-Match) was not met",
        "rulebook 412 SHOULD; RFC 9110 §15.5.13",
        "15.5.13",
    ),
    413: (
        "the request content is larger than the server will process",
        "RFC 9110 §15.5.14",
        "15.5.14",
    ),
    414: (
        "the request URI is longer than the server will interpret",
        "RFC 9110 §15.5.15",
        "15.5.15",
    ),
    415: (
        "the server cannot read the request content's media type (Content-Type) "
        "(415 is about the input; 406 about the output)",
        "rulebook 415 MUST; RFC 9110 §15.5.16",
        "15.5.16",
    ),
    416: ("the requested range cannot be served", "RFC 9110 §15.5.17", "15.5.17"),
    417: ("the Expect header could not be met", "RFC 9110 §15.5.18", "15.5.18"),
    418: ("unused; reserved by RFC 9110", "RFC 9110 §15.5.19", "15.5.19"),
    421: (
        "the request reached a server that cannot answer for this URI",
        "RFC 9110 §15.5.20",
        "15.5.20",
    ),
    422: (
        "the request was well-formed (syntax and media type are fine) but its content is "
        "semantically invalid, e.g. failed validation",
        "RFC 9110 §15.5.21",
        "15.5.21",
    ),
    423: ("the resource is locked (WebDAV)", "RFC 4918 §11.3", _MDN + "423"),
    425: (
        "the server will not risk processing a request that might be replayed",
        "RFC 8470 §5.2",
        _MDN + "425",
    ),
    426: (
        "the client must switch to the protocol named in Upgrade",
        "RFC 9110 §15.5.22",
        "15.5.22",
    ),
    428: (
        "the server requires the request to be conditional (send If-Match to avoid lost updates)",
        "RFC 6585 §3",
        "https://www.rfc-editor.org/rfc/rfc6585#section-3",
    ),
    429: (
        "the client sent too many requests in a given time (rate limiting); Retry-After says "
        "when to try again",
        "RFC 6585 §4",
        "https://www.rfc-editor.org/rfc/rfc6585#section-4",
    ),
    431: (
        "the request's header fields are too large",
        "RFC 6585 §5",
        "https://www.rfc-editor.org/rfc/rfc6585#section-5",
    ),
    451: (
        "the resource is withheld for legal reasons",
        "RFC 7725 §3",
        "https://www.rfc-editor.org/rfc/rfc7725#section-3",
    ),
    500: (
        "the API malfunctioned: never the client's fault, and retrying the same request is "
        "reasonable",
        "rulebook 500 SHOULD; RFC 9110 §15.6.1",
        "15.6.1",
    ),
    501: (
        "the server does not support the functionality this request needs",
        "RFC 9110 §15.6.2",
        "15.6.2",
    ),
    502: (
        "a gateway got an invalid response from the server behind it",
        "RFC 9110 §15.6.3",
        "15.6.3",
    ),
    503: (
        "the server cannot handle the request right now (overload or maintenance); Retry-After "
        "may say when to come back",
        "RFC 9110 §15.6.4",
        "15.6.4",
    ),
    504: ("a gateway timed out waiting for the server behind it", "RFC 9110 §15.6.5", "15.6.5"),
    505: ("the HTTP version of the request is not supported", "RFC 9110 §15.6.6", "15.6.6"),
}

_CLASS_MEANING = {
    1: ("informational: the request goes on", "RFC 9110 §15.2", "15.2"),
    2: ("success: the request was received, understood and accepted", "RFC 9110 §15.3", "15.3"),
    3: ("redirection: the client must take further action", "RFC 9110 §15.4", "15.4"),
    4: ("client error: the request is wrong or cannot be fulfilled", "RFC 9110 §15.5", "15.5"),
    5: ("server error: the server failed to fulfil a valid request", "RFC 9110 §15.6", "15.6"),
}

# Names RFC 9110 changed, and ones users type.
_PHRASE_OVERRIDES = {413: "Content Too Large", 422: "Unprocessable Content", 418: "(Unused)"}

_CACHE: dict[int, CodeInfo] = {}


def phrase(code: int) -> str:
    """The reason phrase of ``code``, or ``"Unknown"`` outside the registry."""
    if code in _PHRASE_OVERRIDES:
        return _PHRASE_OVERRIDES[code]
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


def info(code: int) -> CodeInfo:
    """Everything known about ``code``; codes outside the registry get their class's text."""
    found = _CACHE.get(code)
    if found is not None:
        return found
    if code in _TABLE:
        meaning, source, where = _TABLE[code]
    elif 100 <= code <= 599:
        meaning, source, where = _CLASS_MEANING[code // 100]
        meaning = f"not a registered code; its class means {meaning}"
    else:
        meaning = "not a valid HTTP status code: RFC 9110 allows only 100 to 599"
        source, where = "RFC 9110 §15", "15"
    link = where if where.startswith("http") else _RFC9110 + where
    found = CodeInfo(code, phrase(code), meaning, source, link)
    _CACHE[code] = found
    return found


def class_meaning(klass: int) -> tuple[str, str]:
    """(meaning, source) of a status class such as 2 for 2xx."""
    meaning, source, _ = _CLASS_MEANING[klass]
    return meaning, source


def label(code: int, sent: str | None = None) -> str:
    """``"201 Created"``; for a code with no registered phrase, the phrase the server sent
    (``"723 Tricky"``) when there is one."""
    known = phrase(code)
    if sent and known == "Unknown":
        return f"{code} {' '.join(sent.split())[:80]}"
    return f"{code} {known}"


def _build_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for status in http.HTTPStatus:
        names[status.name.lower()] = status.value
        names[status.phrase.lower().replace(" ", "_").replace("-", "_")] = status.value
    for code, text in _PHRASE_OVERRIDES.items():
        names[text.lower().replace(" ", "_").replace("(", "").replace(")", "")] = code
    names["unprocessable_entity"] = 422
    names["content_too_large"] = 413
    names["request_entity_too_large"] = 413
    names["ok"] = 200
    return names


NAMES: dict[str, int] = _build_names()


def code_for_name(name: str) -> int | None:
    """``"created"``, ``"Not Found"``, ``"NOT_FOUND"``, ``"not-found"`` -> the code."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return NAMES.get(key)
