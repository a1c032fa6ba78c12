"""The bookstore answers every request with the right status code.

Each test runs twice, against the FastAPI app and its Flask twin (see ``conftest.py``).
The ``assert_*`` helpers return the response, so a test can go on reading it.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from pytest_restcodes import (
    assert_bad_request,
    assert_client_error,
    assert_conflict,
    assert_created,
    assert_forbidden,
    assert_method_not_allowed,
    assert_no_content,
    assert_not_acceptable,
    assert_not_found,
    assert_not_modified,
    assert_ok,
    assert_precondition_failed,
    assert_status,
    assert_success,
    assert_unauthorized,
    assert_unprocessable_content,
    assert_unsupported_media_type,
)

WRITER = {"Authorization": "Bearer secret-token"}
READER = {"Authorization": "Bearer reader-token"}
NEUROMANCER = {"title": "Neuromancer", "author": "William Gibson", "price": 8.0}


def json_of(response: Any) -> Any:
    """The JSON body: ``httpx.Response.json()`` or Werkzeug's ``get_json()``."""
    return response.get_json() if hasattr(response, "get_json") else response.json()


def send(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    """Any method: httpx calls it ``client.request()``, Werkzeug ``client.open()``."""
    if isinstance(client, TestClient):
        return client.request(method, url, **kwargs)
    return client.open(url, method=method, **kwargs)


def raw_body(client: Any, text: str, content_type: str) -> dict[str, Any]:
    """Arguments sending ``text`` as the body, as is (httpx: content=, Werkzeug: data=)."""
    body = {"content": text} if isinstance(client, TestClient) else {"data": text}
    return {**body, "headers": {**WRITER, "Content-Type": content_type}}


# 2xx and 3xx


def test_create_answers_201_with_location(client: Any) -> None:
    response = client.post("/books", json=NEUROMANCER, headers=WRITER)

    book = json_of(assert_created(response, location="/books/1"))
    assert book == {**NEUROMANCER, "id": 1, "version": 1}
    assert response.headers["ETag"] == '"v1"'


def test_list_answers_200_with_etag(client: Any, book_url: str) -> None:
    response = assert_ok(client.get("/books"))

    assert [book["title"] for book in json_of(response)] == ["Dune"]
    assert response.headers["ETag"]


def test_get_answers_200_with_etag(client: Any, book_url: str) -> None:
    response = assert_ok(client.get(book_url))

    assert json_of(response)["title"] == "Dune"
    assert response.headers["ETag"] == '"v1"'


def test_get_with_current_etag_answers_304(client: Any, book_url: str) -> None:
    response = client.get(book_url, headers={"If-None-Match": '"v1"'})

    assert_not_modified(response)
    assert response.headers["ETag"] == '"v1"'


def test_replace_answers_200_with_new_version(client: Any, book_url: str) -> None:
    changed = {**NEUROMANCER, "version": 1}
    response = client.put(book_url, json=changed, headers={**WRITER, "If-Match": '"v1"'})

    assert json_of(assert_ok(response))["version"] == 2
    assert response.headers["ETag"] == '"v2"'


def test_delete_answers_204_and_the_book_is_gone(client: Any, book_url: str) -> None:
    assert_no_content(client.delete(book_url, headers=WRITER))
    assert_not_found(client.get(book_url))


# 4xx


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PUT", NEUROMANCER), ("DELETE", None)]
)
def test_unknown_book_answers_404(client: Any, method: str, body: Any) -> None:
    response = send(client, method, "/books/99", json=body, headers=WRITER)

    assert_not_found(response)


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("PATCH", "/books", ["GET", "POST"]),
        ("DELETE", "/books", ["GET", "POST"]),
        ("PATCH", "/books/1", ["GET", "PUT", "DELETE"]),
    ],
)
def test_unsupported_method_answers_405_with_allow(
    client: Any, method: str, url: str, allow: list[str]
) -> None:
    response = send(client, method, url)

    if not isinstance(client, TestClient):  # Flask also answers (and lists) HEAD and OPTIONS
        allow = [*allow, "HEAD", "OPTIONS"]
    assert_method_not_allowed(response, allow=allow)


@pytest.mark.parametrize("credentials", [{}, {"Authorization": "Bearer wrong-token"}])
def test_write_without_valid_token_answers_401(client: Any, credentials: dict[str, str]) -> None:
    response = client.post("/books", json=NEUROMANCER, headers=credentials)

    assert_unauthorized(response)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="bookstore"'


def test_write_with_read_only_token_answers_403(client: Any, book_url: str) -> None:
    assert_forbidden(client.post("/books", json=NEUROMANCER, headers=READER))
    assert_forbidden(client.delete(book_url, headers=READER))


def test_replace_with_stale_version_answers_409(client: Any, book_url: str) -> None:
    client.put(book_url, json=NEUROMANCER, headers=WRITER)  # the book is now at version 2

    stale = {**NEUROMANCER, "version": 1}
    assert_conflict(client.put(book_url, json=stale, headers=WRITER))


def test_replace_with_stale_if_match_answers_412(client: Any, book_url: str) -> None:
    client.put(book_url, json=NEUROMANCER, headers=WRITER)  # the ETag is now "v2"

    response = client.put(book_url, json=NEUROMANCER, headers={**WRITER, "If-Match": '"v1"'})
    assert_precondition_failed(response)


@pytest.mark.parametrize(("method", "url"), [("POST", "/books"), ("PUT", "/books/1")])
def test_text_body_answers_415(client: Any, book_url: str, method: str, url: str) -> None:
    response = send(client, method, url, **raw_body(client, "Neuromancer", "text/plain"))

    assert_unsupported_media_type(response)


@pytest.mark.parametrize("accept", ["application/xml", "text/html, application/json;q=0"])
def test_accept_without_json_answers_406(client: Any, book_url: str, accept: str) -> None:
    assert_not_acceptable(client.get(book_url, headers={"Accept": accept}))


@pytest.mark.parametrize(
    ("invalid", "field"),
    [
        ({"author": "William Gibson", "price": 8.0}, "title"),
        ({**NEUROMANCER, "price": -1}, "price"),
    ],
)
def test_invalid_book_answers_422(client: Any, invalid: dict[str, Any], field: str) -> None:
    response = client.post("/books", json=invalid, headers=WRITER)

    problem = json_of(assert_unprocessable_content(response))
    if isinstance(client, TestClient):  # FastAPI: its validation errors, as they are
        assert [error["loc"] for error in problem["detail"]] == [["body", field]]
    else:  # Flask: problem details (RFC 9457) listing the invalid fields
        assert response.headers["Content-Type"] == "application/problem+json"
        assert [error["pointer"] for error in problem["errors"]] == [f"#/{field}"]


def test_malformed_json_answers_400(client: Any) -> None:
    response = client.post("/books", **raw_body(client, '{"title": ', "application/json"))

    assert_bad_request(response)


# status classes and the recorded responses


def test_status_classes(client: Any, book_url: str) -> None:
    assert_status(client.get(book_url), "2xx")
    assert_success(client.get("/books"))
    assert_client_error(client.get("/books/99"))


def test_restcodes_records_the_responses_of_the_test(client: Any, restcodes: Any) -> None:
    client.post("/books", json=NEUROMANCER, headers=WRITER)
    client.get("/books/1")
    client.delete("/books/1", headers=WRITER)

    assert len(restcodes.responses) == 3
    assert [(seen.method, seen.status) for seen in restcodes.responses] == [
        ("POST", 201),
        ("GET", 200),
        ("DELETE", 204),
    ]
    assert restcodes.responses[1].url.endswith("/books/1")
