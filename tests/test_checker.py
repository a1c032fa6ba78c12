"""The autouse checker, end to end through pytester: modes, precedence, usage errors,
reporting, acknowledgement, the fixture, xdist, and no client library installed."""

from __future__ import annotations

import textwrap

import pytest

APP = """
import pytest
from flask import Flask, Response

app = Flask(__name__)

@app.route("/books", methods=["GET", "DELETE", "POST"])
def books():
    from flask import request
    if request.method == "DELETE":
        return {"detail": "no"}, 405          # no Allow: an error finding
    if request.method == "POST":
        return {"id": 1}, 201                  # no Location: a warning finding
    return {"books": []}, 200

@app.get("/found")
def found():
    return Response(status=302, headers={"Location": "/books"})

@app.get("/boom")
def boom():
    return "Traceback (most recent call last):\\nValueError: x", 500

@pytest.fixture
def client():
    return app.test_client()
"""


@pytest.fixture(autouse=True)
def _lean_inner_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    # inner runs load this plugin alone (plus what a test names with -p): an inner
    # start-up then takes ~0.4 s instead of ~3.5 s with every installed plugin
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("PYTEST_PLUGINS", "pytest_restcodes.plugin")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(APP)
    return pytester


def _ini(pytester: pytest.Pytester, **options: str) -> None:
    lines = "\n".join(f"{k} = {v}" for k, v in options.items())
    pytester.makeini(f"[pytest]\n{lines}\n")


def test_off_by_default_checks_nothing_and_leaves_nothing(suite: pytest.Pytester) -> None:
    # off: nothing is checked or reported; the capture still files what a failing helper
    # shows (the server's exception), and every original is back when the run ends
    suite.makeconftest(
        APP
        + """
import werkzeug.test
ORIGINAL = werkzeug.test.Client.open

def pytest_unconfigure(config):
    assert werkzeug.test.Client.open is ORIGINAL
    print("ORIGINAL RESTORED")
"""
    )
    suite.makepyfile(
        """
        def test_it(client):
            assert client.delete("/books").status_code == 405
        """
    )
    result = suite.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*pytest-restcodes*")
    result.stdout.fnmatch_lines(["*ORIGINAL RESTORED*"])


def test_strict_fails_the_test_itself_with_every_finding(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        def test_it(client):
            client.delete("/books")
            client.post("/books")
            client.get("/boom")
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1, warnings=2)
    result.stdout.fnmatch_lines(
        [
            "*= FAILURES =*",
            "*_ test_it _*",
            "pytest-restcodes: 2 findings in 3 responses this test received:",
            "",
            "[[]RC101 method-not-allowed-without-allow[]] error: A 405 response without an "
            "Allow header.",
            "  Response: DELETE http://localhost/books -> 405 Method Not Allowed",
            "  Observed: 405 without an Allow header",
            "  Fix: Send `Allow: GET, POST` listing the methods the resource supports.",
            "  Source: RFC 9110 §15.5.6 and §10.2.1 MUST; rulebook 405",
            '  Body: {"detail":"no"}',
            "  Docs: *docs/rules.md#rc101-method-not-allowed-without-allow",
            "",
            "[[]RC002 server-error[]] error: A 5xx response that no helper asserted.",
            "  Response: GET http://localhost/boom -> 500 Internal Server Error",
            "*",
            "To silence a rule for one test: @pytest.mark.restcodes(ignore=[[]"
            "'method-not-allowed-without-allow', 'server-error'[]])*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*RestcodesWarning: RC108 created-without-location (warning): POST http://localhost/books"
            " -> 201 Created: 201 to POST without a Location header [[]pytest -v for the rule*",
            "*- pytest-restcodes -*",
            "3 responses checked, 4 findings",
            "  created-without-location: 1",
            "  method-not-allowed-without-allow: 1",
            "  server-error: 1",
            "  stack-trace-exposed: 1",
            "FAILED test_strict_fails_the_test_itself_with_every_finding.py::test_it*",
        ]
    )
    # the findings are the whole story: no plugin traceback
    result.stdout.no_fnmatch_line("*_checker.py*")
    result.stdout.no_fnmatch_line("*plugin.py:*")


def test_warn_mode_turns_errors_into_warnings(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="warn")
    suite.makepyfile("def test_it(client):\n    client.delete('/books')\n")
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*Warning: RC101 method-not-allowed-without-allow (error)*"])
    fatal = suite.runpytest_subprocess("-W", "error::pytest_restcodes.RestcodesWarning")
    fatal.assert_outcomes(failed=1)
    fatal.stdout.fnmatch_lines(["*RC101 method-not-allowed-without-allow*"])
    # with -v, the warning carries the whole finding: the rule, its fix, its source
    verbose = suite.runpytest_subprocess("-v")
    verbose.stdout.fnmatch_lines(["*[[]RC101 method-not-allowed-without-allow[]] error*", "*Fix:*"])


def test_command_line_overrides_ini(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makepyfile("def test_it(client):\n    client.delete('/books')\n")
    suite.runpytest_subprocess().assert_outcomes(failed=1)
    suite.runpytest_subprocess("--restcodes-check=off").assert_outcomes(passed=1)
    _ini(suite, restcodes_check="off")
    suite.runpytest_subprocess("--restcodes-check=strict").assert_outcomes(failed=1)


def test_closest_marker_wins(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.restcodes(check="strict")

        def test_module_strict(client):
            client.delete("/books")

        @pytest.mark.restcodes(check="off")
        class TestOff:
            def test_class_off(self, client):
                client.delete("/books")

            @pytest.mark.restcodes(check="strict")
            def test_function_strict(self, client):
                client.delete("/books")
        """
    )
    result = suite.runpytest_subprocess("--restcodes-check=off", "-rf")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random(
        ["FAILED *::test_module_strict - *", "FAILED *::TestOff::test_function_strict - *"]
    )


def test_profiles(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="warn")
    suite.makepyfile(
        """
        import pytest

        def test_rulebook(client):
            client.get("/found")

        @pytest.mark.restcodes(profile="rfc")
        def test_rfc(client):
            client.get("/found")
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=2, warnings=1)
    result.stdout.fnmatch_lines(["*test_rulebook*", "*RC111 found-redirect (warning)*"])
    rfc = suite.runpytest_subprocess("--restcodes-profile=rfc")
    rfc.assert_outcomes(passed=2)


def test_ignores_from_ini_cli_marker_and_fixture_add_up(suite: pytest.Pytester) -> None:
    suite.makeini("[pytest]\nrestcodes_check = strict\nrestcodes_ignore =\n    server-error\n")
    suite.makepyfile(
        """
        import pytest

        def test_ini(client):
            client.get("/boom")

        def test_cli(client):
            client.delete("/books")

        @pytest.mark.restcodes(ignore=["RC101"])
        def test_marker(client):
            client.delete("/books")

        def test_fixture(client, restcodes):
            client.delete("/books")
            restcodes.ignore("method-not-allowed-without-allow")
        """
    )
    result = suite.runpytest_subprocess("-W", "ignore::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["FAILED *::test_cli - *"])
    cli = suite.runpytest_subprocess(
        "--restcodes-ignore=method-not-allowed-without-allow",
        "-W",
        "ignore::pytest_restcodes.RestcodesWarning",
    )
    cli.assert_outcomes(passed=4)


@pytest.mark.parametrize(
    ("ini", "args", "message"),
    [
        ("restcodes_check = loud", (), "*restcodes_check: 'loud' is not one of off, warn, strict*"),
        ("restcodes_profile = strictest", (), "*restcodes_profile: 'strictest' is not one of*"),
        ("restcodes_ignore = no-such-rule", (), "*restcodes_ignore: unknown rule 'no-such-rule'*"),
        ("", ("--restcodes-ignore=nope",), "*--restcodes-ignore: unknown rule 'nope'*"),
        ("restcodes_body_limit = lots", (), "*restcodes_body_limit must be a number*"),
    ],
)
def test_usage_errors_name_the_culprit(
    suite: pytest.Pytester, ini: str, args: tuple[str, ...], message: str
) -> None:
    suite.makeini(f"[pytest]\n{ini}\n")
    suite.makepyfile("def test_it():\n    pass\n")
    result = suite.runpytest_subprocess(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ('check="loud"', "*check=: 'loud' is not one of off, warn, strict*"),
        ('colour="red"', "*unknown @pytest.mark.restcodes key(s) colour*"),
        ('ignore=["nope"]', "*ignore=: unknown rule 'nope'*"),
        ('"strict"', "*takes keywords only*"),
    ],
)
def test_bad_markers_are_usage_errors(suite: pytest.Pytester, marker: str, message: str) -> None:
    suite.makepyfile(
        f"import pytest\n\n@pytest.mark.restcodes({marker})\ndef test_it():\n    pass\n"
    )
    result = suite.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_helper_acknowledges_what_it_asserted(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        from pytest_restcodes import assert_internal_server_error, assert_found

        def test_asserted(client):
            assert_internal_server_error(client.get("/boom"))
            assert_found(client.get("/found"))

        def test_not_asserted(client):
            resp = client.get("/boom")
            assert resp.status_code == 500
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1, warnings=2)  # stack-trace-exposed, twice
    result.stdout.fnmatch_lines(["FAILED *::test_not_asserted - *"])
    result.stdout.no_fnmatch_line("*found-redirect*warning*")


def test_the_tests_own_failure_wins(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        def test_it(client):
            client.delete("/books")
            assert 1 == 2, "the test's own assertion"
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E * AssertionError: the test's own assertion",
            "*- Captured restcodes call -*",
            "pytest-restcodes: 1 finding in 1 response this test received:",
        ]
    )


def test_responses_in_setup_fixtures_are_checked(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        import pytest

        @pytest.fixture
        def seeded(client):
            client.delete("/books")   # a setup call that fails silently
            return client

        def test_it(seeded):
            assert seeded.get("/books").status_code == 200
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*[[]RC101 method-not-allowed-without-allow[]] error*"])


def test_fixture_sees_every_response_of_its_test_setup_included(suite: pytest.Pytester) -> None:
    # a clean response's summary is kept only for a test that asks for its responses: asked
    # for as an argument, the fixture sees the calls other fixtures made before it was set
    # up; asked for by name mid-test, those made from then on. The summary line counts all.
    _ini(suite, restcodes_check="strict")
    suite.makepyfile(
        """
        import pytest

        @pytest.fixture
        def seeded(client):
            assert client.get("/books?seed=1").status_code == 200  # before restcodes
            return client

        def test_argument(seeded, restcodes):
            seeded.get("/books?in=test")
            got = [r.url for r in restcodes.responses]
            assert got == ["http://localhost/books?seed=1", "http://localhost/books?in=test"]

        def test_by_name(client, request):
            client.get("/books?before=1")
            restcodes = request.getfixturevalue("restcodes")
            client.get("/books?after=1")
            assert [r.url for r in restcodes.responses] == ["http://localhost/books?after=1"]

        def test_unasked(client):
            for _ in range(5):
                client.get("/books")
            client.delete("/books")  # a finding: its summary is kept, and fails the test
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*10 responses checked, 1 finding*"])


def test_fixture_records_and_checks_even_when_off(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import pytest
        from pytest_restcodes import RuleViolationError

        def test_it(client, restcodes):
            client.get("/books")
            client.post("/books")
            got = [(r.method, r.url, r.status, r.client) for r in restcodes.responses]
            assert got == [
                ("GET", "http://localhost/books", 200, "werkzeug"),
                ("POST", "http://localhost/books", 201, "werkzeug"),
            ]
            with pytest.raises(RuleViolationError, match="method-not-allowed-without-allow"):
                restcodes.check(client.delete("/books"))
            with pytest.warns(Warning, match="created-without-location"):
                assert restcodes.check(client.post("/books")).status_code == 201
            with pytest.raises(TypeError, match="register_adapter"):
                restcodes.check({"status": 200})
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1)


def test_an_internal_error_in_a_rule_never_hides_the_result(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="strict")
    suite.makeconftest(
        APP
        + textwrap.dedent(
            """
            import pytest_restcodes._rules as rules

            def _boom(view):
                raise RuntimeError("rule bug")

            rules.RULES = tuple(
                r.replace(check=_boom) if r.name == "created-without-location" else r
                for r in rules.RULES
            )
            import pytest_restcodes._findings as findings
            findings.RULES = rules.RULES
            """
        )
    )
    suite.makepyfile(
        """
        def test_passes(client):
            client.post("/books")

        def test_fails(client):
            client.post("/books")
            assert False, "own failure"
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1, warnings=2)
    result.stdout.fnmatch_lines_random(
        [
            "*RC108 created-without-location: internal error in the rule*RuntimeError: rule bug",
            "E * AssertionError: own failure",
        ]
    )


def test_xdist_workers_counts_are_added_up(suite: pytest.Pytester) -> None:
    _ini(suite, restcodes_check="warn")
    suite.makepyfile(
        "\n".join(
            f"def test_{i}(client):\n    client.post('/books')\n    client.get('/books')\n"
            for i in range(6)
        )
    )
    result = suite.runpytest_subprocess("-p", "xdist.plugin", "-n", "2")
    result.assert_outcomes(passed=6, warnings=6)
    result.stdout.fnmatch_lines(
        ["12 responses checked, 6 findings", "  created-without-location: 6"]
    )


def test_works_with_no_client_library_installed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every client library is made unimportable before anything starts
    blocked = [
        "requests",
        "httpx",
        "httpx2",
        "django",
        "flask",
        "werkzeug",
        "starlette",
        "fastapi",
        "aiohttp",
        "webtest",
        "falcon",
        "tornado",
        "urllib3",
        "rest_framework",
        "litestar",
        "quart",
        "responses",
        "requests_mock",
        "respx",
        "pytest_httpserver",
        "pytest_aiohttp",
        "schemathesis",
    ]
    site = pytester.mkdir("site")
    (site / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import sys
            BLOCKED = {blocked!r}

            class Blocker:
                def find_spec(self, name, path=None, target=None):
                    if name.split(".")[0] in BLOCKED:
                        raise ModuleNotFoundError(f"No module named {{name!r}}")
                    return None

            sys.meta_path.insert(0, Blocker())
            """
        )
    )
    pytester.makeini("[pytest]\nrestcodes_check = strict\n")
    pytester.makepyfile(
        """
        import sys
        import pytest
        from pytest_restcodes import assert_created, register_adapter, StatusAssertionError

        class Answer:
            def __init__(self, code):
                self.code = code

        register_adapter(Answer, status=lambda r: r.code, headers=lambda r: {})

        def test_no_client_and_helpers_work(restcodes):
            with pytest.raises(ImportError):
                import requests
            assert assert_created(Answer(201)).code == 201
            with pytest.raises(StatusAssertionError, match="expected 201 Created, got 500"):
                assert_created(Answer(500))
            assert restcodes.responses == []
        """
    )
    monkeypatch.setenv("PYTHONPATH", str(site))
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["0 responses checked, 0 findings"])


def test_the_checker_off_can_cost_nothing(suite: pytest.Pytester) -> None:
    # restcodes_server_exceptions = false: with the checker off, nothing is wrapped at all
    suite.makeini("[pytest]\nrestcodes_server_exceptions = false\n")
    suite.makepyfile(
        """
        import werkzeug.test
        ORIGINAL = werkzeug.test.Client.open

        def test_it(client):
            assert werkzeug.test.Client.open is ORIGINAL
            assert client.delete("/books").status_code == 405
        """
    )
    result = suite.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*pytest-restcodes*")
