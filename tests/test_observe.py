"""The whole suite seen at once: status-code coverage per route, the JSON report and its
schema, findings in --junitxml, the baseline, and the OpenAPI document.

Each runs a real inner pytest (in a subprocess: the capture patches the clients) against
a real FastAPI app through Starlette's TestClient.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_restcodes._report import SCHEMA

APP = """
from fastapi import FastAPI, HTTPException, Response
from fastapi.testclient import TestClient

app = FastAPI()
BOOKS = {1: "Dune", 2: "Emma"}


@app.get("/books/{book_id}")
def get_book(book_id: int):
    if book_id not in BOOKS:
        raise HTTPException(404, "no such book")
    return {"id": book_id, "title": BOOKS[book_id]}


@app.post("/books", status_code=201)
def add_book(response: Response):
    if LOCATION:
        response.headers["Location"] = "/books/3"
    return {"id": 3}


@app.get("/boom")
def boom():
    raise RuntimeError("the shelf fell over")


@app.get("/crash")
def crash():
    raise KeyError("title")


LOCATION = False
client = TestClient(app, raise_server_exceptions=False)
"""

TESTS = """
from pytest_restcodes import assert_created, assert_not_found, assert_ok
from bookstore import client


def test_read():
    assert_ok(client.get("/books/1"))
    assert_ok(client.get("/books/2?token=s3cr3t-t0ken-value"))


def test_missing():
    assert_not_found(client.get("/books/99"))
    client.get("/books/98")


def test_add():
    assert_created(client.post("/books"))
"""


@pytest.fixture
def shop(lean: pytest.Pytester) -> pytest.Pytester:
    lean.makepyfile(bookstore=APP)
    lean.makepyfile(test_shop=TESTS)
    lean.makeini("[pytest]\nfilterwarnings =\n    ignore::DeprecationWarning\n")
    return lean


def _report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.Draft202012Validator(json.load(handle)).validate(data)
    return data


def _cells(data: dict[str, Any]) -> dict[tuple[str, str, int], tuple[int, int]]:
    return {
        (row["method"], row["route"], cell["status"]): (cell["seen"], cell["asserted"])
        for row in data["coverage"]
        for cell in row["statuses"]
    }


# --- coverage -------------------------------------------------------------------------


def test_coverage_groups_responses_by_route_and_tells_asserted_from_seen(
    shop: pytest.Pytester,
) -> None:
    result = shop.runpytest_subprocess("--restcodes-coverage", "--restcodes-report=r.json")
    result.assert_outcomes(passed=3)
    data = _report(shop.path / "r.json")
    assert _cells(data) == {
        ("GET", "/books/{book_id}", 200): (2, 2),
        ("GET", "/books/{book_id}", 404): (2, 1),
        ("POST", "/books", 201): (1, 1),
    }
    assert {row["source"] for row in data["coverage"]} == {"app"}
    by_route = {(r["method"], r["route"]): r for r in data["coverage"]}
    missing = next(c for c in by_route["GET", "/books/{book_id}"]["statuses"] if c["status"] == 404)
    assert missing["tests"] == ["test_shop.py::test_missing"]
    assert data["totals"]["responses"] == 5 and data["totals"]["routes"] == 2
    # the checker is off: coverage needs no checking, and no finding is reported
    assert data["settings"]["check"] == "off" and data["findings"] == []
    result.stdout.fnmatch_lines(
        [
            "status-code coverage:",
            "  2 routes, 3 statuses seen, 3 asserted by a helper",
            "*200  201  404",
            "  POST /books*\u27131*",
            "  GET  /books/{book_id}*\u27132*\u27131/2*",
            "*report written to r.json (JSON)",
        ]
    )


def test_coverage_under_xdist_merges_the_workers(shop: pytest.Pytester) -> None:
    result = shop.runpytest_subprocess("-p", "xdist", "-n", "2", "--restcodes-report=r.json")
    result.assert_outcomes(passed=3)
    assert _cells(_report(shop.path / "r.json")) == {
        ("GET", "/books/{book_id}", 200): (2, 2),
        ("GET", "/books/{book_id}", 404): (2, 1),
        ("POST", "/books", 201): (1, 1),
    }


def test_a_url_no_router_knows_falls_back_to_id_segments(lean: pytest.Pytester) -> None:
    lean.makepyfile(
        test_live="""
        import requests
        from pytest_restcodes import assert_ok

        def test_live(httpserver):
            httpserver.expect_request("/orders/41/items/9f1c2d3e4b5a69788796a5b4c3d2e1f0").respond_with_json({})
            httpserver.expect_request("/orders/42/items/0a1b2c3d4e5f60718293a4b5c6d7e8f9").respond_with_json({})
            assert_ok(requests.get(httpserver.url_for("/orders/41/items/9f1c2d3e4b5a69788796a5b4c3d2e1f0")))
            requests.get(httpserver.url_for("/orders/42/items/0a1b2c3d4e5f60718293a4b5c6d7e8f9"))
        """
    )
    result = lean.runpytest_subprocess(
        "-p", "pytest_httpserver", "--restcodes-coverage", "--restcodes-report=r.json"
    )
    result.assert_outcomes(passed=1)
    data = _report(lean.path / "r.json")
    assert [(r["method"], r["route"], r["source"]) for r in data["coverage"]] == [
        ("GET", "/orders/{id}/items/{id2}", "fallback")
    ]
    assert _cells(data)["GET", "/orders/{id}/items/{id2}", 200] == (2, 1)
    result.stdout.fnmatch_lines(["*GET /orders/{id}/items/{id2} [*]*", "*a route guessed*"])


# --- findings as data -------------------------------------------------------------------


def test_findings_reach_the_json_report_and_junitxml_masked(shop: pytest.Pytester) -> None:
    shop.makepyfile(
        test_more="""
        from bookstore import client

        def test_boom():
            client.get("/boom", headers={"Authorization": "Bearer s3cr3t-t0ken-value"})
        """
    )
    result = shop.runpytest_subprocess(
        "--restcodes-check=warn", "--restcodes-report=r.json", "--junitxml=j.xml"
    )
    result.assert_outcomes(passed=4, warnings=2)
    data = _report(shop.path / "r.json")
    found = sorted((f["test"], f["name"], f["route"], f["status"]) for f in data["findings"])
    assert found == [
        ("test_more.py::test_boom", "server-error", "/boom", 500),
        ("test_shop.py::test_add", "created-without-location", "/books", 201),
    ]
    boom = next(f for f in data["findings"] if f["name"] == "server-error")
    assert boom["rule"] == "RC002" and boom["severity"] == "error" and boom["method"] == "GET"
    assert boom["where"] == "test_more.py:4"
    assert "RuntimeError" in boom["observed"]  # the app's own exception
    assert boom["docs"].endswith("#rc002-server-error")
    cases = {c.get("name"): c for c in ET.parse(shop.path / "j.xml").getroot().iter("testcase")}
    props = [p.get("value") for p in cases["test_boom"].iter("property")]
    assert len(props) == 1 and props[0].startswith("RC002 server-error (error): GET ")
    added = [p.get("value") for p in cases["test_add"].iter("property")]
    assert len(added) == 1 and added[0].startswith("RC108 created-without-location")
    assert list(cases["test_read"].iter("property")) == []
    for path in ("r.json", "j.xml"):
        assert "s3cr3t-t0ken-value" not in (shop.path / path).read_text()


def test_a_strict_finding_reaches_junitxml_too(shop: pytest.Pytester) -> None:
    shop.makepyfile(
        test_more="from bookstore import client\n\ndef test_boom():\n    client.get('/boom')\n"
    )
    result = shop.runpytest_subprocess("--restcodes-check=strict", "--junitxml=j.xml")
    result.assert_outcomes(passed=3, failed=1, warnings=1)
    cases = {c.get("name"): c for c in ET.parse(shop.path / "j.xml").getroot().iter("testcase")}
    assert [p.get("value")[:18] for p in cases["test_boom"].iter("property")] == [
        "RC002 server-error"
    ]


# --- the baseline -------------------------------------------------------------------------


def test_baseline_round_trip_reports_only_the_new_finding_and_counts_the_fixed_one(
    shop: pytest.Pytester,
) -> None:
    shop.makepyfile(
        test_more="from bookstore import client\n\ndef test_boom():\n    client.get('/boom')\n"
    )
    first = shop.runpytest_subprocess("--restcodes-check=strict", "--restcodes-baseline=base.json")
    first.assert_outcomes(passed=4)  # writing a baseline accepts what is there
    first.stdout.fnmatch_lines(["*baseline written to base.json: 2 entries for 2 findings*"])
    written = json.loads((shop.path / "base.json").read_text())
    assert written["version"] == 1
    assert written["findings"] == [  # sorted by test and route: a diff shows what changed
        {
            "rule": "RC002",
            "name": "server-error",
            "test": "test_more.py::test_boom",
            "method": "GET",
            "route": "/boom",
            "status": 500,
        },
        {
            "rule": "RC108",
            "name": "created-without-location",
            "test": "test_shop.py::test_add",
            "method": "POST",
            "route": "/books",
            "status": 201,
        },
    ]
    # one finding fixed (the 201 now has its Location), one new (another route's 500)
    shop.makepyfile(bookstore=APP.replace("LOCATION = False", "LOCATION = True"))
    shop.makepyfile(
        test_more=(
            "from bookstore import client\n\n"
            "def test_boom():\n    client.get('/boom')\n\n"
            "def test_crash():\n    client.get('/crash')\n"
        )
    )
    shop.makeini(
        "[pytest]\nrestcodes_baseline = base.json\n"
        "filterwarnings =\n    ignore::DeprecationWarning\n"
    )
    second = shop.runpytest_subprocess("--restcodes-check=strict", "--restcodes-report=r.json")
    second.assert_outcomes(passed=4, failed=1)
    second.stdout.fnmatch_lines(
        [
            "*baseline: 1 finding accepted (not reported); 1 of its 2 entries no longer seen*",
            "FAILED test_more.py::test_crash - RC002 server-error: GET http://testserver/c*",
        ]
    )
    data = _report(shop.path / "r.json")
    assert [(f["route"], f["status"]) for f in data["findings"]] == [("/crash", 500)]
    assert data["totals"]["baselined"] == 1 and data["totals"]["stale_baseline"] == 1


def test_a_baselined_finding_in_another_test_is_new(shop: pytest.Pytester) -> None:
    # one route, one rule, one status: a suite of many apps has GET / in many tests
    shop.makepyfile(
        test_more="from bookstore import client\n\ndef test_boom():\n    client.get('/boom')\n"
    )
    shop.runpytest_subprocess("--restcodes-check=strict", "--restcodes-baseline=base.json")
    shop.makepyfile(
        test_more=(
            "from bookstore import client\n\n"
            "def test_boom():\n    client.get('/boom')\n\n"
            "def test_boom_again():\n    client.get('/boom')\n"
        )
    )
    shop.makeini("[pytest]\nrestcodes_baseline = base.json\n")
    result = shop.runpytest_subprocess("--restcodes-check=strict")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["FAILED test_more.py::test_boom_again - RC002 server-error*"])


def test_a_broken_baseline_is_a_usage_error_naming_it(shop: pytest.Pytester) -> None:
    (shop.path / "base.json").write_text('{"findings": "all of them"}')
    shop.makeini("[pytest]\nrestcodes_baseline = base.json\n")
    result = shop.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*restcodes_baseline: *base.json is not a baseline file*"])


# --- OpenAPI --------------------------------------------------------------------------------


def test_undocumented_status_against_fastapis_own_document(shop: pytest.Pytester) -> None:
    shop.makeini(
        "[pytest]\nrestcodes_openapi = bookstore:app\n"
        "filterwarnings =\n    ignore::DeprecationWarning\n"
    )
    result = shop.runpytest_subprocess(
        "--restcodes-check=warn", "--restcodes-report=r.json", "--restcodes-coverage"
    )
    result.assert_outcomes(passed=3, warnings=3)
    data = _report(shop.path / "r.json")
    undocumented = [f for f in data["findings"] if f["name"] == "undocumented-status"]
    # FastAPI documents 200 and 422 for GET /books/{book_id}: the two 404s are not in it
    assert [(f["method"], f["route"], f["status"]) for f in undocumented] == [
        ("GET", "/books/{book_id}", 404),
        ("GET", "/books/{book_id}", 404),
    ]
    assert "lists 200, 422 for GET /books/{book_id}, not 404" in undocumented[0]["observed"]
    cells = {
        (row["method"], row["route"], c["status"]): c["documented"]
        for row in data["coverage"]
        for c in row["statuses"]
    }
    assert cells[("GET", "/books/{book_id}", 404)] is False
    assert cells[("GET", "/books/{book_id}", 200)] is True
    # documented and never exercised: the 422s, and the routes no test called
    never = {k for k, row in _cells(data).items() if row == (0, 0)}
    assert ("GET", "/books/{book_id}", 422) in never and ("GET", "/boom", 200) in never
    assert {row["source"] for row in data["coverage"]} == {"openapi"}
    result.stdout.fnmatch_lines(["*documented and never seen*", "*\u25cb*"])


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_undocumented_status_against_a_document_file(lean: pytest.Pytester, kind: str) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "shop", "version": "1"},
        "servers": [{"url": "http://127.0.0.1/api"}],
        "paths": {
            "/items/{item_id}": {
                "get": {"responses": {"200": {"description": "ok"}, "4XX": {"$ref": "#/x"}}}
            },
            "/items/special": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }
    if kind == "yaml":
        import yaml

        lean.path.joinpath("openapi.yaml").write_text(yaml.safe_dump(document))
    else:
        lean.path.joinpath("openapi.yaml").write_text(json.dumps(document))
    lean.makeini("[pytest]\nrestcodes_openapi = openapi.yaml\n")
    lean.makepyfile(
        test_live="""
        import requests

        def test_live(httpserver):
            httpserver.expect_request("/api/items/7").respond_with_json({}, status=404)
            httpserver.expect_request("/api/items/8").respond_with_json({}, status=503)
            httpserver.expect_request("/api/items/special").respond_with_json({}, status=404)
            requests.get(httpserver.url_for("/api/items/7"))  # 4XX documents it
            requests.get(httpserver.url_for("/api/items/8"))
            requests.get(httpserver.url_for("/api/items/special"))  # the literal route
        """
    )
    result = lean.runpytest_subprocess(
        "-p",
        "pytest_httpserver",
        "--restcodes-check=warn",
        "--restcodes-ignore=server-error",
        "--restcodes-report=r.json",
    )
    result.assert_outcomes(passed=1, warnings=2)
    data = _report(lean.path / "r.json")
    assert sorted((f["route"], f["status"]) for f in data["findings"]) == [
        ("/items/special", 404),
        ("/items/{item_id}", 503),
    ]


def test_without_a_document_undocumented_status_never_runs(shop: pytest.Pytester) -> None:
    result = shop.runpytest_subprocess("--restcodes-check=warn", "--restcodes-report=r.json")
    result.assert_outcomes(passed=3, warnings=1)
    names = {f["name"] for f in _report(shop.path / "r.json")["findings"]}
    assert names == {"created-without-location"}


def test_a_missing_document_is_a_usage_error_naming_it(lean: pytest.Pytester) -> None:
    lean.makeini("[pytest]\nrestcodes_openapi = nowhere/openapi.yaml\n")
    result = lean.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*restcodes_openapi = 'nowhere/openapi.yaml': no such file*"])


# --- routes through each framework's own test client ---------------------------------------

FRAMEWORKS = """
import asyncio

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="x",
    ROOT_URLCONF="test_frameworks",
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    DATABASES={},
    MIDDLEWARE=[],
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    },
)
django.setup()

import falcon
import falcon.testing
import flask
import quart
import webtest
from aiohttp import web
from aiohttp.test_utils import TestClient as AiohttpClient, TestServer
from django.http import JsonResponse
from django.test import Client as DjangoClient
from django.urls import include, path, re_path
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from litestar import Litestar, get
from litestar.testing import TestClient as LitestarClient
from rest_framework import routers, viewsets
from rest_framework.response import Response
from rest_framework.test import APIClient
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route


def _django_book(request, book_id):
    return JsonResponse({"id": book_id})


def _django_legacy(request, slug):
    return JsonResponse({"slug": slug})


class Shelves(viewsets.ViewSet):
    def retrieve(self, request, pk=None):
        return Response({"id": pk})


_router = routers.SimpleRouter()
_router.register("shelves", Shelves, basename="shelf")
urlpatterns = [
    path("dj/books/<int:book_id>/", _django_book),
    re_path(r"^dj/legacy/(?P<slug>[a-z]+)/$", _django_legacy),
    path("drf/", include(_router.urls)),
]


def _pair(client, first, second):
    client.get(first)
    client.get(second)


def test_starlette():
    async def book(request):
        return JSONResponse({})

    app = Starlette(routes=[Mount("/st", routes=[Route("/books/{book_id:int}", book)])])
    _pair(TestClient(app), "/st/books/1", "/st/books/2")


def test_starlette_root_path():
    app = FastAPI()

    @app.get("/rp/items/{item_id}")
    def item(item_id: int):
        return {}

    _pair(TestClient(app, root_path="/api/v1"), "/api/v1/rp/items/1", "/api/v1/rp/items/2")


def test_starlette_host():
    from starlette.routing import Host

    async def thing(request):
        return JSONResponse({})

    inner = Starlette(routes=[Route("/hs/things/{thing_id}", thing)])
    app = Starlette(routes=[Host("api.example.com", app=inner)])
    _pair(TestClient(app, base_url="http://api.example.com"), "/hs/things/ab", "/hs/things/cd")


def test_fastapi():
    app = FastAPI()
    router = APIRouter(prefix="/fa")

    @router.get("/books/{book_id}")
    def book(book_id: int):
        return {}

    app.include_router(router)
    _pair(TestClient(app), "/fa/books/1", "/fa/books/2")


def test_litestar():
    @get("/ls/books/{book_id:int}")
    async def book(book_id: int) -> dict:
        return {}

    with LitestarClient(Litestar([book])) as client:
        _pair(client, "/ls/books/1", "/ls/books/2")


def test_flask():
    app = flask.Flask(__name__)

    @app.get("/fl/books/<int:book_id>")
    def book(book_id):
        return {}

    _pair(app.test_client(), "/fl/books/1", "/fl/books/2")


def test_quart():
    app = quart.Quart(__name__)

    @app.get("/qu/books/<int:book_id>")
    async def book(book_id):
        return {}

    async def main():
        client = app.test_client()
        await client.get("/qu/books/1")
        await client.get("/qu/books/2")

    asyncio.run(main())


def test_django():
    _pair(DjangoClient(), "/dj/books/1/", "/dj/books/2/")
    _pair(DjangoClient(), "/dj/legacy/ab/", "/dj/legacy/cd/")


def test_drf():
    _pair(APIClient(), "/drf/shelves/1/", "/drf/shelves/2/")


class _Book:
    def on_get(self, req, resp, book_id):
        resp.media = {}


def test_falcon():
    app = falcon.App()
    app.add_route("/fc/books/{book_id:int}", _Book())
    _pair(falcon.testing.TestClient(app), "/fc/books/1", "/fc/books/2")


def test_aiohttp():
    async def book(request):
        return web.json_response({})

    async def main():
        app = web.Application()
        app.router.add_get(r"/ah/books/{book_id:\\d+}", book)
        async with AiohttpClient(TestServer(app)) as client:
            (await client.get("/ah/books/1")).release()
            (await client.get("/ah/books/2")).release()

    asyncio.run(main())


def test_webtest():
    app = flask.Flask(__name__)

    @app.get("/wt/books/<int:book_id>")
    def book(book_id):
        return {}

    _pair(webtest.TestApp(app), "/wt/books/1", "/wt/books/2")
"""

EXPECTED = {
    "starlette": "/st/books/{book_id}",
    "starlette root_path": "/rp/items/{item_id}",
    "starlette host": "/hs/things/{thing_id}",
    "fastapi": "/fa/books/{book_id}",
    "litestar": "/ls/books/{book_id}",
    "flask": "/fl/books/{book_id}",
    "quart": "/qu/books/{book_id}",
    "django": "/dj/books/{book_id}/",
    "django regex": "/dj/legacy/{slug}/",
    "drf": "/drf/shelves/{pk}/",
    "falcon": "/fc/books/{book_id}",
    "aiohttp": "/ah/books/{book_id}",
    "webtest": "/wt/books/{book_id}",
}


@pytest.fixture(scope="module")
def framework_routes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int]]:
    """One inner run of a test per framework, each calling two URLs of one route through
    the framework's own test client: route -> (source, responses)."""
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("frameworks")
    (folder / "test_frameworks.py").write_text(FRAMEWORKS)
    (folder / "pytest.ini").write_text("[pytest]\n")
    env = {
        **os.environ,
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTEST_PLUGINS": "pytest_restcodes.plugin",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--restcodes-report=r.json",
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = _report(folder / "r.json")
    return {
        row["route"]: (row["source"], sum(c["seen"] for c in row["statuses"]))
        for row in data["coverage"]
    }


@pytest.mark.parametrize("framework", list(EXPECTED))
def test_two_urls_of_one_route_land_on_its_template(
    framework_routes: dict[str, tuple[str, int]], framework: str
) -> None:
    assert framework_routes.get(EXPECTED[framework]) == ("app", 2), sorted(framework_routes)
