"""The demonstration's consultations: free slots to come, some booked; a year of past ones
across organisations of the three rings (held and recorded with every outcome, moved,
cancelled, duty calls, feedback on most); groups, call-backs; the team's pages show them;
loaded once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.consultations import selectors, selectors_records
from littleminds.consultations.models import Booking, ConsultationRecord, Feedback, Outcome, Slot
from littleminds.consultations.models_groups import GroupPlace, GroupSession
from littleminds.consultations.models_records import GroupFeedback
from littleminds.demo import data
from littleminds.directory.models import Ring, Service

pytestmark = pytest.mark.django_db


def test_it_offers_free_slots_in_the_coming_weeks_and_keeps_past_consultations() -> None:
    data.load()
    today = timezone.localdate()
    free = selectors.free_slots(start=today, end=today + timedelta(weeks=8), limit=None)
    assert len(free) >= 6
    soon = selectors.free_slots(start=today, end=today + timedelta(weeks=4), limit=None)
    assert len(soon) >= 3
    assert {s.mode for s in free} == set(Slot.Mode.values)
    past = Booking.objects.filter(slot__starts_at__lt=timezone.now())
    assert past.count() >= 10
    assert past.filter(cancelled_at__isnull=False).exists()
    assert past.filter(moved_at__isnull=False).exists()
    assert past.values("organisation").distinct().count() >= 8
    coming = Booking.objects.filter(slot__starts_at__gt=timezone.now(), cancelled_at__isnull=True)
    assert coming.filter(practitioner__email="practitioner@littleminds.example").exists()


def test_loading_again_adds_no_consultation() -> None:
    data.load()

    def counts() -> list[int]:
        return [
            model.objects.count()
            for model in (
                Slot,
                Booking,
                ConsultationRecord,
                Feedback,
                GroupSession,
                GroupPlace,
                GroupFeedback,
            )
        ]

    before = counts()
    assert data.load()["consultation_slots"] == 0
    assert counts() == before


PAT = "practitioner@littleminds.example"


def test_it_keeps_a_year_of_consultations_from_organisations_on_every_ring() -> None:
    data.load()
    today = timezone.localdate()
    held = ConsultationRecord.objects.filter(booking__isnull=False)
    # A year, more than one a week, by the clinician and the manager, in every mode.
    assert held.filter(held_on__lte=today - timedelta(weeks=50)).exists()
    assert held.filter(held_on__gte=today - timedelta(weeks=2)).exists()
    assert held.count() > 52
    past = Slot.objects.filter(starts_at__lt=timezone.now())
    assert past.values("clinician").distinct().count() == 2
    assert set(past.values_list("mode", flat=True)) == set(Slot.Mode.values)
    # At least 8 organisations, on all three rings of the system map.
    organisations = set(held.values_list("booking__organisation", flat=True))
    assert len(organisations) >= 8
    rings = selectors_records.organisation_rings()
    assert {rings.get(pk) for pk in organisations} >= set(Ring.values)
    # Where the bookings came from.
    sources = set(Booking.objects.values_list("source", flat=True))
    assert {Booking.Source.PAGES, Booking.Source.NAVIGATOR, Booking.Source.REFERRAL} <= sources
    assert (
        Booking.objects.filter(source=Booking.Source.NAVIGATOR)
        .exclude(navigator_route="lmm_consultation")
        .count()
        == 0
    )


def test_every_outcome_moves_and_cancellations_and_duty_calls_are_there() -> None:
    data.load()
    records = ConsultationRecord.objects.all()
    assert set(records.values_list("outcome", flat=True)) == set(Outcome.values)
    for record in records.filter(outcome=Outcome.FOLLOW_UP):
        assert record.follow_up_on is not None
        assert record.follow_up_on > record.held_on
    signposted = records.filter(outcome=Outcome.SIGNPOSTED)
    assert not signposted.filter(signposted_to__isnull=True).exists()
    assert set(signposted.values_list("signposted_to", flat=True)) <= set(
        Service.objects.filter(status=Service.Status.ACTIVE).values_list("pk", flat=True)
    )
    assert not records.filter(advice="").exists()
    assert not records.filter(actions="").exists()
    assert records.filter(booking__isnull=True).count() >= 3  # duty calls
    past = Booking.objects.filter(slot__starts_at__lt=timezone.now())
    assert past.filter(moved_at__isnull=False).count() >= 3
    reasons = set(past.exclude(cancel_reason="").values_list("cancel_reason", flat=True))
    assert reasons == set(Booking.CancelReason.values)
    # A cancelled consultation is not held, so never recorded.
    assert not records.filter(booking__cancelled_at__isnull=False).exists()


def test_most_have_feedback_and_pat_is_asked_for_some() -> None:
    data.load()
    booked = ConsultationRecord.objects.filter(booking__isnull=False)
    answered = booked.filter(feedback__isnull=False).distinct().count()
    assert answered > booked.count() / 2
    given = list(Feedback.objects.all())
    assert sum(f.usefulness >= 4 for f in given) > len(given) * 0.7
    for item in ("noticing", "talking", "referring"):
        gains = [getattr(f, f"{item}_after") - getattr(f, f"{item}_before") for f in given]
        assert min(gains) == 0
        assert sum(gain > 0 for gain in gains) > len(given) / 2
    assert any(f.comments for f in given)
    assert len({f.wellbeing for f in given}) >= 3
    for answer in given:
        assert answer.given_at <= timezone.now()
        assert answer.given_at.date() > answer.record.held_on
    pat = User.objects.get(email=PAT)
    assert selectors_records.feedback_due_count(by=pat) >= 2


def test_the_managers_pages_show_the_year(
    sign_in: Callable[[Client, User], Client],
) -> None:
    data.load()
    manager = User.objects.get(email="manager@littleminds.example")
    client = sign_in(Client(), manager)
    offer = client.get("/consultations/")
    records = client.get("/consultations/records/")
    feedback = client.get("/consultations/feedback/team/")
    for response in (offer, records, feedback):
        assert response.status_code == 200
    summary = selectors_records.team_feedback(by=manager)
    assert len(summary.by_organisation) >= 8
    shown = unescape(feedback.content.decode())
    named = {
        name
        for name in Booking.objects.values_list("organisation__name", flat=True)
        if name and name in shown
    }
    assert len(named) >= 8
    # The offer to come: some taken, some free.
    weeks = selectors.team_weeks(by=manager, weeks=4)
    assert sum(week.taken for week in weeks) >= 3
    assert sum(week.free for week in weeks) >= 3


def test_it_has_groups_past_and_coming_with_attendance_and_waiting_call_backs() -> None:
    from littleminds.consultations.models_groups import CallbackRequest

    data.load()
    now = timezone.now()
    past = GroupSession.objects.filter(starts_at__lt=now)
    assert past.count() >= 24  # two monthly groups, a year of each
    assert past.filter(starts_at__lt=now - timedelta(weeks=50)).exists()
    assert not past.filter(themes="").exists()
    assert not past.filter(recorded_at__isnull=True).exists()
    assert GroupSession.objects.filter(starts_at__gt=now).count() >= 3
    attended = GroupPlace.objects.filter(session__in=past)
    assert attended.filter(attended=True).exists()
    assert attended.filter(attended=False).exists()
    assert GroupPlace.objects.filter(session__starts_at__gt=now, left_at__isnull=True).exists()
    assert CallbackRequest.objects.filter(done_at__isnull=True).count() >= 2


def test_most_past_attendances_have_feedback_and_the_latest_ones_wait() -> None:
    from littleminds.consultations.models_records import GroupFeedback
    from littleminds.consultations.selectors_records import team_feedback

    data.load()
    came = GroupPlace.objects.filter(attended=True)
    given = GroupFeedback.objects.filter(place__in=came)
    assert GroupFeedback.objects.count() == given.count() > 0
    assert 0.6 <= given.count() / came.count() < 1
    assert not came.filter(feedback_asked_at__isnull=True).exists()
    assert all(f.given_at <= timezone.now() for f in given)
    # The latest session of each group waits for its feedback, on "Your work".
    latest = GroupSession.objects.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[0]
    assert came.filter(session=latest).exists()
    assert not given.filter(place__session=latest).exists()
    summary = team_feedback(by=came[0].session.series.created_by, kind="groups")
    assert summary.overall.count == given.count()
    assert any(f.comments for f in given)


def test_some_consultations_became_referrals_and_one_waits_for_its_referral() -> None:
    from littleminds.consultations.models import ConsultationRecord, Outcome
    from littleminds.referrals.lifecycle import Status
    from littleminds.referrals.models import Referral

    data.load()
    became = Referral.objects.filter(consultation_code__isnull=False)
    assert became.exclude(status=Status.DRAFT).count() >= 2
    assert became.filter(status=Status.DRAFT).exists()
    for referral in became:
        assert referral.consultation_code is not None
        booking = Booking.objects.get(code=referral.consultation_code)
        assert booking.record.outcome == Outcome.REFERRAL_ADVISED
        assert referral.consultation_on == booking.record.held_on
        assert referral.parent_name == booking.parent_name
    # Pat's own: advised, the family's details shared, not yet a referral.
    waiting = ConsultationRecord.objects.filter(
        outcome=Outcome.REFERRAL_ADVISED,
        booking__practitioner__email="practitioner@littleminds.example",
        booking__family_shared=True,
    ).exclude(booking__code__in=became.values("consultation_code"))
    assert waiting.exists()
