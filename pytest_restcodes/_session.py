"""Who owns what: one :class:`Run` per pytest run (a ``pytest.Config``), one
:class:`Session` per test.

A ``Run`` holds the run's settings, its response capture (installed once, at the run's
first test, removed when the run ends however it ends) and the test now running.
A ``Session`` holds everything of one test: its settings, the responses it received with
their findings, the helpers' acknowledgements, the requests filed for responses that do
not carry theirs. It is closed when the test ends, and nothing of it outlives the test.

Runs stack: a pytest run started inside a test of another (pytester in process) pushes
its own ``Run``; while it is on top, the outer run records nothing, and popping it gives
the outer run back exactly as it was. The stack (``_RUNS``) and the helpers' hot-path
switch (``HOT``) are the only module-level state, and both are derived from the runs.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._capture import Capture
    from ._clients import RequestInfo
    from ._findings import Catalogue, Finding, ResponseSummary
    from ._observe import Observer

DEFAULT_LIMIT = 2048
"""Bytes of body a failure message shows by default (ini ``restcodes_body_limit``)."""
PROFILES = ("rulebook", "rfc")
MODES = ("off", "warn", "strict")


DEFAULT_LINES = 40
"""Lines of body a failure message shows by default (ini ``restcodes_body_lines``)."""
MESSAGES = ("full", "compact")


class Settings:
    """The settings of one run that text and checks depend on (defaults outside pytest)."""

    __slots__ = ("body_limit", "body_lines", "explained", "message", "verbose")

    def __init__(
        self,
        body_limit: int = DEFAULT_LIMIT,
        verbose: int = 0,
        body_lines: int = DEFAULT_LINES,
        message: str = "full",
    ) -> None:
        self.body_limit = body_limit
        self.verbose = verbose
        self.body_lines = body_lines
        self.message = message
        self.explained: set[int] = set()
        """Codes whose meaning a compact message has shown once in this run."""


DEFAULTS = Settings()


class Filed(NamedTuple):
    """What a wrapped call filed for a response: its request, its redirect hops, and the
    exception the app raised for it in this process (a ``_server.ServerException``)."""

    request: RequestInfo | None = None
    hops: tuple[Any, ...] = ()
    exception: Any = None


_NOTHING = Filed()


class _Hot:
    """What the helpers' passing path reads: the acknowledgement callback of the test now
    running, set only once one of its responses has something a helper can acknowledge."""

    __slots__ = ("acknowledge",)

    def __init__(self) -> None:
        self.acknowledge: Callable[[Any, int], None] | None = None


HOT = _Hot()


_MACHINERY: tuple[Any, Any, Any, Any] | None = None


def _machinery() -> tuple[Any, Any, Any, Any]:
    """What recording a response needs, imported on first use (start-up stays lean)."""
    global _MACHINERY
    if _MACHINERY is None:
        from ._adapters import _BY_TYPE, adapter_for
        from ._findings import ResponseSummary
        from ._view import ResponseView

        _MACHINERY = _BY_TYPE, adapter_for, ResponseView, ResponseSummary
    return _MACHINERY


@functools.cache
def _observed() -> Callable[..., tuple[str, str]]:
    from ._observe import route_of

    return route_of


@functools.cache
def _foreign_roots() -> tuple[str, ...]:
    """Where code that is not the user's lives: the standard library, site-packages,
    this package, pytest and pluggy."""
    import os
    import sysconfig

    import pluggy
    import pytest

    roots = {
        os.path.dirname(__file__),
        os.path.dirname(os.path.dirname(pytest.__file__)),
        os.path.dirname(pluggy.__file__),
    }
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(path)
    return tuple(os.path.join(root, "") for root in roots)


def caller() -> tuple[str, int] | None:
    """The file and line of the user's code that made the call now being recorded: the
    innermost frame outside the standard library, installed packages and this plugin
    (the test, a fixture, or the user's own API client)."""
    import sys

    foreign = _foreign_roots()
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(foreign) and not filename.startswith("<"):
            return filename, frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _with_exception(findings: Any, exception: Any) -> Any:
    """A 5xx's findings say what the app raised for it, when it ran in this process."""
    if exception is None:
        return findings
    from ._server import one_line

    told = one_line(exception)
    return [
        f._replace(observed=f"{f.observed}; the app raised {told}")
        if f.rule.name == "server-error"
        else f
        for f in findings
    ]


class Session:
    """Everything of one test: settings, responses, findings, acknowledgements, filings."""

    def __init__(
        self,
        run: Run | None,
        nodeid: str,
        mode: str,
        profile: str,
        ignore: frozenset[str],
        observer: Observer | None = None,
        *,
        keep_all: bool = False,
    ) -> None:
        self.run = run
        self.observer = observer
        """What the run observes besides verdicts (coverage, reports, a baseline, OpenAPI):
        with one, every response is kept, the checker off too, and every helper's
        acknowledgement counts."""
        self.nodeid = nodeid
        self.mode = mode
        self.profile = profile
        self._ignore_at_start = ignore
        self._catalogue: Catalogue | None = None
        self.responses: list[ResponseSummary] = []
        """Summaries of the responses with findings; of every response with ``keep_all``."""
        self.keep_all = keep_all or observer is not None
        """Keep a summary of every response (coverage, the ``restcodes`` fixture), not only
        of those with findings: a clean response's summary would otherwise be garbage
        that outlives the young generation, and brings on full collections."""
        self.unkept = 0
        """Responses checked clean whose summary was not kept."""
        self.ignored: set[str] = set(ignore)
        self.closed = False
        self.reported = 0
        self.needs_ack = observer is not None
        self._via: dict[int, Any] = {}
        """What each response's route is found from (its client, app or resolver match),
        by the identity of its summary, while there is an observer."""
        self._routes: dict[int, tuple[str, str]] = {}
        self._by_id: dict[int, ResponseSummary | list[ResponseSummary]] = {}
        """id(response) -> its summary; a list when an id was reused (a response freed)."""
        self._weak: weakref.WeakKeyDictionary[Any, Filed] | None = None
        self._strong: dict[int, tuple[Any, Filed]] = {}
        self._lock = threading.Lock()

    @property
    def catalogue(self) -> Catalogue:
        """The rules this test runs, built on first use: a test with the checker off never
        loads them."""
        found = self._catalogue
        if found is None:
            from ._findings import catalogue

            contract = self.observer is not None and self.observer.document is not None
            found = self._catalogue = catalogue(self.profile, self._ignore_at_start, contract)
        return found

    # -- what the capture feeds in (any thread)

    def record(self, raw: Any, via: Any = None) -> None:
        """Check one response the test received and keep its summary. ``via`` is what made
        the call (a test client, an app), from which an observer finds its route."""
        observer = self.observer
        if self.closed or (self.mode == "off" and observer is None):
            return  # off: only what is filed (requests, exceptions)
        known, adapter_for, view_of, summary_of = _MACHINERY or _machinery()
        adapter = known.get(type(raw)) or adapter_for(raw)  # the look-up, inlined
        if adapter is None:
            return
        view = view_of(raw, adapter)
        if observer is not None:
            via = observer.via(raw, adapter, via)
            if observer.document is not None:
                view.operation = observer.operation(view)
        findings = (self._catalogue or self.catalogue).run(view) if self.mode != "off" else ()
        if findings:  # only now is the stack walked: the passing path never pays for it
            where = caller()
            if where is not None:
                findings = [f._replace(where=where) for f in findings]
            if view.status >= 500:
                findings = _with_exception(findings, self.filed(raw).exception)
        if not findings and not self.keep_all:
            with self._lock:  # counted, nothing kept: its view dies young
                self.unkept += 1
            return
        summary = summary_of(raw, view, findings, self.ignored)
        key = id(raw)
        with self._lock:
            self.responses.append(summary)
            known = self._by_id.setdefault(key, summary)
            if known is not summary:  # an id reused (a response freed): a list for it
                if isinstance(known, list):
                    known.append(summary)
                else:
                    self._by_id[key] = [known, summary]
            if observer is not None:
                self._via[id(summary)] = via
        if findings and not self.needs_ack and any(f.rule.acknowledged_by_helper for f in findings):
            # only now can a passing helper change a verdict: until a response has such a
            # finding, helpers keep their lean passing path
            self.needs_ack = True
            if self.run is not None:
                self.run.refresh()

    def file(
        self,
        raw: Any,
        request: RequestInfo | None = None,
        hops: tuple[Any, ...] = (),
        exception: Any = None,
    ) -> None:
        """Keep the request (or the redirect hops) of a response that does not carry it,
        or the exception the app raised for it."""
        if self.closed:
            return
        old = self.filed(raw)
        facts = Filed(request or old.request, hops or old.hops, exception or old.exception)
        try:
            if self._weak is None:
                self._weak = weakref.WeakKeyDictionary()
            self._weak[raw] = facts
        except TypeError:  # not weak-referenceable: kept until the test ends
            self._strong[id(raw)] = (raw, facts)

    def filed(self, raw: Any) -> Filed:
        weak = self._weak
        if weak is not None:
            try:
                found = weak.get(raw)
            except TypeError:
                found = None
            if found is not None:
                return found
        kept = self._strong.get(id(raw)) if self._strong else None
        return kept[1] if kept is not None and kept[0] is raw else _NOTHING

    # -- what the helpers tell

    def acknowledge(self, raw: Any, status: int) -> None:
        """A helper asserted ``raw``'s own status: its acknowledgeable findings are dropped."""
        with self._lock:
            found = self._by_id.get(id(raw))
            if found is None:
                return
            for summary in reversed(found) if isinstance(found, list) else (found,):
                if summary.status == status and summary.is_for(raw):
                    summary.acknowledged = True
                    return

    def mark_checked(self, raw: Any) -> None:
        """``restcodes.check(raw)`` reported its findings: the end of the test does not."""
        with self._lock:
            found = self._by_id.get(id(raw))
            if found is None:
                return
            for summary in found if isinstance(found, list) else (found,):
                if summary.is_for(raw):
                    summary.checked = True

    # -- what the plugin reports

    @property
    def received(self) -> int:
        """How many responses the test received (while it recorded)."""
        return len(self.responses) + self.unkept

    def take_findings(self) -> list[Finding]:
        """Findings of the responses not reported yet (acknowledged and ignored dropped)."""
        return [finding for finding, _ in self.take()]

    def take(self) -> list[tuple[Finding, ResponseSummary]]:
        """``take_findings``, each finding with the summary of its response."""
        with self._lock:
            fresh = self.responses[self.reported :]
            self.reported = len(self.responses)
        out = []
        for summary in fresh:
            if summary.checked:
                continue
            for finding in summary.all_findings:
                if finding.rule.name in self.ignored and finding.severity != "internal":
                    continue
                if summary.acknowledged and finding.rule.acknowledged_by_helper and not finding.hop:
                    continue
                out.append((finding, summary))
        return out

    def route(self, summary: ResponseSummary) -> tuple[str, str]:
        """The route template of one of this test's responses and where it was found
        (``"openapi"``, ``"app"``, ``"fallback"``); found on first use, while the test's
        app is still alive."""
        found = self._routes.get(id(summary))
        if found is None:
            route_of = _observed()
            via = self._via.get(id(summary))
            found = route_of(summary.method, summary.url, via, self.observer)
            self._routes[id(summary)] = found
        return found

    def observed(self) -> list[list[Any]]:
        """What coverage keeps of each response: method, route, where the route was
        found, status, and whether a helper asserted it."""
        out: list[list[Any]] = []
        for summary in list(self.responses):
            route, source = self.route(summary)
            out.append([summary.method or "?", route, source, summary.status, summary.acknowledged])
        return out

    def close(self) -> None:
        """The test is over: forget everything it filed; record nothing more."""
        self.closed = True
        if self.observer is not None and self.run is not None and self.responses:
            with contextlib.suppress(Exception):  # a report never costs the test anything
                self.observer.keep(self.nodeid, self.observed())
        self._via = {}
        self._routes = {}
        self._weak = None
        self._strong = {}
        self._by_id = {}
        if self.run is not None and self.run.session is self:
            self.run.end(self)


class Run:
    """One pytest run: its settings, its capture, the test now running."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session: Session | None = None
        self.capture: Capture | None = None
        self.uncaptured: set[str] = set()
        """Registered response types that helpers met but the checker does not capture."""

    def start(self, session: Session, *, capture: bool) -> None:
        """``session`` is the test now running; with ``capture``, it receives every response."""
        if self.session is not None:
            self.session.close()
        self.session = session
        _forget_pending()
        if capture and self.capture is None:
            from ._capture import Capture

            self.capture = Capture()
            self.capture.install()
        self.refresh()

    def end(self, session: Session) -> None:
        _forget_pending()
        if self.session is session:
            self.session = None
            if not session.closed:
                session.close()
        self.refresh()

    def refresh(self) -> None:
        """Point the capture and the helpers' switch at what is live now."""
        top = _RUNS[-1] if _RUNS else None
        live = self.session if top is self else None
        if self.capture is not None:
            self.capture.session = live
        if top is self:
            HOT.acknowledge = live.acknowledge if live is not None and live.needs_ack else None

    def close(self) -> None:
        """The run is over, however it ended: close the test, remove the capture."""
        if self.session is not None:
            self.session.close()
        if self.capture is not None:
            self.capture.uninstall()
            self.capture = None
        pop(self)


_RUNS: list[Run] = []


def push(run: Run) -> None:
    if _RUNS:
        below = _RUNS[-1]
        _RUNS.append(run)
        below.refresh()
    else:
        _RUNS.append(run)
    run.refresh()


def _forget_pending() -> None:
    """A test starts or ends: server exceptions nobody claimed are dropped."""
    capture = sys.modules.get(f"{__package__}._capture")
    if capture is not None:
        capture._PENDING.clear()


def pop(run: Run) -> None:
    if run in _RUNS:
        _RUNS.remove(run)
    if run.capture is not None:
        run.capture.session = None
    HOT.acknowledge = None
    if _RUNS:
        _RUNS[-1].refresh()


def current() -> Session | None:
    """The test now running in the innermost pytest run, if any."""
    return _RUNS[-1].session if _RUNS else None


def settings() -> Settings:
    """The innermost run's settings (defaults outside pytest)."""
    return _RUNS[-1].settings if _RUNS else DEFAULTS


def filed(raw: Any) -> Filed:
    """What was filed for ``raw`` in the test now running."""
    session = current()
    return session.filed(raw) if session is not None else _NOTHING
