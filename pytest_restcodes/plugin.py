"""The pytest plugin: options, the autouse checker's hooks, and the ``restcodes`` fixture.

Registered through the ``pytest11`` entry point ``restcodes``; ``-p no:restcodes`` turns
it off. Importing it imports no HTTP client library.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import pytest

from ._config import CheckSettings, base_settings, item_settings, validate_marker
from ._errors import RestcodesWarning
from ._settings import settings

# The checker's machinery (_checker, _findings, _rules, _capture...) is imported only
# when a test turns the checker on or asks for the fixture: start-up stays lean.
if TYPE_CHECKING:
    from . import _checker
    from ._findings import TestRecord

_OWN_FILES = frozenset({__file__, os.path.join(os.path.dirname(__file__), "_checker.py")})


class _Totals:
    """Responses checked and findings per rule, for the terminal summary."""

    def __init__(self) -> None:
        self.responses = 0
        self.findings: collections.Counter[str] = collections.Counter()

    def add(self, responses: int, findings: dict[str, int]) -> None:
        self.responses += responses
        self.findings.update(findings)

    def as_dict(self) -> dict[str, Any]:
        return {"responses": self.responses, "findings": dict(self.findings)}


_BASE = pytest.StashKey[CheckSettings]()
_TOTALS = pytest.StashKey[_Totals]()
_ITEM = pytest.StashKey[tuple["TestRecord", str]]()
_USED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("restcodes", "pytest-restcodes: status-code checks")
    group.addoption(
        "--restcodes-check",
        dest="restcodes_check",
        metavar="MODE",
        choices=("off", "warn", "strict"),
        help="check every response against the rule catalogue: off, warn or strict "
        "(overrides the ini option restcodes_check)",
    )
    group.addoption(
        "--restcodes-profile",
        dest="restcodes_profile",
        metavar="PROFILE",
        choices=("rulebook", "rfc"),
        help="rule profile: rulebook (default) or rfc",
    )
    group.addoption(
        "--restcodes-ignore",
        dest="restcodes_ignore",
        metavar="RULES",
        help="comma-separated rule names (or codes) the checker ignores",
    )
    parser.addini("restcodes_check", "checker mode: off (default), warn or strict", default="off")
    parser.addini(
        "restcodes_profile", "rule profile: rulebook (default) or rfc", default="rulebook"
    )
    parser.addini(
        "restcodes_ignore", "rule names the checker ignores, one per line", type="linelist"
    )
    parser.addini(
        "restcodes_body_limit",
        "bytes of body shown in a failure message (default 2048)",
        default="2048",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "restcodes(check=None, profile=None, ignore=()): pytest-restcodes checker settings "
        "for this test, class or module (the closest marker wins).",
    )
    limit = str(config.getini("restcodes_body_limit")).strip()
    if not limit.isdigit():
        raise pytest.UsageError(
            f"pytest-restcodes: restcodes_body_limit must be a number of bytes, got {limit!r}"
        )
    settings.body_limit = int(limit)
    settings.verbose = config.get_verbosity()
    config.stash[_BASE] = base_settings(config)
    config.stash[_TOTALS] = _Totals()
    config.stash[_USED] = config.stash[_BASE].mode != "off"
    if config.stash[_USED]:
        # the checker is on for the suite: load its machinery now, at start-up, rather
        # than inside the first test (it is imported lazily only when markers turn it on)
        from . import _capture, _checker  # noqa: F401


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in item.iter_markers("restcodes"):
            try:
                validate_marker(mark, item.nodeid)
            except (TypeError, ValueError) as exc:
                raise pytest.UsageError(f"pytest-restcodes: {exc}") from None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    current = item_settings(item, item.config.stash[_BASE])
    if current.mode != "off":
        from . import _checker
        from ._findings import TestRecord

        item.config.stash[_USED] = True
        record = TestRecord(current.profile, current.ignore)
        item.stash[_ITEM] = (record, current.mode)
        _checker.start(record)
    return (yield)


def _line(item: pytest.Item) -> tuple[str, int]:
    path, lineno, _ = item.reportinfo()
    return str(path), (lineno or 0) + 1


def _report(item: pytest.Item, phase: str, test_failed: bool) -> _checker.RuleViolationError | None:
    found = item.stash.get(_ITEM, None)
    if found is None:
        return None
    from . import _checker

    record, mode = found
    findings = record.take_findings()
    if not findings or mode == "record":
        return None
    item.config.stash[_TOTALS].findings.update(f.rule.name for f in findings)
    checked = len(record.responses)
    errors = [f for f in findings if f.severity == "error"] if mode == "strict" else []
    others = [f for f in findings if f.severity != "error" or mode != "strict"]
    filename, lineno = _line(item)
    _checker.warn(others, checked, filename, lineno)
    if not errors:
        return None
    text = _checker.render(errors, checked, "error finding" + ("s" if len(errors) > 1 else ""))
    if test_failed:  # the test's own failure wins; the findings ride along in a section
        item.add_report_section(phase, "restcodes", text)
        return None
    return _checker.RuleViolationError(text, errors)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    except BaseException:
        _report(item, "call", test_failed=True)
        raise
    error = _report(item, "call", test_failed=False)
    if error is not None:
        raise error
    return result


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    finally:
        found = item.stash.get(_ITEM, None)
        if found is not None:
            from . import _checker

            record, _ = found
            try:
                error = _report(item, "teardown", test_failed=False)
            finally:
                item.config.stash[_TOTALS].responses += len(record.responses)
                del item.stash[_ITEM]
                _checker.stop()
            if error is not None:
                raise error
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    excinfo = call.excinfo
    checker = _sys_module("pytest_restcodes._checker")
    # raised by the checker's own hooks (a strict finding, or a warning made an error
    # with -W): the findings are the whole story, the plugin's frames are noise
    if (
        excinfo is not None
        and isinstance(
            excinfo.value,
            (checker.RuleViolationError, RestcodesWarning) if checker else RestcodesWarning,
        )
        and str(excinfo.traceback[-1].path) in _OWN_FILES
    ):
        report.longrepr = str(excinfo.value)
    return report


def _sys_module(name: str) -> Any:
    """A module if something imported it already (never imports it)."""
    import sys

    return sys.modules.get(name)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not config.stash.get(_USED, False):
        return
    totals = config.stash[_TOTALS]
    tr = terminalreporter
    tr.write_sep("-", "pytest-restcodes")
    found = sum(totals.findings.values())
    tr.write_line(
        f"{totals.responses} response{'s' if totals.responses != 1 else ''} checked, "
        f"{found} finding{'s' if found != 1 else ''}"
    )
    for name, count in sorted(totals.findings.items(), key=lambda kv: (-kv[1], kv[0])):
        tr.write_line(f"  {name}: {count}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None and _TOTALS in config.stash:
        workeroutput["restcodes"] = config.stash[_TOTALS].as_dict()
        workeroutput["restcodes_used"] = config.stash.get(_USED, False)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", None) or {}
    data = output.get("restcodes")
    if data:
        config = node.config
        config.stash[_TOTALS].add(data["responses"], data["findings"])
        if output.get("restcodes_used"):
            config.stash[_USED] = True


class Restcodes:
    """The ``restcodes`` fixture: this test's responses, an on-demand check, ignores."""

    def __init__(self, item: pytest.Item, record: TestRecord, profile: str) -> None:
        self._item = item
        self._record = record
        self._profile = profile
        self._ignored: set[str] = set(record.ignored)

    @property
    def responses(self) -> list[Any]:
        """Summaries (``.status``, ``.method``, ``.url``, ``.client``, ``.findings``) of the
        responses this test received, in order."""
        return list(self._record.responses)

    def ignore(self, *names: str) -> None:
        """Ignore these rules (names or codes) for the rest of this test."""
        from ._findings import check_names

        resolved = check_names(names, "restcodes.ignore()")
        self._ignored.update(resolved)
        self._record.ignored.update(resolved)

    def check(self, resp: Any) -> Any:
        """Run the catalogue on ``resp`` now, whatever the mode: raise RuleViolationError
        listing the error findings, warn the others. Returns ``resp``."""
        __tracebackhide__ = True
        from . import _checker
        from ._findings import catalogue
        from ._view import ResponseView

        view = ResponseView.of(resp, "restcodes.check()")
        cat = catalogue(self._profile, frozenset(self._ignored))
        findings = list(cat.run(view))
        errors = [f for f in findings if f.severity == "error"]
        others = [f for f in findings if f.severity != "error"]
        filename, lineno = _line(self._item)
        _checker.warn(others, 1, filename, lineno)
        if errors:
            raise _checker.RuleViolationError(
                _checker.render(errors, 1, "error finding" + ("s" if len(errors) > 1 else "")),
                errors,
            )
        return resp


@pytest.fixture
def restcodes(request: pytest.FixtureRequest) -> Generator[Restcodes, None, None]:
    """This test's responses (``restcodes.responses``), ``restcodes.check(resp)`` and
    ``restcodes.ignore(*rules)``. Responses are recorded even when the checker is off."""
    item = request.node
    found = item.stash.get(_ITEM, None)
    if found is None:
        from . import _checker
        from ._findings import TestRecord

        base = item_settings(item, item.config.stash[_BASE])
        record = TestRecord(base.profile, base.ignore)
        item.stash[_ITEM] = (record, "record")
        _checker.start(record)
        profile = base.profile
    else:
        record = found[0]
        profile = record.catalogue.profile
    # the teardown hook stops the record it finds in the item's stash
    yield Restcodes(item, record, profile)
