"""docs/rules.md is generated from the rule catalogue and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from pytest_restcodes import _docs
from pytest_restcodes._rules import RULES

ROOT = Path(__file__).resolve().parent.parent


def test_rules_md_matches_the_catalogue() -> None:
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == _docs.render(), (
        "docs/rules.md is out of date: run `python -m pytest_restcodes._docs`"
    )


def test_every_rule_has_its_section_and_anchor() -> None:
    text = _docs.render()
    for rule in RULES:
        assert f"## {rule.code} {rule.name}\n" in text
        assert rule.anchor.endswith(f"#{rule.code.lower()}-{rule.name}")
        for part in ("### Why is this bad?", "### Example", "### Use instead", "### Fix"):
            assert part in text


def test_the_readme_names_every_supported_client() -> None:
    from pytest_restcodes._clients import clients

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Supported clients", 1)[1].split("\n## ", 1)[0].lower()
    table = [line for line in section.splitlines() if line.startswith("|")]
    for client in clients():
        assert any(client.name in row for row in table), f"README lacks a row for {client.name}"
