"""Process-wide settings the plugin fills in at start-up (defaults work without pytest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._body import DEFAULT_LIMIT


class _Settings:
    __slots__ = ("acknowledge", "body_limit", "verbose")

    def __init__(self) -> None:
        self.body_limit: int = DEFAULT_LIMIT
        self.verbose: int = 0
        self.acknowledge: Callable[[Any, int], None] | None = None
        """Set while the checker runs: a helper that passed tells it which response it asserted."""


settings = _Settings()
