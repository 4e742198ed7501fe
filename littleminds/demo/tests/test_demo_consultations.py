"""The demonstration's consultations: free slots to come, some booked, past ones across
organisations (held, moved, cancelled); loaded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from littleminds.consultations import selectors
from littleminds.consultations.models import Booking, Slot
from littleminds.demo import data

pytestmark = pytest.mark.django_db


def test_it_offers_free_slots_in_the_coming_weeks_and_keeps_past_consultations() -> None:
    data.load()
    today = timezone.localdate()
    free = selectors.free_slots(start=today, end=today + timedelta(weeks=8), limit=None)
    assert len(free) >= 10
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
    slots, bookings = Slot.objects.count(), Booking.objects.count()
    assert data.load()["consultation_slots"] == 0
    assert (Slot.objects.count(), Booking.objects.count()) == (slots, bookings)


def test_it_has_groups_past_and_coming_with_attendance_and_waiting_call_backs() -> None:
    from littleminds.consultations.models_groups import CallbackRequest, GroupPlace, GroupSession

    data.load()
    now = timezone.now()
    past = GroupSession.objects.filter(starts_at__lt=now)
    assert past.count() >= 6
    assert not past.filter(recorded_at__isnull=True).exists()
    assert GroupSession.objects.filter(starts_at__gt=now).count() >= 3
    attended = GroupPlace.objects.filter(session__in=past)
    assert attended.filter(attended=True).exists()
    assert attended.filter(attended=False).exists()
    assert GroupPlace.objects.filter(session__starts_at__gt=now, left_at__isnull=True).exists()
    assert CallbackRequest.objects.filter(done_at__isnull=True).count() >= 2


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
