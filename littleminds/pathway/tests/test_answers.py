"""The navigator's answers and their check, in the module the API, the pages and the
selectors share."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from littleminds.core.api import InvalidInput
from littleminds.pathway.answers import RecommendIn, check

PATHWAY = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PATHWAY.glob("*.py")) if p.name != "api.py"],
    ids=lambda p: p.name,
)
def test_nothing_of_the_navigator_reads_from_its_api(path: Path) -> None:
    """The API is a door into the navigator, not a part of it: the selectors and the pages
    take the answers' shape and check from `answers.py`, as the API does."""
    assert "littleminds.pathway.api" not in _imports(path)


def test_it_gives_the_answers_it_checked() -> None:
    answers, postcode = check(
        RecommendIn(
            asker="parent",
            child_date_of_birth=date(2026, 5, 1),
            postcode="bd71dp",
            concerns=["bonding"],
            impact="mild",
            on_date=date(2026, 11, 28),
        )
    )
    assert str(postcode) == "BD7 1DP"
    assert (answers.asker, answers.concerns, answers.on_date) == (
        "parent",
        frozenset({"bonding"}),
        date(2026, 11, 28),
    )


def test_it_names_every_problem_by_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        check(RecommendIn(asker="parent", postcode="BD7", concerns=["gambling"]))
    assert set(refused.value.errors) == {"child_date_of_birth", "concerns", "impact", "postcode"}
