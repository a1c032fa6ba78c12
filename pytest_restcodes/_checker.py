"""The autouse checker: one record per test, fed by the client wrappers."""

from __future__ import annotations

import warnings
from typing import Any

from ._adapters import adapter_for
from ._errors import RestcodesWarning
from ._findings import Finding, TestRecord
from ._reqinfo import forget_all
from ._settings import settings
from ._view import ResponseView

_current: TestRecord | None = None


class RuleViolationError(AssertionError):
    """The checker found responses that break error rules (strict mode, or
    ``restcodes.check(resp)``). ``findings`` lists them."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


RuleViolationError.__module__ = "pytest_restcodes"


def _on_response(raw: Any) -> None:
    record = _current
    if record is None:
        return
    adapter = adapter_for(raw)
    if adapter is None:
        return
    record.record(raw, ResponseView(raw, adapter))


def start(record: TestRecord) -> None:
    global _current
    _current = record
    settings.acknowledge = None  # set by the record once a helper can acknowledge something
    from . import _capture

    _capture.install(_on_response)


def stop() -> None:
    global _current
    from . import _capture

    _capture.uninstall()
    _current = None
    settings.acknowledge = None
    forget_all()


def render(findings: list[Finding], checked: int, what: str) -> str:
    count = len(findings)
    head = (
        f"pytest-restcodes: {count} {what} in {checked} response"
        f"{'s' if checked != 1 else ''} this test received:"
    )
    names = sorted({f.rule.name for f in findings})
    tail = (
        "To silence a rule for one test: @pytest.mark.restcodes(ignore=["
        + ", ".join(repr(n) for n in names)
        + "]); for the suite: restcodes_ignore in pytest.ini."
    )
    return "\n\n".join([head, *(f.render() for f in findings), tail])


def warn(findings: list[Finding], checked: int, filename: str, lineno: int) -> None:
    for finding in findings:
        warnings.warn_explicit(
            RestcodesWarning(render([finding], checked, "finding")),
            RestcodesWarning,
            filename,
            lineno,
        )
