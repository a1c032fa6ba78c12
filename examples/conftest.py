"""Fixtures for the bookstore tests: every test runs against both twins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bookstore import app_fastapi, app_flask
from fastapi.testclient import TestClient


@pytest.fixture(params=["fastapi", "flask"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A client of a fresh, empty bookstore: FastAPI's TestClient or Flask's test client."""
    if request.param == "fastapi":
        with TestClient(app_fastapi.create_app()) as fastapi_client:
            yield fastapi_client
    else:
        yield app_flask.create_app().test_client()


@pytest.fixture
def book_url(client: Any) -> str:
    """The URL of a book already in the store: ``/books/1``, at version 1."""
    response = client.post(
        "/books",
        json={"title": "Dune", "author": "Frank Herbert", "price": 9.5},
        headers={"Authorization": "Bearer secret-token"},
    )
    assert response.status_code == 201, response
    return str(response.headers["Location"])
