"""The demonstration's history for the insights (`demo/insights.py`): the story issue 16's
"Demonstration data" asks for, counted on the records the tallies are made from, after the
whole demonstration has loaded as `littleminds demo-data` loads it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team
from littleminds.audit.models import AuditEvent
from littleminds.audit.selectors import audit_chain_verify
from littleminds.community.models import Campaign, Reach
from littleminds.consultations.models_records import ConsultationRecord
from littleminds.demo import data, insights, organisation_kinds
from littleminds.directory.models import AreaCoverage, MapSnapshot
from littleminds.insights import page_funnel
from littleminds.insights.models import CommissioningBody
from littleminds.insights.pages import Filters
from littleminds.insights.selectors import organisation_rings
from littleminds.pathway.engine import Route
from littleminds.pathway.models import Recommendation
from littleminds.referrals.models import Referral
from littleminds.training.models_attendance import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> dict[str, int]:
    data.load()
    organisation_kinds.apply()
    return insights.load()


def _year_before(day: date) -> tuple[date, date]:
    return day - timedelta(days=365), day - timedelta(days=1)


def _sent() -> QuerySet[Referral]:
    return Referral.objects.exclude(status="draft")


# The demonstration takes most of a minute to load, so one test checks the whole story,
# a part at a time.
def test_the_history_tells_the_story_the_views_show(loaded) -> None:
    _the_nursery_was_mostly_declined_until_its_staff_trained()
    _the_risk_factors_ring_engaged_more_by_the_second_time_point()
    _referrals_come_from_the_districts_that_joined_when_the_area_grew()
    _reach_came_to_the_districts_that_joined_when_the_area_grew()


def _the_nursery_was_mostly_declined_until_its_staff_trained() -> None:
    nursery = _sent().filter(referrer_organisation__name=insights.STORY_ORGANISATION)
    before = Counter(
        nursery.filter(submitted_at__date__lt=insights.STORY_TRAINED).values_list(
            "status", flat=True
        )
    )
    after = Counter(
        nursery.filter(submitted_at__date__gte=insights.STORY_TRAINED).values_list(
            "status", flat=True
        )
    )

    assert sum(before.values()) >= 15
    assert sum(after.values()) >= 30
    assert before["declined"] / sum(before.values()) > 0.6
    assert after["declined"] / sum(after.values()) < 0.15
    assert after["accepted"] / sum(after.values()) > 0.6
    # Declined because the worry was not the relationship or another service was better.
    reasons = set(
        nursery.filter(
            submitted_at__date__lt=insights.STORY_TRAINED, status="declined"
        ).values_list("decline_reason", flat=True)
    )
    assert reasons == {"not_relationship", "better_elsewhere"}
    # None of its staff trained before that day; six did on it.
    trained = Attendance.objects.filter(
        registration__organisation__name=insights.STORY_ORGANISATION, mark__in=["present", "late"]
    )
    assert not trained.filter(part__day__lt=insights.STORY_TRAINED).exists()
    assert trained.filter(part__day=insights.STORY_TRAINED).count() == insights.STORY_TRAINEES


def _the_risk_factors_ring_engaged_more_by_the_second_time_point() -> None:
    first, second = (s.taken_on for s in MapSnapshot.objects.order_by("taken_on"))
    rings = organisation_rings()
    ring = [pk for pk, held in rings.items() if held == "risk_factors"]
    on_ring = set(Organisation.objects.filter(pk__in=ring).values_list("name", flat=True))
    assert set(insights.RING_ORGANISATIONS) <= on_ring

    def counts(period: tuple[date, date]) -> tuple[int, int, int, int]:
        return (
            _sent()
            .filter(referrer_organisation__in=ring, submitted_at__date__range=period)
            .count(),
            ConsultationRecord.objects.filter(organisation__in=ring, held_on__range=period).count(),
            Attendance.objects.filter(
                registration__organisation__in=ring,
                part__day__range=period,
                mark__in=["present", "late"],
            ).count(),
            _sent().filter(submitted_at__date__range=period).count(),
        )

    referrals_1, consultations_1, trained_1, all_1 = counts(_year_before(first))
    referrals_2, consultations_2, trained_2, all_2 = counts(_year_before(second))

    assert referrals_2 >= 15
    assert referrals_2 >= 5 * max(referrals_1, 1)
    assert consultations_2 >= 15
    assert consultations_2 >= 4 * max(consultations_1, 1)
    assert trained_1 == 0
    assert trained_2 >= 20
    # The ring's share of all referrals grew, not only its count.
    assert referrals_2 / all_2 > 3 * referrals_1 / all_1


def _referrals_come_from_the_districts_that_joined_when_the_area_grew() -> None:
    history = _sent().filter(idempotency_key__startswith=insights.KEY_PREFIX)
    before = history.filter(submitted_at__date__lt=insights.AREA_GREW)
    after = history.filter(submitted_at__date__gte=insights.AREA_GREW)
    first_sectors = set(insights.BETTER_START)

    assert before.count() >= 20
    assert {r.postcode[: len(r.postcode) - 2] for r in before} <= first_sectors
    joined = [r for r in after if r.postcode[: len(r.postcode) - 2] not in first_sectors]
    assert len(joined) / after.count() > 0.7
    assert len({r.postcode_district for r in joined}) >= 15
    # Every family lived where the team's dated area covered on the day it was sent.
    coverage = list(AreaCoverage.objects.filter(area__key="lmm-clinical"))
    for referral in history:
        assert referral.submitted_at is not None
        day = referral.submitted_at.date()
        assert any(
            referral.postcode.startswith(c.prefix + ("" if " " in c.prefix else " "))
            and c.valid_from <= day
            and (c.valid_to is None or day <= c.valid_to)
            for c in coverage
        ), referral.postcode


def _reach_came_to_the_districts_that_joined_when_the_area_grew() -> None:
    reach = Reach.objects.filter(campaign__theme__startswith="Little minds, big feelings")
    before = set(
        reach.filter(day__lt=insights.AREA_GREW).values_list("postcode_district", flat=True)
    )
    after = list(
        reach.filter(day__gte=insights.AREA_GREW).values_list("postcode_district", flat=True)
    )

    assert before == {"BD3", "BD4", "BD5", "BD8"}
    joined = [district for district in after if district not in before]
    assert len(joined) / len(after) > 0.7
    assert len(set(joined)) >= 15


def test_a_commissioning_body_funds_the_teams_and_loading_again_adds_nothing(loaded) -> None:
    body = CommissioningBody.objects.get(name=insights.BODY)
    assert set(body.teams.values_list("name", flat=True)) == {
        data.CLINICAL_TEAM,
        data.COMMUNITY_TEAM,
    }
    assert list(body.members.values_list("email", flat=True)) == [insights.ANALYST]
    campaigns = Campaign.objects.filter(theme__startswith="Little minds, big feelings").count()
    made = sum(loaded.values()) - loaded["commissioning_bodies"] + campaigns
    assert AuditEvent.objects.filter(action=insights.ACTION).count() == made + 1
    assert audit_chain_verify().ok
    counts = (Referral.objects.count(), ConsultationRecord.objects.count())

    again = insights.load()

    assert not any(again.values())
    assert (Referral.objects.count(), ConsultationRecord.objects.count()) == counts


def test_the_funnel_and_the_navigator_tell_a_story(loaded) -> None:
    """Issue 16's browser walk: the funnel counted 4 people trained where embeddedness
    showed 93 places, and no one had ever asked the navigator. Now a good share of the
    people at the courses came with an account, many of them then consulted and referred,
    consultations that advised a referral became one, and the navigator answered across
    the organisations and years, the ring far more once it engaged."""

    # A year of the history's courses (they stop half a year before today).
    end = timezone.localdate() - timedelta(weeks=27)
    filters = Filters(start=end - timedelta(days=364), end=end, teams=tuple(Team.objects.all()))
    (table,) = page_funnel.build(filters)
    number = [row["number"] for row in table.rows]
    everyone, followed, consulted, referred = (int(n or 0) for n in number[:4])
    assert everyone >= 40
    assert 0.25 <= followed / everyone <= 0.75
    assert 0.2 <= consulted / followed < 1
    assert 0.2 <= referred / followed < 1
    consultations, became = int(number[4] or 0), int(number[5] or 0)
    assert became >= 3
    assert became / consultations >= 0.05
    assert int(number[7] or 0) >= 5  # the navigator had sent towards a consultation
    # Every consultation that became a referral did so through its own practitioner.
    from_consultations = Referral.objects.exclude(consultation_code=None)
    assert from_consultations.count() >= 20
    records = ConsultationRecord.objects.filter(
        booking__code__in=from_consultations.values("consultation_code")
    )
    assert not records.exclude(outcome="referral_advised").exists()

    asked = Recommendation.objects.exclude(organisation=None)
    assert asked.values("organisation").distinct().count() >= 10
    assert {day.year for day in asked.values_list("made_on", flat=True)} >= set(
        range(insights.HISTORY_FROM.year, end.year + 1)
    )
    ring = asked.filter(organisation__name__in=insights.RING_ORGANISATIONS)
    before = ring.filter(made_on__range=_year_before(insights.RING_ENGAGED)).count()
    after = ring.filter(
        made_on__range=_year_before(insights.RING_ENGAGED + timedelta(days=365))
    ).count()
    assert after >= 4 * max(before, 1)
    assert Referral.objects.filter(navigator_route=Route.LMM_CONSULTATION).count() >= 20
