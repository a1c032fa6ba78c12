"""pytest-restcodes: status-code helpers whose failures explain, and a checker for every response.

The helpers take the response first and return it unchanged on success::

    from pytest_restcodes import assert_created

    book = assert_created(client.post("/books", json={...}), location="/books/1").json()
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from ._adapters import register_adapter
    from ._errors import RestcodesWarning, RuleViolationError, StatusAssertionError
    from ._helpers import (
        SoftAssertions,
        assert_accepted,
        assert_bad_request,
        assert_client_error,
        assert_conflict,
        assert_created,
        assert_forbidden,
        assert_found,
        assert_gone,
        assert_internal_server_error,
        assert_method_not_allowed,
        assert_moved_permanently,
        assert_no_content,
        assert_not_acceptable,
        assert_not_found,
        assert_not_modified,
        assert_ok,
        assert_permanent_redirect,
        assert_precondition_failed,
        assert_redirect,
        assert_see_other,
        assert_server_error,
        assert_service_unavailable,
        assert_status,
        assert_success,
        assert_temporary_redirect,
        assert_too_many_requests,
        assert_unauthorized,
        assert_unprocessable_content,
        assert_unsupported_media_type,
        soft,
    )

# Where each public name lives. Names are imported on first use, so that starting pytest
# with the plugin installed costs almost nothing (the plugin module imports this package).
_HOMES = {
    "register_adapter": "._adapters",
    "RestcodesWarning": "._errors",
    "RuleViolationError": "._errors",
    "StatusAssertionError": "._errors",
}

__version__ = "0.1.0"

__all__ = [
    "RestcodesWarning",
    "RuleViolationError",
    "SoftAssertions",
    "StatusAssertionError",
    "assert_accepted",
    "assert_bad_request",
    "assert_client_error",
    "assert_conflict",
    "assert_created",
    "assert_forbidden",
    "assert_found",
    "assert_gone",
    "assert_internal_server_error",
    "assert_method_not_allowed",
    "assert_moved_permanently",
    "assert_no_content",
    "assert_not_acceptable",
    "assert_not_found",
    "assert_not_modified",
    "assert_ok",
    "assert_permanent_redirect",
    "assert_precondition_failed",
    "assert_redirect",
    "assert_see_other",
    "assert_server_error",
    "assert_service_unavailable",
    "assert_status",
    "assert_success",
    "assert_temporary_redirect",
    "assert_too_many_requests",
    "assert_unauthorized",
    "assert_unprocessable_content",
    "assert_unsupported_media_type",
    "register_adapter",
    "soft",
]


def __getattr__(name: str) -> _Any:
    if name in __all__:
        import importlib

        value = getattr(importlib.import_module(_HOMES.get(name, "._helpers"), __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
