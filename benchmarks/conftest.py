"""pytest configuration of the micro-benchmarks (``test_micro.py``): the ``--bench-plan``
option (``full``, the default, or ``quick``) and the session's real clients."""

from __future__ import annotations

from collections.abc import Iterator

import harness
import pytest
from apps import Clients, real_clients


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--bench-plan",
        choices=sorted(harness.PLANS),
        default="full",
        help="how long the per-response micro-benchmarks measure (batches and rounds)",
    )


@pytest.fixture(scope="session")
def plan(request: pytest.FixtureRequest) -> harness.Plan:
    return harness.PLANS[request.config.getoption("--bench-plan")]


@pytest.fixture(scope="session")
def clients() -> Iterator[Clients]:
    with real_clients() as opened:
        yield opened
