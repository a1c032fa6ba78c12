"""The plugin as pytest sees it: loaded from its entry point, its failure output under
``--assert=plain``, no client library imported, and a public API that is written out."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import types
from importlib import metadata

import pytest

import pytest_restcodes
from pytest_restcodes._clients import clients

# every client library and what rides on it, from the clients' own modules (WebOb is
# what WebTest stands on; urllib3_future is niquests' urllib3)
CLIENTS = sorted(
    {p for client in clients() for p in client.packages} | {"webob", "urllib3_future"}
)

FAILING_TEST = """
import json

from werkzeug.test import Client

from pytest_restcodes import assert_created


def app(environ, start_response):
    body = json.dumps({"id": 1}).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def test_create():
    resp = Client(app).post("/books")
    assert_created(resp)
"""


# --- loading ---------------------------------------------------------------------------


def test_the_entry_point_names_the_hooks_module() -> None:
    found = [ep for ep in metadata.entry_points(group="pytest11") if ep.name == "restcodes"]
    assert [ep.value for ep in found] == ["pytest_restcodes.plugin"]


def test_the_plugin_loads_from_its_entry_point(inner: pytest.Pytester) -> None:
    result = inner.runpytest_subprocess("--trace-config", "-p", "no:randomly")
    result.stdout.fnmatch_lines(
        [
            "PLUGIN registered: <module 'pytest_restcodes.plugin' from *plugin.py'>",
            "plugins:*restcodes-0.1.0*",
        ]
    )


@pytest.mark.parametrize(("args", "active"), [((), True), (("-p", "no:restcodes"), False)])
def test_has_plugin_and_the_opt_out(
    inner: pytest.Pytester, args: tuple[str, ...], active: bool
) -> None:
    inner.makepyfile(
        f"""
        def test_loaded(request):
            assert request.config.pluginmanager.has_plugin("restcodes") is {active}
        """
    )
    inner.runpytest(*args).assert_outcomes(passed=1)


# --- the failure output ------------------------------------------------------------------

EXPECTED_LINES = [
    "E       pytest_restcodes.StatusAssertionError: assert_created: expected 201 Created, "
    "got 200 OK",
    "E       Request: POST http://localhost/books",
    "E       ",
    "E       Expected 201 Created: a new resource was created *"
    "[[]rulebook 201 MUST; RFC 9110 §15.3.2, §9.3.3[]]",
    "E       Got 200 OK: the request succeeded *[[]rulebook 200 SHOULD; RFC 9110 §15.3.1[]]",
    "E       Hint: something was created? Then answer 201 Created *",
    "E       Body (application/json, 9 bytes):",
    'E         {"id": 1}',
]


@pytest.mark.parametrize("assert_mode", ["plain", "rewrite"])
def test_failure_output(inner: pytest.Pytester, assert_mode: str) -> None:
    inner.makepyfile(test_output=FAILING_TEST)
    result = inner.runpytest(f"--assert={assert_mode}", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            *EXPECTED_LINES,
            "E       Learn more: https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2",
            "E       (run pytest with -v to see the request and response headers)",
            "*FAILED test_output.py::test_create - pytest_restcodes.StatusAssertionError: *",
        ]
    )
    assert "Response headers" not in result.stdout.str()


def test_failure_output_with_v_shows_headers(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_output=FAILING_TEST)
    result = inner.runpytest("--assert=plain", "-v", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            *EXPECTED_LINES,
            "E       Response headers:",
            "E         Content-Type: application/json",
            "E       Request headers:",
            "E         Host: localhost",
            "E       Learn more: https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2",
        ]
    )
    assert "run pytest with -v" not in result.stdout.str()


def test_restcodes_body_limit_ini(inner: pytest.Pytester) -> None:
    inner.makeini(
        """
        [pytest]
        addopts = -p no:benchmark
        asyncio_default_fixture_loop_scope = function
        restcodes_body_limit = 4
        """
    )
    inner.makepyfile(test_output=FAILING_TEST)
    result = inner.runpytest("--assert=plain", "-p", "no:randomly")
    result.stdout.fnmatch_lines(
        [
            "E       Body (application/json, 9 bytes):",
            'E         {"id',
            "E         ... 5 more bytes not shown (body is 9 bytes; raise the ini option "
            "restcodes_body_limit to see more)",
        ]
    )


# --- no client library imported ----------------------------------------------------------


def _loaded_clients(code: str, env: dict[str, str] | None = None) -> str:
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        clients = {set(CLIENTS)!r}
        print(sorted(m for m in sys.modules if m.split(".")[0] in clients))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_importing_the_package_imports_no_client() -> None:
    assert _loaded_clients("import sys, pytest_restcodes, pytest_restcodes.plugin") == "[]"


@pytest.mark.parametrize("check", ["off", "warn", "strict"])
def test_a_pytest_run_with_the_plugin_imports_no_client(
    pytester: pytest.Pytester, check: str
) -> None:
    """Other plugins installed here import clients (pytest-httpserver imports werkzeug),
    so only this plugin is loaded: ``-p restcodes`` with autoloading off."""
    test_file = pytester.makepyfile(
        """
        def test_loaded(request):
            assert request.config.pluginmanager.has_plugin("restcodes")
        """
    )
    code = f"""
        import sys, pytest
        code = pytest.main([
            "-p", "restcodes", "-q", "-p", "no:cacheprovider",
            "--restcodes-check", {check!r}, {str(test_file)!r},
        ])
        assert code == 0, code
        """
    assert _loaded_clients(code, {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}) == "[]"


def test_the_helpers_work_with_every_client_library_absent(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every client import fails; a registered response type is still checked. (Only this
    plugin is loaded: others installed here import clients themselves.)"""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest(
        f"""
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {set(CLIENTS)!r}:
                    raise ImportError(f"{{name}} is blocked")
                return None

        sys.meta_path.insert(0, Block())
        """
    )
    pytester.makepyfile(
        """
        import pytest
        import pytest_restcodes as rc

        class Reply:
            status = 404
            headers = {"Content-Type": "application/json"}
            body = b'{"detail": "no such book"}'

        rc.register_adapter(Reply, status=lambda r: r.status, headers=lambda r: r.headers,
                            body=lambda r: r.body)

        def test_blocked():
            with pytest.raises(ImportError):
                import requests

        def test_helpers():
            reply = Reply()
            assert rc.assert_not_found(reply) is reply
            with pytest.raises(rc.StatusAssertionError, match="detail: no such book"):
                rc.assert_ok(reply)
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "restcodes", "-p", "no:cacheprovider", "--restcodes-check", "strict"
    )
    result.assert_outcomes(passed=2)


# --- the public API ------------------------------------------------------------------------


def _public_names() -> list[str]:
    for name in pytest_restcodes.__all__:  # public names load on first use
        getattr(pytest_restcodes, name)
    return sorted(
        name
        for name, value in vars(pytest_restcodes).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    )


def test_all_is_the_sorted_list_of_public_names() -> None:
    assert pytest_restcodes.__all__ == _public_names()
    assert pytest_restcodes.__all__ == sorted(pytest_restcodes.__all__)


@pytest.mark.parametrize("name", pytest_restcodes.__all__)
def test_every_public_name_is_documented(name: str) -> None:
    obj = getattr(pytest_restcodes, name)
    doc = obj.__doc__  # its own: not inherited, as inspect.getdoc() would for a class
    assert doc and doc.strip(), f"{name} has no docstring"


def test_the_version_is_the_distributions() -> None:
    assert pytest_restcodes.__version__ == metadata.version("pytest-restcodes")


def test_py_typed_is_shipped() -> None:
    assert os.path.exists(os.path.join(os.path.dirname(pytest_restcodes.__file__), "py.typed"))


def test_starting_pytest_loads_only_the_plugins_settings() -> None:
    # the helpers and the checker load on first use: start-up stays lean
    code = (
        "import sys, pytest, pytest_restcodes.plugin; "
        "print(sorted(m for m in sys.modules if m.startswith('pytest_restcodes')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(
        [
            "pytest_restcodes",
            "pytest_restcodes._config",
            "pytest_restcodes._errors",
            "pytest_restcodes._session",
            "pytest_restcodes.plugin",
        ]
    )


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'assert_teapot'"):
        pytest_restcodes.assert_teapot  # noqa: B018
