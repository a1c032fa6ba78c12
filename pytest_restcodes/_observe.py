"""What a run observes besides the checker's verdicts: each response's route and status
for coverage, each finding as data for the reports, and the baseline of findings a suite
has accepted.

An :class:`Observer` exists only when the run asked for one of ``--restcodes-coverage``,
``--restcodes-report``, ``--restcodes-html``, ``--restcodes-baseline``,
``restcodes_baseline`` or ``restcodes_openapi``: without them nothing here runs. Per
response it keeps only what finds the route later (the client or app that made the call);
routes are found once per response when the test ends (or when a finding needs one),
while the test's app is still alive, and only strings outlive the test. Its data is kept
per test (a rerun replaces the earlier attempt) and merged from xdist workers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import _routes
from ._http import host_of, path_of

if TYPE_CHECKING:
    from ._adapters import Adapter
    from ._findings import Finding
    from ._openapi import Document
    from ._view import ResponseView

BASELINE_VERSION = 1
Key = tuple[str, str, str, str, int]
"""A finding as a baseline knows it: rule code, test node id, method, route, status.
The test is part of it: a suite of many apps has one route (``GET /``) in many tests,
and a new finding in another test is new."""


class Observer:
    """The run's coverage, findings as data, baseline and OpenAPI document."""

    def __init__(
        self,
        document: Document | None = None,
        baseline: Iterable[Key] | None = None,
        writing_baseline: bool = False,
    ) -> None:
        self.document = document
        self.baseline: frozenset[Key] | None = frozenset(baseline) if baseline is not None else None
        self.writing_baseline = writing_baseline
        self.seen: dict[str, list[list[Any]]] = {}
        """Per test: [method, route, source, status, asserted] for each response."""
        self.found: dict[str, list[dict[str, Any]]] = {}
        """Per test: each finding the checker reported, as the JSON report has it."""
        self.matched: dict[str, list[list[Any]]] = {}
        """Per test: the baseline keys its findings matched (so not reported)."""

    # -- per response (the hot path, only while observing)

    def via(self, raw: Any, adapter: Adapter, via: Any) -> Any:
        """What finds this response's route: Django's own resolver match, or the test
        client (or app) that made the call."""
        if adapter.name == "django":
            match = getattr(raw, "__dict__", {}).get("resolver_match")
            if match is not None:
                return _Resolved(match)
        return via

    def operation(self, view: ResponseView) -> tuple[str, frozenset[str]] | None:
        """The documented operation a response answers: its path template and the keys of
        its responses (None when the document has no operation for it)."""
        document = self.document
        if document is None or not view.method:
            return None
        template = document.route(path_of(view.url))
        if template is None:
            return None
        keys = document.documented(view.method, template)
        return (template, keys) if keys is not None else None

    # -- per test

    def keep(self, nodeid: str, rows: list[list[Any]]) -> None:
        self.seen[nodeid] = rows

    def begin(self, nodeid: str) -> None:
        """A test starts (again: a rerun replaces what the earlier attempt left)."""
        self.seen.pop(nodeid, None)
        self.found.pop(nodeid, None)
        self.matched.pop(nodeid, None)

    def baselined(self, nodeid: str, key: Key) -> bool:
        """Whether the baseline accepts this finding (and note that it was seen)."""
        if self.writing_baseline:
            self.matched.setdefault(nodeid, []).append(list(key))
            return True
        if self.baseline is not None and key in self.baseline:
            self.matched.setdefault(nodeid, []).append(list(key))
            return True
        return False

    def report(self, nodeid: str, data: dict[str, Any]) -> None:
        self.found.setdefault(nodeid, []).append(data)

    # -- xdist

    def as_dict(self) -> dict[str, Any]:
        return {"seen": self.seen, "found": self.found, "matched": self.matched}

    def add(self, data: Mapping[str, Any]) -> None:
        self.seen.update(data.get("seen", {}))
        self.found.update(data.get("found", {}))
        self.matched.update(data.get("matched", {}))

    # -- the end of the run

    def accepted(self) -> int:
        """Findings the baseline accepted (or, writing one, that it will hold)."""
        return sum(len(keys) for keys in self.matched.values())

    def matched_keys(self) -> set[Key]:
        return {_key(entry) for rows in self.matched.values() for entry in rows}

    def stale(self) -> int:
        """Baseline entries no finding of this run matched."""
        if self.baseline is None:
            return 0
        return len(self.baseline - self.matched_keys())

    def coverage(self) -> list[dict[str, Any]]:
        """Per method and route: each status seen, how often, how often a helper asserted
        it and in which tests; with a document, the documented statuses never seen too."""
        table: dict[tuple[str, str], dict[str, Any]] = {}
        for nodeid, rows in self.seen.items():
            for method, route, source, status, asserted in rows:
                entry = table.setdefault((method, route), {"source": source, "statuses": {}})
                if source == "openapi" or entry["source"] == "fallback":
                    entry["source"] = source
                cell = entry["statuses"].setdefault(status, [0, 0, set()])
                cell[0] += 1
                if asserted:
                    cell[1] += 1
                    cell[2].add(nodeid)
        document = self.document
        if document is not None:
            for method, template in document.operations:
                if method in ("HEAD", "OPTIONS") and (method, template) not in table:
                    continue
                entry = table.setdefault((method, template), {"source": "openapi", "statuses": {}})
                for status in document.statuses(method, template):
                    entry["statuses"].setdefault(status, [0, 0, set()])
        from ._openapi import documents

        out = []
        for (method, route), entry in sorted(table.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            keys = document.documented(method, route) if document is not None else None
            statuses = []
            for status, (seen, asserted, tests) in sorted(entry["statuses"].items()):
                documented = None
                if document is not None:
                    documented = keys is not None and documents(keys, status)
                statuses.append(
                    {
                        "status": status,
                        "seen": seen,
                        "asserted": asserted,
                        "tests": sorted(tests),
                        "documented": documented,
                    }
                )
            out.append(
                {"method": method, "route": route, "source": entry["source"], "statuses": statuses}
            )
        return out

    def findings(self) -> list[dict[str, Any]]:
        return [f for nodeid in sorted(self.found) for f in self.found[nodeid]]

    def baseline_entries(self) -> list[dict[str, Any]]:
        """What ``--restcodes-baseline`` writes: every finding of the run, once, sorted."""
        keys = sorted(self.matched_keys(), key=lambda k: (k[1], k[3], k[2], k[4], k[0]))
        from ._rules import BY_CODE

        return [
            {
                "rule": code,
                "name": BY_CODE[code].name if code in BY_CODE else None,
                "test": test,
                "method": method,
                "route": route,
                "status": status,
            }
            for code, test, method, route, status in keys
        ]


def from_config(config: Any) -> Observer:
    """The observer a pytest configuration asks for; ``pytest.UsageError`` naming a
    document or a baseline that cannot be read."""
    import pytest

    from ._openapi import OpenAPIError, load

    openapi = str(config.getini("restcodes_openapi") or "").strip()
    baseline = str(config.getini("restcodes_baseline") or "").strip()
    try:
        document = load(openapi, config.rootpath) if openapi else None
        accepted = read_baseline(config.rootpath / baseline) if baseline else None
    except (OpenAPIError, BaselineError) as exc:
        raise pytest.UsageError(f"pytest-restcodes: {exc}") from None
    return Observer(
        document, accepted, writing_baseline=bool(config.getoption("restcodes_baseline_out"))
    )


class _Resolved:
    """A Django resolver match, still lazy: evaluated when the route is needed."""

    __slots__ = ("match",)

    def __init__(self, match: Any) -> None:
        self.match = match


def _key(entry: Any) -> Key:
    return (str(entry[0]), str(entry[1]), str(entry[2]), str(entry[3]), int(entry[4]))


def key_of(f: Finding, test: str, method: str | None, route: str) -> Key:
    return (f.rule.code, test, method or "?", route, f.status)


def route_of(
    method: str | None, url: str | None, via: Any, observer: Observer | None
) -> tuple[str, str]:
    """The route template of a request, and where it came from: the OpenAPI document
    (``"openapi"``), the app's own router (``"app"``) or the fallback (``"fallback"``)."""
    path = path_of(url)
    document = observer.document if observer is not None else None
    if document is not None:
        found = document.route(path)
        if found is not None:
            return found, "openapi"
    if via is not None:
        try:
            if isinstance(via, _Resolved):
                found = _routes.django_template(via.match)
            else:
                found = _app_route(via, method or "GET", path, url)
        except Exception:
            found = None
        if found is not None:
            return found, "app"
    return _routes.fallback(path), "fallback"


def _app_route(via: Any, method: str, path: str, url: str | None) -> str | None:
    """The template the app behind ``via`` routes the request to. A test client that
    prefixes every path with a root path (Starlette's ``TestClient(root_path=...)``)
    asks the app for the rest: the app's own template, as its OpenAPI document has it."""
    app = _routes.app_of(via)
    host = host_of(url)
    root = getattr(getattr(via, "_transport", None), "root_path", None)
    if isinstance(root, str) and root and path.startswith(root + "/"):
        found = _routes.template(app if app is not None else via, method, path[len(root) :], host)
        if found is not None:
            return found
    return _routes.template(app if app is not None else via, method, path, host)


# ---------------------------------------------------------------------- the baseline


class BaselineError(ValueError):
    """The baseline file could not be read."""


def read_baseline(path: str | os.PathLike[str]) -> list[Key]:
    """The findings a baseline file accepts. A missing file is an empty baseline."""
    if not os.path.exists(path):
        return []
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise ValueError("no 'findings' list")
        version = data.get("version")
        if version != BASELINE_VERSION:
            raise ValueError(f"version {version!r}, this pytest-restcodes reads {BASELINE_VERSION}")
        return [
            (str(e["rule"]), str(e["test"]), str(e["method"]), str(e["route"]), int(e["status"]))
            for e in data["findings"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(
            f"restcodes_baseline: {os.fspath(path)} is not a baseline file ({exc})"
        ) from None


def write_baseline(
    path: str | os.PathLike[str], entries: list[dict[str, Any]], generator: str
) -> None:
    data = {"version": BASELINE_VERSION, "generator": generator, "findings": entries}
    _write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _write(path: str | os.PathLike[str], text: str) -> None:
    """Write a whole file, never half of one (a temporary file renamed over it)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    temporary = f"{os.fspath(path)}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)
