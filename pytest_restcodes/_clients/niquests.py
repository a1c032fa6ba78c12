"""niquests: requests' API, sync and async sessions, HTTP/2 and HTTP/3."""

from __future__ import annotations

from typing import Any

from . import Client, Target
from .requests import RequestsAdapter


class NiquestsAdapter(RequestsAdapter):
    name = "niquests"

    def headers(self, r: Any) -> list[tuple[str, str]]:
        # niquests' raw response is urllib3-future's: its headers keep repeated values apart
        return RequestsAdapter.headers(self, r)


_ADAPTER = NiquestsAdapter()

CLIENT = Client(
    name="niquests",
    display="niquests (Session and AsyncSession)",
    packages=("niquests",),
    types={
        "niquests.models.Response": _ADAPTER,  # AsyncResponse is a subclass
    },
    targets=(
        Target("niquests.sessions:Session.send"),
        Target("niquests.async_session:AsyncSession.send", "async"),
    ),
    follow_off="pass allow_redirects=False to the call",
)
