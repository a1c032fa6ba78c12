"""The plugin's exception and warning types."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class StatusAssertionError(AssertionError):
    """A status helper failed. ``str(err)`` is the whole explanation.

    Attributes: ``expected`` (a text such as ``"201 Created"``), ``actual`` (the status
    code received, None for a combined error), ``response`` (the response object), and
    ``failures`` (for an error raised by :func:`soft`, each collected failure).
    """

    def __init__(
        self,
        message: str,
        *,
        expected: str = "",
        actual: int | None = None,
        response: Any = None,
        failures: Sequence[StatusAssertionError] = (),
    ) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual
        self.response = response
        self.failures: tuple[StatusAssertionError, ...] = tuple(failures)
        self.where: tuple[str, int] | None = None
        """The file and line of the helper call, for a failure collected by ``soft()``."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


StatusAssertionError.__module__ = "pytest_restcodes"


class RestcodesWarning(UserWarning):
    """A checker finding reported as a warning (``-W error::pytest_restcodes.RestcodesWarning``
    makes it fatal)."""


RestcodesWarning.__module__ = "pytest_restcodes"


class RuleViolationError(AssertionError):
    """The checker found responses that break error rules (strict mode, or
    ``restcodes.check(resp)``). ``findings`` lists them."""

    def __init__(self, message: str, findings: Sequence[Any]) -> None:
        super().__init__(message)
        self.findings = list(findings)


RuleViolationError.__module__ = "pytest_restcodes"
