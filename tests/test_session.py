"""Who owns the state: one Run per pytest run, one Session per test, patches that never
leak. Each test here reproduces a defect of the old module-global design, through real
clients, real servers and real inner pytest runs."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import weakref
from typing import Any
from unittest import mock

import pytest
import requests
from pytest_httpserver import HTTPServer
from test_checker_clients import CONFTEST, DJANGO

import pytest_restcodes as rc
from pytest_restcodes import _adapters, _findings, _session

DJ_REDIRECTS = """
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path
from rest_framework.decorators import api_view

def hop1(request):
    return HttpResponseRedirect("/hop2")

def hop2(request):
    return HttpResponseRedirect("/done")

def done(request):
    return JsonResponse({"ok": True})

@api_view(["GET"])
def api_hop(request):
    return HttpResponseRedirect("/done")

urlpatterns = [path("hop1", hop1), path("hop2", hop2), path("done", done),
               path("api_hop", api_hop)]
"""


def _answering(conftest: str, path: str, status: str) -> str:
    """The shared conftest's server, also answering ``path`` with ``status``."""
    return conftest.replace(
        'if path.endswith("/bad"):',
        f'if path.endswith("{path}"):\n        start_response("{status}", [])'
        '\n        return [b"oops"]\n    if path.endswith("/bad"):',
    )


def _with_boom(conftest: str) -> str:
    return _answering(conftest, "/boom", "500 Internal Server Error")


@pytest.fixture
def inner(lean: pytest.Pytester) -> pytest.Pytester:
    # the inner pytest loads this plugin alone (and pytester where a test says so)
    lean.makeconftest(CONFTEST)
    return lean


def _ini(pytester: pytest.Pytester, **options: str) -> None:
    lines = "\n".join(f"{k} = {v}" for k, v in options.items())
    pytester.makeini(
        f"[pytest]\n{lines}\nfilterwarnings =\n    ignore::DeprecationWarning\n"
    )


# --- 1. a mock.patch held across tests ------------------------------------------------


def test_a_patch_held_by_a_session_fixture_gets_its_fake_and_everything_is_put_back(
    inner: pytest.Pytester,
) -> None:
    inner.makeconftest(
        CONFTEST
        + '''
import falcon.testing
import requests
from unittest import mock

SEND = requests.Session.send
SIMULATE = falcon.testing.simulate_request

@pytest.fixture(scope="session")
def fake_send(url):
    real = requests.get(f"{url}/ok")  # a real response, handed out by the fake
    with mock.patch.object(requests.Session, "send", return_value=real) as fake:
        yield fake

@pytest.fixture(scope="module")
def fake_simulate():
    with mock.patch("falcon.testing.simulate_request", return_value="simulated") as fake:
        yield fake

def pytest_unconfigure(config):
    assert requests.Session.send is SEND, requests.Session.send
    assert falcon.testing.simulate_request is SIMULATE, falcon.testing.simulate_request
    print("ORIGINALS RESTORED")
'''
    )
    inner.makepyfile(
        """
        import falcon.testing
        import requests

        def test_one(fake_send, fake_simulate):
            assert requests.get("http://api.test/x").json() == {"ok": True}
            assert falcon.testing.simulate_request(None) == "simulated"

        def test_two(fake_send, fake_simulate):
            assert requests.get("http://api.test/y").json() == {"ok": True}

        def test_three(fake_send):
            assert requests.get("http://api.test/z").status_code == 200

        def test_four(fake_send):
            resp = requests.get("http://api.test/w")
            assert type(resp) is requests.Response
        """
    )
    _ini(inner, restcodes_check="strict")
    result = inner.runpytest_subprocess("-s")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*ORIGINALS RESTORED*"])


def test_a_value_set_over_the_wrapper_is_left_to_its_owner() -> None:
    """Unit level: uninstall never asks an unknown object for anything, and leaves a value
    someone set over the wrapper in place (their own undo restores what they saw)."""
    from pytest_restcodes._capture import Capture

    original = requests.Session.send
    capture = Capture()
    capture.install()
    try:
        wrapper = requests.Session.send
        assert wrapper is not original
        fake = mock.MagicMock()
        with mock.patch.object(requests.Session, "send", fake):
            capture.uninstall()  # the mock is in place: left alone
            assert requests.Session.send is fake
        assert requests.Session.send is wrapper  # mock's undo: what it saw
    finally:
        capture.uninstall()
    # a wrapper left by someone's late undo passes straight through
    requests.Session.send = original  # type: ignore[method-assign]
    assert not fake.method_calls


# --- 2. a pytest run inside a checked test ---------------------------------------------


def test_an_inner_pytest_run_has_its_own_session_and_settings(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_outer='''
        import requests

        INNER = """
        import requests
        from pytest_restcodes import assert_ok, _session

        def test_inner(url):
            assert _session.settings().body_limit == 10
            assert_ok(requests.get(url + "/ok"))
        """

        def test_outer(url, pytester):
            requests.get(url + "/boom")  # an unasserted 500: the outer test's finding
            pytester.makeconftest(open(__file__.replace("test_outer.py", "conftest.py")).read())
            pytester.makepyfile(test_inner=INNER)
            pytester.makeini("[pytest]\\nrestcodes_check = strict\\nrestcodes_body_limit = 10\\n")
            result = pytester.runpytest("-p", "pytest_restcodes.plugin")
            result.assert_outcomes(passed=1)
            from pytest_restcodes import _session
            assert _session.settings().body_limit == 2048
        '''
    )
    inner.makeconftest(_with_boom(CONFTEST))
    _ini(inner, restcodes_check="strict")
    result = inner.runpytest_subprocess("-p", "pytester")
    result.assert_outcomes(failed=1)
    # the outer test fails for its own finding only: the inner run passed, its settings
    # went with it, and the outer 500 was not lost to the inner run
    result.stdout.fnmatch_lines(
        [
            "*[[]RC002 server-error[]]*",
            "*GET http://127.0.0.1:*/boom*",
            "FAILED test_outer.py::test_outer - RC002 server-error: GET http*",
        ]
    )
    result.stdout.no_fnmatch_line("*already installed*")


# --- 3. pytest.exit and Ctrl-C --------------------------------------------------------


@pytest.mark.parametrize("how", ["pytest.exit('stop')", "raise KeyboardInterrupt"])
def test_a_run_cut_short_leaves_nothing_behind(pytester: pytest.Pytester, how: str) -> None:
    pytester.makepyfile(
        test_cut=f"""
        import pytest
        def test_cut():
            {how}
        """,
        test_plain="""
        def test_plain():
            assert True
        """,
    )
    script = pytester.path / "drive.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys
            import pytest, requests
            send, hooks = requests.Session.send, list(sys.meta_path)
            args = ["-p", "no:cacheprovider", "--restcodes-check=strict", "-q"]
            first = pytest.main([*args, "test_cut.py"])
            assert requests.Session.send is send, "Session.send left wrapped"
            assert sys.meta_path == hooks, "import hook left behind"
            second = pytest.main([*args, "test_plain.py"])
            print("EXIT CODES", int(first), int(second))
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "EXIT CODES 2 0" in done.stdout, done.stdout


# --- 4. mocks are not kept alive --------------------------------------------------------


# gc.collect() may finalize another test's unclosed socket: not this test's business
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_mock_responses_are_not_kept_alive() -> None:
    refs = []
    for _ in range(50):
        fake = mock.MagicMock()
        with pytest.raises(TypeError):
            rc.assert_ok(fake)
        assert _adapters.adapter_for(fake) is None
        refs.append(weakref.ref(fake))
        del fake
    gc.collect()
    assert sum(ref() is not None for ref in refs) == 0


def test_a_clean_response_leaves_no_summary_unless_the_test_asks_for_them() -> None:
    """A clean response's summary would outlive the young generation (a test lasts longer
    than a few hundred allocations) and bring on full collections: it is counted, not
    kept, unless coverage or the ``restcodes`` fixture asks for every response."""
    from flask import Flask

    app = Flask(__name__)
    app.add_url_rule("/ok", "ok", lambda: {"ok": True})
    app.add_url_rule("/boom", "boom", lambda: ("boom", 500))
    client = app.test_client()
    lean = _session.Session(None, "t", "strict", "rulebook", frozenset())
    every = _session.Session(None, "t", "strict", "rulebook", frozenset(), keep_all=True)
    for session in (lean, every):
        for _ in range(30):
            session.record(client.get("/ok"))
        session.record(client.get("/boom"))
        assert session.received == 31
    assert [s.status for s in lean.responses] == [500]
    assert [f.rule.name for f in lean.take_findings()] == ["server-error"]
    assert [s.status for s in every.responses] == [200] * 30 + [500]
    assert [f.rule.name for f in every.take_findings()] == ["server-error"]


def test_a_session_drops_what_it_filed_when_it_closes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    session = _session.Session(None, "t", "strict", "rulebook", frozenset())
    resp = requests.get(httpserver.url_for("/ok"))
    session.file(resp, hops=(resp,))
    assert session.filed(resp).hops == (resp,)
    session.close()
    assert session.filed(resp).hops == ()
    session.record(resp)  # closed: nothing more is kept
    assert session.responses == []


# --- 5. acknowledgement in O(1) -------------------------------------------------------


def test_acknowledging_each_of_n_responses_looks_at_each_once(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/found").respond_with_data(
        "", status=302, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/ok").respond_with_data("ok")
    looked = []
    real_is_for = _findings.ResponseSummary.is_for

    def counting(self: Any, raw: Any) -> bool:
        looked.append(1)
        return real_is_for(self, raw)

    monkeypatch.setattr(_findings.ResponseSummary, "is_for", counting)
    # every response kept and indexed, as with coverage or the restcodes fixture
    session = _session.Session(None, "t", "warn", "rulebook", frozenset(), keep_all=True)
    with requests.Session() as client:
        session.record(client.get(httpserver.url_for("/found"), allow_redirects=False))
        assert session.needs_ack  # a 302 makes helpers acknowledge from now on
        responses = [client.get(httpserver.url_for("/ok")) for _ in range(300)]
    for resp in responses:
        session.record(resp)
    for resp in responses:
        session.acknowledge(resp, 200)
    assert len(looked) == len(responses)


def test_a_reused_id_acknowledges_and_checks_only_its_own_response(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A response freed during the test leaves its id to a later one: the summaries kept
    under one id are told apart by the response itself (here every id is made equal)."""
    httpserver.expect_request("/found").respond_with_data(
        "", status=302, headers={"Location": "/ok"}
    )
    monkeypatch.setattr(_session, "id", lambda obj: 1, raising=False)
    session = _session.Session(None, "t", "warn", "rulebook", frozenset())
    with requests.Session() as client:
        first, second, third = (
            client.get(httpserver.url_for("/found"), allow_redirects=False) for _ in range(3)
        )
    for resp in (first, second, third):
        session.record(resp)
    session.acknowledge(second, 302)
    session.mark_checked(third)
    session.acknowledge(first, 404)  # not its status: nothing acknowledged
    assert [(s.acknowledged, s.checked) for s in session.responses] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    assert [f.status for f in session.take_findings()] == [302]  # the first one's only


# --- 6. the marker as --markers prints it; a crashing rule -----------------------------


def test_the_marker_signature_that_pytest_markers_prints_is_accepted(
    inner: pytest.Pytester,
) -> None:
    inner.makepyfile(
        """
        import pytest, requests

        @pytest.mark.restcodes(check=None, profile=None)
        def test_defaults(url):
            requests.get(url + "/ok")

        @pytest.mark.restcodes(check="strict")
        class TestClass:
            @pytest.mark.restcodes(check=None, profile=None, ignore=None)
            def test_closest_none_falls_through(self, url):
                requests.delete(url + "/bad")  # strict from the class marker
        """
    )
    result = inner.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*RC101 method-not-allowed-without-allow*"])
    markers = inner.runpytest_subprocess("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.restcodes(check=None, profile=None, ignore=())*"])


def test_a_crashing_rule_is_an_internal_error_not_a_finding(inner: pytest.Pytester) -> None:
    inner.makeconftest(
        CONFTEST
        + """
import pytest_restcodes._findings as findings
import pytest_restcodes._rules as rules

def _boom(view):
    raise RuntimeError("rule broke")

rules.RULES = findings.RULES = tuple(
    r.replace(check=_boom) if r.name == "server-error" else r
    for r in rules.RULES
)
"""
    )
    inner.makepyfile(
        """
        import requests
        def test_it(url):
            requests.get(url + "/missing")
        """
    )
    inner.makeconftest(
        _answering((inner.path / "conftest.py").read_text(), "/missing", "503 Service Unavailable")
    )
    _ini(inner, restcodes_check="strict")
    result = inner.runpytest_subprocess("-W", "ignore::pytest_restcodes.RestcodesWarning")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["*1 response checked, 0 findings*", "*internal error in rule server-error: 1*"]
    )
    result.stdout.no_fnmatch_line("*  server-error: 1*")


# --- 7. redirects followed by Django's test client --------------------------------------


def test_redirect_hops_django_follows_are_checked(inner: pytest.Pytester) -> None:
    inner.makepyfile(dj_settings=DJANGO.replace("dj_urls", "dj_redirects"))
    inner.makepyfile(dj_redirects=DJ_REDIRECTS)
    inner.makepyfile(
        """
        import dj_settings
        from django.test import Client
        from rest_framework.test import APIClient

        def test_django_follow():
            resp = Client().get("/hop1", follow=True)
            assert resp.status_code == 200
            assert [code for _, code in resp.redirect_chain] == [302, 302]

        def test_drf_follow():
            resp = APIClient().get("/api_hop", follow=True)
            assert resp.status_code == 200

        def test_async_follow():
            import asyncio
            from django.test import AsyncClient
            resp = asyncio.run(AsyncClient().get("/hop1", follow=True))
            assert resp.status_code == 200
        """
    )
    _ini(inner, restcodes_check="warn")
    result = inner.runpytest_subprocess()
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*5 findings*", "*found-redirect: 5*"])
    assert result.stdout.str().count("a redirect hop the client followed") >= 5


# --- 8. a type taught with register_adapter -------------------------------------------


REGISTER = """
import http.client
from pytest_restcodes import register_adapter

register_adapter(
    http.client.HTTPResponse,
    status=lambda r: r.status,
    headers=lambda r: r.getheaders(),
    {capture}
)
"""

HTTP_CLIENT_TEST = """
import http.client
from urllib.parse import urlsplit
from pytest_restcodes import assert_ok

def test_it(url):
    host = urlsplit(url)
    conn = http.client.HTTPConnection(host.hostname, host.port)
    conn.request("GET", "/ok")
    assert_ok(conn.getresponse())
    conn.request("GET", "/boom")
    conn.getresponse().read()  # an unasserted 500
    conn.close()
"""




def test_a_registered_type_with_capture_is_checked(inner: pytest.Pytester) -> None:
    inner.makeconftest(
        _with_boom(CONFTEST)
        + REGISTER.format(capture='capture=["http.client:HTTPConnection.getresponse"],')
    )
    inner.makepyfile(HTTP_CLIENT_TEST)
    _ini(inner, restcodes_check="strict")
    result = inner.runpytest_subprocess()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*RC002 server-error*", "*2 responses checked, 1 finding*"])


def test_a_registered_type_without_capture_is_named_in_the_summary(
    inner: pytest.Pytester,
) -> None:
    inner.makeconftest(_with_boom(CONFTEST) + REGISTER.format(capture=""))
    inner.makepyfile(HTTP_CLIENT_TEST)
    _ini(inner, restcodes_check="strict")
    result = inner.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["*0 responses checked, 0 findings*", "*not checked: http.client.HTTPResponse responses*"]
    )


def test_capture_takes_dotted_names_and_says_what_is_wrong() -> None:
    assert _adapters._target("http.client.HTTPConnection.getresponse") == (
        "http.client:HTTPConnection.getresponse"
    )
    with pytest.raises(ValueError, match="capture="):
        _adapters._target("no_such_package_here.Client.send")
    with pytest.raises(ValueError, match="capture="):
        _adapters._target(123)
