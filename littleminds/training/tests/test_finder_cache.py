"""The course finder's pages cached under a generation (ADR 0053): a page asked for again
costs one one-row query and draws nothing; every write that changes what the finder shows
is seen by the next request; bespoke courses stay with the people who may see them; each
language and query is kept apart."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.core.models import CacheGeneration
from littleminds.training import selectors, services
from littleminds.training.models import Course, CourseSession
from littleminds.training.tests import factories
from littleminds.training.tests.factories import finder_titles

pytestmark = pytest.mark.django_db

FINDER = "/training/"


@pytest.fixture
def listed(trainer: User, team: Team) -> Course:
    """A course with a session in ten days, made through the services, so the finder has a
    generation."""
    course = factories.course(trainer, team, title="Baby brains", tier="core")
    factories.session(trainer, course, days=10)
    return course


def _dates(first: int, last: int) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "start": (today + timedelta(days=first)).isoformat(),
        "end": (today + timedelta(days=last)).isoformat(),
    }


def test_a_page_asked_again_is_answered_from_the_cache(
    anonymous: Client, listed: Course, django_assert_num_queries: Any
) -> None:
    # Cold: the generation, the page's total and its courses.
    with django_assert_num_queries(3):
        first = anonymous.get(FINDER, {"tier": "core"})
    # Warm: only the generation; no form checked, no course read, nothing drawn.
    with django_assert_num_queries(1):
        again = anonymous.get(FINDER, {"tier": "core"})
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", again.content.decode()) == token.sub("", first.content.decode())
    assert finder_titles(again) == ["Baby brains"]
    assert "1 course matches" in again.content.decode()


def test_each_card_is_drawn_with_its_words_and_its_address(
    anonymous: Client, listed: Course
) -> None:
    for _ in range(2):  # drawn, then from the cache
        html = anonymous.get(FINDER).content.decode()
        link = reverse("training:course", kwargs={"code": listed.code})
        assert f'<a class="nhsuk-card__link" href="{link}" lang="en"' in html
        assert "<p>Core · Online, live · 3 hours</p>" in html


def test_bad_filters_are_not_cached_and_still_say_what_is_wrong(
    anonymous: Client, listed: Course
) -> None:
    for _ in range(2):
        response = anonymous.get(FINDER, {"tier": "gold"})
        assert response.status_code == 200
        assert response.context["results"] is None
        assert "Choose a tier from the list" in response.content.decode()


def test_nothing_is_cached_before_the_first_change(
    anonymous: Client, listed: Course, django_assert_num_queries: Any
) -> None:
    CacheGeneration.objects.filter(pk=selectors.FINDER).delete()
    anonymous.get(FINDER)
    # A catalogue written in bulk, with no generation yet: drawn each time.
    with django_assert_num_queries(3):
        assert finder_titles(anonymous.get(FINDER)) == ["Baby brains"]


class TestEachWriteIsSeenByTheNextRequest:
    def test_a_course_made(self, anonymous: Client, listed: Course, trainer: User, team: Team):
        assert finder_titles(anonymous.get(FINDER)) == ["Baby brains"]
        factories.course(trainer, team, title="Attachment")
        assert finder_titles(anonymous.get(FINDER)) == ["Attachment", "Baby brains"]

    def test_a_course_changed(self, anonymous: Client, listed: Course, trainer: User) -> None:
        assert finder_titles(anonymous.get(FINDER, {"tier": "core"})) == ["Baby brains"]
        services.course_edit(by=trainer, course=listed, title="Baby minds", tier="specialist")
        assert finder_titles(anonymous.get(FINDER, {"tier": "core"})) == []
        assert finder_titles(anonymous.get(FINDER, {"tier": "specialist"})) == ["Baby minds"]

    def test_a_session_added(self, anonymous: Client, listed: Course, trainer: User) -> None:
        in_two_months = _dates(50, 70)
        assert finder_titles(anonymous.get(FINDER, in_two_months)) == []
        factories.session(trainer, listed, days=60)
        assert finder_titles(anonymous.get(FINDER, in_two_months)) == ["Baby brains"]

    def test_a_session_cancelled(self, anonymous: Client, listed: Course, trainer: User) -> None:
        soon = _dates(5, 15)
        assert finder_titles(anonymous.get(FINDER, soon)) == ["Baby brains"]
        session = CourseSession.objects.get(course=listed)
        services.session_cancel(by=trainer, session=session, reason="Trainer ill")
        assert finder_titles(anonymous.get(FINDER, soon)) == []


class TestKeys:
    def test_a_bespoke_course_stays_with_those_who_may_see_it(
        self,
        listed: Course,
        trainer: User,
        team: Team,
        health_visiting: Organisation,
        as_persona: Any,
    ) -> None:
        factories.bespoke(trainer, team, partner=health_visiting)
        # Its partner's staff ask first, and its team; then everyone else the same page.
        assert finder_titles(as_persona("practitioner").get(FINDER)) == [
            "Baby brains",
            "For the partner",
        ]
        assert "For the partner" in finder_titles(as_persona("trainer").get(FINDER))
        assert finder_titles(Client().get(FINDER)) == ["Baby brains"]
        assert finder_titles(as_persona("clinician").get(FINDER)) == ["Baby brains"]
        # And the other way round, on a page not yet asked for.
        assert finder_titles(Client().get(FINDER, {"page": "1"})) == ["Baby brains"]
        assert "For the partner" in finder_titles(
            as_persona("practitioner").get(FINDER, {"page": "1"})
        )

    def test_it_keeps_each_language_apart(self, anonymous: Client, listed: Course) -> None:
        english = anonymous.get(FINDER).content.decode()
        anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        polish = anonymous.get(FINDER).content.decode()
        assert "1 course matches" in english
        assert "1 course matches" not in polish
        assert "Core ·" not in polish

    def test_it_keeps_each_query_and_page_apart(
        self, anonymous: Client, listed: Course, trainer: User, team: Team
    ) -> None:
        for n in range(24):
            factories.course(trainer, team, title=f"Course {n:02}")
        first = finder_titles(anonymous.get(FINDER))
        second = finder_titles(anonymous.get(FINDER, {"page": "2"}))
        by_tier = finder_titles(anonymous.get(FINDER, {"tier": "core"}))
        assert len(first) == 20
        assert second == ["Course 19", "Course 20", "Course 21", "Course 22", "Course 23"]
        assert by_tier == ["Baby brains"]
        pages = anonymous.get(FINDER, {"tier": "awareness"}).content.decode()
        assert re.search(r'href="\?tier=awareness&amp;page=2"', pages)
