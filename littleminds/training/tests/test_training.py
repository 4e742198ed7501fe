"""The training catalogue: services, forms, the public finder, bespoke visibility, overlaps."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.models import AuditEvent
from littleminds.training import overlap, selectors, services
from littleminds.training.forms import CourseForm, FinderForm, SessionForm
from littleminds.training.models import Course
from littleminds.training.tests import factories
from littleminds.training.tests.factories import finder_titles

pytestmark = pytest.mark.django_db


def in_language(client: Client, code: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def test_creating_a_course_and_a_session_is_audited(trainer: User, team: Team) -> None:
    course = factories.course(trainer, team)
    session = factories.session(trainer, course)
    services.session_cancel(by=trainer, session=session, reason="Trainer ill")

    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-3:] == [
        "training.course_created",
        "training.session_added",
        "training.session_cancelled",
    ]
    session.refresh_from_db()
    assert session.cancelled_by == trainer


def test_editing_a_course_records_what_changed(trainer: User, team: Team) -> None:
    course = factories.course(trainer, team)
    services.course_edit(by=trainer, course=course, title="New title")

    event = AuditEvent.objects.filter(action="training.course_changed").get()
    assert event.detail == {"title": "New title"}


def test_the_database_refuses_a_bespoke_course_without_a_partner(trainer: User, team: Team) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            team=team,
            created_by=trainer,
            title="x",
            summary="x",
            outcomes="x",
            tier="bespoke",
            audience="|students|",
            hours=Decimal(1),
            delivery="in_person",
        )


def _session_data(**overrides: str) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=5)
    data = {
        "capacity": "20",
        "link": "https://meet.example/x",
        "day_1_day": str(day.day),
        "day_1_month": str(day.month),
        "day_1_year": str(day.year),
        "starts_1": "09:30",
        "ends_1": "12:00",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "The number of places must be between 1 and 500"),
        ({"capacity": "501"}, "capacity", "The number of places must be between 1 and 500"),
        ({"ends_1": "09:00"}, "ends_1", "The end time of day 1 must be after its start time"),
        ({"day_1_year": "2020"}, "day_1", "The date of day 1 must be today or later"),
        ({"link": "https://x.example/" + "a" * 600}, "link", "500 characters or fewer"),
    ],
)
def test_the_session_form_explains_each_problem(
    trainer: User, team: Team, change: dict[str, str], field: str, message: str
) -> None:
    course = factories.course(trainer, team)
    form = SessionForm(_session_data(**change), course=course)

    assert not form.is_valid()
    assert any(message in error for error in form.errors.get(field, [])), form.errors


def test_the_session_form_takes_several_days(trainer: User, team: Team) -> None:
    course = factories.course(trainer, team)
    later = timezone.localdate() + timedelta(days=6)
    form = SessionForm(
        _session_data(
            day_2_day=str(later.day),
            day_2_month=str(later.month),
            day_2_year=str(later.year),
            starts_2="10:00",
            ends_2="15:00",
        ),
        course=course,
    )

    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["parts"]) == 2


def test_the_course_form_asks_for_a_bespoke_courses_partner() -> None:
    form = CourseForm(
        {
            "title": "T",
            "summary": "S",
            "outcomes": "O",
            "tier": "bespoke",
            "audience": ["students"],
            "hours": "0.2",
            "delivery": "in_person",
        }
    )

    assert not form.is_valid()
    assert form.errors["partner"] == ["Choose the partner organisation of a bespoke course"]
    assert form.errors["hours"] == ["The length must be between 0.5 and 200 hours"]


def test_the_course_form_says_a_title_is_too_long() -> None:
    form = CourseForm({"title": "a" * 201})

    assert not form.is_valid()
    assert form.errors["title"] == ["Title must be 200 characters or fewer"]


def test_a_team_page_adds_a_course(as_persona, team: Team) -> None:
    client = as_persona("trainer")
    response = client.post(
        reverse("training:course-new"),
        {
            "title": "Baby brains",
            "summary": "S",
            "outcomes": "O",
            "tier": "core",
            "audience": ["kind:nhs"],
            "hours": "6",
            "delivery": "in_person",
        },
    )

    assert response.status_code == 302
    assert Course.objects.get().audience == "|kind:nhs|"


def test_the_finder_filters_by_tier_audience_delivery_and_dates(trainer: User, team: Team) -> None:
    soon = factories.course(trainer, team, title="Soon")
    factories.session(trainer, soon, days=5)
    later = factories.course(
        trainer,
        team,
        title="Later course",
        tier="core",
        delivery="in_person",
        audience="|kind:nhs|",
    )
    factories.session(trainer, later, days=60)
    client = Client()

    def titles(**query: str) -> list[str]:
        response = client.get(reverse("training:finder"), query)
        assert response.status_code == 200
        return finder_titles(response)

    assert titles() == ["Later course", "Soon"]
    assert titles(tier="core") == ["Later course"]
    assert titles(audience="students") == ["Soon"]
    assert titles(delivery="online_live") == ["Soon"]
    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert titles(end=until) == ["Soon"]


def test_the_finder_shows_twenty_courses_a_page_in_two_queries(
    trainer: User, team: Team, django_assert_num_queries: Any
) -> None:
    for n in range(25):
        factories.course(trainer, team, title=f"Course {n:02d}", tier="core")
    factories.course(trainer, team, title="Awareness only")
    client = Client()

    # The finder's generation, then counting the matches and fetching one page: three
    # queries, however many courses match (bench/training.py measures the finder with five
    # years of courses).
    with django_assert_num_queries(3):
        first = client.get(reverse("training:finder"), {"tier": "core"})
    html = first.content.decode()
    assert finder_titles(first) == [f"Course {n:02d}" for n in range(20)]
    assert "25 courses match" in html
    assert 'href="?tier=core&amp;page=2" rel="next"' in html
    assert "Awareness only" not in html

    second = client.get(reverse("training:finder"), {"tier": "core", "page": "2"})
    assert finder_titles(second) == [f"Course {n:02d}" for n in range(20, 25)]
    assert "25 courses match" in second.content.decode()
    assert 'href="?tier=core&amp;page=1" rel="prev"' in second.content.decode()
    # A page past the last shows the last; one that is not a number, the first.
    assert finder_titles(client.get(reverse("training:finder"), {"page": "9"}))[-1] == ("Course 24")
    assert finder_titles(client.get(reverse("training:finder"), {"page": "x"}))[0] == (
        "Awareness only"
    )


def test_the_finder_says_plainly_what_is_wrong_with_a_filter() -> None:
    response = Client().get(reverse("training:finder"), {"tier": "gold", "start": "soon"})

    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Choose a tier from the list" in response.content.decode()
    assert "The first date must be a real date, in numbers" in response.content.decode()


def test_the_finders_dates_are_typed_as_day_month_and_year(trainer: User, team: Team) -> None:
    soon = factories.course(trainer, team, title="Soon")
    factories.session(trainer, soon, days=5)
    later = factories.course(trainer, team, title="Later course")
    factories.session(trainer, later, days=60)
    first = timezone.localdate() + timedelta(days=30)
    query = {"start_day": first.day, "start_month": first.month, "start_year": first.year}

    response = Client().get(reverse("training:finder"), query)

    assert finder_titles(response) == ["Later course"]
    html = response.content.decode()
    assert "For example, 14 1 2027" in html
    for part in ("day", "month", "year"):
        assert f'name="start_{part}"' in html
        assert f'name="end_{part}"' in html
    assert f'name="start_day" type="text" inputmode="numeric" value="{first.day}"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start_day": "31", "start_month": "2", "start_year": "2027"},
            "The first date must be a real date",
        ),
        (
            {"start_day": "14", "start_month": "1", "start_year": ""},
            "The first date must include a year",
        ),
        (
            {"end_day": "1", "end_month": "13", "end_year": "99999999"},
            "Year must include 4 numbers",
        ),
        (
            {"end_day": "aa", "end_month": "1", "end_year": "2027"},
            "The last date must be a real date, in numbers",
        ),
        ({"start": "2027-02-31"}, "The first date must be a real date, in numbers"),
    ],
)
def test_the_finder_explains_a_date_it_cannot_read(query: dict[str, str], message: str) -> None:
    response = Client().get(reverse("training:finder"), query)

    assert response.context["results"] is None
    assert message in response.content.decode()


def test_a_bookmarked_finder_address_with_a_whole_date_still_works(
    trainer: User, team: Team
) -> None:
    soon = factories.course(trainer, team, title="Soon")
    factories.session(trainer, soon, days=5)
    later = factories.course(trainer, team, title="Later course")
    factories.session(trainer, later, days=60)
    first = timezone.localdate() + timedelta(days=30)

    response = Client().get(reverse("training:finder"), {"start": first.isoformat()})

    assert finder_titles(response) == ["Later course"]
    # The boxes show the bookmarked date, so the next search keeps it.
    assert f'name="start_year" type="text" inputmode="numeric" value="{first.year}"' in (
        response.content.decode()
    )


def test_the_language_switch_keeps_the_finders_dates(trainer: User, team: Team) -> None:
    soon = factories.course(trainer, team, title="Soon")
    factories.session(trainer, soon, days=5)
    later = factories.course(trainer, team, title="Later course")
    factories.session(trainer, later, days=60)
    first = timezone.localdate() + timedelta(days=30)
    finder = (
        f"{reverse('training:finder')}?start_day={first.day}&start_month={first.month}"
        f"&start_year={first.year}"
    )
    client = Client()

    response = client.post(reverse("set_language"), {"language": "ur", "next": finder}, follow=True)

    assert response.redirect_chain == [(finder, 302)]
    assert '<html lang="ur" dir="rtl">' in response.content.decode()
    assert finder_titles(response) == ["Later course"]


def test_a_bespoke_course_is_seen_only_by_its_partners_staff_and_team(
    trainer: User, team: Team, practitioner: User, health_visiting: Organisation, as_persona
) -> None:
    course = factories.bespoke(trainer, team, partner=health_visiting)
    url = reverse("training:course", kwargs={"code": course.code})

    assert Client().get(url).status_code == 404
    assert as_persona("clinician").get(url).status_code == 404
    assert as_persona("practitioner").get(url).status_code == 200
    assert as_persona("trainer").get(url).status_code == 200

    assert finder_titles(Client().get(reverse("training:finder"))) == []


def test_overlaps_flag_similar_titles_and_same_tier_audience_dates(
    trainer: User, team: Team
) -> None:
    a = factories.course(trainer, team, title="Understanding babies")
    b = factories.course(trainer, team, title="Understanding babies!")
    c = factories.course(trainer, team, title="Something else entirely")
    d = factories.course(trainer, team, title="Quite another course")
    factories.session(trainer, c, days=5)
    factories.session(trainer, d, days=5)
    factories.session(trainer, a, days=90)
    factories.session(trainer, b, days=200)

    found = {
        (o.first.title, o.second.title) for o in overlap.overlaps(selectors.team_courses(trainer))
    }

    assert ("Understanding babies", "Understanding babies!") in found
    assert ("Something else entirely", "Quite another course") in found or (
        "Quite another course",
        "Something else entirely",
    ) in found
    assert len(found) == 2


def test_the_team_pages_add_a_session_cancel_it_and_flag_overlaps(
    as_persona, trainer: User, team: Team
) -> None:
    course = factories.course(trainer, team, title="Understanding babies")
    factories.course(trainer, team, title="Understanding babies!")
    client = as_persona("manager")

    added = client.post(
        reverse("training:session-new", kwargs={"code": course.code}), _session_data()
    )
    assert added.status_code == 302
    session = course.sessions.get()
    assert session.parts.count() == 1

    refused = client.post(
        reverse("training:session-cancel", kwargs={"code": session.code}), {"reason": ""}
    )
    assert refused.status_code == 200
    assert "Enter why the session is cancelled" in refused.content.decode()
    session.refresh_from_db()
    assert session.cancelled_at is None

    client.post(
        reverse("training:session-cancel", kwargs={"code": session.code}), {"reason": "Ill"}
    )
    session.refresh_from_db()
    assert session.cancel_reason == "Ill"

    page = client.get(reverse("training:manage")).content.decode()
    assert "Courses that may overlap" in page
    assert "Similar titles" in page


def test_another_teams_manager_cannot_reach_the_course(
    trainer: User, team: Team, other_team: Team
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    course = factories.course(trainer, team)
    outsider = UserFactory.create(email="outsider@test.example", roles=[(Role.TRAINER, other_team)])
    client = Client()
    client.force_login(outsider)

    assert (
        client.get(reverse("training:course-edit", kwargs={"code": course.code})).status_code == 404
    )


def test_a_courses_length_reads_as_people_say_it(trainer: User, team: Team) -> None:
    lengths = {"Twelve": "12", "Hour and a half": "1.5", "One": "1", "Half": "0.5"}
    for title, hours in lengths.items():
        made = factories.course(trainer, team, title=title, hours=Decimal(hours))
        factories.session(trainer, made)
    one = Course.objects.get(title="One")

    finder = Client().get(reverse("training:finder")).content.decode()
    page = Client().get(reverse("training:course", kwargs={"code": one.code})).content.decode()

    for words in ("· 12 hours<", "· 1.5 hours<", "· 1 hour<", "· 0.5 hours<"):
        assert words in finder
    assert "12.0" not in finder
    assert "1 hour<" in page
    in_urdu = in_language(Client(), "ur").get(reverse("training:finder")).content.decode()
    for words in ("· 12 گھنٹے<", "· 1 گھنٹہ<", "· 1.5 گھنٹے<"):
        assert words in in_urdu
    in_polish = in_language(Client(), "pl").get(reverse("training:finder")).content.decode()
    for words in ("12 godzin", "1,5 godziny", "1 godzina"):
        assert words in in_polish
    in_romanian = in_language(Client(), "ro").get(reverse("training:finder")).content.decode()
    for words in ("12 ore", "1,5 ore", "1 oră"):
        assert words in in_romanian


@pytest.mark.parametrize("code", ["en", "ur", "pl", "ro"])
def test_the_finders_audiences_are_distinct_and_none_reads_as_a_tier(code: str) -> None:
    with translation.override(code):
        options = FinderForm().fields["audience"].widget.choices
        audiences = [str(label) for _, label in options]
        tiers = {str(label) for _, label in Course.Tier.choices}

    assert len(set(audiences)) == len(audiences), audiences
    assert not set(audiences) & tiers


def test_a_course_page_joins_its_lists_and_times_in_the_pages_language(
    trainer: User, team: Team
) -> None:
    made = factories.course(
        trainer, team, tier="specialist", audience=services.audience_text(["ring:core", "kind:nhs"])
    )
    factories.session(trainer, made)
    url = reverse("training:course", kwargs={"code": made.code})

    english = Client().get(url).content.decode()
    urdu = in_language(Client(), "ur").get(url).content.decode()

    assert "Services for parent–infant relationships (core ring), NHS health service" in english
    assert ", 09:30 to 12:30<" in english
    assert "(بنیادی دائرہ)، NHS کی صحت کی سروس<" in urdu
    assert "، 09:30 سے 12:30 تک<" in urdu
    assert ", 09:30" not in urdu
