"""The insights report (issue 16): every registered page (`pages.PAGES`) for one period and,
optionally, two time points, gathered under the evaluation's three questions, with a cover,
the method notes and the suppression notice. The same `Report` is shown as a printable page
(`views_report.report`), made into a PDF (`as_pdf`, WeasyPrint) for a download or by
`littleminds insights report`. Its tables are the pages' own, through `tables.disclose`
like everywhere else, so the report can never show more than the pages do.

Nothing here decides who sees what: the caller says whether the figures are suppressed."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from littleminds.insights.charts import Chart, charts_of
from littleminds.insights.pages import QUESTIONS, Filters, Page, Question, ordered
from littleminds.insights.tables import Disclosed


@dataclass(frozen=True)
class Section:
    """One page of insights in the report: its tables as disclosed and their charts, by
    the table's key. Keys are prefixed with the page's slug, so that two pages' tables
    never share an anchor in the one document."""

    page: Page
    tables: tuple[Disclosed, ...]
    charts: dict[str, Chart]

    @property
    def anchor(self) -> str:
        return f"report-{self.page.slug}"

    @property
    def notes(self) -> list[str]:
        """How the page is counted: its sentence, then its tables' notes."""
        return [str(self.page.summary), *(t.note for t in self.tables if t.note)]


@dataclass(frozen=True)
class Part:
    """One of the evaluation's three questions and the pages that answer it."""

    question: Question
    words: str
    sections: tuple[Section, ...]

    @property
    def anchor(self) -> str:
        return f"question-{self.question}"


@dataclass(frozen=True)
class Report:
    filters: Filters
    suppressed: bool
    made_at: datetime
    parts: tuple[Part, ...]

    @property
    def sections(self) -> list[Section]:
        return [section for part in self.parts for section in part.sections]

    @property
    def tables(self) -> list[Disclosed]:
        return [table for section in self.sections for table in section.tables]


def section_of(page: Page, filters: Filters, *, suppressed: bool) -> Section:
    tables = page.disclosed(filters, suppressed=suppressed)
    # Keys and identifiers carry the page's name: two pages' tables may share a key.
    charts = {
        f"{page.slug}-{key}": dataclasses.replace(drawn, ident=f"{page.slug}-{drawn.ident}")
        for key, drawn in charts_of(page.charts, tables).items()
    }
    rekeyed = tuple(
        dataclasses.replace(
            table, table=dataclasses.replace(table.table, key=f"{page.slug}-{table.key}")
        )
        for table in tables
    )
    return Section(page=page, tables=rekeyed, charts=charts)


def build(
    filters: Filters,
    *,
    suppressed: bool,
    step: Callable[[Page], None] | None = None,
) -> Report:
    """The report of every registered page; `step` is called after each page is built (the
    command's progress bar)."""
    sections: dict[str, list[Section]] = {key: [] for key in QUESTIONS}
    for page in ordered():
        sections[page.question].append(section_of(page, filters, suppressed=suppressed))
        if step is not None:
            step(page)
    parts = tuple(
        Part(question=key, words=str(words), sections=tuple(sections[key]))
        for key, words in QUESTIONS.items()
    )
    return Report(filters=filters, suppressed=suppressed, made_at=timezone.now(), parts=parts)


def file_name(filters: Filters) -> str:
    return f"insights-report-{filters.start.isoformat()}-to-{filters.end.isoformat()}.pdf"


def _refuse(url: str) -> dict[str, object]:
    """The PDF is made from the report's own words and drawings only: WeasyPrint fetches
    nothing, from the internet or this server."""
    raise ValueError(f"the insights report fetches nothing ({url[:40]})")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint and fontTools log each step and glyph at length."""
    loggers = [
        logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress", "fontTools")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def as_html(report: Report, about: list[tuple[str, str]]) -> str:
    """The report as the standalone document the PDF is made from, in the active language
    (right to left for Urdu)."""
    return render_to_string(
        "insights/report_pdf.html",
        {
            "report": report,
            "about": about,
            "LANGUAGE_CODE": translation.get_language(),
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            "title": _("Insights report"),
        },
    )


def as_pdf(report: Report, about: list[tuple[str, str]]) -> bytes:
    # Imported here, as for the certificates and letters: WeasyPrint loads its fonts and
    # libraries when first imported, which only the PDFs need.
    from weasyprint import HTML  # type: ignore[import-untyped]

    with _quiet():
        return bytes(HTML(string=as_html(report, about), url_fetcher=_refuse).write_pdf())
