"""The bookstore API, FastAPI flavour: every answer carries the status code it should.

Run it with ``uvicorn examples.bookstore.app_fastapi:create_app --factory``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

WRITER_TOKEN = "secret-token"  # may read and write
READER_TOKEN = "reader-token"  # may only read
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="bookstore"'}


class BookIn(BaseModel):
    title: str = Field(min_length=1)
    author: str = Field(min_length=1)
    price: float = Field(ge=0)


class BookUpdate(BookIn):
    version: int | None = None  # optimistic locking: the version the client last saw


class Book(BookIn):
    id: int
    version: int


@dataclass
class Store:
    books: dict[int, Book] = field(default_factory=dict)
    last_id: int = 0
    version: int = 1  # bumped by every write: the ETag of the collection


def etag(version: int) -> str:
    return f'"v{version}"'


def etag_listed(tag: str, header: str | None, *, weak: bool = False) -> bool:
    """Whether an If-Match / If-None-Match header names ``tag`` or is ``*``."""
    if header is None:
        return False
    tags = {item.strip() for item in header.split(",")}
    if weak:  # If-None-Match compares weakly: W/"v1" matches "v1"
        tags = {item.removeprefix("W/") for item in tags}
    return "*" in tags or tag in tags


def accepts_json(accept: Annotated[str | None, Header()] = None) -> None:
    """406 unless the Accept header admits application/json (no header admits all)."""
    if not accept:
        return
    for item in accept.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        refused = any(re.fullmatch(r"q=0(\.0*)?", param) for param in params)
        if media_type in {"*/*", "application/*", "application/json"} and not refused:
            return
    raise HTTPException(406, "This API answers in application/json only")


def writer(authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without valid credentials, 403 for a user who may only read."""
    if authorization == f"Bearer {READER_TOKEN}":
        raise HTTPException(403, "This token may read books, not change them")
    if authorization != f"Bearer {WRITER_TOKEN}":
        raise HTTPException(401, "Send Authorization: Bearer <token>", headers=CHALLENGE)


def json_body(content_type: Annotated[str | None, Header()] = None) -> None:
    """415 unless the request body is JSON."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise HTTPException(415, "Send the book as application/json")


WRITE = [Depends(writer)]
WRITE_JSON = [Depends(writer), Depends(json_body)]


def create_app() -> FastAPI:
    """A fresh bookstore with its own, empty, in-memory store."""
    app = FastAPI(title="Bookstore", dependencies=[Depends(accepts_json)])
    store = Store()

    def find(book_id: int) -> Book:
        if book_id not in store.books:
            raise HTTPException(404, f"There is no book {book_id}")
        return store.books[book_id]

    @app.exception_handler(StarletteHTTPException)
    async def allow_every_method(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's 405 lists only the methods of the first route matching the path;
        # RFC 9110 (15.5.6) wants all of them, so name the methods of every such route.
        if exc.status_code == 405:
            allowed = set[str]()
            for route in app.routes:
                if isinstance(route, APIRoute) and route.matches(request.scope)[0] is Match.PARTIAL:
                    allowed |= route.methods or set()
            exc = StarletteHTTPException(405, exc.detail, {"Allow": ", ".join(sorted(allowed))})
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def broken_json_is_400(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI answers 422 even to a body that is not JSON at all; the rulebook keeps
        # 422 for well-formed but invalid content and 400 for a malformed request.
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=400)
        return await request_validation_exception_handler(request, exc)

    @app.get("/books", response_model=list[Book])
    def list_books(
        response: Response, if_none_match: Annotated[str | None, Header()] = None
    ) -> Any:
        tag = etag(store.version)
        if etag_listed(tag, if_none_match, weak=True):
            return Response(status_code=304, headers={"ETag": tag})
        response.headers["ETag"] = tag
        return list(store.books.values())

    @app.post("/books", status_code=201, response_model=Book, dependencies=WRITE_JSON)
    def create_book(data: BookIn, response: Response) -> Any:
        store.last_id += 1
        book = Book(id=store.last_id, version=1, **data.model_dump())
        store.books[book.id] = book
        store.version += 1
        response.headers["Location"] = f"/books/{book.id}"
        response.headers["ETag"] = etag(book.version)
        return book

    @app.get("/books/{book_id:int}", response_model=Book)
    def get_book(
        book_id: int, response: Response, if_none_match: Annotated[str | None, Header()] = None
    ) -> Any:
        book = find(book_id)
        tag = etag(book.version)
        if etag_listed(tag, if_none_match, weak=True):
            return Response(status_code=304, headers={"ETag": tag})
        response.headers["ETag"] = tag
        return book

    @app.put("/books/{book_id:int}", response_model=Book, dependencies=WRITE_JSON)
    def replace_book(
        book_id: int,
        data: BookUpdate,
        response: Response,
        if_match: Annotated[str | None, Header()] = None,
    ) -> Any:
        book = find(book_id)
        current = etag(book.version)
        if if_match is not None and not etag_listed(current, if_match):
            raise HTTPException(412, f"If-Match does not name the current ETag {current}")
        if data.version is not None and data.version != book.version:
            detail = f"Book {book_id} is at version {book.version}, not {data.version}"
            raise HTTPException(409, detail)
        book = Book(id=book_id, version=book.version + 1, **data.model_dump(exclude={"version"}))
        store.books[book_id] = book
        store.version += 1
        response.headers["ETag"] = etag(book.version)
        return book

    @app.delete(
        "/books/{book_id:int}", status_code=204, response_class=Response, dependencies=WRITE
    )
    def delete_book(book_id: int) -> None:
        find(book_id)
        del store.books[book_id]
        store.version += 1

    return app
