"""Checker settings: ini < command line < marker (the closest marker wins)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import pytest

from ._session import MODES, PROFILES

MARKER_KEYS = frozenset({"check", "profile", "ignore"})


class CheckSettings(NamedTuple):
    mode: str
    profile: str
    ignore: frozenset[str]


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return text


def check_names(names: list[str], where: str) -> list[str]:
    """Validated rule names; the catalogue is imported only when there are names."""
    if not names:
        return []
    from ._findings import check_names as check

    return check(names, where)


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [n.strip() for n in value.replace(",", "\n").splitlines() if n.strip()]
    if isinstance(value, Iterable):
        return [n.strip() for item in value for n in str(item).split(",") if n.strip()]
    raise TypeError(f"rule names must be a string or a list of strings, got {value!r}")


def base_settings(config: pytest.Config) -> CheckSettings:
    """From ini and command line; raises pytest.UsageError naming a bad value."""
    try:
        mode = config.getoption("restcodes_check") or config.getini("restcodes_check") or "off"
        mode = _choice(mode, MODES, "restcodes_check")
        profile = (
            config.getoption("restcodes_profile")
            or config.getini("restcodes_profile")
            or "rulebook"
        )
        profile = _choice(profile, PROFILES, "restcodes_profile")
        ignore = check_names(_names(config.getini("restcodes_ignore")), "restcodes_ignore")
        ignore += check_names(_names(config.getoption("restcodes_ignore")), "--restcodes-ignore")
    except (ValueError, TypeError) as exc:
        raise pytest.UsageError(f"pytest-restcodes: {exc}") from None
    return CheckSettings(mode, profile, frozenset(ignore))


def validate_marker(mark: pytest.Mark, where: str) -> None:
    """Raise ValueError/TypeError naming what is wrong with one ``restcodes`` marker."""
    if mark.args:
        raise TypeError(
            f"{where}: @pytest.mark.restcodes takes keywords only "
            f"(check=, profile=, ignore=), got {mark.args!r}"
        )
    unknown = set(mark.kwargs) - MARKER_KEYS
    if unknown:
        raise TypeError(
            f"{where}: unknown @pytest.mark.restcodes key(s) {', '.join(sorted(unknown))}; "
            "known: check, profile, ignore"
        )
    # None, as `pytest --markers` shows the defaults, means "not set here"
    if mark.kwargs.get("check") is not None:
        _choice(mark.kwargs["check"], MODES, f"{where}: check=")
    if mark.kwargs.get("profile") is not None:
        _choice(mark.kwargs["profile"], PROFILES, f"{where}: profile=")
    if mark.kwargs.get("ignore") is not None:
        check_names(_names(mark.kwargs["ignore"]), f"{where}: ignore=")


def item_settings(item: pytest.Item, base: CheckSettings) -> CheckSettings:
    """Settings for one test: the closest marker that sets a key wins; ignores add up."""
    mode = profile = None
    ignore = set(base.ignore)
    for mark in item.iter_markers("restcodes"):  # closest first
        if mode is None and mark.kwargs.get("check") is not None:
            mode = str(mark.kwargs["check"]).strip().lower()
        if profile is None and mark.kwargs.get("profile") is not None:
            profile = str(mark.kwargs["profile"]).strip().lower()
        if mark.kwargs.get("ignore") is not None:
            ignore.update(check_names(_names(mark.kwargs["ignore"]), "ignore="))
    return CheckSettings(mode or base.mode, profile or base.profile, frozenset(ignore))
