"""pytest-restcodes: status-code helpers whose failures explain, and a checker for every response.

The helpers take the response first and return it unchanged on success::

    from pytest_restcodes import assert_created

    book = assert_created(client.post("/books", json={...}), location="/books/1").json()
"""

from ._adapters import register_adapter
from ._errors import RestcodesWarning, StatusAssertionError
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

__version__ = "0.1.0"

__all__ = [
    "RestcodesWarning",
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
