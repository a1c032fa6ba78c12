"""A newcomer's first hour: the traps found by writing suites from scratch (FastAPI,
Django/DRF, requests against a local server), each through real clients and apps."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from pytest_httpserver import HTTPServer

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError


def failure(call: Any) -> str:
    with pytest.raises(StatusAssertionError) as info:
        call()
    return str(info.value)


# --- the first README example on an ordinary FastAPI app --------------------------------


@pytest.fixture
def fastapi_client() -> Any:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()

    @app.get("/books")
    def books() -> list[str]:
        return []

    @app.post("/books", status_code=201)
    def create() -> dict[str, int]:
        return {"id": 1}

    return TestClient(app)


def test_a_partial_allow_from_starlette_names_the_cause(fastapi_client: Any) -> None:
    resp = fastapi_client.delete("/books")
    text = failure(lambda: rc.assert_method_not_allowed(resp, allow=["GET", "POST"]))
    assert "Allow is 'GET', expected GET, POST; missing: POST" in text
    assert "first route that matches the path" in text
    assert "@app.api_route(path, methods=[...])" in text


def test_a_partial_allow_from_another_server_has_no_starlette_hint(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/books", method="DELETE").respond_with_data(
        "", status=405, headers={"Allow": "GET"}
    )
    resp = requests.delete(httpserver.url_for("/books"))
    text = failure(lambda: rc.assert_method_not_allowed(resp, allow="GET, POST"))
    assert "missing: POST" in text
    assert "Starlette" not in text


# --- a redirect the client followed -----------------------------------------------------


@pytest.fixture
def moved(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/middle?token=s3cr3t"}
    )
    httpserver.expect_request("/middle").respond_with_data(
        "", status=302, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("here")
    return httpserver.url_for("/old")


def test_a_followed_redirect_is_told_with_requests(moved: str) -> None:
    text = failure(lambda: rc.assert_moved_permanently(requests.get(moved)))
    assert text.startswith("assert_moved_permanently: expected 301 Moved Permanently, got 200")
    assert "The client followed 2 redirects to get this response" in text
    assert "  1. 301 Moved Permanently -> /middle?token=***" in text
    assert "  2. 302 Found -> /new" in text
    assert "pass allow_redirects=False to the call" in text
    assert "s3cr3t" not in text


def test_a_followed_redirect_is_told_with_httpx(moved: str) -> None:
    import httpx

    resp = httpx.get(moved, follow_redirects=True)
    text = failure(lambda: rc.assert_redirect(resp))
    assert "The client followed 2 redirects" in text
    assert "follow_redirects=False" in text


def test_a_followed_redirect_is_told_with_django(django_setup: None) -> None:
    from django.test import Client

    resp = Client().get("/moved", follow=True)  # tests/django_urls.py
    text = failure(lambda: rc.assert_moved_permanently(resp))
    assert "The client followed 1 redirect" in text
    assert "1. 301 Moved Permanently ->" in text
    assert "without follow=True" in text


def test_an_unfollowed_redirect_or_another_expectation_says_nothing_of_following(
    moved: str,
) -> None:
    text = failure(lambda: rc.assert_not_found(requests.get(moved)))
    assert "followed" not in text
    rc.assert_moved_permanently(requests.get(moved, allow_redirects=False))


# --- Location with non-ASCII paths ----------------------------------------------------


def test_location_is_compared_after_percent_decoding(httpserver: HTTPServer) -> None:
    from flask import Flask

    app = Flask(__name__)

    @app.post("/items")
    def create() -> tuple[str, int, dict[str, str]]:
        return "", 201, {"Location": "/café/1"}  # werkzeug sends /caf%C3%A9/1

    resp = app.test_client().post("/items")
    assert resp.headers["Location"] == "/caf%C3%A9/1"
    assert rc.assert_created(resp, location="/café/1") is resp
    assert rc.assert_created(resp, location="/caf%C3%A9/1") is resp
    text = failure(lambda: rc.assert_created(resp, location="/cafe/1"))
    assert "Location is '/caf%C3%A9/1', expected '/cafe/1'" in text


# --- misuse that must say what is wrong -----------------------------------------------


@pytest.fixture
def resp_405(fastapi_client: Any) -> Any:
    return fastapi_client.delete("/books")


@pytest.mark.parametrize(
    ("allow", "says"),
    [
        (123, "allow= takes method names, as a list such as ['GET', 'POST'] or a string"),
        (["GET", 1], "allow= takes method names as strings, such as ['GET', 'POST']; got 1"),
        ({"GET": 1}, "allow= takes method names"),
        ([" "], "allow= takes method names as strings"),
    ],
)
def test_a_bad_allow_is_a_type_error_naming_it(resp_405: Any, allow: Any, says: str) -> None:
    with pytest.raises(TypeError) as info:
        rc.assert_method_not_allowed(resp_405, allow=allow)
    assert str(info.value).startswith("assert_method_not_allowed(): ")
    assert says in str(info.value)


def test_an_empty_allow_says_what_it_expects(resp_405: Any) -> None:
    text = failure(lambda: rc.assert_method_not_allowed(resp_405, allow=[]))
    assert "expected no method at all (an empty Allow); unexpected: GET" in text


@pytest.mark.parametrize("location", [123, b"/books/1", ["/books/1"]])
def test_a_bad_location_is_a_type_error_naming_it(fastapi_client: Any, location: Any) -> None:
    resp = fastapi_client.post("/books")
    with pytest.raises(TypeError, match=r"assert_created\(\): location= takes the expected URI"):
        rc.assert_created(resp, location=location)


def test_an_unparsable_location_fails_as_an_assertion() -> None:
    from werkzeug.test import Client

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("201 Created", [("Location", "http://[::1/books/1")])
        return []

    resp = Client(app).post("/make")
    text = failure(lambda: rc.assert_created(resp, location="http://[::1]/books/1"))
    assert "Location is 'http://[::1/books/1'" in text


def test_register_adapter_needs_a_module_in_a_name() -> None:
    with pytest.raises(TypeError, match=r"'module\.QualName'"):
        rc.register_adapter("Resp", status=lambda r: 200, headers=lambda r: {})


def test_an_unsupported_response_names_its_class_and_how_to_teach_it(
    httpserver: HTTPServer,
) -> None:
    import http.client

    httpserver.expect_request("/ok").respond_with_data("ok")
    conn = http.client.HTTPConnection(httpserver.host, httpserver.port)
    try:
        conn.request("GET", "/ok")
        resp = conn.getresponse()  # a real stdlib response, which nothing adapts
        resp.read()
        with pytest.raises(TypeError) as info:
            rc.assert_ok(resp)
    finally:
        conn.close()
    text = str(info.value)
    assert "got http.client.HTTPResponse." in text
    assert "register_adapter(MyResponse, status=lambda r: r.status" in text


# --- configuration edges, through real pytest runs ------------------------------------

APP = """
import pytest
from flask import Flask

app = Flask(__name__)

@app.get("/found")
def found():
    return "", 302, {"Location": "/books"}

@app.get("/boom")
def boom():
    return "x" * 500, 500

@app.post("/books")
def create():
    return {"id": 1}, 201

@pytest.fixture
def client():
    return app.test_client()
"""


@pytest.fixture
def suite(lean: pytest.Pytester) -> pytest.Pytester:
    lean.makeconftest(APP)
    return lean


@pytest.mark.skipif(pytest.version_tuple < (9,), reason="the native [tool.pytest] table")
def test_the_native_toml_table_takes_a_number_and_a_list(suite: pytest.Pytester) -> None:
    suite.makepyprojecttoml(
        """
        [tool.pytest]
        restcodes_check = "strict"
        restcodes_body_limit = 100
        restcodes_ignore = ["found-redirect"]
        """
    )
    suite.makepyfile(
        """
        from pytest_restcodes import _session, assert_ok

        def test_it(client):
            client.get("/found")
            assert _session.settings().body_limit == 100
            assert_ok(client.get("/boom"))
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*... 400 more bytes not shown*"])
    result.stdout.no_fnmatch_line("*found-redirect*")


def test_ini_ignore_takes_commas_and_lines(suite: pytest.Pytester) -> None:
    suite.makeini(
        "[pytest]\nrestcodes_check = strict\n"
        "restcodes_ignore = found-redirect, RC002\n    created-without-location\n"
    )
    suite.makepyfile(
        """
        def test_it(client):
            client.get("/found")
            client.get("/boom")
            client.post("/books")
        """
    )
    result = suite.runpytest_subprocess("-W", "error::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*3 responses checked, 0 findings*"])


def test_messages_name_the_configuration_not_pytest_ini(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_check = strict\n")
    suite.makepyfile(
        """
        def test_it(client):
            client.get("/boom")
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*restcodes_ignore in your pytest configuration*"])
    result.stdout.no_fnmatch_line("*pytest.ini*")


def test_a_check_caught_by_pytest_raises_does_not_fail_the_test(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_check = strict\n")
    suite.makepyfile(
        """
        import pytest
        from pytest_restcodes import RuleViolationError

        def test_it(client, restcodes):
            with pytest.raises(RuleViolationError, match="server-error"):
                restcodes.check(client.get("/boom"))
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1)


def test_ignored_rules_leave_the_recorded_findings(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_check = warn\n")
    suite.makepyfile(
        """
        def test_it(client, restcodes):
            client.get("/found")
            assert [f.rule.name for f in restcodes.responses[0].findings] == ["found-redirect"]
            restcodes.ignore("found-redirect")
            assert restcodes.responses[0].findings == ()
        """
    )
    result = suite.runpytest_subprocess("-W", "error::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(passed=1)


def test_a_rerun_test_counts_its_last_attempt_once(suite: pytest.Pytester) -> None:
    pytest.importorskip("pytest_rerunfailures")
    suite.makeini("[pytest]\nrestcodes_check = strict\n")
    suite.makepyfile(
        """
        def test_flaky(client):
            client.get("/boom")
        """
    )
    result = suite.runpytest_subprocess("-p", "pytest_rerunfailures", "--reruns", "2")
    outcomes = result.parseoutcomes()
    assert (outcomes.get("failed"), outcomes.get("rerun")) == (1, 2)
    result.stdout.fnmatch_lines(["*1 response checked, 1 finding*", "*server-error: 1*"])


def test_repeated_findings_are_grouped_and_each_warning_is_one_line(
    suite: pytest.Pytester,
) -> None:
    suite.makeini("[pytest]\nrestcodes_check = warn\n")
    suite.makepyfile(
        "\n".join(
            f"def test_{n}(client):\n    client.post('/books?page={n}')\n" for n in range(4)
        )
        + "\ndef test_found(client):\n    client.get('/found')\n"
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=5, warnings=5)
    result.stdout.fnmatch_lines(
        [
            "*RestcodesWarning: RC108 created-without-location (warning): POST http://localhost"
            "/books?page=0 -> 201 Created: 201 to POST without a Location header [[]pytest -v*",
            "5 responses checked, 5 findings",
            "  created-without-location: 4",
            "    POST /books -> 201: 4",
            "  found-redirect: 1",
        ]
    )
    result.stdout.no_fnmatch_line("*Fix: *")  # the rule's prose waits for -v


def test_one_rule_can_be_made_fatal_by_its_code(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_check = warn\n")
    suite.makepyfile(
        """
        def test_found(client):
            client.get("/found")

        def test_created(client):
            client.post("/books")
        """
    )
    result = suite.runpytest_subprocess("-W", "error:RC111")
    result.assert_outcomes(passed=1, failed=1, warnings=1)
    result.stdout.fnmatch_lines(["FAILED *::test_found - RC111 fou*"])


# --- long messages: a compact form, and bodies cut by lines too -------------------------


def test_compact_messages_explain_each_code_once_per_run(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_message = compact\n")
    suite.makepyfile(
        """
        from pytest_restcodes import assert_created

        def test_one(client):
            assert_created(client.get("/boom"))

        def test_two(client):
            assert_created(client.get("/boom"))
        """
    )
    result = suite.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(failed=2)
    # the failures section (with CI set, pytest repeats whole messages in its summary)
    out = result.stdout.str().partition("short test summary info")[0]
    assert out.count("Expected 201 Created: ") == 1
    assert out.count("Got 500 Internal Server Error: ") == 1
    assert out.count("assert_created: expected 201 Created, got 500 Internal Server Error") == 2
    verbose = suite.runpytest_subprocess("-v")
    assert verbose.stdout.str().partition("short test summary info")[0].count(
        "Expected 201 Created: "
    ) == 2


def test_a_body_of_many_short_lines_is_cut_by_lines(pytester: pytest.Pytester) -> None:
    from flask import Flask

    app = Flask(__name__)

    @app.get("/lines")
    def lines() -> tuple[str, int, dict[str, str]]:
        return "\n".join(f"line {n}" for n in range(300)), 500, {"Content-Type": "text/plain"}

    text = failure(lambda: rc.assert_ok(app.test_client().get("/lines")))
    body = text.split("Body (text/plain", 1)[1]
    assert "  line 39\n" in body
    assert "line 40\n" not in body
    assert "more lines not shown (raise the ini option restcodes_body_lines" in body
    assert len(text.splitlines()) < 60


# --- discoverability --------------------------------------------------------------------


def test_the_rules_can_be_listed_from_the_command_line(pytester: pytest.Pytester) -> None:
    listing = pytester.runpytest_subprocess("--restcodes-rules")
    assert listing.ret == 0
    listing.stdout.fnmatch_lines(
        ["RC001 invalid-status-code *error / error*", "RC205 stack-trace-exposed *"]
    )
    one = pytester.runpytest_subprocess("--restcodes-rules=RC103")
    assert one.ret == 0
    one.stdout.fnmatch_lines(
        [
            "RC103 unauthorized-without-challenge: *",
            "Example:",
            "*HTTP/1.1 401 Unauthorized*",
            "Fix: *WWW-Authenticate*",
        ]
    )
    unknown = pytester.runpytest_subprocess("--restcodes-rules=nope")
    assert unknown.ret == pytest.ExitCode.USAGE_ERROR
    unknown.stderr.fnmatch_lines(["*unknown rule 'nope'*"])


def test_the_marker_help_names_the_allowed_values(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.restcodes(*check: off, warn or strict; profile: rulebook or rfc*"]
    )
