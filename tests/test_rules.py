"""Every rule of the catalogue: a triggering and a clean exchange, on real responses.

The responses come from a raw WSGI app through werkzeug's test client: unlike framework
response classes, a raw app can send what a misbehaving server sends (a body on a 204,
a 304 or a HEAD response), so every rule can be triggered for real.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.test import Client

from pytest_restcodes._findings import Catalogue, catalogue
from pytest_restcodes._rules import BY_CODE, BY_NAME, RULES, resolve
from pytest_restcodes._view import ResponseView


def _wsgi_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers what the request's X-Answer header (JSON) says: status, headers, body."""
    spec = json.loads(environ.get("HTTP_X_ANSWER", "{}"))
    status = int(spec.get("status", 200))
    headers = [(str(k), str(v)) for k, v in spec.get("headers", [])]
    body = spec.get("body", "").encode()
    start_response(f"{status} X", headers)
    return [body] if body else []


def exchange(
    status: int,
    *,
    method: str = "GET",
    headers: list[tuple[str, str]] | None = None,
    body: str = "",
    request_headers: dict[str, str] | None = None,
    data: str | None = None,
) -> Any:
    client = Client(_wsgi_app)
    answer = json.dumps({"status": status, "headers": headers or [], "body": body})
    return client.open(
        "/r", method=method, headers={"X-Answer": answer, **(request_headers or {})}, data=data
    )


JSON = [("Content-Type", "application/json")]
PROBLEM = [("Content-Type", "application/problem+json")]

# rule name -> (triggering exchange, clean exchange), each a dict of exchange() arguments
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "invalid-status-code": ({"status": 999}, {"status": 200}),
    "server-error": ({"status": 500}, {"status": 200}),
    "method-not-allowed-without-allow": (
        {"status": 405, "method": "DELETE"},
        {"status": 405, "method": "DELETE", "headers": [("Allow", "GET, POST")]},
    ),
    "allow-lists-request-method": (
        {"status": 405, "method": "DELETE", "headers": [("Allow", "GET, DELETE")]},
        {"status": 405, "method": "DELETE", "headers": [("Allow", "GET, POST")]},
    ),
    "unauthorized-without-challenge": (
        {"status": 401},
        {"status": 401, "headers": [("WWW-Authenticate", 'Bearer realm="api"')]},
    ),
    "no-content-with-body": (
        {"status": 204, "method": "DELETE", "body": '{"deleted": true}'},
        {"status": 204, "method": "DELETE"},
    ),
    "not-modified-with-body": (
        {"status": 304, "request_headers": {"If-None-Match": '"v1"'}, "body": '{"id": 1}'},
        {
            "status": 304,
            "request_headers": {"If-None-Match": '"v1"'},
            "headers": [("ETag", '"v1"')],
        },
    ),
    "head-with-body": (
        {"status": 200, "method": "HEAD", "body": '{"id": 1}'},
        {"status": 200, "method": "HEAD", "headers": [("Content-Length", "9")]},
    ),
    "not-modified-unconditional": (
        {"status": 304},
        {"status": 304, "request_headers": {"If-None-Match": '"v1"'}},
    ),
    "created-without-location": (
        {"status": 201, "method": "POST"},
        {"status": 201, "method": "POST", "headers": [("Location", "/books/7")]},
    ),
    "created-on-safe-method": (
        {"status": 201, "method": "GET", "headers": [("Location", "/books/8")]},
        {"status": 201, "method": "POST", "headers": [("Location", "/books/8")]},
    ),
    "redirect-without-location": (
        {"status": 301},
        {"status": 301, "headers": [("Location", "/new")]},
    ),
    "found-redirect": (
        {"status": 302, "method": "POST", "headers": [("Location", "/books/1")]},
        {"status": 303, "method": "POST", "headers": [("Location", "/books/1")]},
    ),
    "precondition-failed-without-precondition": (
        {"status": 412, "method": "PUT"},
        {"status": 412, "method": "PUT", "request_headers": {"If-Match": '"v1"'}},
    ),
    "not-acceptable-without-accept": (
        {"status": 406, "request_headers": {"Accept": "*/*"}},
        {"status": 406, "request_headers": {"Accept": "application/xml"}},
    ),
    "unsupported-media-type-without-content": (
        {"status": 415, "method": "POST"},
        {
            "status": 415,
            "method": "POST",
            "request_headers": {"Content-Type": "text/plain"},
            "data": "hello",
        },
    ),
    "retry-after-invalid": (
        {"status": 503, "headers": [("Retry-After", "soon")]},
        {"status": 429, "headers": [("Retry-After", "120")]},
    ),
    "too-many-requests-without-retry-after": (
        {"status": 429},
        {"status": 429, "headers": [("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")]},
    ),
    "success-with-error-body": (
        {"status": 200, "headers": JSON, "body": '{"error": "query too short"}'},
        {"status": 200, "headers": JSON, "body": '{"data": [], "errors": []}'},
    ),
    "success-with-problem-json": (
        {"status": 200, "headers": PROBLEM, "body": '{"title": "Not found"}'},
        {"status": 404, "headers": PROBLEM, "body": '{"title": "Not found", "status": 404}'},
    ),
    "problem-status-mismatch": (
        {"status": 400, "headers": PROBLEM, "body": '{"title": "Conflict", "status": 409}'},
        {"status": 409, "headers": PROBLEM, "body": '{"title": "Conflict", "status": 409}'},
    ),
    "json-content-type-mismatch": (
        {"status": 200, "headers": JSON, "body": "<html>oops</html>"},
        {"status": 200, "headers": JSON, "body": '{"ok": true}'},
    ),
    "stack-trace-exposed": (
        {
            "status": 400,
            "body": 'Traceback (most recent call last):\n  File "app.py"\nValueError: bad',
        },
        {"status": 400, "headers": JSON, "body": '{"detail": "bad"}'},
    ),
}

EVERYTHING = Catalogue("rulebook")


def _names(resp: Any, cat: Catalogue = EVERYTHING) -> list[str]:
    return [f.rule.name for f in cat.run(ResponseView.of(resp, "test"))]


def test_every_rule_has_cases() -> None:
    assert sorted(CASES) == sorted(r.name for r in RULES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_triggers(name: str) -> None:
    trigger, _ = CASES[name]
    assert name in _names(exchange(**trigger))


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_clean_example(name: str) -> None:
    _, clean = CASES[name]
    assert name not in _names(exchange(**clean))


def test_clean_examples_raise_no_error_findings() -> None:
    # the clean side of each pair is a model answer: no error-level finding at all
    for name, (_, clean) in CASES.items():
        if name == "server-error":
            continue
        findings = EVERYTHING.run(ResponseView.of(exchange(**clean), "test"))
        assert [f.rule.name for f in findings if f.severity == "error"] == [], name


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len(BY_CODE) == len(RULES) == len(BY_NAME)
    for rule in RULES:
        assert rule.code.startswith("RC") and rule.code[2:].isdigit()
        assert rule.name == rule.name.lower() and " " not in rule.name
        for text in (rule.summary, rule.why, rule.example, rule.clean, rule.fix, rule.source):
            assert text.strip(), (rule.name, text)
        assert resolve(rule.code.lower()) is rule
        assert resolve(rule.name.upper()) is rule


def test_rulebook_only_rules_are_off_in_rfc_profile() -> None:
    rfc = catalogue("rfc")
    for name in ("found-redirect", "success-with-error-body"):
        trigger, _ = CASES[name]
        assert name in _names(exchange(**trigger))
        assert name not in _names(exchange(**trigger), rfc)


def test_redirect_without_location_is_an_error_for_303() -> None:
    (finding,) = EVERYTHING.run(ResponseView.of(exchange(303), "test"))
    assert (finding.rule.name, finding.severity) == ("redirect-without-location", "error")
    (finding,) = EVERYTHING.run(ResponseView.of(exchange(307), "test"))
    assert (finding.rule.name, finding.severity) == ("redirect-without-location", "warning")


def test_created_without_location_exempts_put() -> None:
    assert "created-without-location" not in _names(exchange(201, method="PUT"))


def test_empty_allow_is_valid() -> None:
    assert _names(exchange(405, method="DELETE", headers=[("Allow", "")])) == []


def test_content_length_zero_on_204_is_harmless() -> None:
    assert _names(exchange(204, headers=[("Content-Length", "0")])) == []


def test_success_with_error_body_exemptions() -> None:
    graphql = '{"data": null, "errors": [{"message": "boom"}]}'
    jsonrpc = '{"jsonrpc": "2.0", "error": {"code": -32600}}'
    for body in (graphql, jsonrpc, '{"errors": []}', '{"error": null}'):
        assert "success-with-error-body" not in _names(exchange(200, headers=JSON, body=body))
    assert _names(exchange(207, headers=JSON, body='{"error": "x"}')) == []
    for body in ('{"ok": false}', '{"success": false}', '{"status": "error"}'):
        assert "success-with-error-body" in _names(exchange(200, headers=JSON, body=body))


def test_heuristics_skip_bodies_over_the_cap() -> None:
    big = '{"error": "x", "pad": "' + "a" * (70 * 1024) + '"'  # also invalid JSON
    assert _names(exchange(200, headers=JSON, body=big)) == []


def test_a_crashing_rule_is_reported_as_internal_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = BY_NAME["unauthorized-without-challenge"]

    def boom(view: ResponseView) -> str | None:
        raise RuntimeError("rule bug")

    broken = type(rule)(**{**rule.__dict__, "check": boom})
    monkeypatch.setattr("pytest_restcodes._findings.RULES", (broken,))
    (finding,) = Catalogue("rulebook").run(ResponseView.of(exchange(401), "test"))
    assert finding.severity == "internal"
    assert "RuntimeError: rule bug" in finding.observed
    assert "unauthorized-without-challenge" in finding.render()


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
    assert "redirect hop" in finding.render()


def test_finding_renders_every_part() -> None:
    resp = exchange(
        405, method="DELETE", body='{"detail": "no", "password": "hunter2"}', headers=JSON
    )
    (finding,) = EVERYTHING.run(ResponseView.of(resp, "test"))
    text = finding.render()
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
