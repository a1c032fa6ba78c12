"""Generate ``docs/rules.md`` from the rule catalogue: ``python -m pytest_restcodes._docs``."""

from __future__ import annotations

import sys
from pathlib import Path

from ._rules import RULES, Exchange, Rule

_HEADER = """\
# Checker rules

<!-- Generated from pytest_restcodes/_rules.py by `python -m pytest_restcodes._docs`.
     Do not edit by hand: tests/test_docs.py fails when this file and the code disagree. -->

Every response a test receives is checked against these rules when the checker is on
(`restcodes_check = warn` or `strict` in pytest.ini). Severities per profile: **error**
fails the test in `strict` mode, **warning** is issued as `pytest_restcodes.RestcodesWarning`,
**off** is not checked. The default profile is `rulebook` (RFC 9110 plus the REST rulebook's
own rules); `rfc` keeps only what the RFCs say. Silence a rule with its name or code in
`restcodes_ignore`, `--restcodes-ignore` or `@pytest.mark.restcodes(ignore=[...])`.

| code | name | rulebook | rfc | summary |
|---|---|---|---|---|
"""


def _exchange(exchange: Exchange) -> str:
    """An exchange as an HTTP block, its note (if any) printed after it."""
    note = f"\n\n{exchange.note}" if exchange.note else ""
    return f"```http\n{exchange.render()}\n```{note}"


def _section(rule: Rule) -> str:
    escalate = ""
    if rule.escalate:
        codes = ", ".join(str(c) for c in sorted(rule.escalate))
        escalate = f" (an error for {codes})"
    ack = ""
    if rule.acknowledged_by_helper:
        ack = (
            "\n\nA response the test asserted with a helper for its own code (for example "
            "`assert_internal_server_error(resp)`) is acknowledged: this rule is not reported "
            "for it."
        )
    if rule.contract:
        ack += (
            "\n\nThis rule runs only when the API's OpenAPI document is configured "
            "(`restcodes_openapi`); without one it is off in both profiles."
        )
    rfc = rule.rfc + (escalate if rule.rfc != "off" else "")
    return f"""\
## {rule.code} {rule.name}

{rule.summary}

**Severity**: rulebook profile: {rule.rulebook}{escalate}; rfc profile: {rfc}.
**Source**: {rule.source}.

### Why is this bad?

{rule.why}{ack}

### Example

{_exchange(rule.trigger)}

### Use instead

{_exchange(rule.clean)}

### Fix

{rule.fix}
"""


def render() -> str:
    """The whole of docs/rules.md."""
    rows = "".join(
        f"| {r.code} | [{r.name}](#{r.code.lower()}-{r.name}) | {r.rulebook} | {r.rfc} | "
        f"{r.summary} |\n"
        for r in RULES
    )
    sections = "\n".join(_section(r) for r in RULES)
    return f"{_HEADER}{rows}\n{sections}"


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path("docs/rules.md")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target} ({len(RULES)} rules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
