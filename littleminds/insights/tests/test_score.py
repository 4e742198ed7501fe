"""The embeddedness score: its formula against hand calculations, and the weights in force
on a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from littleminds.insights import measures
from littleminds.insights.models import ScoreWeights
from littleminds.insights.score import DEFAULTS, PART_KEYS, band, complete, scores, weights_on

A, B = 1, 2
COUNTS = {
    (A, measures.trained("core")): 4,
    (A, measures.CONSULTATIONS): 2,
    (A, measures.REFERRALS): 4,
    (A, measures.outcome("accepted")): 2,
    (A, measures.FEEDBACK): 1,
    (B, measures.trained("core")): 2,
    (B, measures.CONSULTATIONS): 4,
    (B, measures.NAVIGATOR): 3,
    # Families' own referrals belong to no organisation and have no score.
    (None, measures.self_referral("event")): 9,
}


def test_it_scores_by_hand_with_the_default_weights() -> None:
    # Weights add up to 1+2+3+2 (trained) +3+2+2+2+1+1 = 19.
    assert sum(DEFAULTS.values()) == 19
    # A: core trained 4/4 x2 = 2, consultations 2/4 x3 = 1.5, referrals 4/4 x2 = 2,
    # accepted 2/4 x2 = 1, feedback 1/1 x1 = 1: 7.5 / 19 = 39.47%.
    # B: core trained 2/4 x2 = 1, consultations 4/4 x3 = 3, navigator 3/3 x1 = 1: 5 / 19.
    assert scores(COUNTS, DEFAULTS) == {A: 39.5, B: 26.3}


def test_it_scores_by_hand_with_other_weights() -> None:
    only_consultations = dict.fromkeys(PART_KEYS, 0) | {"consultations": 1}
    assert scores(COUNTS, only_consultations) == {A: 50.0, B: 100.0}
    accepted_and_navigator = dict.fromkeys(PART_KEYS, 0) | {"accepted_share": 3, "navigator": 1}
    # A: accepted 2/4 x3 = 1.5 of 4; B: no referrals, so no share; navigator 3/3 x1 of 4.
    assert scores(COUNTS, accepted_and_navigator) == {A: 37.5, B: 25.0}


def test_no_weight_scores_nothing() -> None:
    assert scores(COUNTS, dict.fromkeys(PART_KEYS, 0)) == {A: 0.0, B: 0.0}


def test_bands() -> None:
    assert [band(s) for s in (100, 80, 79.9, 60, 40, 20, 19.9, 0)] == list("AABBCDEE")


def test_weights_missing_a_part_take_its_default() -> None:
    kept = {"consultations": 7, "no_such_part": 4}
    assert complete(kept) == DEFAULTS | {"consultations": 7}


@pytest.mark.django_db
def test_the_weights_in_force_are_the_latest_set_on_or_before_the_day(manager) -> None:
    def at(day: date) -> datetime:
        return timezone.make_aware(datetime(day.year, day.month, day.day, 12))

    first, second = date(2025, 4, 1), date(2025, 10, 1)
    ScoreWeights.objects.create(
        weights=DEFAULTS | {"consultations": 9}, set_at=at(first), set_by=manager, note="one"
    )
    ScoreWeights.objects.create(
        weights=DEFAULTS | {"consultations": 5}, set_at=at(second), set_by=manager, note="two"
    )
    before = weights_on(first - timedelta(days=1))
    assert before.values == DEFAULTS
    assert before.set_at is None
    assert weights_on(first).values["consultations"] == 9
    assert weights_on(second - timedelta(days=1)).values["consultations"] == 9
    in_force = weights_on(second)
    assert in_force.values["consultations"] == 5
    assert in_force.set_by == manager
    assert in_force.note == "two"
