"""The funnel and the barrier pages (issue 16's third and fourth views) on small hand-made
datasets: every figure of every table checked against a hand count, the queries pinned,
and the figures suppressed for an analyst."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection

from littleminds.accounts.models import Team, User
from littleminds.accounts.tests.factories import OrganisationFactory, UserFactory
from littleminds.directory.models import Ring
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.insights import page_declines, page_districts, page_funnel, page_waiting
from littleminds.insights.barriers import referrals_sent
from littleminds.insights.models import CommissioningBody
from littleminds.insights.pages import Filters
from littleminds.insights.tables import Disclosed, Table, disclose
from littleminds.insights.tests.barrier_data import (
    at,
    attended,
    attended_public,
    consultation,
    duty_call,
    group_place,
    reach,
    referral,
    training_part,
)
from littleminds.pathway.engine import Route
from littleminds.referrals.models import Intake

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 6, 30)
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def exact(table: Table) -> Disclosed:
    return disclose(table, suppressed=False)


def column(table: Table, key: str) -> list[object]:
    shown = exact(table)
    return [shown.value(n, key) for n in range(len(shown.rows))]


def practitioners(count: int) -> list[User]:
    nursery = OrganisationFactory.create(name="Little Acorns Nursery")
    return [UserFactory.create(organisation=nursery) for _n in range(count)]


def funnel_world(team: Team, other_team: Team, clinician: User) -> None:
    p1, p2, p3, p4, p5, p6 = practitioners(6)
    february = training_part(team, clinician, date(2025, 2, 10))
    february_second = training_part(team, clinician, date(2025, 2, 11))
    december = training_part(team, clinician, date(2024, 12, 1))
    june = training_part(team, clinician, date(2025, 6, 30))
    elsewhere = training_part(other_team, clinician, date(2025, 1, 15))
    # p1: trained 10 Feb; consulted 1 May (within 6 months), referred 1 Sep (beyond).
    attended(february, p1, clinician)
    booked = consultation(team, clinician, p1, date(2025, 5, 1))
    referral(
        team,
        at(date(2025, 9, 1)),
        by=p1,
        consultation_code=booked.booking.code,  # type: ignore[union-attr]
        consultation_on=date(2025, 5, 1),
    )
    # p2: absent on 10 Feb, late on 11 Feb; a group on the last day of the window; a
    # referral on 1 March that followed the navigator's answer of a consultation.
    attended(february, p2, clinician, mark="absent")
    attended(february_second, p2, clinician, mark="late")
    group_place(team, clinician, p2, at(date(2025, 8, 11)))
    referral(
        team,
        at(date(2025, 3, 1)),
        by=p2,
        status="accepted",
        navigator_route=Route.LMM_CONSULTATION,
    )
    # p3: absent and excused, so never trained; declined on 5 March; consulted after it,
    # and that consultation's referral is still a draft.
    attended(february, p3, clinician, mark="absent")
    attended(february_second, p3, clinician, mark="excused")
    later = consultation(team, clinician, p3, date(2025, 3, 20))
    referral(
        team,
        None,
        by=p3,
        status="draft",
        consultation_code=later.booking.code,  # type: ignore[union-attr]
        consultation_on=date(2025, 3, 20),
    )
    referral(team, at(date(2025, 3, 5)), by=p3, status="declined", decline_reason="other")
    # p4: trained before the period; declined on 1 April.
    attended(december, p4, clinician)
    referral(
        team,
        at(date(2025, 4, 1)),
        by=p4,
        status="declined",
        decline_reason="outside_area",
        navigator_route=Route.LMM_REFERRAL,
    )
    # p5: trained with another team; declined on 1 February.
    attended(elsewhere, p5, clinician)
    referral(team, at(date(2025, 2, 1)), by=p5, status="declined", decline_reason="other")
    # p6: trained on the last day; consulted another team; a draft; a referral elsewhere.
    attended(june, p6, clinician)
    consultation(other_team, clinician, p6, date(2025, 7, 1))
    referral(team, None, by=p6, status="draft")
    referral(other_team, at(date(2025, 7, 2)), by=p6)
    # Two people without an account, who registered with their e-mail address: one came on
    # both days (counted once), the other came late; a third was absent; a fourth came to a
    # session that was then cancelled.
    for name, marks in (("ayo", ["present", "present"]), ("bo", ["late"]), ("cy", ["absent"])):
        for part, mark in zip((february, february_second), marks, strict=False):
            attended_public(part, f"{name}@example.org", p1.organisation, clinician, mark=mark)
    cancelled = training_part(team, clinician, date(2025, 3, 3))
    cancelled.session.cancelled_at = at(date(2025, 3, 4))
    cancelled.session.save(update_fields=["cancelled_at"])
    attended_public(cancelled, "dee@example.org", p1.organisation, clinician)
    # A duty call in the period; a family's own referral, declined.
    duty_call(team, clinician, OrganisationFactory.create(name="Ashby Hub"), date(2025, 4, 1))
    referral(team, at(date(2025, 5, 5)), status="declined", decline_reason="outside_age")


def test_the_funnel_counts_by_hand(team, other_team, clinician, django_assert_max_num_queries):
    funnel_world(team, other_team, clinician)
    filters = Filters(start=START, end=END, teams=(team,))
    with django_assert_max_num_queries(9):
        (table,) = page_funnel.build(filters)
    # Trained: p1, p2, p6 and two people without an account (ayo once, bo); of whom with an
    # account: p1, p2, p6. Consulted within 6 months: p1 (1 May), p2 (group on 11 Aug).
    # Referred within 6 months: p2. Consultations: p1's, p3's and the duty call; p1's
    # became a (sent) referral. Referrals sent: p2, p3, p4, p5 and the family's; one
    # followed a navigator's consultation. Declined from practitioners: p3, p4, p5; only
    # p3 had neither trained nor consulted before.
    assert column(table, "number") == [5, 3, 2, 1, 3, 1, 5, 1, 3, 1]
    assert column(table, "base") == [5, 5, 3, 3, 3, 3, 5, 5, 3, 3]
    assert column(table, "share") == [100, 60, 67, 33, 100, 33, 100, 20, 100, 33]


def test_the_funnel_follows_the_organisation_and_ring(
    team, other_team, clinician, django_assert_max_num_queries
) -> None:
    funnel_world(team, other_team, clinician)
    elsewhere = OrganisationFactory.create(name="Elsewhere")
    filters = Filters(start=START, end=END, teams=(team,), organisation=elsewhere)
    (table,) = page_funnel.build(filters)
    assert column(table, "number") == [0] * 10
    # The nursery runs a universal service: its people's training, consultations and
    # referrals stay; the duty call (Ashby Hub, on no ring) and the family's referral go.
    nursery = OrganisationFactory.create(name="Little Acorns Nursery")
    ServiceFactory.create(organisation=nursery, ring=Ring.UNIVERSAL)
    filters = Filters(start=START, end=END, teams=(team,), ring=Ring.UNIVERSAL)
    with django_assert_max_num_queries(14):
        (table,) = page_funnel.build(filters)
    assert column(table, "number") == [5, 3, 2, 1, 2, 1, 4, 1, 3, 1]


def declines_world(team: Team, other_team: Team) -> dict[str, object]:
    core, universal, nowhere = (
        OrganisationFactory.create(name=name) for name in ("Ashby Hub", "Bramley GP", "Cole Hall")
    )
    ServiceFactory.create(organisation=core, ring=Ring.CORE)
    ServiceFactory.create(organisation=core, ring=Ring.UNIVERSAL)
    ServiceFactory.create(organisation=universal, ring=Ring.UNIVERSAL)
    day = at(date(2025, 3, 3))
    for status, reason in (
        ("declined", "outside_area"),
        ("declined", "outside_area"),
        ("redirected", ""),
    ):
        referral(team, day, organisation=core, status=status, decline_reason=reason)
    referral(team, day, organisation=universal, status="accepted")
    referral(
        team, day, organisation=universal, status="declined", decline_reason="not_relationship"
    )
    referral(team, day, organisation=nowhere, status="redirected")
    referral(team, day, status="declined", decline_reason="outside_age")
    referral(team, day, status="accepted")
    # Not counted: a draft, a referral before the period, one to another team.
    referral(team, None, organisation=core, status="draft")
    referral(team, at(date(2024, 12, 31)), organisation=core, status="declined")
    referral(other_team, day, organisation=core, status="declined", decline_reason="other")
    return {"core": core}


def test_declines_count_by_hand(team, other_team, django_assert_max_num_queries) -> None:
    declines_world(team, other_team)
    filters = Filters(start=START, end=END, teams=(team,))
    # The referrals (practitioners' and families' together), the rings, the names.
    with django_assert_max_num_queries(3):
        reasons, organisations, rings, families = page_declines.build(filters)
    shown = exact(reasons)
    assert [row[:3] for row in shown.rows] == [
        ("The child is outside the service's age range", 0, 1),
        ("The family lives outside the service's area", 2, 0),
        ("The worry is not about the parent–baby relationship", 1, 0),
        ("Another service is better placed to help", 0, 0),
        ("The family did not agree to the referral", 0, 0),
        ("Another reason", 0, 0),
        ("Consultation offered instead (redirected)", 2, 0),
    ]
    assert shown.total == ("Total", 5, 1)
    assert exact(organisations).rows == (
        ("Ashby Hub", 3, 2, 67, 1, 33),
        ("Bramley GP", 2, 1, 50, 0, 0),
        ("Cole Hall", 1, 0, 0, 1, 100),
    )
    assert exact(organisations).total == ("Total", 6, 3, 50, 2, 33)
    assert exact(rings).rows == (
        ("Core", 3, 2, 67, 1, 33),
        ("Universal", 2, 1, 50, 0, 0),
        (str(Ring.RISK_FACTORS.label), 0, 0, None, 0, None),
        ("On no ring of the system map", 1, 0, 0, 1, 100),
    )
    assert exact(families).rows == (("Families' own referrals", 2, 1, 50, 0, 0),)


def test_declines_narrowed_to_a_ring_keep_families_apart(team, other_team) -> None:
    declines_world(team, other_team)
    filters = Filters(start=START, end=END, teams=(team,), ring=Ring.CORE)
    reasons, organisations, rings, families = page_declines.build(filters)
    assert exact(organisations).rows == (("Ashby Hub", 3, 2, 67, 1, 33),)
    assert column(rings, "sent") == [3, 0, 0, 0]
    assert column(reasons, "families") == [1, 0, 0, 0, 0, 0, 0]
    assert column(families, "sent") == [2]


def test_declines_by_organisation_most_first_and_the_page_shows_the_first(
    team, other_team, monkeypatch
) -> None:
    declines_world(team, other_team)
    busy = OrganisationFactory.create(name="Zeal Nursery")
    quiet = OrganisationFactory.create(name="Abbey Clinic")
    day = at(date(2025, 3, 3))
    for _n in range(12):
        referral(team, day, organisation=busy, status="accepted")
    referral(team, day, organisation=quiet, status="declined", decline_reason="outside_area")
    monkeypatch.setattr(page_declines, "SHOWN", 2)
    organisations = page_declines.build(Filters(start=START, end=END, teams=(team,)))[1]
    shown = exact(organisations)
    # The most referrals first; counts of 1 to 7 by name, as suppression shows them alike.
    assert [row[0] for row in shown.rows] == [
        "Zeal Nursery",
        "Abbey Clinic",
        "Ashby Hub",
        "Bramley GP",
        "Cole Hall",
    ]
    assert [row[:2] for row in shown.page_rows] == [("Zeal Nursery", 12), ("Abbey Clinic", 1)]
    assert shown.total is not None
    assert shown.total[:2] == ("Total", 19)
    assert "shows the 2 organisations" in str(organisations.note)


def waiting_world(team: Team, other_team: Team) -> None:
    for sent, decided, contacted in (
        (at(date(2025, 1, 10), 9), 2, 5),
        (at(date(2025, 1, 20), 9), 4, None),
        (at(date(2025, 2, 3), 9), 10, 12),
        (at(date(2025, 2, 5), 12), 1, 3.6),
    ):
        referral(
            team,
            sent,
            status="accepted",
            decided_at=sent + timedelta(days=decided),
            first_contact_at=None if contacted is None else sent + timedelta(days=contacted),
        )
    referral(team, at(date(2025, 2, 6)))  # still waiting
    sent = at(date(2025, 1, 10))
    referral(other_team, sent, status="accepted", decided_at=sent + timedelta(days=30))


def test_waiting_times_by_hand(team, other_team, django_assert_max_num_queries) -> None:
    waiting_world(team, other_team)
    filters = Filters(start=START, end=END, teams=(team,))
    with django_assert_max_num_queries(3):
        overall, months, teams = page_waiting.build(filters)
    # Decisions after 1, 2, 4 and 10 days: the median halfway between 2 and 4; the 90th
    # percentile at 2.7 of the 3 steps, 4 + 0.7 × 6. Contacts after 3.6, 5 and 12 days.
    assert exact(overall).rows == (("All referrals sent in the period", 4, 3.0, 8.2, 3, 5.0, 10.6),)
    shown = exact(months)
    assert shown.rows[0] == ("January 2025", 2, 3.0, 3.8, 1, 5.0, 5.0)
    assert shown.rows[1] == ("February 2025", 2, 5.5, 9.1, 2, 7.8, 11.2)
    assert [row[0] for row in shown.rows[2:]] == [
        "March 2025",
        "April 2025",
        "May 2025",
        "June 2025",
    ]
    assert all(row[1:] == (0, None, None, 0, None, None) for row in shown.rows[2:])
    elsewhere = OrganisationFactory.create(name="Elsewhere")
    narrowed = Filters(start=START, end=END, teams=(team,), organisation=elsewhere)
    assert exact(page_waiting.build(narrowed)[0]).rows[0][1:] == (0, None, None, 0, None, None)
    both = Filters(start=START, end=END, teams=(team, other_team))
    _overall, _months, teams = page_waiting.build(both)
    by_team = {row[0]: row[1:] for row in exact(teams).rows}
    assert by_team[team.name] == (4, 3.0, 8.2, 3, 5.0, 10.6)
    assert by_team[other_team.name] == (1, 30.0, 30.0, 0, None, None)


def test_postgresql_works_out_the_same_figures(team, other_team) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    waiting_world(team, other_team)
    referrals = referrals_sent(Filters(start=START, end=END, teams=(team, other_team)))
    overall, months, teams = page_waiting.on_postgresql(referrals)
    fetched = page_waiting.in_python(referrals)
    assert overall == pytest.approx(fetched[0])
    assert months.keys() == fetched[1].keys()
    assert teams.keys() == fetched[2].keys()
    for month, figures in months.items():
        assert figures == pytest.approx(fetched[1][month])
    for pk, figures in teams.items():
        assert figures == pytest.approx(fetched[2][pk])


def test_the_percentiles_are_numpys_linear_ones() -> None:
    assert page_waiting.percentiles([]) == (None, None)
    assert page_waiting.percentiles([7.0]) == (7.0, 7.0)
    assert page_waiting.percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == (5.5, 9.1)


def districts_world(team: Team, other_team: Team, worker: User) -> None:
    area = AreaFactory.create(
        prefixes=[
            ("BD1", date(2020, 4, 1), None),
            ("BD2", date(2025, 3, 1), None),
            ("BD3 4", date(2025, 8, 1), None),
            ("BD4 1", date(2025, 5, 1), None),
            ("BD4", date(2025, 4, 1), None),
        ]
    )
    Intake.objects.create(team=team, service=ServiceFactory.create(), area=area, is_default=True)
    reach(team, worker, date(2025, 2, 1), "BD1", 3, 2)
    reach(team, worker, date(2025, 2, 15), "BD2", 4, 4)
    reach(team, worker, date(2025, 3, 1), "BD2", 1, 1)
    reach(team, worker, date(2025, 2, 1), "BD9", 6, 0)
    reach(other_team, worker, date(2025, 2, 1), "BD1", 50, 50)
    reach(team, worker, date(2024, 12, 1), "BD1", 50, 50)
    for day, hour, district in (
        (date(2025, 2, 28), 23, "BD2"),
        (date(2025, 3, 1), 0, "BD2"),
        (date(2025, 1, 5), 10, "BD1"),
        (date(2025, 4, 2), 10, "BD4"),
        (date(2025, 2, 1), 10, "BD3"),
        (date(2025, 6, 1), 10, "BD9"),
    ):
        referral(team, at(day, hour, 30), postcode_district=district)
    referral(other_team, at(date(2025, 3, 3)), postcode_district="BD1")


def test_districts_before_and_after_they_joined(
    team, other_team, community_worker, django_assert_max_num_queries
) -> None:
    districts_world(team, other_team, community_worker)
    filters = Filters(start=START, end=END, teams=(team,))
    with django_assert_max_num_queries(3):
        (table,) = page_districts.build(filters)
    shown = exact(table)
    assert shown.rows == (
        ("BD1", "Joined on 1 April 2020", 0, 5, 0, 1),
        ("BD2", "Joined on 1 March 2025", 8, 2, 1, 1),
        ("BD3", "Joins on 1 August 2025", 0, 0, 1, 0),
        ("BD4", "Joined on 1 April 2025", 0, 0, 0, 1),
        ("BD9", "Not in the area", 6, 0, 1, 0),
    )
    assert shown.total == ("Total", None, 14, 7, 3, 3)
    # An organisation narrows the referrals (these are families' own), never the reach.
    elsewhere = OrganisationFactory.create(name="Elsewhere")
    narrowed = Filters(start=START, end=END, teams=(team,), organisation=elsewhere)
    (table,) = page_districts.build(narrowed)
    assert exact(table).total == ("Total", None, 14, 7, 0, 0)


@pytest.mark.parametrize("slug", ["funnel", "declines", "waiting", "districts"])
def test_the_analyst_sees_them_suppressed(
    as_persona, analyst, team, other_team, clinician, community_worker, slug
) -> None:
    funnel_world(team, other_team, clinician)
    declines_world(team, other_team)
    waiting_world(team, other_team)
    districts_world(team, other_team, community_worker)
    body = CommissioningBody.objects.create(name="West Yorkshire ICB")
    body.teams.add(team)
    body.members.add(analyst)
    response = as_persona("analyst").get(f"/insights/{slug}/", PERIOD)
    assert response.status_code == 200
    tables = response.context["tables"]
    assert tables
    assert all(shown.suppressed for shown in tables)
    stars = 0
    for shown in tables:
        kinds = [c.kind for c in shown.table.columns]
        for row in shown.rows:
            for cell, kind in zip(row, kinds, strict=True):
                stars += cell == "*"
                if kind == "count":
                    # Never a small number: "*", nought, or rounded to 5.
                    assert cell == "*" or (isinstance(cell, int) and cell % 5 == 0), row
                elif kind == "statistic":
                    # The small datasets never make a statistic of 8 or more.
                    assert cell in ("*", None), row
    assert stars, "the small counts are hidden"
    assert b"*" in response.content
    manager_view = as_persona("manager").get(f"/insights/{slug}/", PERIOD)
    assert manager_view.status_code == 200
    assert not any(shown.suppressed for shown in manager_view.context["tables"])
    assert manager_view.context["charts"]
    assert b"<svg" in manager_view.content


def test_no_page_names_a_library_or_a_database_function() -> None:
    """Commissioners read the pages: plain words, never the name of a library or of a
    database's function (the waiting page once said "as numpy and PostgreSQL's
    percentile_cont do")."""
    from littleminds.insights import catalogue  # noqa: F401 - every page registered
    from littleminds.insights.pages import PAGES

    names = ("numpy", "scipy", "statsmodels", "percentile_cont", "postgresql", "sqlite")
    for page in PAGES.values():
        words = f"{page.title} {page.summary}".lower()
        assert not [name for name in names if name in words], page.slug
