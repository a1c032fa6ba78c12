"""Figure 5: the catalogue per response, next to its nearest peer, schemathesis's response
checks, on the same fresh responses of the same three clients.

The measuring is pytest-benchmark's, in ``test_micro.py`` (``-k peer``): each round runs
one operation over a batch of fresh responses made before the clock starts (clients cache
what they compute: reusing one response understates the cost). This module holds the
operations, the OpenAPI document schemathesis checks against, and the table:

    pytest benchmarks/test_micro.py --benchmark-only -p no:restcodes -k peer
    python benchmarks/run.py          # every figure, RESULTS.md
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import Any

from apps import BOOK, MISSING, SUITE_KINDS, Clients, adapter_of
from harness import Micro, Plan, Section, fmt_ratio, fmt_us, md_table

STATUSES = (200, 201, 404)
VARIANTS = {
    "ours": "ours: `catalogue.run`",
    "record": "ours: `Session.record`",
    "st_checks": "st. checks only",
    "st_raw": "st. from raw",
    "st_validate": "st. `validate_response`",
}
"""Operation -> column. ``ours``: the catalogue on a view of the raw response, as the
checker runs it; ``record``: the checker's whole path for one response (view, catalogue,
summary kept); then schemathesis on converted responses, from the raw response
(``Response.from_any`` + the checks: like for like with ``ours``), and through its public
``case.validate_response``."""

OPENAPI: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Bookstore", "version": "1.0"},
    "components": {"schemas": {"Book": {"type": "object"}, "Problem": {"type": "object"}}},
    "paths": {
        "/books": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Book"}}
                    }
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "headers": {"Location": {"required": True, "schema": {"type": "string"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Book"}}
                        },
                    }
                },
            },
        },
        "/books/{book_id}": {
            "parameters": [
                {"name": "book_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "responses": {
                    "200": {
                        "description": "A book",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Book"}}
                        },
                    },
                    "404": {
                        "description": "No such book",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    },
                }
            },
        },
    },
}


def schemathesis_checks() -> list[Callable[..., Any]]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
    ]


Operation = Callable[[Any], object]


def operations(clients: Clients, key: str, status: int) -> dict[str, tuple[Operation, Any]]:
    """Variant -> (operation on one response, maker of the responses it takes), every
    operation tried once on a fresh response: findings or a failed check raise."""
    import schemathesis
    from schemathesis.checks import CheckContext
    from schemathesis.core.transport import Response

    from pytest_restcodes._findings import catalogue
    from pytest_restcodes._session import Session
    from pytest_restcodes._view import ResponseView

    make = clients.fresh[key][status]
    adapter = adapter_of(make())
    ours = catalogue("rulebook", frozenset())

    def run_catalogue(resp: Any) -> object:
        return ours.run(ResponseView(resp, adapter))

    session = Session(None, "benchmarks::peer", "strict", "rulebook", frozenset())

    schema = schemathesis.openapi.from_dict(OPENAPI)
    checks = schemathesis_checks()
    if status == 201:
        operation = schema["/books"]["POST"]
        case = operation.Case(body=BOOK, media_type="application/json")
    else:
        operation = schema["/books/{book_id}"]["GET"]
        case = operation.Case(path_parameters={"book_id": 1 if status == 200 else MISSING})
    config = schema.config.checks_config_for(operation=operation, phase=None)
    ctx = CheckContext(
        override=None,
        auth=None,
        headers=None,
        config=config,
        transport_kwargs=None,
        response_checks=None,
    )

    def st_checks(converted: Any) -> None:
        for check in checks:
            check(ctx, converted, case)

    def st_raw(resp: Any) -> None:
        st_checks(Response.from_any(resp))

    def st_validate(resp: Any) -> None:
        case.validate_response(resp, checks=checks)

    def converted() -> Any:
        return Response.from_any(make())

    found = run_catalogue(make())
    if found:
        raise RuntimeError(f"{key} {status}: findings on a clean response: {found}")
    session.record(make())
    if session.take_findings():
        raise RuntimeError(f"{key} {status}: Session.record found something on a clean response")
    st_raw(make())  # a failing check raises: the responses are clean
    st_validate(make())
    return {
        "ours": (run_catalogue, make),
        "record": (session.record, make),
        "st_checks": (st_checks, converted),
        "st_raw": (st_raw, make),
        "st_validate": (st_validate, make),
    }


def section(micro: Micro, plan: Plan) -> Section:
    from pytest_restcodes._findings import catalogue

    out = Section("5. Nearest peer")
    rows = []
    for kind in SUITE_KINDS:
        for status in STATUSES:
            got = {
                v: micro.get(figure="peer", client=kind.key, status=status, variant=v)
                for v in VARIANTS
            }
            ratio = got["ours"].best / got["st_raw"].best
            rows.append(
                [
                    f"{kind.label} ({kind.client})",
                    str(status),
                    *(fmt_us(got[v].best) for v in VARIANTS),
                    fmt_ratio(ratio),
                    "≤ 1x",
                    out.verdict(f"{kind.label} {status}", ratio <= 1),
                ]
            )
    cat = catalogue("rulebook", frozenset())
    columns = ["client", "status", *VARIANTS.values(), "ours / st. from raw", "target", "verdict"]
    out.values.update(
        {
            "peer.table": md_table(columns, rows),
            "peer.batch": str(plan.batch_size),
            "peer.rounds": str(plan.batch_rounds),
            "peer.schemathesis": importlib.metadata.version("schemathesis"),
            "peer.checks": ", ".join(f"`{c.__name__}`" for c in schemathesis_checks()),
            "peer.rules": str(len(cat._rules)),
            "peer.rules_by_status": ", ".join(
                f"{len(cat.rules_for(s))} for a {s}" for s in STATUSES
            ),
        }
    )
    return out
