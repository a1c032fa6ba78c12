"""Hints for the usual confusions between two status codes (rulebook, "common confusions")."""

from __future__ import annotations

_PAIRS: dict[tuple[int, int], str] = {
    (201, 200): (
        "something was created? Then answer 201 Created with the new resource's URI in "
        "Location, not a generic 200."
    ),
    (200, 201): (
        "201 means a new resource was created. If this request only reads or updates, the "
        "API should answer 200; if it does create, the test expects the wrong code."
    ),
    (204, 200): (
        "nothing to send back? Answer 204 No Content with no body at all, not 200 with an "
        "empty or placeholder body."
    ),
    (200, 204): (
        "204 carries no body: if the client needs the result, the API should answer 200 with it."
    ),
    (201, 202): (
        "202 says the work was only queued and the resource does not exist yet; 201 says it "
        "exists now. Is the creation asynchronous?"
    ),
    (202, 201): (
        "201 says the resource exists now; if the work is queued, answer 202 Accepted, "
        "ideally with a Location to poll."
    ),
    (405, 404): (
        "a 404 where 405 was expected usually means no route matched the path at all: check "
        "the URL (prefix, trailing slash, id) before the method."
    ),
    (404, 405): (
        "a 405 means the path matched a resource but not the method: the URL is right, the "
        "method (or the route's method list) is not."
    ),
    (403, 401): (
        "401 means the credentials are missing or wrong (who are you?); 403 means they were "
        "accepted and the user may not do this. Did the request carry valid credentials?"
    ),
    (401, 403): (
        "403 means the credentials were accepted but do not allow this; 401 is for missing "
        "or invalid credentials (and must carry WWW-Authenticate)."
    ),
    (422, 400): (
        "400 is for a request the server cannot parse at all (broken syntax); a well-formed "
        "request whose content fails validation is 422."
    ),
    (400, 422): (
        "422 means the request was well-formed but its content failed validation: the "
        "validation errors below say what the server disliked."
    ),
    (415, 406): (
        "406 is about the output (nothing matches the request's Accept); 415 is about the "
        "input (the request's Content-Type cannot be read). Check which header is wrong."
    ),
    (406, 415): (
        "415 is about the input (the request's Content-Type); 406 is about the output (the "
        "request's Accept). Check which header is wrong."
    ),
    (303, 302): (
        "302 is ambiguous about the follow-up method: after a POST, answer 303 See Other to "
        "send the client to a GET of the result."
    ),
    (307, 302): (
        "302 is ambiguous about the follow-up method: answer 307 Temporary Redirect when the "
        "client must repeat the same method and body."
    ),
    (308, 301): (
        "301 lets clients turn a POST into a GET when they follow it; 308 Permanent Redirect "
        "keeps the method and the body."
    ),
    (301, 308): (
        "308 keeps the method and body on the follow-up request; 301 lets clients switch to "
        "GET. Either is permanent: which one does the API promise?"
    ),
    (412, 409): (
        "409 is a conflict the server found in the resource's state; 412 is a failed "
        "precondition the client sent (If-Match, If-Unmodified-Since). Did the request send one?"
    ),
    (409, 412): (
        "412 means a precondition header the request sent (If-Match...) failed; 409 is a state "
        "conflict found by the server without one."
    ),
    (304, 200): (
        "the server ignored the conditional request: check that the request sent "
        "If-None-Match (or If-Modified-Since) with the ETag (or date) of the cached copy, and "
        "that the API compares it."
    ),
}


def hint(
    expected: tuple[int, ...], actual: int, expected_classes: tuple[int, ...] = ()
) -> str | None:
    """The hint for getting ``actual`` where one of ``expected`` was wanted, if one applies."""
    for code in expected:
        found = _PAIRS.get((code, actual))
        if found:
            return found
    if (
        500 <= actual <= 599
        and not any(500 <= c <= 599 for c in expected)
        and 5 not in expected_classes
    ):
        return (
            "the server malfunctioned instead of answering: a bug in the API, not in the "
            "request. Look for its exception below (when the response tells it) or in the "
            "server log."
        )
    if (
        actual in (301, 302, 303, 307, 308)
        and not any(300 <= c <= 399 for c in expected)
        and 3 not in expected_classes
    ):
        return (
            "the API redirected: the client did not follow it (pass follow_redirects=True, "
            "follow=True or allow_redirects=True to see the final response), or the URL lacks "
            "a trailing slash the route wants."
        )
    return None
