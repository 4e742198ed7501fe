"""The reach report (issue 15, ADR 0039): sums by district and language for a hand-made set
of events, reach and self-referrals; exact figures for the team, suppressed ones for the
analyst; the period filter; the downloads; who may see it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.audit.testing import chain_lock_queries
from littleminds.community import selectors_report as reach_report
from littleminds.community.languages import Language
from littleminds.community.models import Reach, ReachMaterial
from littleminds.community.tests import factories
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import HeardFrom, Referral
from littleminds.referrals.tests.factories import details, intake_for

URL = reverse("community:reach")
CSV = reverse("community:reach-csv")
XLSX = reverse("community:reach-xlsx")
ONLINE = "Online or not recorded"

pytestmark = pytest.mark.django_db


def _reach(
    by: User, team: Team, district: str, adults: int, babies: int, *, days: int = 10, **more: Any
) -> Reach:
    materials = more.pop("materials", {})
    record = Reach.objects.create(
        team=team,
        campaign=factories.campaign(by, team),
        day=timezone.localdate() - timedelta(days=days),
        postcode_district=district,
        adults=adults,
        babies=babies,
        created_by=by,
        **more,
    )
    for language, count in materials.items():
        ReachMaterial.objects.create(reach=record, language=language, count=count)
    return record


def _self_referral(postcode: str, heard_from: str, language: str) -> Referral:
    referral, _new = referral_services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(postcode=postcode, heard_from=heard_from, language=language),
    )
    return referral


@pytest.fixture
def world(team: Team, other_team: Team, community_worker: User) -> dict[str, Any]:
    """Events, reach and self-referrals of the team, with some that do not count."""
    by = community_worker
    intake_for(team)
    # Events held in the period: two in BD3 (Urdu, one with a Polish interpreter), one online.
    factories.event(by, team, days=-10, language=Language.URDU, interpreter=Language.POLISH)
    factories.event(by, team, days=-20, language=Language.URDU)
    factories.event(
        by,
        team,
        days=-5,
        online=True,
        venue="",
        address="",
        postcode="",
        postcode_district="",
        language=Language.ENGLISH,
    )
    # Not counted: still to come, cancelled, before the period.
    factories.event(by, team, days=5)
    factories.event(by, team, days=-3, cancelled_at=timezone.now())
    factories.event(by, team, days=-400)

    _reach(by, team, "BD3", 10, 4, materials={Language.URDU: 20, Language.ENGLISH: 5})
    _reach(by, team, "BD3", 3, 2, days=20, online_views=100)
    _reach(by, team, "BD7", 2, 1, materials={Language.POLISH: 3})
    _reach(by, team, "BD3", 99, 99, days=400)  # before the period
    other = UserFactory.create(
        email="other.worker@test.example", roles=[(Role.COMMUNITY_WORKER, other_team)]
    )
    _reach(other, other_team, "BD3", 50, 0, materials={Language.URDU: 40})

    _self_referral("BD3 9AA", HeardFrom.EVENT, "ur")
    _self_referral("BD3 9AB", HeardFrom.EVENT, "ur")
    _self_referral("BD3 9AD", "", "en")
    _self_referral("BD7 1DP", HeardFrom.LEAFLET, "pl")
    # Not counted: a practitioner's referral, and a self-referral before the period.
    referral_services.referral_create(
        kind=Referral.Kind.PRACTITIONER,
        details=details(postcode="BD3 9AA"),
        organisation=team.organisation,
        referrer_contact={
            "referrer_name": "Amira Ashdown",
            "referrer_role": "Health visitor",
            "referrer_email": "amira@hv.example",
        },
    )
    old = _self_referral("BD3 9AE", HeardFrom.SOCIAL_MEDIA, "ur")
    Referral.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=500))
    return {"team": team, "other_team": other_team}


def _rows(report: reach_report.ReachReport, key: str) -> dict[str, list[Any]]:
    table = report.table(key)
    return {str(row[0]): list(row[1:]) for row in table.rows}


def _report(user: User, **kwargs: Any) -> reach_report.ReachReport:
    start, end = reach_report.default_period()
    return reach_report.report(by=user, start=start, end=end, **kwargs)


# Events, adults, babies, materials, views, self-referrals; then heard at an event, from a
# leaflet, social media, a professional, a friend, another way, and did not say.
BD3_EXACT = [2, 13, 6, 25, 100, 3, 2, 0, 0, 0, 0, 0, 1]
BD7_EXACT = [0, 2, 1, 3, 0, 1, 0, 1, 0, 0, 0, 0, 0]
ONLINE_EXACT = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
# The analyst's totals: of what is shown, marked when they left out a "*".
ANALYST_TOTAL = ["*", "65 + *", "*", "65 + *", 100, "*", "*", "*", 0, 0, 0, 0, "*"]


def test_the_team_sees_exact_sums_by_district(world: dict[str, Any], manager: User) -> None:
    # The manager triages the team that received the self-referrals: all exact.
    report = _report(manager)
    assert not report.suppressed
    table = report.table("reach-district")
    # The highest reach first; the district without one last.
    assert [row[0] for row in table.rows] == ["BD3", "BD7", ONLINE]
    rows = _rows(report, "reach-district")
    assert rows["BD3"] == BD3_EXACT
    assert rows["BD7"] == BD7_EXACT
    assert rows[ONLINE] == ONLINE_EXACT
    assert table.total == ["All districts", 3, 15, 7, 28, 100, 4, 2, 1, 0, 0, 0, 0, 1]
    assert len(table.headings) == len(table.total)


def test_the_team_sees_exact_sums_by_language(world: dict[str, Any], manager: User) -> None:
    rows = _rows(_report(manager), "reach-language")
    # An event with an interpreter counts for the interpreter's language too.
    assert rows["Urdu"] == [2, 20, 2]
    assert rows["Polish"] == [1, 3, 1]
    assert rows["English"] == [1, 5, 1]
    assert rows["Bengali"] == [0, 0, 0]
    assert rows["Another language"] == [0, 0, 0]
    assert rows["Language not given"] == [0, 0, 0]
    assert _report(manager).table("reach-language").total == ["All languages", 4, 28, 4]


def test_the_analyst_sees_every_team_with_small_numbers_suppressed(
    world: dict[str, Any], analyst: User
) -> None:
    report = _report(analyst)
    assert report.suppressed
    rows = _rows(report, "reach-district")
    # BD3 with the other team's reach: 63 adults, 6 babies, 65 materials, 3 self-referrals.
    assert rows["BD3"] == ["*", 65, "*", 65, 100, "*", "*", 0, 0, 0, 0, 0, "*"]
    assert rows["BD7"] == [0, "*", "*", "*", 0, "*", 0, "*", 0, 0, 0, 0, 0]
    # Totals are recomputed from what is shown, "*" as 0.
    # Totals are recomputed from what is shown, and marked when they left out a "*".
    total = report.table("reach-district").total
    assert total == ["All districts", *ANALYST_TOTAL]
    languages = _rows(report, "reach-language")
    assert languages["Urdu"] == ["*", 60, "*"]
    assert report.table("reach-language").total == ["All languages", "*", "60 + *", "*"]
    # The chart shows what the table shows.
    bd3 = next(bar for bar in report.bars if bar.district == "BD3")
    assert (bd3.reached, bd3.referred) == (65, "*")


def test_a_manager_with_two_teams_may_choose_one(
    world: dict[str, Any], other_team: Team, community_worker: User
) -> None:
    both = UserFactory.create(
        email="both@test.example",
        roles=[(Role.COMMUNITY_WORKER, world["team"]), (Role.COMMUNITY_WORKER, other_team)],
    )
    assert _rows(_report(both), "reach-district")["BD3"][1] == 63
    assert _rows(_report(both, team=other_team), "reach-district")["BD3"][1] == 50
    # A team of someone else's is no one's to choose.
    from django.http import Http404

    with pytest.raises(Http404):
        _report(community_worker, team=other_team)


def test_the_page_shows_the_tables_and_chart_and_is_audited(
    world: dict[str, Any], manager: User, as_persona: Any
) -> None:
    response = as_persona("manager").get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    start, end = reach_report.default_period()
    assert f"From {start:%-d %B %Y} to {end:%-d %B %Y}" in text
    assert 'role="region" aria-labelledby="reach-district-caption" tabindex="0"' in text
    assert 'role="region" aria-labelledby="reach-language-caption" tabindex="0"' in text
    assert "<svg" in text
    assert 'role="img"' in text
    assert "Reached: 19" in text
    assert "Self-referrals: 3" in text
    assert "small numbers are hidden" not in text
    assert f"{CSV}?start={start.isoformat()}&amp;end={end.isoformat()}" in text
    event = AuditEvent.objects.get(action="community.reach_viewed")
    assert event.actor_code == manager.code
    assert event.detail["from"] == start.isoformat()
    assert event.detail["suppressed"] is False


def test_the_analyst_is_told_small_numbers_are_hidden(
    world: dict[str, Any], as_persona: Any
) -> None:
    text = as_persona("analyst").get(URL).content.decode()
    assert "small numbers are hidden" in text
    assert "Reached: 65" in text
    assert "Self-referrals: *" in text
    assert ">13<" not in text


def test_a_period_typed_as_day_month_and_year(world: dict[str, Any], as_persona: Any) -> None:
    day = timezone.localdate() - timedelta(days=10)
    response = as_persona("community_worker").get(
        URL,
        {
            **{"start_day": day.day, "start_month": day.month, "start_year": day.year},
            **{"end_day": day.day, "end_month": day.month, "end_year": day.year},
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    # Only the reach of that day, and the event held on it.
    assert "Reached: 14" in text
    assert "Reached: 19" not in text
    assert f"?start={day.isoformat()}&amp;end={day.isoformat()}" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start_day": "31", "start_month": "2", "start_year": "2026"}, "must be a real date"),
        (
            {"start_day": "1", "start_month": "4", "start_year": "2026"},
            "Enter the last day of the period",
        ),
        (
            {
                **{"start_day": "2", "start_month": "4", "start_year": "2026"},
                **{"end_day": "1", "end_month": "4", "end_year": "2026"},
            },
            "The last day must be the same as or after the first day",
        ),
        (
            {
                **{"start_day": "1", "start_month": "1", "start_year": "2010"},
                **{"end_day": "2", "end_month": "1", "end_year": "2020"},
            },
            "The period can be at most 10 years long",
        ),
    ],
)
@pytest.mark.parametrize("url", [URL, CSV, XLSX])
def test_bad_dates_get_the_error_summary_and_read_nothing(
    community_worker: User, as_persona: Any, query: dict[str, str], message: str, url: str
) -> None:
    response = as_persona("community_worker").get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "There is a problem" in text
    assert message in text
    assert "reach-district-caption" not in text
    assert not AuditEvent.objects.filter(action__startswith="community.reach").exists()


def test_a_team_not_on_the_list_is_refused_with_a_message(
    world: dict[str, Any], other_team: Team, as_persona: Any, sign_in: Any
) -> None:
    from django.test import Client

    both = UserFactory.create(
        email="both@test.example",
        roles=[(Role.COMMUNITY_WORKER, world["team"]), (Role.COMMUNITY_WORKER, other_team)],
    )
    client = sign_in(Client(), both)
    start, end = reach_report.default_period()
    period = {
        **{"start_day": start.day, "start_month": start.month, "start_year": start.year},
        **{"end_day": end.day, "end_month": end.month, "end_year": end.year},
    }
    text = client.get(URL).content.decode()
    assert "All teams" in text
    assert "Other Team" in text
    response = client.get(URL, {**period, "team": "not-a-team"})
    assert response.status_code == 400
    assert "Select a team from the list" in response.content.decode()
    response = client.get(URL, {**period, "team": str(other_team.code)})
    assert response.status_code == 200
    assert "Reached: 50" in response.content.decode()


def test_the_csv_has_both_tables_with_the_same_figures(
    world: dict[str, Any], as_persona: Any
) -> None:
    response = as_persona("manager").get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    start, end = reach_report.default_period()
    assert f'filename="community-reach-{start}-to-{end}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Reach and self-referrals by postcode district"] in rows
    assert ["BD3", *[str(n) for n in BD3_EXACT]] in rows
    assert ["Urdu", "2", "20", "2"] in rows
    assert AuditEvent.objects.get(action="community.reach_downloaded").detail["format"] == "csv"


def test_the_spreadsheet_has_a_sheet_a_table_suppressed_for_the_analyst(
    world: dict[str, Any], as_persona: Any
) -> None:
    response = as_persona("analyst").get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About this report", "By district", "By language"]
    about = [list(row) for row in book["About this report"].iter_rows(values_only=True)]
    assert any(row[0] == "Small numbers" for row in about)
    districts = list(book["By district"].iter_rows(values_only=True))
    assert districts[0][0] == "Reach and self-referrals by postcode district"
    assert districts[1][:3] == ("Postcode district", "Events held", "Adults reached")
    assert districts[2] == ("BD3", "*", 65, "*", 65, 100, "*", "*", 0, 0, 0, 0, 0, "*")
    assert ("All districts", *ANALYST_TOTAL) in districts
    assert ("All languages", "*", "60 + *", "*") in list(
        book["By language"].iter_rows(values_only=True)
    )
    assert any(row[0] == "Totals marked + *" for row in about)
    languages = list(book["By language"].iter_rows(values_only=True))
    assert ("Urdu", "*", 60, "*") in languages
    assert AuditEvent.objects.get(action="community.reach_downloaded").detail["format"] == "xlsx"


def test_the_spreadsheet_for_the_team_is_exact(world: dict[str, Any], as_persona: Any) -> None:
    book = load_workbook(io.BytesIO(as_persona("manager").get(XLSX).content))
    districts = list(book["By district"].iter_rows(values_only=True))
    assert districts[2] == ("BD3", *BD3_EXACT)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("community_worker", 200),
        ("manager", 200),
        ("analyst", 200),
        ("clinician", 404),
        ("other_clinician", 404),
        ("trainer", 404),
        ("practitioner", 404),
        ("researcher", 404),
        ("sysadmin", 404),
    ],
)
def test_who_may_see_the_report(as_persona: Any, persona: str, status: int) -> None:
    for url in (URL, CSV, XLSX):
        assert as_persona(persona).get(url).status_code == status


def test_visitors_are_sent_to_sign_in(client: Any) -> None:
    for url in (URL, CSV, XLSX):
        assert client.get(url).status_code == 302


def test_a_fixed_number_of_queries(
    world: dict[str, Any],
    community_worker: User,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):
        _reach(community_worker, world["team"], f"BD{10 + n}", 8, 1, materials={"ur": 2})
        factories.event(community_worker, world["team"], days=-30 - n)
    community_worker.forget_roles()
    with django_assert_max_num_queries(10 + chain_lock_queries()):
        _report(community_worker)


# Issue 15's walk -----------------------------------------------------------------------------


def test_self_referrals_of_every_team_are_counted_and_suppressed_outside_triage(
    world: dict[str, Any], community_worker: User
) -> None:
    # The team's community worker does not triage its referrals: the self-referrals are
    # figures from outside their own work, so they are suppressed, and the reach is exact.
    report = _report(community_worker)
    assert report.referrals_suppressed
    assert not report.suppressed
    rows = _rows(report, "reach-district")
    assert rows["BD3"] == [2, 13, 6, 25, 100, "*", "*", 0, 0, 0, 0, 0, "*"]
    total = report.table("reach-district").total
    assert total == ["All districts", 3, 15, 7, 28, 100, "*", "*", "*", 0, 0, 0, 0, "*"]
    assert _rows(report, "reach-language")["Urdu"] == [2, 20, "*"]
    # Another team's community worker: the families referred themselves to the clinical
    # team, and are counted beside this team's messaging all the same.
    other = User.objects.get(email="other.worker@test.example")
    rows = _rows(_report(other), "reach-district")
    assert rows["BD3"][5] == "*"
    assert rows["BD7"][5] == "*"


def test_a_worker_is_told_the_self_referrals_are_suppressed(
    world: dict[str, Any], as_persona: Any
) -> None:
    text = as_persona("community_worker").get(URL).content.decode()
    assert "in the self-referral columns small numbers are hidden" in text
    assert "A total marked “+ *” leaves out figures shown as *" in text
    assert "Self-referrals: *" in text
    rows = list(
        csv.reader(io.StringIO(as_persona("community_worker").get(CSV).content.decode("utf-8-sig")))
    )
    assert [
        "All districts",
        "3",
        "15",
        "7",
        "28",
        "100",
        "*",
        "*",
        "*",
        "0",
        "0",
        "0",
        "0",
        "*",
    ] in rows


def test_the_analyst_is_told_how_totals_are_marked(world: dict[str, Any], as_persona: Any) -> None:
    text = as_persona("analyst").get(URL).content.decode()
    assert "A total marked “+ *” leaves out figures shown as *" in text
    assert "<strong>65 + *</strong>" in text
    rows = list(csv.reader(io.StringIO(as_persona("analyst").get(CSV).content.decode("utf-8-sig"))))
    assert ["All districts", *[str(n) for n in ANALYST_TOTAL]] in rows


def test_no_fixed_address_is_shown_in_words(world: dict[str, Any], manager: User) -> None:
    _reach(manager, world["team"], "ZZ99", 3, 1)
    rows = _rows(_report(manager), "reach-district")
    assert rows["No fixed address"][1:3] == [3, 1]
    assert "ZZ99" not in rows
