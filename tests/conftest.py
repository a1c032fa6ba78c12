"""Shared fixtures: a real server on 127.0.0.1, Django configured once, settings restored.

The status apps themselves live in ``status_apps.py`` (one per framework, all answering
alike) and the Django URLconf in ``django_urls.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import status_apps

from pytest_restcodes import _session


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver listens on 127.0.0.1 (an ephemeral port)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def status_server(httpserver: Any) -> str:
    """The status app served for real by pytest-httpserver; returns its base URL."""
    return status_apps.serve_status_app(httpserver)


@pytest.fixture
def serve_wsgi() -> Iterator[Any]:
    """``serve_wsgi(app)`` serves a WSGI app for real on 127.0.0.1 (werkzeug's server in a
    thread) and returns its base URL; every server is shut down after the test."""
    import threading

    from werkzeug.serving import make_server

    servers: list[Any] = []

    def serve(app: Any) -> str:
        server = make_server("127.0.0.1", 0, app)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    """``pytester`` with an ini of its own: pytest-asyncio warns without one, and
    pytest-benchmark warns when the outer run uses xdist."""
    pytester.makeini(
        """
        [pytest]
        addopts = -p no:benchmark
        asyncio_default_fixture_loop_scope = function
        """
    )
    return pytester


@pytest.fixture(scope="session")
def django_setup() -> None:
    """Configure Django once (no database), with the status app as ROOT_URLCONF."""
    import django
    from django.conf import settings as django_settings

    if not django_settings.configured:
        django_settings.configure(
            DEBUG=False,
            SECRET_KEY="restcodes-tests",
            ROOT_URLCONF="django_urls",
            ALLOWED_HOSTS=["*"],
            INSTALLED_APPS=[
                "django.contrib.contenttypes",
                "django.contrib.auth",
                "rest_framework",
            ],
            DATABASES={},
            MIDDLEWARE=[],
            USE_TZ=True,
            LOGGING_CONFIG=None,
            REST_FRAMEWORK={
                "DEFAULT_AUTHENTICATION_CLASSES": [],
                "DEFAULT_PERMISSION_CLASSES": [],
                "UNAUTHENTICATED_USER": None,
            },
        )
        django.setup()


@pytest.fixture
def verbose(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages as under ``pytest -v`` (headers shown), for this test only."""
    monkeypatch.setattr(_session.settings(), "verbose", 1)


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages as under a plain ``pytest`` run, for this test only."""
    monkeypatch.setattr(_session.settings(), "verbose", 0)


@pytest.fixture
def body_limit(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the run's body limit for one test: ``body_limit(100)``."""

    def set_limit(limit: int) -> None:
        monkeypatch.setattr(_session.settings(), "body_limit", limit)

    return set_limit


@pytest.fixture
def lean(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose inner pytest loads this plugin alone: a lean, fast start-up."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("PYTEST_PLUGINS", "pytest_restcodes.plugin")
    return pytester
