"""The insights report: the printable page, its PDF, and `littleminds insights report`, on a
small world whose figures are counted by hand (walk_data: training places cancelled for
`team`: workload 3, not released 12, illness 1, another reason 6)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from pypdf import PdfReader

from littleminds.audit.models import AuditEvent
from littleminds.insights import report as reports
from littleminds.insights.pages import PAGES, QUESTIONS, Filters, Page
from littleminds.insights.tables import Column, Table
from littleminds.insights.tests.walk_data import World, small_numbers_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, other_team, manager, analyst) -> World:
    return small_numbers_world(team=team, other_team=other_team, manager=manager, analyst=analyst)


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def test_it_shows_every_page_under_its_question_with_a_cover(as_persona, world: World) -> None:
    response = as_persona("manager").get(reverse("insights:report"), world.query())
    assert response.status_code == 200
    made: reports.Report = response.context["report"]
    assert not made.suppressed
    assert [part.question for part in made.parts] == list(QUESTIONS)
    assert {section.page.slug for section in made.sections} == set(PAGES)
    html = response.content.decode()
    for words in QUESTIONS.values():
        assert escape(str(words)) in html
    assert "Not for sharing" in html
    assert "How the figures are counted" in html
    assert f"{reverse('insights:report-pdf')}?" in html
    # The manager's own team: the figures counted by hand, exactly.
    cancelled = next(t for t in made.tables if t.key == "training-cancelled-cancelled")
    assert [row[1] for row in cancelled.rows] == [3, 12, 1, 0, 6]
    assert cancelled.total == ("Total", 22)
    assert 'id="training-cancelled-cancelled"' in html


def test_a_page_registered_later_is_in_the_report(as_persona, world: World, monkeypatch) -> None:
    def build(filters):
        return [
            Table(
                key="later",
                caption="A later table",
                columns=(Column("what", "What", kind="label"), Column("n", "Number")),
                rows=[{"what": "Something", "n": 4}],
            )
        ]

    later = Page(
        slug="later", title="A later page", question="change", summary="Later.", build=build
    )
    monkeypatch.setitem(PAGES, "later", later)
    response = as_persona("analyst").get(reverse("insights:report"), world.query())
    part = response.context["report"].parts[2]
    assert "later" in [section.page.slug for section in part.sections]
    section = next(section for section in part.sections if section.page.slug == "later")
    assert section.tables[0].rows == (("Something", "*"),)
    assert "A later page" in response.content.decode()


def test_a_bad_period_is_refused_in_words_and_makes_nothing(as_persona, world: World) -> None:
    query = {"start": world.end.isoformat(), "end": world.start.isoformat()}
    for name in ("insights:report", "insights:report-pdf"):
        response = as_persona("manager").get(reverse(name), query)
        assert response.status_code == 400
        assert b"The last day must be the same as or after the first day" in response.content
    assert not AuditEvent.objects.filter(action="insights.exported").exists()


def test_the_pdf_is_the_report_and_is_audited(as_persona, world: World, manager) -> None:
    response = as_persona("manager").get(reverse("insights:report-pdf"), world.query())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "insights-report-" in response["Content-Disposition"]
    text = text_of(response.content)
    assert "Insights report" in text
    assert "Not for sharing" in text
    assert "Not released by my manager 12" in text
    assert "Total 22" in text
    event = AuditEvent.objects.get(action="insights.exported")
    assert event.actor_label == manager.email
    assert event.detail["form"] == "pdf"
    assert event.detail["what"] == "report"
    assert event.detail["suppressed"] is False


def test_the_analysts_pdf_hides_small_numbers(as_persona, world: World, analyst) -> None:
    response = as_persona("analyst").get(reverse("insights:report-pdf"), world.query(compare=True))
    text = text_of(response.content)
    assert "small numbers are hidden" in text
    assert "Not released by my manager 10" in text
    assert "Time 1 – Time 2" in text
    event = AuditEvent.objects.get(action="insights.exported")
    assert event.detail["suppressed"] is True
    assert len(event.detail["compare"]) == 2


def test_the_report_in_urdu_reads_right_to_left(world: World, team) -> None:
    from littleminds.insights.pages import Filters

    filters = Filters(start=world.start, end=world.end, teams=(team,))
    with translation.override("ur"):
        made = reports.build(filters, suppressed=False)
        html = reports.as_html(made, [])
        pdf = reports.as_pdf(made, [])
    assert 'dir="rtl"' in html
    assert 'lang="ur"' in html
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 4


def test_the_command_makes_the_same_pdf_with_a_progress_bar(world: World, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    output = tmp_path / "report.pdf"
    call_command(
        "insights",
        "report",
        "--from",
        world.start.isoformat(),
        "--to",
        world.end.isoformat(),
        "--team",
        "Parent–Infant Clinical Team",
        "--output",
        str(output),
        stdout=out,
        stderr=err,
    )
    text = text_of(output.read_bytes())
    assert "Not released by my manager 12" in text
    assert "Not for sharing" in text
    assert "Insights report" in err.getvalue()  # tqdm's bar
    assert f"{len(PAGES) + 1}/{len(PAGES) + 1}" in err.getvalue()
    assert f"Wrote {output}" in out.getvalue()
    event = AuditEvent.objects.get(action="insights.exported")
    assert event.actor_label == "system"
    assert event.detail["suppressed"] is False


def test_the_command_covers_every_team_and_can_hide_small_numbers(
    world: World, tmp_path: Path, other_team
) -> None:
    output = tmp_path / "report.pdf"
    call_command(
        "insights",
        "report",
        "--from",
        world.start.isoformat(),
        "--to",
        world.end.isoformat(),
        "--compare",
        "Time 2",
        str(world.snapshots[0].code),
        "--suppressed",
        "--output",
        str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    text = text_of(output.read_bytes())
    assert "small numbers are hidden" in text
    assert "Not released by my manager 10" in text
    assert "Other Team" in text
    assert "Time 1 – Time 2" in text
    event = AuditEvent.objects.get(action="insights.exported")
    assert event.detail["suppressed"] is True
    assert str(other_team.code) in event.detail["teams"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-01"], "is not a date"),
        (["--from", "2026-06-01", "--to", "2026-05-01"], "same as or after the first day"),
        (["--from", "2010-01-01", "--to", "2026-05-01"], "at most 10 years"),
        (["--from", "2026-01-01", "--to", "2026-05-01", "--team", "Nobody"], "No team is called"),
        (
            ["--from", "2026-01-01", "--to", "2026-05-01", "--compare", "Time 1", "Time 9"],
            "The time points are: Time 1, Time 2",
        ),
        (
            ["--from", "2026-01-01", "--to", "2026-05-01", "--compare", "Time 1", "time 1"],
            "other than the first",
        ),
    ],
)
def test_the_command_refuses_bad_arguments_clearly(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message):
        call_command(
            "insights", "report", *arguments, "--output", str(output), stderr=io.StringIO()
        )
    assert not output.exists()
    assert not AuditEvent.objects.filter(action="insights.exported").exists()


def test_the_command_says_when_it_cannot_write(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "insights",
            "report",
            "--from",
            (world.end - timedelta(days=30)).isoformat(),
            "--to",
            world.end.isoformat(),
            "--output",
            str(tmp_path / "missing" / "report.pdf"),
            stderr=io.StringIO(),
        )


def test_the_pdf_downloads_in_urdu_too(as_persona, world: World, settings) -> None:
    client = as_persona("manager")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    response = client.get(reverse("insights:report-pdf"), world.query())
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = text_of(response.content).replace("\x00", "")
    assert "دسمبر" in text or "Insights" in text  # the words, in Urdu where translated
    # The exact figures, whatever the language of the words around them.
    assert " 12 " in text


def test_only_a_long_table_may_run_on_over_pages_of_the_pdf(team, monkeypatch) -> None:
    def build(filters):
        columns = (Column("what", "What", kind="label"), Column("n", "Number"))
        return [
            Table(
                key="long",
                caption="A long table",
                columns=columns,
                rows=[{"what": f"Row {n}", "n": n} for n in range(26)],
            ),
            Table(key="short", caption="A short table", columns=columns, rows=[{"n": 1}]),
        ]

    page = Page(slug="lengths", title="Lengths", question="change", summary="Rows.", build=build)
    monkeypatch.setattr("littleminds.insights.pages.PAGES", {"lengths": page})
    today = timezone.localdate()
    made = reports.build(Filters(start=today, end=today, teams=(team,)), suppressed=False)
    html = reports.as_html(made, [])
    # Kept whole, a table of hundreds of rows was laid out again on each page tried.
    assert html.count('class="lm-report-table lm-report-table--long"') == 1
    assert html.count('class="lm-report-table"') == 1
    assert html.index("lm-report-table--long") < html.index('id="lengths-long"')
    assert html.index('id="lengths-long"') < html.index('class="lm-report-table"')
