"""The insights pages as data: each `Page` says which of the evaluation's three questions it
answers, what it shows and how it is counted in one plain sentence, how to build its tables
from the filters, and which of them to draw. One view (`views.page`) shows any page, one
serves any table as CSV or XLSX, and the report and the suppression test walk `PAGES`, so a
page registered here is on the menu, in the downloads, in the PDF and under test at once.

The page modules are listed in `catalogue.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team
from littleminds.directory.models import MapSnapshot
from littleminds.insights.router import reading_replica
from littleminds.insights.tables import Disclosed, Table, disclose

Question = Literal["embedded", "helps", "change"]

QUESTIONS: dict[Question, Promise] = {
    "embedded": _("Is the service embedded in the early-years system?"),
    "helps": _("What helps and what gets in the way?"),
    "change": _("Did knowledge, confidence and families' wellbeing change?"),
}


@dataclass(frozen=True)
class Filters:
    """What a reader asked for. `teams` are the teams counted (never empty: those the
    reader may see when they chose none); `ring` and `organisation` narrow the referring
    side; `compare` is two of the directory's time points, for the pages that compare."""

    start: date
    end: date
    teams: tuple[Team, ...]
    ring: str = ""
    organisation: Organisation | None = None
    compare: tuple[MapSnapshot, MapSnapshot] | None = None

    @property
    def team_ids(self) -> list[int]:
        return [team.pk for team in self.teams]


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart of one table: a bar a row (the total row left out), labelled by the
    `label` column, one bar a `values` column, the figures as disclosed."""

    table: str
    label: str
    values: tuple[str, ...]
    title: str | Promise = ""
    # Only the first rows (a table's top ten, say); all of them when None.
    rows: int | None = None


@dataclass(frozen=True)
class Page:
    slug: str
    title: str | Promise
    question: Question
    # What the page shows and how it is counted, in one or two plain sentences.
    summary: str | Promise
    build: Callable[[Filters], list[Table]]
    charts: tuple[ChartSpec, ...] = ()
    # Whether the page compares two time points (the filter offers them).
    compares: bool = False
    # Its order on the menu and in the report, within its question.
    order: int = 0
    # A drawing of its own above the tables (the system map): SVG markup made from the
    # tables as disclosed, never from the raw figures, or None for nothing to draw.
    figure: Callable[[Filters, list[Disclosed]], str | None] | None = None

    def disclosed(self, filters: Filters, *, suppressed: bool) -> list[Disclosed]:
        """The page's tables as a reader may see them: built from the replica when there is
        one (`router.py`, ADR 0040), then through `disclose`, the only way out."""
        with reading_replica():
            tables = list(self.build(filters))
        # The tables are alive until the end, so their references' identities hold.
        references: dict[int, Any] = {}
        return [disclose(table, suppressed=suppressed, references=references) for table in tables]


PAGES: dict[str, Page] = {}


def register(page: Page) -> Page:
    if page.slug in PAGES:
        raise ValueError(f"two insights pages are called {page.slug}")
    PAGES[page.slug] = page
    return page


def ordered() -> list[Page]:
    questions = list(QUESTIONS)
    return sorted(PAGES.values(), key=lambda p: (questions.index(p.question), p.order, p.slug))
