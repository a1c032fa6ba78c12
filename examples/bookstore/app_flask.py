"""The bookstore API, Flask flavour: the twin of ``app_fastapi.py``, answer for answer.

Errors are problem details (RFC 9457, ``application/problem+json``).
Run it with ``flask --app examples.bookstore.app_flask:create_app run``.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Flask, Response, abort, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

WRITER_TOKEN = "secret-token"  # may read and write
READER_TOKEN = "reader-token"  # may only read
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="bookstore"'}


def problem(status: int, detail: str, headers: Any = None, **extra: Any) -> Response:
    """An RFC 9457 problem details response."""
    # RFC 9110 renamed 422 "Unprocessable Content"; Werkzeug still says "Entity"
    title = "Unprocessable Content" if status == 422 else HTTP_STATUS_CODES[status]
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(json.dumps(body), status, headers, mimetype="application/problem+json")


def fail(status: int, detail: str, headers: Any = None, **extra: Any) -> NoReturn:
    """Stop handling the request: answer with a problem details response."""
    abort(problem(status, detail, headers, **extra))


def require_writer() -> None:
    """401 without valid credentials, 403 for a user who may only read."""
    authorization = request.headers.get("Authorization")
    if authorization == f"Bearer {READER_TOKEN}":
        fail(403, "This token may read books, not change them")
    if authorization != f"Bearer {WRITER_TOKEN}":
        fail(401, "Send Authorization: Bearer <token>", CHALLENGE)


def read_book(*, update: bool = False) -> dict[str, Any]:
    """The book in the request body: 415 unless it is JSON, 422 unless it is valid.

    For an update, the result also holds the ``version`` the client last saw (or None).
    """
    if not request.is_json:
        fail(415, "Send the book as application/json")
    data = request.get_json()  # malformed JSON: Flask answers 400
    if not isinstance(data, dict):
        fail(422, "The book is not valid", errors=[{"pointer": "#", "detail": "must be an object"}])
    errors = [
        {"pointer": f"#/{name}", "detail": "must be a non-empty string"}
        for name in ("title", "author")
        if not isinstance(data.get(name), str) or not data[name]
    ]
    if type(data.get("price")) not in (int, float) or data["price"] < 0:
        errors.append({"pointer": "#/price", "detail": "must be a number >= 0"})
    if update and data.get("version") is not None and type(data["version"]) is not int:
        errors.append({"pointer": "#/version", "detail": "must be an integer"})
    if errors:
        fail(422, "The book is not valid", errors=errors)
    book = {"title": data["title"], "author": data["author"], "price": float(data["price"])}
    return {**book, "version": data.get("version")} if update else book


def create_app() -> Flask:
    """A fresh bookstore with its own, empty, in-memory store."""
    app = Flask(__name__, static_folder=None)  # an API: no /static route
    books: dict[int, dict[str, Any]] = {}
    store = {"last_id": 0, "version": 1}  # version: bumped by every write, the list's ETag

    def find(book_id: int) -> dict[str, Any]:
        if book_id not in books:
            fail(404, f"There is no book {book_id}")
        return books[book_id]

    def represent(body: Any, version: int, status: int = 200) -> Response:
        """``body`` as JSON with its ETag, or 304 if the client's copy is current."""
        tag = f"v{version}"
        if request.method == "GET" and request.if_none_match.contains_weak(tag):
            response = Response(status=304)
        else:
            response = jsonify(body)
            response.status_code = status
        response.set_etag(tag)
        return response

    @app.errorhandler(HTTPException)
    def as_problem(error: HTTPException) -> Response:
        # Flask's own errors (404 no route, 405, 400 broken JSON) become problem details;
        # get_headers() keeps the headers they must carry, such as Allow on a 405.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return problem(error.code or 500, error.description or "", headers)

    @app.before_request
    def accepts_json() -> None:
        """406 unless the Accept header admits application/json (no header admits all)."""
        accept = request.accept_mimetypes
        if request.url_rule and accept.provided and not accept.best_match(["application/json"]):
            fail(406, "This API answers in application/json only")

    @app.get("/books")
    def list_books() -> Response:
        return represent(list(books.values()), store["version"])

    @app.post("/books")
    def create_book() -> Response:
        require_writer()
        data = read_book()
        store["last_id"] += 1
        book = books[store["last_id"]] = {**data, "id": store["last_id"], "version": 1}
        store["version"] += 1
        response = represent(book, book["version"], status=201)
        response.headers["Location"] = f"/books/{book['id']}"
        return response

    @app.get("/books/<int:book_id>")
    def get_book(book_id: int) -> Response:
        book = find(book_id)
        return represent(book, book["version"])

    @app.put("/books/<int:book_id>")
    def replace_book(book_id: int) -> Response:
        require_writer()
        data = read_book(update=True)
        version = data.pop("version")
        book = find(book_id)
        if request.if_match and not request.if_match.contains(f"v{book['version']}"):
            fail(412, f'If-Match does not name the current ETag "v{book["version"]}"')
        if version is not None and version != book["version"]:
            fail(409, f"Book {book_id} is at version {book['version']}, not {version}")
        book = books[book_id] = {**data, "id": book_id, "version": book["version"] + 1}
        store["version"] += 1
        return represent(book, book["version"])

    @app.delete("/books/<int:book_id>")
    def delete_book(book_id: int) -> Response:
        require_writer()
        find(book_id)
        del books[book_id]
        store["version"] += 1
        return Response(status=204)

    return app
