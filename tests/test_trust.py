"""The checker costs the user nothing: no stream eaten, no failure of their own hidden,
no warning made fatal by a filter that did not name it, no finding lost to ``recwarn``.
Each case through real clients and real inner pytest runs, compared with the checker off."""

from __future__ import annotations

import pytest

APP = """
import itertools
import pytest
from flask import Flask, Response

app = Flask(__name__)

@app.get("/feed")
def feed():  # an endless stream
    return Response((f"{n}\\n" for n in itertools.count()), mimetype="application/json")

@app.get("/three")
def three():
    return Response((f"{n}\\n" for n in range(3)), mimetype="application/json")

@app.get("/home")
def home():
    return "", 302, {"Location": "/home"}

@app.get("/boom")
def boom():
    return "boom", 500

@app.get("/tricky")
def tricky():
    return Response("", status="723 Tricky")

@app.get("/admin")
def admin():
    return {"detail": "who are you?"}, 401

@pytest.fixture
def client():
    return app.test_client()
"""


@pytest.fixture
def suite(lean: pytest.Pytester) -> pytest.Pytester:
    lean.makeconftest(APP)
    return lean


def _ini(pytester: pytest.Pytester, filters: str = "", **options: str) -> None:
    lines = "\n".join(f"{k} = {v}" for k, v in options.items())
    extra = f"filterwarnings =\n    {filters}\n" if filters else ""
    pytester.makeini(f"[pytest]\n{lines}\n{extra}")


# --- streams ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["off", "strict"])
def test_a_streamed_werkzeug_body_is_left_to_the_test(suite: pytest.Pytester, mode: str) -> None:
    _ini(suite, restcodes_check=mode)
    suite.makepyfile(
        """
        def test_three(client, restcodes):
            resp = client.get("/three")
            assert next(iter(resp.response)) == b"0\\n"
            assert restcodes.responses[0].status == 200

        def test_endless_feed(client):
            resp = client.get("/feed")  # returns at once: nothing reads the feed for us
            chunks = iter(resp.response)
            assert [next(chunks) for _ in range(3)] == [b"0\\n", b"1\\n", b"2\\n"]
        """
    )
    result = suite.runpytest_subprocess(timeout=60)
    result.assert_outcomes(passed=2)


# --- the test's own failure comes first -------------------------------------------------


@pytest.mark.parametrize(
    "filters", ["error", "error::pytest_restcodes.RestcodesWarning"], ids=["generic", "named"]
)
def test_a_warning_never_replaces_the_tests_own_failure(
    suite: pytest.Pytester, filters: str
) -> None:
    _ini(suite, filters, restcodes_check="warn")
    suite.makepyfile(
        """
        def test_it(client):
            resp = client.get("/home")
            assert resp.headers["Location"] == "/dashboard"
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E *AssertionError: assert '/home' == '/dashboard'",
            "*RC111 found-redirect*",  # after it: a section, or the warnings summary
            "FAILED *::test_it - Asse*",
        ]
    )


def test_strict_errors_after_a_fatal_warning_are_all_shown(suite: pytest.Pytester) -> None:
    _ini(suite, "error::pytest_restcodes.RestcodesWarning", restcodes_check="strict")
    suite.makepyfile(
        """
        def test_it(client):
            client.get("/home")   # a warning, made fatal by the filter
            client.get("/boom")   # an error
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "pytest-restcodes: 2 findings in 2 responses this test received:",
            "*[[]RC111 found-redirect[]] warning*",
            "*[[]RC002 server-error[]] error*",
        ]
    )


# --- warn mode and generic warning filters ---------------------------------------------


def test_warn_mode_does_not_fail_a_suite_whose_warnings_are_errors(
    suite: pytest.Pytester,
) -> None:
    _ini(suite, "error", restcodes_check="warn")
    suite.makepyfile(
        """
        def test_it(client):
            client.get("/home")
            client.get("/boom")
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1, warnings=2)
    result.stdout.fnmatch_lines(["*RestcodesWarning: RC111 found-redirect*"])


@pytest.mark.parametrize(
    ("flag", "outcome"),
    [
        ("error::pytest_restcodes.RestcodesWarning", {"failed": 1}),
        ("error:RC002", {"failed": 1}),
        ("error:RC205", {"passed": 1, "warnings": 1}),
        ("ignore::pytest_restcodes.RestcodesWarning", {"passed": 1}),
    ],
)
def test_warn_mode_findings_are_fatal_only_where_a_filter_names_them(
    suite: pytest.Pytester, flag: str, outcome: dict[str, int]
) -> None:
    _ini(suite, "error", restcodes_check="warn")
    suite.makepyfile(
        """
        def test_it(client):
            client.get("/boom")
        """
    )
    result = suite.runpytest_subprocess("-W", flag)
    result.assert_outcomes(**outcome)


# --- recwarn ---------------------------------------------------------------------------


def test_a_test_using_recwarn_does_not_swallow_findings(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="warn")
    suite.makepyfile(
        """
        import warnings

        def test_it(client, recwarn):
            client.get("/home")
            warnings.warn("the test's own", UserWarning)
            assert [str(w.message) for w in recwarn] == ["the test's own"]
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*RestcodesWarning: RC111 found-redirect*"])


# --- the short summary line ------------------------------------------------------------


def test_the_short_summary_names_the_rule_and_the_response(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the summary line is cut to the terminal's width
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        def test_admin(client):
            client.get("/admin")

        def test_tricky(client):
            client.get("/tricky")
        """
    )
    result = suite.runpytest_subprocess("-rf", "--tb=short")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "FAILED *::test_admin - RC103 unauthorized-without-challenge: GET http://localhost"
            "/admin -> 401 Unauthorized",
            "FAILED *::test_tricky - RC001 invalid-status-code: GET http://localhost/tricky"
            " -> 723 Tricky",
        ]
    )


# --- memory: only small facts are kept --------------------------------------------------


def test_the_checker_keeps_no_django_request_alive(django_setup: None) -> None:
    import gc
    import weakref

    from django.test import Client

    from pytest_restcodes._session import Run, Session, Settings, push

    run = Run(Settings())
    push(run)
    try:
        # every response's summary kept (as with coverage or the restcodes fixture)
        session = Session(run, "t", "warn", "rulebook", frozenset(), keep_all=True)
        run.start(session, capture=True)
        refs = []
        upload = b"x" * 200_000
        for _ in range(20):
            resp = Client().post("/status/201", upload, content_type="application/octet-stream")
            refs.append(weakref.ref(resp.wsgi_request))
            del resp
        gc.collect()
        assert [r.status for r in session.responses] == [201] * 20
        assert session.responses[0].url == "http://testserver/status/201"
        assert sum(ref() is not None for ref in refs) == 0
    finally:
        run.close()


# --- where it happened -------------------------------------------------------------------


def test_a_finding_points_at_the_line_that_made_the_request(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="warn")
    suite.makepyfile(
        helpers="""
        def fetch_home(client):
            return client.get("/home")  # the user's own API helper
        """,
        test_where="""
        from helpers import fetch_home

        def test_it(client):
            assert client.get("/three").status_code == 200
            fetch_home(client)
        """,
    )
    result = suite.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(
        ["*helpers.py:2: RestcodesWarning: RC111 found-redirect*", "*return client.get(\"/home\")*"]
    )


# --- helpers raise only what they document -------------------------------------------------


def test_a_response_with_no_status_is_a_clear_type_error() -> None:
    import requests

    import pytest_restcodes as rc

    for helper in (rc.assert_ok, rc.assert_created, rc.assert_success):
        with pytest.raises(TypeError) as info:
            helper(requests.Response())  # built by hand: never sent, no status
        text = str(info.value)
        assert "got a requests.models.Response with no status code (status_code is None)" in text


def test_each_failure_soft_collects_says_where_it_happened(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_soft="""
        from pytest_restcodes import assert_created, assert_ok, soft

        def test_it(client):
            with soft():
                assert_ok(client.get("/admin"))
                assert_created(client.get("/home"))
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*[[]1/2[]] assert_ok: expected 200 OK, got 401 Unauthorized",
            "*    At: test_soft.py:5",
            "*[[]2/2[]] assert_created: expected 201 Created, got 302 Found",
            "*    At: test_soft.py:6",
        ]
    )
