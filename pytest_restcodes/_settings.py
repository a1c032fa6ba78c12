"""Process-wide settings the plugin fills in at start-up (defaults work without pytest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DEFAULT_LIMIT = 2048
"""Bytes of body a failure message shows by default (ini ``restcodes_body_limit``)."""
PROFILES = ("rulebook", "rfc")
MODES = ("off", "warn", "strict")


class _Settings:
    __slots__ = ("acknowledge", "body_limit", "verbose")

    def __init__(self) -> None:
        self.body_limit: int = DEFAULT_LIMIT
        self.verbose: int = 0
        self.acknowledge: Callable[[Any, int], None] | None = None
        """Set while the checker runs: a helper that passed tells it which response it asserted."""


settings = _Settings()
