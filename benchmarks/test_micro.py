"""The micro-benchmarks, measured by pytest-benchmark: figures 1 and 2 (the helpers,
``fig_helper.py``) and 5 (the catalogue per response vs schemathesis, ``fig_peer.py``).

    pytest benchmarks/test_micro.py --benchmark-only -p no:restcodes
    pytest benchmarks/test_micro.py --benchmark-only -p no:restcodes -k helper_pass
    pytest benchmarks/test_micro.py --benchmark-only -p no:restcodes --bench-plan=quick

They also run with the plugin loaded (drop ``-p no:restcodes``): its checker stays off
unless asked, and the checked cases push a run of their own on top of the plugin's.
``python benchmarks/run.py`` runs this file in a subprocess (``--benchmark-json``) and
reads each benchmark by its ``extra_info``; ``operations`` there is how many operations
one timed round (or iteration) runs, so ns per operation = pytest-benchmark's time /
``operations``. Nothing here asserts anything about times: a test fails only when what
it measures breaks (a helper fails where it should pass, findings on a clean response...).
"""

from __future__ import annotations

from typing import Any

import fig_helper
import fig_peer
import harness
import pytest
from apps import SUITE_KINDS, Clients

pytestmark = pytest.mark.filterwarnings("default")


# --------------------------------------------------------- figure 1: helper, passing


@pytest.mark.benchmark(group="1 helper, passing")
def test_helper_pass_loop(benchmark: Any) -> None:
    """The loop alone (``pass``): what both statements below include."""
    benchmark.extra_info.update(
        figure="helper_pass", case="loop", statement="empty", operations=fig_helper.INNER
    )
    benchmark(fig_helper.statement_loop("empty"), None)


@pytest.mark.benchmark(group="1 helper, passing")
@pytest.mark.parametrize("statement", ["bare", "helper"])
@pytest.mark.parametrize("case", list(fig_helper.PASS_CASES))
def test_helper_pass(benchmark: Any, clients: Clients, case: str, statement: str) -> None:
    """``resp.status_code == 201`` vs ``assert_created(resp)`` on a real 201 response."""
    from pytest_restcodes import assert_created

    benchmark.extra_info.update(
        figure="helper_pass", case=case, statement=statement, operations=fig_helper.INNER
    )
    loop = fig_helper.statement_loop(statement)
    key, checked = case.removesuffix("-checked"), case.endswith("-checked")
    if not checked:
        resp = clients.created[key]()
        assert_created(resp)
        benchmark(loop, resp)
        return
    with harness.checked_test() as session:
        resp = clients.created[key]()  # made inside the test: the checker records it
        assert session.received == 1  # checked (clean: counted, no summary kept)
        assert_created(resp)
        assert not session.take_findings()
        benchmark(loop, resp)


# --------------------------------------------------------- figure 2: helper, failing


@pytest.mark.benchmark(group="2 helper, failing")
@pytest.mark.parametrize("size", fig_helper.FAIL_SIZES, ids=harness.fmt_size)
@pytest.mark.parametrize("body", list(fig_helper.BODIES))
def test_helper_fail(benchmark: Any, body: str, size: int) -> None:
    """A failing ``assert_created(resp)`` (status 500), its message built in full."""
    resp = fig_helper.failing_response(body, size)
    message = fig_helper.fail_message(resp)
    benchmark.extra_info.update(
        figure="helper_fail", body=body, size=size, operations=1, message_chars=len(message)
    )
    benchmark(fig_helper.fail_message, resp)


# ----------------------------------------------- figure 5: catalogue vs schemathesis


def run_batch(operation: fig_peer.Operation) -> Any:
    def run(batch: list[Any]) -> None:
        for resp in batch:
            operation(resp)

    return run


@pytest.mark.parametrize("variant", list(fig_peer.VARIANTS))
@pytest.mark.parametrize("status", fig_peer.STATUSES)
@pytest.mark.parametrize("client", [kind.key for kind in SUITE_KINDS])
def test_peer(
    benchmark: Any, clients: Clients, plan: harness.Plan, client: str, status: int, variant: str
) -> None:
    """One operation over a batch of fresh responses per round (made before the clock)."""
    operation, make = fig_peer.operations(clients, client, status)[variant]
    benchmark.group = f"5 per response: {client} {status}"
    benchmark.extra_info.update(
        figure="peer", client=client, status=status, variant=variant, operations=plan.batch_size
    )

    def setup() -> tuple[tuple[list[Any]], dict[str, Any]]:
        return ([make() for _ in range(plan.batch_size)],), {}

    benchmark.pedantic(run_batch(operation), setup=setup, rounds=plan.batch_rounds, warmup_rounds=1)
