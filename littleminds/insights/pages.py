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
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team
from littleminds.core import caching
from littleminds.directory.models import MapSnapshot
from littleminds.insights.router import reading_replica
from littleminds.insights.tables import Disclosed, Table, disclose, kept

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

    def key(self) -> dict[str, object]:
        """Everything asked for, as plain values (for a cache key)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "teams": self.team_ids,
            "ring": self.ring,
            "organisation": None if self.organisation is None else self.organisation.pk,
            "compare": None if self.compare is None else [s.pk for s in self.compare],
        }


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
    # Whatever the page's figures are read from that can change, read cheaply for the key
    # of its tables kept in the cache as disclosed (ADR 0060): the generations of what it
    # reads and anything else it reads that no generation covers; None while a generation
    # has not changed yet. A page without one is built afresh every time.
    read_from: Callable[[Filters], tuple[str, ...] | None] | None = None

    def disclosed(self, filters: Filters, *, suppressed: bool) -> list[Disclosed]:
        """The page's tables as a reader may see them: built from the replica when there is
        one (`router.py`, ADR 0040), then through `disclose`, the only way out. A page that
        says what it is `read_from` is kept in the cache as disclosed, by the filters,
        whether the figures are suppressed and the language, so that one reader's tables
        are only ever another's when they would be drawn the same."""
        return caching.cached(
            self.cache_key(filters, suppressed=suppressed, kind="tables"),
            lambda: self._disclosed(filters, suppressed=suppressed),
        )

    def cache_key(self, filters: Filters, *, suppressed: bool, kind: str) -> str | None:
        """The key of what is kept of the page for these filters (its tables, or its
        figures as drawn), or None when the page is not kept."""
        read = self.read_from(filters) if self.read_from is not None else None
        if not read:
            return None
        return caching.cache_key(
            "insights",
            f"{self.slug}:{kind}",
            read[0],
            read=read[1:],
            filters=filters.key(),
            suppressed=suppressed,
            language=get_language(),
        )

    def _disclosed(self, filters: Filters, *, suppressed: bool) -> list[Disclosed]:
        with reading_replica():
            tables = list(self.build(filters))
        # The tables are alive until the end, so their references' identities hold.
        references: dict[int, Any] = {}
        return [
            kept(disclose(table, suppressed=suppressed, references=references)) for table in tables
        ]


PAGES: dict[str, Page] = {}


def register(page: Page) -> Page:
    if page.slug in PAGES:
        raise ValueError(f"two insights pages are called {page.slug}")
    PAGES[page.slug] = page
    return page


def ordered() -> list[Page]:
    questions = list(QUESTIONS)
    return sorted(PAGES.values(), key=lambda p: (questions.index(p.question), p.order, p.slug))
