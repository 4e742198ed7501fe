"""The suppression walk (issue 16, DOMAIN.md §9): as an analyst of a commissioning body that
funds both teams, open every registered insights page (`pages.PAGES`, so a page registered
later is walked without anyone changing this test), each of its tables as CSV, the page as
XLSX, the report and its PDF, and fail on any figure that gives a small number away. The
figures are checked twice: as disclosed (each count column by its kind), and as rendered
(the page's HTML, the files read back with csv and openpyxl, the PDF's text with pypdf).

The team's manager, walking the same pages, sees the exact figures."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from littleminds.insights.pages import PAGES, ordered
from littleminds.insights.report import Report
from littleminds.insights.tables import Disclosed
from littleminds.insights.tests.walk_data import (
    World,
    problems_of,
    rendered_problems,
    rows_problems,
    small_exact,
    small_numbers_world,
)

pytestmark = pytest.mark.django_db

# The PDF's text, less what is no figure: dates ("8 June 2026"), times and page numbers.
DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}(, \d{2}:\d{2})?")
PAGE_NUMBER = re.compile(r"^\d+ / \d+$", re.MULTILINE)
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


@pytest.fixture
def world(team, other_team, manager, analyst) -> World:
    return small_numbers_world(team=team, other_team=other_team, manager=manager, analyst=analyst)


def queries(world: World, compares: bool) -> list[dict[str, str]]:
    return [world.query(), *([world.query(compare=True)] if compares else [])]


def walk_pages(client: Client, world: World) -> list[tuple[str, dict[str, str], list[Disclosed]]]:
    """Each registered page, with and without time points where it compares: its
    tables as disclosed to this reader, after checking the rendered page."""
    walked = []
    for page in ordered():
        for query in queries(world, page.compares):
            response = client.get(reverse("insights:page", args=[page.slug]), query)
            assert response.status_code == 200, (page.slug, response.status_code)
            walked.append((page.slug, query, list(response.context["tables"])))
    return walked


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def shown_numbers(tables: list[Disclosed]) -> set[str]:
    return {
        number
        for table in tables
        for row in table.all_rows()
        for cell in row
        if cell is not None
        for number in NUMBER.findall(str(cell))
    }


def words_of(report: Report) -> set[str]:
    found: set[str] = set()
    for section in report.sections:
        found |= {str(section.page.title), *section.notes}
        for table in section.tables:
            found |= {table.caption, *table.headings}
        for drawn in section.charts.values():
            found.add(drawn.title)
    return {" ".join(words.split()) for words in found if words}


def test_the_walk_covers_every_registered_page() -> None:
    # The walk below iterates over the registry; this guards it against an empty one.
    assert "training-cancelled" in PAGES
    assert [page.slug for page in ordered()] == sorted(
        PAGES, key=lambda slug: [p.slug for p in ordered()].index(slug)
    )


def test_an_analyst_sees_no_small_number_anywhere(as_persona, world: World) -> None:
    client = as_persona("analyst")
    problems: list[str] = []
    starred = 0
    for slug, query, tables in walk_pages(client, world):
        page_html = client.get(reverse("insights:page", args=[slug]), query).content.decode()
        problems += rendered_problems(page_html, tables, f"page {slug}")
        for table in tables:
            assert table.suppressed, (slug, table.key)
            problems += problems_of(table, f"page {slug}")
            starred += sum(cell == "*" for row in table.all_rows() for cell in row)
            response = client.get(reverse("insights:csv", args=[slug, table.key]), query)
            assert response.status_code == 200
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            problems += rows_problems(rows, table, f"{slug}/{table.key}.csv")
        response = client.get(reverse("insights:xlsx", args=[slug]), query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        sheets = book.worksheets[1:]
        assert len(sheets) == len(tables), slug
        for sheet, table in zip(sheets, tables, strict=True):
            cells = [list(row) for row in sheet.iter_rows(values_only=True)]
            problems += rows_problems(cells, table, f"{slug}.xlsx")

    for query in queries(world, True):
        response = client.get(reverse("insights:report"), query)
        assert response.status_code == 200
        report: Report = response.context["report"]
        assert report.suppressed
        assert {s.page.slug for s in report.sections} == set(PAGES)
        for table in report.tables:
            problems += problems_of(table, "report")
        problems += rendered_problems(response.content.decode(), report.tables, "report")

        response = client.get(reverse("insights:report-pdf"), query)
        assert response.status_code == 200
        text = " ".join(PAGE_NUMBER.sub("", DATE.sub("", pdf_text(response.content))).split())
        assert "small numbers are hidden" in text
        # The notice's own numbers ("counts from 1 to 7", "the nearest 5").
        text = text.replace("from 1 to 7", "").replace("nearest 5", "")
        for snapshot in world.snapshots:  # the time points' labels ("Time 1")
            text = text.replace(snapshot.label, "")
        # The words around the figures: titles, sentences, method notes, captions, headings
        # ("an effect size of 0.2 is small", "the 90th percentile").
        for words in sorted(words_of(report), key=len, reverse=True):
            text = text.replace(words, "")
        # Every number in the PDF is one the disclosed tables show (checked above).
        allowed = shown_numbers(report.tables)
        strays = sorted(set(NUMBER.findall(text)) - allowed)
        problems += [
            f"report.pdf shows {number}, which no disclosed figure is" for number in strays
        ]

    assert not problems, "\n".join(problems)
    # The walk saw the small numbers it was meant to hide.
    assert starred > 0


def test_the_teams_manager_sees_the_same_figures_exactly(as_persona, world: World) -> None:
    client = as_persona("manager")
    exact = 0
    for slug, _query, tables in walk_pages(client, world):
        for table in tables:
            assert not table.suppressed, (slug, table.key)
            exact += small_exact(table)
    assert exact > 0
    response = client.get(reverse("insights:report-pdf"), world.query())
    text = pdf_text(response.content)
    assert "Not for sharing" in text
    assert "small numbers are hidden" not in text


def test_the_checks_catch_a_small_number() -> None:
    # A test that cannot fail is a defect: the checks themselves refuse what leaks.
    from littleminds.insights.tables import Column, Table, disclose

    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("n", "People"),
            Column("share", "Share", kind="percent", of=("n", "n")),
        ),
        rows=[{"name": "A", "n": 3}, {"name": "B", "n": 23}],
        total_row=True,
    )
    assert problems_of(disclose(table, suppressed=True), "t") == []
    leaked = disclose(table, suppressed=False)
    assert len(problems_of(leaked, "t")) == 3  # 3, 23 and their total 26
    html = (
        '<table id="t"><tr><th>Name</th><th>People</th></tr><tr><th>A</th><td>3</td></tr></table>'
    )
    assert rendered_problems(html, [leaked], "t")
    assert rows_problems([["Name", "People", "Share"], ["A", 3, 100]], leaked, "t")
