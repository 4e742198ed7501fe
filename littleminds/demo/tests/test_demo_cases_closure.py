"""The demonstration's closed case, with its letters; loaded once."""

from __future__ import annotations

import pytest

from littleminds.casework.models import Case
from littleminds.casework.models_closure import ClosingLetter, Closure
from littleminds.demo import data
from littleminds.demo.referrals import PAT

pytestmark = pytest.mark.django_db


def test_it_closes_one_demo_referrals_case_with_its_letters_once() -> None:
    data.load()
    # The case closed from a demonstration referral (the others of `caseload.py` opened
    # without one).
    closure = Closure.objects.get(case__referral_links__isnull=False)
    assert closure.case.status == Case.Status.CLOSED
    assert closure.reason == Closure.Reason.MOVED_AWAY
    assert {letter.to for letter in closure.letters.all()} == {"referrer", "gp"}
    # Pat Practitioner (the README's practitioner login) referred the family: Pat sees the
    # case closed and the letter sent to them.
    letter = closure.letters.get(to="referrer")
    assert letter.referrer is not None
    assert letter.referrer.email == PAT
    assert letter.referral is not None
    assert letter.referral.referrer == letter.referrer
    closures, letters = Closure.objects.count(), ClosingLetter.objects.count()

    data.load()
    assert Closure.objects.count() == closures
    assert ClosingLetter.objects.count() == letters
    assert closure.letters.count() == 2
    assert Case.objects.filter(status=Case.Status.OPEN).exists()
