"""An OpenAPI document, as far as the checker needs it: its operations' path templates
and the responses each documents.

``restcodes_openapi`` names the document: a JSON or YAML file (YAML needs PyYAML), an
``http(s)://`` URL, or ``module:attribute`` for an app in process (FastAPI's
``app.openapi()``, or anything that is the document or returns it). Only the keys of
``paths`` and of each operation's ``responses`` are read, so no resolver is needed: a
response given as a ``$ref`` still documents its status; a path item given as a local
``$ref`` is followed. OpenAPI 3.x and Swagger 2.0 have the same shape there.
"""

from __future__ import annotations

import importlib
import json
import os
import urllib.parse
from collections.abc import Mapping
from typing import Any

METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


class OpenAPIError(ValueError):
    """The document could not be read, or is not an OpenAPI document."""


class Document:
    """The operations of one OpenAPI document: method, path template -> documented keys."""

    def __init__(self, data: Mapping[str, Any], source: str) -> None:
        if not isinstance(data, Mapping) or not isinstance(data.get("paths"), Mapping):
            raise OpenAPIError(f"{source} is not an OpenAPI document (no 'paths' object)")
        self.source = source
        self.prefix = _server_prefix(data)
        self.operations: dict[tuple[str, str], frozenset[str]] = {}
        for template, item in data["paths"].items():
            item = _local(data, item)
            if not isinstance(item, Mapping):
                continue
            for method, operation in item.items():
                if str(method).lower() not in METHODS or not isinstance(operation, Mapping):
                    continue
                responses = operation.get("responses")
                keys = (
                    frozenset(str(k).upper() for k in responses)
                    if isinstance(responses, Mapping)
                    else frozenset()
                )
                self.operations[(str(method).upper(), str(template))] = keys
        from ._routes import OpenAPIPaths

        self._paths = OpenAPIPaths(dict.fromkeys(t for _, t in self.operations))
        self._found: dict[str, str | None] = {}

    def route(self, path: str) -> str | None:
        """The path template ``path`` falls under (the servers' base path taken off)."""
        found = self._found.get(path, "")
        if found != "":
            return found
        found = self._paths.match(path)
        if found is None and self.prefix and path.startswith(self.prefix):
            found = self._paths.match(path[len(self.prefix) :] or "/")
        if len(self._found) < 10_000:
            self._found[path] = found
        return found

    def documented(self, method: str, template: str) -> frozenset[str] | None:
        """The response keys (``"200"``, ``"4XX"``, ``"DEFAULT"``) of one operation; None
        when the document has no such operation."""
        return self.operations.get((method.upper(), template))

    def statuses(self, method: str, template: str) -> list[int]:
        """The exact codes an operation documents (ranges and ``default`` aside)."""
        keys = self.documented(method, template) or frozenset()
        return sorted(int(k) for k in keys if k.isdigit())


def documents(keys: frozenset[str], status: int) -> bool:
    """Whether responses with these keys document ``status``: the exact code, then its
    class (``4XX``), then ``default``."""
    return str(status) in keys or f"{status // 100}XX" in keys or "DEFAULT" in keys


def _local(data: Mapping[str, Any], item: Any) -> Any:
    """A path item given as a local ``$ref`` (``#/components/pathItems/...``)."""
    for _ in range(8):
        if not isinstance(item, Mapping) or not isinstance(item.get("$ref"), str):
            return item
        ref = item["$ref"]
        if not ref.startswith("#/"):
            return item
        target: Any = data
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        item = target
    return item


def _server_prefix(data: Mapping[str, Any]) -> str:
    """The base path every operation's path is under (``/api/v1``), if any."""
    base = data.get("basePath")  # Swagger 2.0
    if not isinstance(base, str):
        servers = data.get("servers")
        first = servers[0] if isinstance(servers, list) and servers else None
        url = first.get("url") if isinstance(first, Mapping) else None
        base = urllib.parse.urlsplit(url).path if isinstance(url, str) else ""
    return base.rstrip("/")


def load(spec: str, rootdir: str | os.PathLike[str] = ".") -> Document:
    """The document ``spec`` names (a file, relative to ``rootdir``; a URL; ``module:app``)."""
    spec = spec.strip()
    if not spec:
        raise OpenAPIError("restcodes_openapi is empty: give a file, a URL or module:app")
    if spec.startswith(("http://", "https://")):
        return Document(_parse(_fetch(spec), spec), spec)
    path = os.path.join(rootdir, spec)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            return Document(_parse(handle.read(), spec), spec)
    module, colon, attribute = spec.partition(":")
    if colon and module and attribute and "/" not in module and os.sep not in module:
        return Document(_from_object(module, attribute, spec, os.fspath(rootdir)), spec)
    raise OpenAPIError(
        f"restcodes_openapi = {spec!r}: no such file (looked in {os.fspath(rootdir)}); "
        "give a JSON or YAML file, an http(s) URL, or module:attribute"
    )


def _fetch(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # http(s) only: load() checked
            return str(answer.read(16 * 1024 * 1024).decode("utf-8"))
    except Exception as exc:
        raise OpenAPIError(f"restcodes_openapi = {url!r}: could not be fetched ({exc})") from None


def _import(module: str, rootdir: str) -> Any:
    """``module``, from the project's root too (where pytest found its configuration)."""
    import sys

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        root = os.path.abspath(rootdir)
        if exc.name != module.partition(".")[0] or root in sys.path:
            raise
    sys.path.insert(0, root)
    try:
        return importlib.import_module(module)
    finally:
        if root in sys.path:
            sys.path.remove(root)


def _parse(text: str, source: str) -> Any:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text)
        except ValueError as exc:
            raise OpenAPIError(f"{source}: not valid JSON ({exc})") from None
    try:
        import yaml  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise OpenAPIError(
            f"{source} looks like YAML, which needs PyYAML: pip install 'pytest-restcodes[openapi]'"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OpenAPIError(f"{source}: not valid YAML ({exc})") from None


def _from_object(module: str, attribute: str, spec: str, rootdir: str) -> Any:
    try:
        found: Any = _import(module, rootdir)
        for part in attribute.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        raise OpenAPIError(f"restcodes_openapi = {spec!r}: {exc}") from None
    openapi = getattr(found, "openapi", None)
    if callable(openapi):  # FastAPI (and Litestar's app.openapi_schema) read in process
        found = openapi()
    elif callable(found) and not isinstance(found, Mapping):
        found = found()
    to_schema = getattr(found, "to_schema", None)
    if callable(to_schema):  # Litestar's OpenAPI object
        found = to_schema()
    return found
