"""A tour of the classic status-code mistakes: every test here FAILS on purpose.

Each test sends a request to ``app.py``, where one mistake is planted, and asserts
what a correct API would answer; read the failure messages pytest-restcodes prints.
Run it with ``pytest examples/mistakes``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from mistakes.app import create_app
from pytest_restcodes import (
    assert_client_error,
    assert_created,
    assert_method_not_allowed,
    assert_no_content,
    assert_ok,
    assert_see_other,
    assert_unauthorized,
)

WRITER = {"Authorization": "Bearer secret-token"}
DUNE = {"title": "Dune", "author": "Frank Herbert", "price": 9.5}


@pytest.fixture
def client() -> Iterator[TestClient]:
    # raise_server_exceptions=False: the test receives the 500, not the exception;
    # follow_redirects=False: the test sees the redirect itself.
    with TestClient(create_app(), raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


def test_create_answers_200_instead_of_201(client: TestClient) -> None:
    assert_created(client.post("/books", json=DUNE, headers=WRITER), location="/books/1")


def test_405_without_allow(client: TestClient) -> None:
    assert_method_not_allowed(client.patch("/books", json=DUNE), allow=["GET", "POST"])


def test_302_after_post(client: TestClient) -> None:
    client.post("/books", json=DUNE, headers=WRITER)

    assert_see_other(client.post("/books/1/publish", headers=WRITER))


def test_error_reported_with_200(client: TestClient) -> None:
    assert_client_error(client.get("/books/search", params={"q": "a"}))


def test_401_without_www_authenticate(client: TestClient) -> None:
    assert_unauthorized(client.post("/books", json=DUNE))


def test_unhandled_exception_answers_500(client: TestClient) -> None:
    assert_ok(client.get("/books/boom"))


def test_204_with_a_body(client: TestClient) -> None:
    client.post("/books", json=DUNE, headers=WRITER)

    assert_no_content(client.delete("/books/1", headers=WRITER))


def test_the_test_sends_an_invalid_book() -> None:
    # Not an API mistake: the API is the correct bookstore, and the test forgot the
    # title. Without pytest-restcodes this failure reads `assert 422 == 201`.
    from bookstore.app_fastapi import create_app as create_correct_app

    with TestClient(create_correct_app()) as correct:
        resp = correct.post("/books", json={"author": "Frank Herbert", "price": -1}, headers=WRITER)
        assert_created(resp)
