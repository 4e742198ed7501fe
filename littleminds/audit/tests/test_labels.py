"""Every action the code audits has words on the audit pages (`labels.ACTIONS`), so the
search offers it under its subject and nobody reads a name such as "case.flag_raised"."""

from __future__ import annotations

import re
from pathlib import Path

from littleminds.audit.labels import ACTIONS, action_choices

ROOT = Path(__file__).resolve().parents[2]
# `action="case.closed"`, and both names of `action="x.a" if ... else "x.b"`.
AUDITED = re.compile(
    r'action\s*=\s*"([a-z_]+\.[a-z_.]+)"(?:\s+if\s+[^\n]+?\s+else\s+"([a-z_]+\.[a-z_.]+)")?'
)


def audited_actions() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in AUDITED.finditer(path.read_text()):
            found.update(name for name in match.groups() if name)
    return found


def test_the_code_audits_actions_this_test_can_see() -> None:
    # The test finds the actions of every app (a guard against a pattern that finds none).
    assert {"auth.signed_in", "case.closed", "care_list.restored", "need.created"} <= (
        audited_actions()
    )


def test_every_audited_action_has_words() -> None:
    assert sorted(audited_actions() - set(ACTIONS)) == []


def test_the_search_offers_each_action_under_its_subject() -> None:
    offered: set[str] = set()
    for _name, choices in action_choices()[1:]:
        assert isinstance(choices, list)
        offered.update(value for value, _words in choices)
    assert set(ACTIONS) <= offered
