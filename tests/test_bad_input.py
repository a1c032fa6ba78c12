"""What the helpers do with things that are not responses, bad expected statuses, and
responses of types the plugin does not know until ``register_adapter`` teaches it."""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any
from unittest import mock

import pytest

import pytest_restcodes as rc
from pytest_restcodes import StatusAssertionError, _adapters

HELPERS = sorted(name for name in rc.__all__ if name.startswith("assert_"))


def failure(call: Callable[[], Any]) -> StatusAssertionError:
    with pytest.raises(StatusAssertionError) as info:
        call()
    return info.value


def _call(name: str, obj: Any) -> Any:
    fn = getattr(rc, name)
    return fn(obj, 200) if name == "assert_status" else fn(obj)


NOT_RESPONSES = [
    pytest.param(None, "None", id="None"),
    pytest.param({"status_code": 200, "headers": {}}, "dict", id="dict"),
    pytest.param(200, "int", id="int"),
    pytest.param(mock.Mock(status_code=200), "unittest.mock.Mock", id="Mock"),
    pytest.param("200 OK", "str", id="str"),
    pytest.param(http.HTTPStatus.OK, "http.HTTPStatus", id="HTTPStatus"),
]


@pytest.mark.parametrize("name", HELPERS)
@pytest.mark.parametrize(("obj", "kind"), NOT_RESPONSES)
def test_not_a_response_is_a_type_error(name: str, obj: Any, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        _call(name, obj)
    assert type(info.value) is TypeError  # never an AttributeError, nor our assertion
    text = str(info.value)
    assert text.startswith(f"{name}() expects an HTTP response, got {kind}. Supported: ")
    for client in ("requests", "httpx", "Django", "aiohttp", "WebTest", "Falcon", "urllib3"):
        assert client in text
    assert "pytest_restcodes.register_adapter()" in text


def test_a_response_class_instead_of_a_response() -> None:
    import requests

    with pytest.raises(TypeError, match=r"assert_ok\(\) expects an HTTP response, got type\."):
        rc.assert_ok(requests.Response)


def test_a_type_error_is_not_collected_by_soft() -> None:
    with pytest.raises(TypeError, match="expects an HTTP response, got None"), rc.soft():
        rc.assert_created(None)


def test_the_extra_arguments_do_not_change_it() -> None:
    with pytest.raises(TypeError, match=r"^assert_created\(\) expects an HTTP response"):
        rc.assert_created({}, location="/items/1")
    with pytest.raises(TypeError, match=r"^assert_method_not_allowed\(\) expects an HTTP"):
        rc.assert_method_not_allowed(mock.MagicMock(), allow=["GET"])


# --- the expected status -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ok() -> Any:
    """A real 200 (werkzeug's test client)."""
    from werkzeug.test import Client

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"fine"]

    return Client(app).get("/")


@pytest.mark.parametrize(
    ("expected", "kind"),
    [
        (object(), "object"),
        (1.5, "float"),
        (b"200", "bytes"),
        ({200: "ok"}, "dict"),
        (None, "NoneType"),
    ],
    ids=["object", "float", "bytes", "dict", "None"],
)
def test_an_unusable_expected_status_is_a_type_error(ok: Any, expected: Any, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        rc.assert_status(ok, expected)
    text = str(info.value)
    assert "an int, an http.HTTPStatus, a name such as 'created'" in text
    assert text.endswith(f"got {kind}")


@pytest.mark.parametrize("expected", [True, [200, False]], ids=["True", "in-a-list"])
def test_a_bool_is_not_a_status(ok: Any, expected: Any) -> None:
    with pytest.raises(TypeError, match="expected status must be an int, HTTPStatus or str"):
        rc.assert_status(ok, expected)


@pytest.mark.parametrize("name", ["creatd", "6xx", "xx", "OKAY", ""])
def test_an_unknown_name_is_a_value_error(ok: Any, name: str) -> None:
    with pytest.raises(ValueError) as info:
        rc.assert_status(ok, name)
    assert str(info.value).startswith(f"unknown status {name!r}: use a code (201), a name")


def test_an_empty_collection_is_a_value_error(ok: Any) -> None:
    with pytest.raises(ValueError, match="needs at least one expected status"):
        rc.assert_status(ok, [])


ACCEPTED_FORMS = {
    "int": 200,
    "digits": "200",
    "HTTPStatus": HTTPStatus.OK,
    "name": "ok",
    "NAME": "OK",
    "padded": " Ok ",
    "class": "2xx",
    "CLASS": "2XX",
    "tuple": (404, 200),
    "set": {200},
    "names": ["not-found", "ok"],
    "iterator": iter([200]),
}


@pytest.mark.parametrize("expected", ACCEPTED_FORMS.values(), ids=ACCEPTED_FORMS.keys())
def test_every_accepted_form_of_expected(ok: Any, expected: Any) -> None:
    assert rc.assert_status(ok, expected) is ok


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("created", 201),
        ("Not Found", 404),
        ("NOT_FOUND", 404),
        ("not-found", 404),
        ("unprocessable_entity", 422),
        ("unprocessable_content", 422),
        ("request_entity_too_large", 413),
        ("content_too_large", 413),
        ("too_many_requests", 429),
    ],
)
def test_names_name_the_right_code(ok: Any, name: str, code: int) -> None:
    text = str(failure(lambda: rc.assert_status(ok, name)))
    assert text.startswith(f"assert_status: expected {code} ")


# --- register_adapter ----------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Registrations made by the test are forgotten after it."""
    registry = _adapters._REGISTRY
    monkeypatch.setattr(registry, "custom", dict(registry.custom))
    monkeypatch.setattr(registry, "custom_targets", dict(registry.custom_targets))
    yield
    _adapters._BY_TYPE.clear()
    _adapters._FAST.clear()


class ApiResult:
    """A response type of a user's own client."""

    def __init__(self, code: int, headers: dict[str, str], data: bytes, verb: str, url: str):
        self.code = code
        self.header_map = headers
        self.data = data
        self.verb = verb
        self.address = url


class PagedApiResult(ApiResult):
    pass


def _register_api_result(cls: type | str = ApiResult) -> None:
    rc.register_adapter(
        cls,
        status=lambda r: r.code,
        headers=lambda r: r.header_map,
        body=lambda r: r.data,
        reason=lambda r: "Made Up",
        method=lambda r: r.verb,
        url=lambda r: r.address,
        request_headers=lambda r: [("Authorization", "Bearer xyz-secret")],
    )


def test_an_unknown_type_fails_until_registered(registry: None) -> None:
    result = ApiResult(201, {"Location": "/items/1"}, b'{"id": 1}', "post", "http://api.test/items")
    with pytest.raises(TypeError, match=r"got [\w.]*ApiResult\."):
        rc.assert_created(result)
    _register_api_result()
    assert rc.assert_created(result, location="/items/1") is result
    assert rc.assert_created(result, location="http://api.test/items/1") is result
    text = str(failure(lambda: rc.assert_ok(result)))
    assert text.splitlines()[:2] == [
        'assert_ok: expected 200 OK, got 201 Created (server said "Made Up")',
        "Request: POST http://api.test/items",
    ]
    assert '\nBody (no Content-Type, 9 bytes):\n  {"id": 1}\n' in text


def test_a_registration_covers_subclasses_and_shows_headers(registry: None, verbose: None) -> None:
    _register_api_result()
    page = PagedApiResult(404, {"X-Page": "2"}, b"", "get", "http://api.test/items?page=2")
    text = str(failure(lambda: rc.assert_ok(page)))
    assert "\nRequest: GET http://api.test/items?page=2\n" in text
    assert "\nResponse headers:\n  X-Page: 2\n" in text
    assert "\nRequest headers:\n  Authorization: Bearer ***\n" in text
    assert "xyz-secret" not in text


def test_a_registration_by_name_for_a_real_stdlib_response(
    registry: None, status_server: str
) -> None:
    """``http.client.HTTPResponse``, registered by its "module.QualName"."""
    rc.register_adapter(
        "http.client.HTTPResponse",
        status=lambda r: r.status,
        headers=lambda r: r.getheaders(),
        reason=lambda r: r.reason,
    )
    host, port = status_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/status/405")
        resp = connection.getresponse()
        assert rc.assert_method_not_allowed(resp, allow=["GET", "POST"]) is resp
        text = str(failure(lambda: rc.assert_not_found(resp)))
        assert text.splitlines()[0] == (
            "assert_not_found: expected 404 Not Found, got 405 Method Not Allowed"
        )
        assert "\nBody: the adapter registered for this type gives no body\n" in text
        assert resp.read() == b'{"error": "method not allowed"}'  # left for the test
    finally:
        connection.close()


def test_a_later_registration_replaces_an_earlier_one(registry: None) -> None:
    result = ApiResult(200, {}, b"", "get", "http://api.test/")
    _register_api_result()
    assert rc.assert_ok(result) is result
    rc.register_adapter(ApiResult, status=lambda r: 500, headers=lambda r: {})
    text = str(failure(lambda: rc.assert_ok(result)))
    assert text.splitlines()[0] == "assert_ok: expected 200 OK, got 500 Internal Server Error"
    assert "\nBody: the adapter registered for this type gives no body\n" in text


def test_a_body_given_as_text(registry: None) -> None:
    rc.register_adapter(
        ApiResult,
        status=lambda r: r.code,
        headers=lambda r: r.header_map,
        body=lambda r: "plain text, é",
    )
    result = ApiResult(400, {"Content-Type": "text/plain"}, b"", "get", "")
    text = str(failure(lambda: rc.assert_ok(result)))
    assert "\nBody (text/plain, 14 bytes):\n  plain text, é\n" in text


@pytest.mark.parametrize(
    "cls", [None, 42, "", ApiResult(200, {}, b"", "get", "")], ids=["None", "int", "empty", "obj"]
)
def test_register_adapter_needs_a_class_or_a_name(registry: None, cls: Any) -> None:
    with pytest.raises(TypeError, match=r"register_adapter\(\) takes a class or a 'module"):
        rc.register_adapter(cls, status=lambda r: 200, headers=lambda r: {})


@pytest.mark.parametrize("which", ["status", "headers"])
def test_register_adapter_needs_callables(registry: None, which: str) -> None:
    kwargs: dict[str, Any] = {"status": lambda r: 200, "headers": lambda r: {}}
    kwargs[which] = 200
    with pytest.raises(TypeError, match=f"register_adapter\\(\\): {which}= must be callable"):
        rc.register_adapter(ApiResult, **kwargs)


def test_register_adapter_arguments_are_keywords(registry: None) -> None:
    with pytest.raises(TypeError):
        rc.register_adapter(ApiResult, lambda r: 200, lambda r: {})  # type: ignore[misc]
    with pytest.raises(TypeError):
        rc.register_adapter(ApiResult, status=lambda r: 200)  # type: ignore[call-arg]


def test_a_registration_overrides_what_the_passing_path_learnt(
    registry: None, status_server: str
) -> None:
    import requests

    class Wrapped(requests.Response):
        """A user's response type whose real status lives elsewhere."""

        real_status = 418

    resp = requests.get(f"{status_server}/status/201")
    wrapped = Wrapped()
    wrapped.__dict__.update(resp.__dict__)
    assert rc.assert_created(wrapped) is wrapped  # learnt: Wrapped reads status_code
    rc.register_adapter(Wrapped, status=lambda r: r.real_status, headers=lambda r: r.headers)
    with pytest.raises(StatusAssertionError, match="expected 201 Created, got 418"):
        rc.assert_created(wrapped)
