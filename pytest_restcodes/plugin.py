"""The pytest plugin: options, the autouse checker's hooks, and the ``restcodes`` fixture.

Registered through the ``pytest11`` entry point ``restcodes``; ``-p no:restcodes`` turns
it off. Importing it imports no HTTP client library. Each pytest run gets a ``Run``
(closed by a config cleanup, however the run ends), each checked test a ``Session``
(closed by the teardown hook, or by the run's close when the test never got there).
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Generator, Sequence
from typing import Any

import pytest

from ._config import CheckSettings, base_settings, item_settings, validate_marker
from ._errors import RestcodesWarning, RuleViolationError
from ._session import MESSAGES, Run, Session, Settings, push

# The checker's machinery (_findings, _rules, _capture...) is imported only when a test
# turns the checker on or asks for the fixture: start-up stays lean.
_OWN_FILES = frozenset({__file__})


class _Totals:
    """Responses checked and findings per rule, for the terminal summary. Kept per test
    and replaced when a test runs again (pytest-rerunfailures): the last attempt counts."""

    def __init__(self) -> None:
        self.tests: dict[str, dict[str, Any]] = {}
        self.uncaptured: set[str] = set()

    def begin(self, nodeid: str) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "responses": 0,
            "findings": collections.Counter(),
            "internal": collections.Counter(),
            "places": collections.defaultdict(collections.Counter),
        }
        self.tests[nodeid] = entry
        return entry

    def of(self, nodeid: str) -> dict[str, Any]:
        found = self.tests.get(nodeid)
        return found if found is not None else self.begin(nodeid)

    def add(self, data: dict[str, Any]) -> None:
        for nodeid, entry in data.get("tests", {}).items():
            places: dict[str, collections.Counter[str]] = collections.defaultdict(
                collections.Counter
            )
            for rule, where in entry.get("places", {}).items():
                places[rule].update(where)
            self.tests[nodeid] = {
                "responses": entry["responses"],
                "findings": collections.Counter(entry["findings"]),
                "internal": collections.Counter(entry["internal"]),
                "places": places,
            }
        self.uncaptured.update(data.get("uncaptured", ()))

    def sums(self) -> tuple[int, dict[str, int], dict[str, int], dict[str, dict[str, int]]]:
        responses = 0
        findings: collections.Counter[str] = collections.Counter()
        internal: collections.Counter[str] = collections.Counter()
        places: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for entry in self.tests.values():
            responses += entry["responses"]
            findings.update(entry["findings"])
            internal.update(entry["internal"])
            for rule, where in entry["places"].items():
                places[rule].update(where)
        return responses, dict(findings), dict(internal), {k: dict(v) for k, v in places.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "tests": {
                nodeid: {
                    "responses": e["responses"],
                    "findings": dict(e["findings"]),
                    "internal": dict(e["internal"]),
                    "places": {rule: dict(where) for rule, where in e["places"].items()},
                }
                for nodeid, e in self.tests.items()
            },
            "uncaptured": sorted(self.uncaptured),
        }


_BASE = pytest.StashKey[CheckSettings]()
_RUN = pytest.StashKey[Run]()
_TOTALS = pytest.StashKey[_Totals]()
_SESSION = pytest.StashKey[Session]()
_USED = pytest.StashKey[bool]()
_SERVER_EXCEPTIONS = pytest.StashKey[bool]()
_OBSERVER = pytest.StashKey[Any]()


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
    group.addoption(
        "--restcodes-rules",
        dest="restcodes_rules",
        metavar="RULE",
        nargs="?",
        const="*",
        help="list the checker's rules (or show one, by name or code) and exit",
    )
    group.addoption(
        "--restcodes-coverage",
        dest="restcodes_coverage",
        action="store_true",
        help="print the status-code coverage per route at the end: each status seen, and "
        "whether a helper asserted it",
    )
    group.addoption(
        "--restcodes-report",
        dest="restcodes_report",
        metavar="PATH",
        help="write the findings and the status-code coverage as JSON to PATH "
        "(schema: pytest_restcodes/report.schema.json)",
    )
    group.addoption(
        "--restcodes-html",
        dest="restcodes_html",
        metavar="PATH",
        help="write the coverage matrix and the findings as one self-contained HTML page",
    )
    group.addoption(
        "--restcodes-baseline",
        dest="restcodes_baseline_out",
        metavar="PATH",
        help="write this run's findings to PATH as a baseline (and report none of them); "
        "restcodes_baseline = PATH then reports only findings not in it",
    )
    parser.addini("restcodes_check", "checker mode: off (default), warn or strict", default="off")
    parser.addini(
        "restcodes_baseline",
        "a baseline file (written by --restcodes-baseline): its findings are not reported",
        default="",
    )
    parser.addini(
        "restcodes_openapi",
        "the API's OpenAPI document: a JSON or YAML file, an http(s) URL, or module:app "
        "(FastAPI's app.openapi()); enables the undocumented-status rule and shows "
        "documented statuses never exercised",
        default="",
    )
    parser.addini(
        "restcodes_profile", "rule profile: rulebook (default) or rfc", default="rulebook"
    )
    parser.addini(
        "restcodes_ignore",
        "rule names (or codes) the checker ignores, one per line or separated by commas",
        type="linelist",
    )
    parser.addini(
        "restcodes_body_lines",
        "lines of body shown in a failure message (default 40; 0: no limit)",
        default="40",
    )
    parser.addini(
        "restcodes_server_exceptions",
        "with the checker off, still see each response so that a failing helper can show "
        "the exception the app raised in this process (default true; false: the checker "
        "off costs nothing)",
        type="bool",
        default=True,
    )
    parser.addini(
        "restcodes_message",
        "failure messages: full (default), or compact (each code's meaning once per run)",
        default="full",
    )
    try:  # a number in TOML too (pytest >= 8.4 knows typed ini options)
        parser.addini(
            "restcodes_body_limit",
            "bytes of body shown in a failure message (default 2048)",
            type="int",
            default=2048,
        )
    except (TypeError, ValueError, AssertionError):  # pytest < 8.4 asserts the type
        parser.addini(
            "restcodes_body_limit",
            "bytes of body shown in a failure message (default 2048)",
            default="2048",
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "restcodes(check=None, profile=None, ignore=()): pytest-restcodes checker settings "
        "for this test, class or module (the closest marker wins). check: off, warn or "
        "strict; profile: rulebook or rfc; ignore: rule names or codes.",
    )
    try:
        limit = str(config.getini("restcodes_body_limit")).strip()
    except (ValueError, pytest.UsageError) as exc:  # typed: pytest's conversion failed
        raise pytest.UsageError(
            f"pytest-restcodes: restcodes_body_limit must be a number of bytes ({exc})"
        ) from None
    if not limit.isdigit():
        raise pytest.UsageError(
            f"pytest-restcodes: restcodes_body_limit must be a number of bytes, got {limit!r}"
        )
    lines = str(config.getini("restcodes_body_lines")).strip()
    if not lines.isdigit():
        raise pytest.UsageError(
            f"pytest-restcodes: restcodes_body_lines must be a number of lines, got {lines!r}"
        )
    message = str(config.getini("restcodes_message")).strip().lower()
    if message not in MESSAGES:
        raise pytest.UsageError(
            f"pytest-restcodes: restcodes_message: {message!r} is not one of {', '.join(MESSAGES)}"
        )
    base = config.stash[_BASE] = base_settings(config)
    run = Run(Settings(int(limit), int(config.getoption("verbose") or 0), int(lines), message))
    config.stash[_RUN] = run
    config.stash[_TOTALS] = _Totals()
    config.stash[_USED] = base.mode != "off"
    config.stash[_SERVER_EXCEPTIONS] = bool(config.getini("restcodes_server_exceptions"))
    config.stash[_OBSERVER] = _observer(config)
    push(run)
    # however the run ends (pytest.exit, Ctrl-C, an internal error), the capture goes
    config.add_cleanup(run.close)


def _observer(config: pytest.Config) -> Any:
    """The run's observer, when an option asks for one (None otherwise: nothing of it is
    even imported)."""
    if not (
        config.getoption("restcodes_coverage", False)
        or config.getoption("restcodes_report", None)
        or config.getoption("restcodes_html", None)
        or config.getoption("restcodes_baseline_out", None)
        or str(config.getini("restcodes_openapi") or "").strip()
        or str(config.getini("restcodes_baseline") or "").strip()
    ):
        return None
    from ._observe import from_config

    return from_config(config)


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    wanted = config.getoption("restcodes_rules", None)
    if wanted is None:
        return None
    from . import _render
    from ._rules import RULES, resolve

    if wanted == "*":
        text = _render.catalogue(RULES)
    else:
        found = resolve(wanted)
        if found is None:
            raise pytest.UsageError(
                f"pytest-restcodes: --restcodes-rules: unknown rule {wanted!r}; "
                "run pytest --restcodes-rules for the list"
            )
        text = _render.rule(found)
    print(text)
    return 0


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(_RUN, None)
    if run is not None:  # before conftests' own unconfigure: they see the originals back
        run.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in item.iter_markers("restcodes"):
            try:
                validate_marker(mark, item.nodeid)
            except (TypeError, ValueError) as exc:
                raise pytest.UsageError(f"pytest-restcodes: {exc}") from None


def _open(item: pytest.Item, mode: str, current: CheckSettings) -> Session:
    run = item.config.stash[_RUN]
    observer = item.config.stash.get(_OBSERVER, None)
    if observer is not None:
        observer.begin(item.nodeid)
    session = Session(run, item.nodeid, mode, current.profile, current.ignore, observer)
    # the test asks for its responses (the ``restcodes`` fixture): a summary of every one
    session.keep_all = session.keep_all or "restcodes" in getattr(item, "fixturenames", ())
    item.stash[_SESSION] = session
    item.config.stash[_TOTALS].begin(item.nodeid)  # a rerun replaces the earlier attempt
    run.start(session, capture=True)
    return session


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    current = item_settings(item, item.config.stash[_BASE])
    if current.mode != "off":
        item.config.stash[_USED] = True
    # with the checker off too (unless restcodes_server_exceptions = false): the session
    # keeps what a failing helper needs (the exception an app in this process raised, the
    # request of a urllib3 response) and checks nothing
    if (
        current.mode != "off"
        or item.config.stash[_SERVER_EXCEPTIONS]
        or item.config.stash.get(_OBSERVER, None) is not None
    ):
        _open(item, current.mode, current)
    return (yield)


def _line(item: pytest.Item) -> tuple[str, int]:
    path, lineno, _ = item.reportinfo()
    return str(path), (lineno or 0) + 1


def _named_action(text: str) -> str | None:
    """The action of the first warning filter that names our findings: by category
    (RestcodesWarning or a subclass of it) or by a message pattern (``error:RC111``).
    Generic filters (``-W error``, ``filterwarnings = error``) do not count: a finding in
    warn mode never fails a test because a suite makes every warning an error."""
    for action, message, category, _module, _lineno in warnings.filters:
        if not isinstance(category, type) or not issubclass(RestcodesWarning, category):
            continue
        pattern = getattr(message, "pattern", message) or ""
        specific = issubclass(category, RestcodesWarning) or bool(pattern)
        if not specific:
            continue
        if message is None or message.match(text):
            return str(action)
    return None


def _emit(found: Sequence[tuple[str, tuple[str, int]]]) -> None:
    """Issue warnings that no filter made fatal: after the test's fixtures are gone (so
    ``recwarn`` cannot swallow them), and never raised by a generic error filter. Each
    points at the line that made the request."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", RestcodesWarning)
        for text, (filename, lineno) in found:
            warnings.warn_explicit(RestcodesWarning(text), RestcodesWarning, filename, lineno)


_DEFERRED = pytest.StashKey[list[tuple[str, tuple[str, int]]]]()


def _report(item: pytest.Item, phase: str, test_failed: bool) -> RuleViolationError | None:
    """Sort this test's new findings: strict errors and warnings a filter names as errors
    fail the test (after its own failure, never instead of it); the others are kept to be
    issued as warnings when the test is over."""
    session = item.stash.get(_SESSION, None)
    if session is None:
        return None
    pairs = session.take()
    if not pairs or session.mode in ("record", "off"):
        return None
    from . import _render

    found = _observed(item, session, pairs)
    if not found:
        return None
    if item.config.option.xmlpath:  # --junitxml: each finding a property of its test case
        item.user_properties.extend(("restcodes", _render.junit(f)) for f in found)

    entry = item.config.stash[_TOTALS].of(item.nodeid)
    entry["findings"].update(f.rule.name for f in found if f.severity != "internal")
    for f in found:
        if f.severity != "internal":
            entry["places"][f.rule.name][_render.place(f)] += 1
        else:
            entry["internal"][f.rule.name] += 1
    verbose = item.config.stash[_RUN].settings.verbose
    strict = session.mode == "strict"
    fatal = []
    deferred = item.stash.setdefault(_DEFERRED, [])
    for f in found:
        if strict and f.severity == "error":
            fatal.append(f)
            continue
        text = _render.warning(f, verbose)
        action = _named_action(text)
        if action == "error":
            fatal.append(f)
        elif action != "ignore":
            deferred.append((text, f.where or _line(item)))
    if not fatal:
        return None
    text = _render.findings(fatal, session.received)
    if test_failed:  # the test's own failure comes first and whole; the findings follow
        item.add_report_section(phase, "restcodes", text)
        return None
    return RuleViolationError(text, fatal)


def _observed(item: pytest.Item, session: Session, pairs: list[tuple[Any, Any]]) -> list[Any]:
    """The findings to report: those a baseline accepts are dropped (and counted); with
    an observer, each reported one is kept as data for the reports."""
    observer = session.observer
    if observer is None:
        return [f for f, _ in pairs]
    from . import _render
    from ._observe import key_of

    kept = []
    for f, summary in pairs:
        route = session.route(summary)[0]
        if f.severity != "internal" and observer.baselined(
            item.nodeid, key_of(f, item.nodeid, summary.method, route)
        ):
            continue
        observer.report(item.nodeid, _render.finding_data(f, item.nodeid, route))
        kept.append(f)
    return kept


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
        session = item.stash.get(_SESSION, None)
        if session is not None:
            try:
                error = _report(item, "teardown", test_failed=False)
                deferred = item.stash.get(_DEFERRED, None)
                if deferred:
                    del item.stash[_DEFERRED]
                    _emit(deferred)
            finally:
                item.config.stash[_TOTALS].of(item.nodeid)["responses"] = session.received
                del item.stash[_SESSION]
                session.close()
            if error is not None:
                raise error
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    excinfo = call.excinfo
    # raised by the checker's own hooks (a strict finding, or a warning made an error
    # with -W): the findings are the whole story, the plugin's frames are noise
    if (
        excinfo is not None
        and isinstance(excinfo.value, (RuleViolationError, RestcodesWarning))
        and str(excinfo.traceback[-1].path) in _OWN_FILES
    ):
        report.longrepr = _Text(str(excinfo.value))
    return report


class _Crash:
    """What pytest < 8 reads for the short summary's " - message" (``reprcrash``)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.path = ""
        self.lineno = 0


class _Text(str):
    """A failure's whole text, which pytest prints as it is; its first line is what the
    short summary shows, with every pytest version."""

    reprcrash: _Crash

    def __new__(cls, text: str) -> _Text:
        made = super().__new__(cls, text)
        made.reprcrash = _Crash(text.partition("\n")[0])
        return made


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    run = config.stash.get(_RUN, None)
    totals = config.stash.get(_TOTALS, None)
    if run is None or totals is None:
        return
    totals.uncaptured.update(run.uncaptured)
    observer = config.stash.get(_OBSERVER, None)
    if not config.stash.get(_USED, False) and observer is None:
        return
    from . import _render

    terminalreporter.write_sep("-", "pytest-restcodes")
    if config.stash.get(_USED, False):
        responses, by_rule, internal, places = totals.sums()
        for line in _render.summary(
            responses, by_rule, internal, sorted(totals.uncaptured), places
        ):
            terminalreporter.write_line(line)
    if observer is not None:
        writer = getattr(terminalreporter, "_tw", None)
        written: list[str] = config.stash.get(_WRITTEN, [])
        for line in _render.observed(
            observer,
            table=bool(config.getoption("restcodes_coverage")),
            written=written,
            width=getattr(writer, "fullwidth", 100),
            encoding=getattr(writer, "encoding", None) or "utf-8",
        ):
            terminalreporter.write_line(line)


_WRITTEN = pytest.StashKey[list[str]]()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker sends its totals and observations to the controller; the
    controller (or a run without xdist) writes the reports the run asked for."""
    config = session.config
    if getattr(config, "workeroutput", None) is not None:
        _send_to_controller(config)
        return
    observer = config.stash.get(_OBSERVER, None)
    if observer is not None:
        from ._report import write_reports

        config.stash[_WRITTEN] = write_reports(config, observer, config.stash[_BASE])


def _send_to_controller(config: pytest.Config) -> None:
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None and _TOTALS in config.stash:
        totals = config.stash[_TOTALS]
        run = config.stash.get(_RUN, None)
        if run is not None:
            totals.uncaptured.update(run.uncaptured)
        workeroutput["restcodes"] = totals.as_dict()
        workeroutput["restcodes_used"] = config.stash.get(_USED, False)
        observer = config.stash.get(_OBSERVER, None)
        if observer is not None:
            workeroutput["restcodes_observed"] = observer.as_dict()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", None) or {}
    data = output.get("restcodes")
    if data:
        config = node.config
        config.stash[_TOTALS].add(data)
        observer = config.stash.get(_OBSERVER, None)
        if observer is not None and output.get("restcodes_observed"):
            observer.add(output["restcodes_observed"])
        if output.get("restcodes_used"):
            config.stash[_USED] = True


class Restcodes:
    """The ``restcodes`` fixture: this test's responses, an on-demand check, ignores."""

    def __init__(self, item: pytest.Item, session: Session) -> None:
        self._item = item
        self._session = session

    @property
    def responses(self) -> list[Any]:
        """Summaries (``.status``, ``.method``, ``.url``, ``.client``, ``.findings``) of the
        responses this test received, in order."""
        return list(self._session.responses)

    def ignore(self, *names: str) -> None:
        """Ignore these rules (names or codes) for the rest of this test."""
        from ._findings import check_names

        self._session.ignored.update(check_names(names, "restcodes.ignore()"))

    def check(self, resp: Any) -> Any:
        """Run the catalogue on ``resp`` now, whatever the mode: raise RuleViolationError
        listing the error findings, warn the others. Returns ``resp``."""
        __tracebackhide__ = True
        from . import _render
        from ._findings import catalogue
        from ._view import ResponseView

        view = ResponseView.of(resp, "restcodes.check()")
        self._session.mark_checked(resp)
        observer = self._session.observer
        contract = observer is not None and observer.document is not None
        cat = catalogue(self._session.profile, frozenset(self._session.ignored), contract)
        found = list(cat.run(view))
        errors = [f for f in found if f.severity == "error"]
        verbose = self._item.config.stash[_RUN].settings.verbose
        where = _line(self._item)
        _emit([(_render.warning(f, verbose), where) for f in found if f.severity != "error"])
        if errors:
            raise RuleViolationError(_render.findings(errors, 1), errors)
        return resp


@pytest.fixture
def restcodes(request: pytest.FixtureRequest) -> Generator[Restcodes, None, None]:
    """This test's responses (``restcodes.responses``), ``restcodes.check(resp)`` and
    ``restcodes.ignore(*rules)``. Responses are recorded even when the checker is off."""
    item = request.node
    session = item.stash.get(_SESSION, None)
    if session is None:
        current = item_settings(item, item.config.stash[_BASE])
        session = _open(item, "record", current)
    else:
        session.keep_all = True  # asked for by name, not as an argument: from now on
        if session.mode == "off":
            session.mode = "record"  # the checker is off: record, and report nothing
    # the teardown hook closes the session it finds in the item's stash
    yield Restcodes(item, session)
