"""The bookstore with the classic status-code mistakes planted, one per endpoint.

Do not copy this app: ``tour_mistakes.py`` shows what pytest-restcodes says about each
mistake, and ``../bookstore/app_fastapi.py`` shows the right way.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Header, Response
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel


class BookIn(BaseModel):
    title: str
    author: str
    price: float


def create_app() -> FastAPI:
    """A fresh bookstore (with mistakes) and its own, empty, in-memory store."""
    app = FastAPI(title="Bookstore with mistakes")
    books: dict[int, dict[str, Any]] = {}

    @app.get("/books")
    def list_books() -> list[dict[str, Any]]:
        return list(books.values())

    @app.post("/books")  # mistake: 200 where 201 Created and a Location belong
    def create_book(data: BookIn, authorization: Annotated[str | None, Header()] = None) -> Any:
        if authorization != "Bearer secret-token":
            # mistake: 401 without the WWW-Authenticate challenge
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
        book = {**data.model_dump(), "id": len(books) + 1, "version": 1}
        books[book["id"]] = book
        return book

    @app.patch("/books")  # mistake: a hand-made 405 that forgets the Allow header
    def patch_books() -> JSONResponse:
        return JSONResponse({"detail": "Method Not Allowed"}, status_code=405)

    @app.get("/books/search")  # mistake: an error reported with 200 OK
    def search(q: str = "") -> Any:
        if len(q) < 3:
            return {"error": "query too short"}
        return [book for book in books.values() if q.lower() in book["title"].lower()]

    @app.get("/books/boom")  # mistake: an unhandled exception, so a 500
    def boom() -> None:
        raise RuntimeError("the database connection was lost")

    @app.get("/books/{book_id}")
    def get_book(book_id: int) -> Any:
        return books.get(book_id) or JSONResponse({"detail": "Not Found"}, status_code=404)

    @app.post("/books/{book_id}/publish")  # mistake: 302 after a POST, where 303 belongs
    def publish(book_id: int) -> RedirectResponse:
        return RedirectResponse(f"/books/{book_id}", status_code=302)

    @app.delete("/books/{book_id}")  # mistake: 204 No Content with content
    def delete_book(book_id: int) -> Response:
        books.pop(book_id, None)
        return Response(b'{"deleted": true}', status_code=204, media_type="application/json")

    return app
