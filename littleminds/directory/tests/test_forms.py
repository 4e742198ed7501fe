"""Every directory form says what is too long, in words, and cuts nothing."""

from __future__ import annotations

import pytest

from littleminds.directory.forms import AreaForm, LinkForm, NeedForm, OverlapReviewForm
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_need_says_its_description_is_too_long() -> None:
    form = NeedForm({"term": "sleep", "name": "Sleep", "description": "x" * 1001, "group": "other"})

    assert form.errors["description"] == ["Description must be 1,000 characters or fewer"]


def test_an_area_says_its_description_is_too_long() -> None:
    form = AreaForm({"key": "north", "name": "North", "description": "x" * 1001})

    assert form.errors["description"] == ["Description must be 1,000 characters or fewer"]


def test_a_link_and_a_review_say_their_note_is_too_long() -> None:
    service = ServiceFactory.create()
    link = LinkForm({"kind": "refers_to", "note": "x" * 1001}, service=service)
    review = OverlapReviewForm({"note": "x" * 1001})

    assert link.errors["note"] == ["Note must be 1,000 characters or fewer"]
    assert review.errors["note"] == ["Note must be 1,000 characters or fewer"]
