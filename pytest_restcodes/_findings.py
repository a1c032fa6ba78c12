"""Running the catalogue on one response, and the findings it produces."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable
from typing import Any, NamedTuple

from ._rules import RULES, Rule, Severity, media_kind, resolve
from ._view import _UNSET, ResponseView


class Finding(NamedTuple):
    """One rule broken by one response."""

    rule: Rule
    severity: Severity | str
    """``"error"``, ``"warning"``, or ``"internal"`` when the rule itself crashed."""
    observed: str
    request: str | None
    status: int
    excerpt: str | None
    hop: bool = False
    """True for a redirect hop the client followed, not the final response."""
    reason: str | None = None
    """The reason phrase the server sent."""
    where: tuple[str, int] | None = None
    """The file and line of the user's code that made the request."""


_NONE: tuple[Finding, ...] = ()
_KINDS_KEPT = 512


class Catalogue:
    """The rules active for a profile, indexed by status (built lazily, once per status)."""

    def __init__(self, profile: str, ignored: Iterable[str] = (), contract: bool = False) -> None:
        self.profile = profile
        skip = frozenset(ignored)
        self._rules = tuple(
            (rule, rule.severity(profile))
            for rule in RULES
            if rule.name not in skip
            and rule.severity(profile) != "off"
            and (contract or not rule.contract)
        )
        self._by_status: dict[int, tuple[tuple[Rule, Severity], ...]] = {}
        self._by_kind: dict[tuple[int, bool, str], tuple[tuple[Rule, Severity], ...]] = {}
        """(status, HEAD?, media type) -> the rules to run, for the first ``_KINDS_KEPT``."""

    def rules_for(self, status: int) -> tuple[tuple[Rule, Severity], ...]:
        found = self._by_status.get(status)
        if found is None:
            found = tuple(pair for pair in self._rules if pair[0].applies(status))
            self._by_status[status] = found
        return found

    def rules_to_run(self, view: ResponseView) -> tuple[tuple[Rule, Severity], ...]:
        """The rules for the view's status, less those whose ``media`` or ``head_only``
        shows they cannot flag it (their checks would return None)."""
        try:
            key = (view.status, view.method == "HEAD", view.content_type)
        except Exception:  # the checks that read the content type report it themselves
            return self.rules_for(view.status)
        found = self._by_kind.get(key)
        return found if found is not None else self._of_kind(key)

    def _of_kind(self, key: tuple[int, bool, str]) -> tuple[tuple[Rule, Severity], ...]:
        status, head, ctype = key
        kind = media_kind(ctype)
        found = tuple(
            (rule, severity)
            for rule, severity in self.rules_for(status)
            if (head or not rule.head_only) and (rule.media is None or kind in rule.media)
        )
        if len(self._by_kind) < _KINDS_KEPT:  # a bound, whatever the server sends
            self._by_kind[key] = found
        return found

    def run(self, view: ResponseView, hop: bool = False) -> list[Finding] | tuple[Finding, ...]:
        found: list[Finding] | None = None
        try:  # rules_to_run, inlined: the hot path (a call is 2% of a Flask response's check)
            key = (view.status, view.method == "HEAD", view.content_type)
        except Exception:  # the checks that read the content type report it themselves
            todo = self.rules_for(view.status)
        else:
            found_rules = self._by_kind.get(key)
            todo = found_rules if found_rules is not None else self._of_kind(key)
        for rule, severity in todo:
            try:
                observed = rule.check(view)
            except Exception as exc:
                observed, severity = f"{type(exc).__name__}: {exc}", "internal"  # type: ignore[assignment]
            if observed is None:
                continue
            if severity == "warning" and view.status in rule.escalate:
                severity = "error"
            if found is None:
                found = []
            from ._render import request_line, short_excerpt  # only for a finding

            found.append(
                Finding(
                    rule,
                    severity,
                    observed,
                    request_line(view),
                    view.status,
                    short_excerpt(view),
                    hop,
                    view.reason,
                )
            )
        if not hop:
            attr = view.adapter.history_attr  # read here: most responses have no hops
            if attr is not None and not getattr(view.raw, attr, None):
                return found if found is not None else _NONE
            for hop_view in view.history():
                hop_found = self.run(hop_view, hop=True)
                if hop_found:
                    found = (found or []) + list(hop_found)
        return found if found is not None else _NONE


@functools.cache
def catalogue(
    profile: str, ignored: frozenset[str] = frozenset(), contract: bool = False
) -> Catalogue:
    """The catalogue for a profile and a set of ignored rules (built once for each); with
    ``contract``, the rules that need an OpenAPI document too."""
    return Catalogue(profile, ignored, contract)


def _masked_url(url: str) -> str:
    from . import _mask

    return _mask.url(url)


class ResponseSummary:
    """What the checker keeps of one response: never the response object itself."""

    # fields that most summaries never change are class defaults: a clean response's
    # summary stores only what it must
    acknowledged = False
    checked = False
    """Checked on demand with ``restcodes.check()``: its findings were reported there."""
    _url: Any = _UNSET
    _found: tuple[Finding, ...] = _NONE

    def __init__(
        self,
        raw: Any,
        view: ResponseView,
        findings: Iterable[Finding],
        ignored: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        self.status: int = view.status
        self.method: str | None = view.method
        adapter = view.adapter
        self._adapter = adapter
        # what the URL is made from, kept cheaply; the URL itself is built on demand
        if view._url is _UNSET:
            self._source: Any = adapter.url_source(raw)
        else:  # built already (a finding's request line): masked like any other
            self._source = None
            known = view.url
            self._url = _masked_url(known) if known else None
        if findings:
            self._found = tuple(findings)
        self._ignored = ignored  # the test's set: a rule ignored later is dropped too
        try:
            self._ref: Any = weakref.ref(raw)
        except TypeError:
            self._ref = id(raw)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings of this response, less the rules the test ignores."""
        ignored = self._ignored
        if not ignored:
            return self._found
        return tuple(f for f in self._found if f.rule.name not in ignored)

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        """Every finding, ignored rules and crashed rules included."""
        return self._found

    @property
    def client(self) -> str:
        """The client library that produced the response (``"httpx"``, ``"django"``...)."""
        return self._adapter.name

    @property
    def url(self) -> str | None:
        """The request URL, secrets masked (None when unknown)."""
        if self._url is _UNSET:
            from . import _mask

            try:
                url = self._adapter.url_from_source(self._source)
            except Exception:
                url = None
            self._url = _mask.url(str(url)) if url else None
            self._source = None
        return self._url  # type: ignore[no-any-return]

    def is_for(self, raw: Any) -> bool:
        ref = self._ref
        return ref() is raw if isinstance(ref, weakref.ref) else ref == id(raw)

    def __repr__(self) -> str:
        return f"<ResponseSummary {self.method or '?'} {self.url or '?'} -> {self.status}>"


def check_names(names: Iterable[str], where: str) -> list[str]:
    """Rule names (or codes) -> names; ValueError naming an unknown one."""
    out = []
    for name in names:
        rule = resolve(name)
        if rule is None:
            known = ", ".join(r.name for r in RULES)
            raise ValueError(f"{where}: unknown rule {name!r}. Known rules: {known}")
        out.append(rule.name)
    return out
