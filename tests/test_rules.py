"""Every rule of the catalogue: its triggering and its clean exchange, on real responses.

The cases are the catalogue's own: each rule's ``trigger`` and ``clean`` exchanges (the ones
docs/rules.md shows) are sent to a raw WSGI app through werkzeug's test client. Unlike framework
response classes, a raw app can send what a misbehaving server sends (a body on a 204, a 304 or
a HEAD response), so every rule can be triggered for real.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.test import Client

from pytest_restcodes import _render
from pytest_restcodes._findings import Catalogue, Finding, catalogue
from pytest_restcodes._rules import (
    BY_CODE,
    BY_NAME,
    MEDIA_KINDS,
    RULES,
    Exchange,
    Rule,
    media_kind,
    resolve,
)
from pytest_restcodes._view import ResponseView


def _wsgi_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers what the request's X-Answer header (JSON) says: status, headers, body.
    A body goes with its Content-Length, as a server sends a body it does not stream."""
    spec = json.loads(environ.get("HTTP_X_ANSWER", "{}"))
    status = int(spec.get("status", 200))
    headers = [(str(k), str(v)) for k, v in spec.get("headers", [])]
    body = spec.get("body", "").encode()
    if body and not any(k.lower() == "content-length" for k, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    start_response(f"{status} X", headers)
    return [body] if body else []


def send(ex: Exchange) -> Any:
    """The werkzeug response to the exchange's request, answered as the exchange says."""
    answer = json.dumps({"status": ex.status, "headers": ex.headers, "body": ex.body})
    return Client(_wsgi_app).open(
        ex.path or "/r",
        method=ex.method,
        headers=[("X-Answer", answer), *ex.request_headers],
        data=ex.data,
    )


JSON = (("Content-Type", "application/json"),)

EVERYTHING = Catalogue("rulebook", contract=True)


def _findings(ex: Exchange, cat: Catalogue = EVERYTHING) -> list[Finding]:
    view = ResponseView.of(send(ex), "test")
    if ex.documented is not None:  # the operation an OpenAPI document would give it
        view.operation = ("/books/{book_id}", frozenset(ex.documented))
    return list(cat.run(view))


def _names(ex: Exchange, cat: Catalogue = EVERYTHING) -> list[str]:
    return [f.rule.name for f in _findings(ex, cat)]


def _by_rule(r: Rule) -> str:
    return f"{r.code}-{r.name}"


def test_every_rule_has_a_trigger_and_a_clean_exchange() -> None:
    for r in RULES:
        assert isinstance(r.trigger, Exchange) and isinstance(r.clean, Exchange), r.name
        assert r.trigger != r.clean, r.name


@pytest.mark.parametrize("rule", RULES, ids=_by_rule)
def test_rule_triggers(rule: Rule) -> None:
    names = _names(rule.trigger)
    assert names.count(rule.name) == 1, names
    others = [n for n in names if n != rule.name]
    if 500 <= rule.trigger.status <= 599:  # every 5xx is also a server-error
        others = [n for n in others if n != "server-error"]
    assert others == [], f"{rule.name}'s trigger also fires {others}"


@pytest.mark.parametrize("rule", RULES, ids=_by_rule)
def test_rule_clean_example(rule: Rule) -> None:
    assert rule.name not in _names(rule.clean)


def test_clean_examples_raise_no_error_findings() -> None:
    # the clean side of each pair is a model answer: no error-level finding at all, but for
    # server-error on a clean 5xx (a test that means a 5xx asserts it, which acknowledges it)
    for r in RULES:
        errors = [
            f.rule.name
            for f in _findings(r.clean)
            if f.severity == "error" and f.rule.name != "server-error"
        ]
        assert errors == [], r.name
        if r.clean.status < 500:
            assert "server-error" not in _names(r.clean), r.name


def test_exchange_renders_request_and_response() -> None:
    ex = BY_NAME["unsupported-media-type-without-content"].clean
    assert ex.render() == (
        "POST /books\nContent-Type: text/plain\n\nhello\n\nHTTP/1.1 415 Unsupported Media Type"
    )
    assert Exchange(0, note="(a mock)").render() == "HTTP/1.1 0"
    assert Exchange(422, headers=JSON, body="{}").render() == (
        "HTTP/1.1 422 Unprocessable Content\nContent-Type: application/json\n\n{}"
    )
    assert Exchange(204, method="DELETE").render() == "DELETE /\n\nHTTP/1.1 204 No Content"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len(BY_CODE) == len(RULES) == len(BY_NAME)
    for rule in RULES:
        assert rule.code.startswith("RC") and rule.code[2:].isdigit()
        assert rule.name == rule.name.lower() and " " not in rule.name
        texts = (rule.summary, rule.why, rule.trigger.render(), rule.clean.render())
        for text in (*texts, rule.fix, rule.source):
            assert text.strip(), (rule.name, text)
        assert resolve(rule.code.lower()) is rule
        assert resolve(rule.name.upper()) is rule


def test_rulebook_only_rules_are_off_in_rfc_profile() -> None:
    rfc = catalogue("rfc")
    for name in ("found-redirect", "success-with-error-body"):
        trigger = BY_NAME[name].trigger
        assert name in _names(trigger)
        assert name not in _names(trigger, rfc)


def test_redirect_without_location_is_an_error_for_303() -> None:
    (finding,) = _findings(Exchange(303))
    assert (finding.rule.name, finding.severity) == ("redirect-without-location", "error")
    (finding,) = _findings(Exchange(307))
    assert (finding.rule.name, finding.severity) == ("redirect-without-location", "warning")


def test_created_without_location_exempts_put() -> None:
    assert "created-without-location" not in _names(Exchange(201, method="PUT"))


def test_empty_allow_is_valid() -> None:
    assert _names(Exchange(405, method="DELETE", headers=(("Allow", ""),))) == []


def test_content_length_zero_on_204_is_harmless() -> None:
    assert _names(Exchange(204, headers=(("Content-Length", "0"),))) == []


def test_success_with_error_body_exemptions() -> None:
    graphql = '{"data": null, "errors": [{"message": "boom"}]}'
    jsonrpc = '{"jsonrpc": "2.0", "error": {"code": -32600}}'
    for body in (graphql, jsonrpc, '{"errors": []}', '{"error": null}'):
        assert "success-with-error-body" not in _names(Exchange(200, headers=JSON, body=body))
    assert _names(Exchange(207, headers=JSON, body='{"error": "x"}')) == []
    for body in ('{"ok": false}', '{"success": false}', '{"status": "error"}'):
        assert "success-with-error-body" in _names(Exchange(200, headers=JSON, body=body))


def test_heuristics_skip_bodies_over_the_cap() -> None:
    big = '{"error": "x", "pad": "' + "a" * (70 * 1024) + '"'  # also invalid JSON
    assert _names(Exchange(200, headers=JSON, body=big)) == []


def test_a_crashing_rule_is_reported_as_internal_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = BY_NAME["unauthorized-without-challenge"]

    def boom(view: ResponseView) -> str | None:
        raise RuntimeError("rule bug")

    broken = rule.replace(check=boom)
    monkeypatch.setattr("pytest_restcodes._findings.RULES", (broken,))
    (finding,) = Catalogue("rulebook").run(ResponseView.of(send(Exchange(401)), "test"))
    assert finding.severity == "internal"
    assert "RuntimeError: rule bug" in finding.observed
    assert "unauthorized-without-challenge" in _render.finding(finding)


# a media type of each kind the rules' ``media`` tell apart
_OF_KIND = {
    "problem": "application/problem+json",
    "graphql": "application/graphql-response+json",
    "json": "application/vnd.api+json",
    "other": "text/html; charset=utf-8",
}


def test_media_kinds() -> None:
    assert {kind: media_kind(ctype.split(";")[0]) for kind, ctype in _OF_KIND.items()} == {
        k: k for k in MEDIA_KINDS
    }
    assert media_kind("application/json") == media_kind("application/merge-patch+json") == "json"
    assert media_kind("") == "other"


_GUARDED = [r for r in RULES if r.media is not None or r.head_only]


@pytest.mark.parametrize("rule", _GUARDED, ids=_by_rule)
def test_guards_skip_only_what_the_check_never_flags(rule: Rule) -> None:
    """``media`` and ``head_only`` are shortcuts: the trigger, sent with a Content-Type
    of a kind the rule leaves out (or with another method than HEAD), is not flagged by
    the check itself, so the catalogue loses nothing by not running it."""
    trigger = rule.trigger
    others = [(n, v) for n, v in trigger.headers if n.lower() != "content-type"]
    variants = []
    for kind, ctype in _OF_KIND.items():
        if rule.media is not None and kind not in rule.media:
            variants.append(trigger.replace(headers=(*others, ("Content-Type", ctype))))
    if rule.head_only:
        variants += [trigger.replace(method=m) for m in ("GET", "POST", "DELETE")]
    assert variants
    for ex in variants:
        view = ResponseView.of(send(ex), "test")
        assert rule.check(view) is None, ex
        assert rule not in [r for r, _ in EVERYTHING.rules_to_run(view)]
    # and the trigger itself is run
    view = ResponseView.of(send(trigger), "test")
    assert rule in [r for r, _ in EVERYTHING.rules_to_run(view)]


def test_hops_are_checked_for_redirect_rules() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ["PATH_INFO"] == "/old":
            start_response("302 Found", [("Location", "/new")])
            return []
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"here"]

    resp = Client(app).get("/old", follow_redirects=True)
    assert resp.status_code == 200
    (finding,) = EVERYTHING.run(ResponseView.of(resp, "test"))
    assert finding.rule.name == "found-redirect" and finding.hop
    assert "redirect hop" in _render.finding(finding)


def test_finding_renders_every_part() -> None:
    ex = Exchange(
        405, method="DELETE", body='{"detail": "no", "password": "hunter2"}', headers=JSON
    )
    (finding,) = _findings(ex)
    text = _render.finding(finding)
    for fragment in (
        "[RC101 method-not-allowed-without-allow] error",
        "Response: DELETE http://localhost/r -> 405 Method Not Allowed",
        "Observed: 405 without an Allow header",
        "Fix: Send `Allow: GET, POST`",
        "Source: RFC 9110 §15.5.6 and §10.2.1 MUST",
        'Body: {"detail": "no", "password": "***"}',
        "docs/rules.md#rc101-method-not-allowed-without-allow",
    ):
        assert fragment in text
    assert "hunter2" not in text


def test_a_201_to_get_without_location_is_one_finding_not_two() -> None:
    # the safe method is what is wrong: asking for a Location as well said it twice
    names = _names(Exchange(201, path="/books/new"))
    assert names == ["created-on-safe-method"]
    assert _names(Exchange(201, method="POST", path="/books")) == ["created-without-location"]
