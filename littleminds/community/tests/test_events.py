"""The team's events: the services and their audit, the form's rules, the pages, who may
see and change them, the community home, the menu item and the counter on "Your work"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.work import work_for
from littleminds.audit.models import AuditEvent
from littleminds.community import services
from littleminds.community.models import Event, Reach
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db


def _future(days: int = 10) -> Any:
    return timezone.localdate() + timedelta(days=days)


def posted(**changes: Any) -> dict[str, Any]:
    """A good event form, with changes; a value of None leaves the field out."""
    day = _future()
    data: dict[str, Any] = {
        "kind": "talk",
        "title": "Babies and feelings: a talk",
        "description": "A short talk about what babies feel, with tea afterwards.",
        "day_day": str(day.day),
        "day_month": str(day.month),
        "day_year": str(day.year),
        "starts": "10:00",
        "ends": "11:30",
        "where": "in_person",
        "venue": "Laisterdyke Community Centre",
        "address": "12 Example Road, Bradford",
        "postcode": "bd3 9aa",
        "link": "",
        "how_to_come": "Bus 640 stops outside.",
        "audience": ["parents", "grandparents"],
        "language": "ur",
        "interpreter": "en",
        "partner": "",
        "campaign": "",
        "places": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def worker_client(as_persona: Any) -> Client:
    return as_persona("community_worker")


# Services ------------------------------------------------------------------------------


def _fields(**changes: Any) -> dict[str, Any]:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    fields: dict[str, Any] = {
        "kind": Event.Kind.GROUP,
        "title": "Dads' group",
        "description": "A group for dads and their babies.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "online": False,
        "venue": "Hub",
        "address": "1 Road",
        "postcode": "bd7 1dp",
        "audience": "|parents|",
        "language": "pl",
    }
    fields.update(changes)
    return fields


def test_creating_publishing_and_changing_an_event_is_audited(
    community_worker: User, team: Team
) -> None:
    event = services.event_create(by=community_worker, team=team, **_fields())
    assert event.postcode == "BD7 1DP"
    assert event.postcode_district == "BD7"
    assert event.published_at is None
    services.event_publish(by=community_worker, event=event)
    services.event_update(by=community_worker, event=event, title="Dads and babies")
    services.event_unpublish(by=community_worker, event=event)

    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-4:] == [
        "community.event_created",
        "community.event_published",
        "community.event_changed",
        "community.event_unpublished",
    ]
    changed = AuditEvent.objects.get(action="community.event_changed")
    assert changed.detail == {"title": "Dads and babies"}
    assert changed.target_code == str(event.code)


def test_an_online_event_keeps_no_venue_and_no_booking_keeps_no_places(
    community_worker: User, team: Team
) -> None:
    event = services.event_create(
        by=community_worker,
        team=team,
        **_fields(online=True, link="https://meet.example.org/x", booking=False, places=20),
    )
    assert (event.venue, event.postcode, event.postcode_district, event.places) == (
        "",
        "",
        "",
        None,
    )


def test_changing_an_events_campaign_moves_its_reach(community_worker: User, team: Team) -> None:
    first = factories.campaign(community_worker, team)
    second = factories.campaign(community_worker, team, theme="Second")
    event = factories.event(community_worker, team, days=-2, campaign=first)
    reach = services.reach_record(
        by=community_worker, event=event, day=timezone.localdate(), adults=3, babies=1
    )
    assert reach.campaign == first
    services.event_update(by=community_worker, event=event, campaign=second)
    reach.refresh_from_db()
    assert reach.campaign == second


# The form's rules, one test each ----------------------------------------------------------


def _errors(client: Client, **changes: Any) -> str:
    before = Event.objects.count()
    response = client.post(reverse("community:event-new"), posted(**changes))
    assert response.status_code == 200
    assert Event.objects.count() == before, "bad input changes nothing"
    return response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": None}, "Choose the kind of event"),
        ({"kind": "party"}, "Choose the kind of event from the list"),
        ({"title": ""}, "Enter the event&#x27;s title"),
        ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ({"description": ""}, "Enter what happens at the event"),
        ({"day_day": "", "day_month": "", "day_year": ""}, "Enter the day of the event"),
        ({"day_day": "31", "day_month": "2"}, "must be a real date"),
        ({"day_year": "2001"}, "The day must be today or later"),
        ({"starts": "25:00"}, "Enter the start time on the 24-hour clock"),
        ({"ends": "noon"}, "Enter the end time on the 24-hour clock"),
        ({"ends": "09:00"}, "The end time must be after the start time"),
        ({"where": None}, "Choose whether the event is at a venue or online"),
        ({"venue": ""}, "Enter the venue of an event at a venue"),
        ({"postcode": ""}, "Enter the postcode of an event at a venue"),
        ({"postcode": "XX1 1XX"}, "Enter a real UK postcode"),
        ({"where": "online", "link": ""}, "Enter the joining link of an event online"),
        ({"link": "http://meet.example.org/x"}, "Enter a web address that starts with https://"),
        ({"link": "javascript:alert(1)"}, "Enter a web address that starts with https://"),
        ({"audience": None}, "Choose at least one group the event is for"),
        ({"language": ""}, "Choose the event&#x27;s language"),
        ({"interpreter": "ur"}, "The interpreter must speak another language"),
        ({"booking": "on", "places": ""}, "Enter how many places families can book"),
        ({"booking": "on", "places": "0"}, "The number of places must be between 1 and 500"),
        ({"booking": "on", "places": "501"}, "The number of places must be between 1 and 500"),
        ({"booking": "on", "places": "lots"}, "Enter the number of places as a whole number"),
        ({"how_to_come": "x" * 1001}, "must be 1,000 characters or fewer"),
        ({"partner": "00000000-0000-0000-0000-000000000000"}, "Choose a partner organisation"),
    ],
)
def test_each_bad_answer_has_its_message(
    worker_client: Client, changes: dict[str, Any], message: str
) -> None:
    page = _errors(worker_client, **changes)
    assert "nhsuk-error-summary" in page
    assert message in page


def test_another_teams_campaign_cannot_be_chosen(
    worker_client: Client, other_clinician: User, other_team: Team
) -> None:
    theirs = factories.campaign(other_clinician, other_team)
    page = _errors(worker_client, campaign=str(theirs.code))
    assert "Choose one of your team&#x27;s campaigns" in page


def test_a_good_event_is_saved_as_a_draft_with_its_district(
    worker_client: Client, community_worker: User, team: Team, trust: Organisation
) -> None:
    campaign = factories.campaign(community_worker, team)
    response = worker_client.post(
        reverse("community:event-new"),
        posted(booking="on", places="25", partner=str(trust.code), campaign=str(campaign.code)),
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:event-detail", kwargs={"code": event.code})
    assert event.team == team
    assert (event.postcode, event.postcode_district) == ("BD3 9AA", "BD3")
    assert event.published_at is None
    assert (event.booking, event.places) == (True, 25)
    assert event.audience_list == ["parents", "grandparents"]
    assert (event.language, event.interpreter) == ("ur", "en")
    assert event.partner == trust
    assert event.campaign == campaign
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "10:00"


def test_the_edit_form_shows_the_event_and_saves_changes(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team)
    url = reverse("community:event-edit", kwargs={"code": event.code})
    page = worker_client.get(url).content.decode()
    assert "Barkerend Family Hub" in page
    day = timezone.localtime(event.starts_at).date()
    response = worker_client.post(
        url,
        posted(
            title="New title",
            day_day=str(day.day),
            day_month=str(day.month),
            day_year=str(day.year),
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "New title"
    assert AuditEvent.objects.filter(action="community.event_changed").count() == 1


def test_publishing_and_unpublishing_from_the_page(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, published=False)
    worker_client.post(reverse("community:event-publish", kwargs={"code": event.code}))
    event.refresh_from_db()
    assert event.published_at is not None
    worker_client.post(reverse("community:event-unpublish", kwargs={"code": event.code}))
    event.refresh_from_db()
    assert event.published_at is None


def test_a_cancelled_event_is_not_published(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    event = factories.event(
        community_worker, team, published=False, cancelled_at=timezone.now(), cancel_reason="Ill"
    )
    worker_client.post(reverse("community:event-publish", kwargs={"code": event.code}))
    event.refresh_from_db()
    assert event.published_at is None


# Who may see and change -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "community_worker"])
def test_the_team_may_change_its_events(
    as_persona: Any, persona: str, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team, published=False)
    client = as_persona(persona)
    assert (
        client.get(reverse("community:event-detail", kwargs={"code": event.code})).status_code
        == 200
    )
    assert (
        client.get(reverse("community:event-edit", kwargs={"code": event.code})).status_code == 200
    )
    client.post(reverse("community:event-publish", kwargs={"code": event.code}))
    event.refresh_from_db()
    assert event.published_at is not None


def test_another_team_cannot_change_or_see_a_draft(
    sign_in: Any, other_team: Team, community_worker: User, team: Team
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    outsider = UserFactory.create(
        email="other.worker@test.example", roles=[(Role.COMMUNITY_WORKER, other_team)]
    )
    client = sign_in(Client(), outsider)
    draft = factories.event(community_worker, team, published=False)
    published = factories.event(community_worker, team)
    for event in (draft, published):
        for name in ("community:event-edit", "community:event-reach"):
            assert client.get(reverse(name, kwargs={"code": event.code})).status_code == 404
        response = client.post(reverse("community:event-publish", kwargs={"code": event.code}))
        assert response.status_code == 404
    assert (
        client.get(reverse("community:event-detail", kwargs={"code": draft.code})).status_code
        == 404
    )
    # A published event to come is there to read, as for every viewer, without the team's tools.
    page = client.get(reverse("community:event-detail", kwargs={"code": published.code}))
    assert page.status_code == 200
    assert "Record reach" not in page.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None


@pytest.mark.parametrize("persona", ["clinician", "practitioner", "trainer", "other_clinician"])
def test_viewers_read_only_published_events_to_come(
    as_persona: Any, persona: str, community_worker: User, team: Team
) -> None:
    coming = factories.event(community_worker, team, title="Coming and published")
    draft = factories.event(community_worker, team, published=False, title="A draft")
    past = factories.event(community_worker, team, days=-3, title="Held already")
    client = as_persona(persona)
    listed = client.get(reverse("community:events")).content.decode()
    assert "Coming and published" in listed
    assert "A draft" not in listed
    assert "Held already" not in listed
    assert "Add an event" not in listed
    page = client.get(reverse("community:event-detail", kwargs={"code": coming.code}))
    assert page.status_code == 200
    assert "Change the event" not in page.content.decode()
    for hidden in (draft, past):
        url = reverse("community:event-detail", kwargs={"code": hidden.code})
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("community:event-edit", kwargs={"code": coming.code})).status_code == 404
    )
    response = client.post(reverse("community:event-unpublish", kwargs={"code": coming.code}))
    assert response.status_code == 404
    coming.refresh_from_db()
    assert coming.published_at is not None


def test_a_visitor_is_sent_to_sign_in(
    anonymous: Client, community_worker: User, team: Team
) -> None:
    event = factories.event(community_worker, team)
    response = anonymous.get(reverse("community:event-detail", kwargs={"code": event.code}))
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_analyst_gets_404(as_persona: Any) -> None:
    assert as_persona("analyst").get(reverse("community:events")).status_code == 404


# The list and its filters --------------------------------------------------------------


def test_the_list_shows_coming_and_past_with_drafts_marked(
    worker_client: Client,
    community_worker: User,
    team: Team,
    other_clinician: User,
    other_team: Team,
) -> None:
    factories.event(community_worker, team, title="Coming draft", published=False)
    factories.event(community_worker, team, title="Coming talk", kind=Event.Kind.TALK)
    factories.event(community_worker, team, days=-5, title="Past one")
    factories.event(other_clinician, other_team, title="Not ours")
    coming = worker_client.get(reverse("community:events")).content.decode()
    assert "Coming draft" in coming
    assert "Coming talk" in coming
    assert "Draft" in coming
    assert "Past one" not in coming
    assert "Not ours" not in coming
    past = worker_client.get(reverse("community:events") + "?when=past").content.decode()
    assert "Past one" in past
    assert "Coming talk" not in past
    talks = worker_client.get(reverse("community:events") + "?kind=talk").content.decode()
    assert "Coming talk" in talks
    assert "Coming draft" not in talks
    drafts = worker_client.get(reverse("community:events") + "?status=draft").content.decode()
    assert "Coming draft" in drafts
    assert "Coming talk" not in drafts


def test_a_bad_filter_is_reported(worker_client: Client) -> None:
    page = worker_client.get(reverse("community:events") + "?when=someday").content.decode()
    assert "Choose coming, past or all events" in page


# The home, the menu and "Your work" ----------------------------------------------------


def test_the_home_shows_the_teams_work(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Coming soon")
    factories.event(community_worker, team, days=-2, title="Held, no reach")
    reached = factories.event(community_worker, team, days=-3, title="Held, reached")
    Reach.objects.create(
        team=team, event=reached, day=timezone.localdate(), adults=2, created_by=community_worker
    )
    factories.campaign(community_worker, team, theme="Running now")
    page = worker_client.get(reverse("community:home")).content.decode()
    assert "Coming soon" in page
    assert "Held, no reach" in page
    assert "Held, reached" not in page
    assert "Running now" in page
    assert "LINK:" not in page  # the comments stay in the template


def test_the_home_for_a_viewer_shows_published_events_to_come(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, title="Published soon")
    factories.event(community_worker, team, title="Still a draft", published=False)
    page = as_persona("practitioner").get(reverse("community:home")).content.decode()
    assert "Published soon" in page
    assert "Still a draft" not in page
    assert "Campaigns running now" not in page


def test_the_menu_has_community_for_viewers(as_persona: Any) -> None:
    page = as_persona("clinician").get(reverse("community:home")).content.decode()
    assert 'href="/community/"' in page
    researcher = as_persona("researcher").get(reverse("accounts:dashboard")).content.decode()
    assert 'href="/community/"' not in researcher


def test_your_work_counts_events_waiting_for_their_reach(
    community_worker: User, team: Team, clinician: User
) -> None:
    waiting = factories.event(community_worker, team, days=-2)
    factories.event(community_worker, team, days=-2, published=False)
    factories.event(community_worker, team, days=-2, cancelled_at=timezone.now())
    factories.event(community_worker, team, days=3)
    items = [i for i in work_for(community_worker) if i.key == "community_reach"]
    assert [i.number for i in items] == [1]
    assert items[0].url == reverse("community:events") + "?when=past&status=no_reach"
    Reach.objects.create(
        team=team, event=waiting, day=timezone.localdate(), adults=1, created_by=community_worker
    )
    assert not [i for i in work_for(community_worker) if i.key == "community_reach"]
    assert not [i for i in work_for(clinician) if i.key == "community_reach"]


def test_the_counters_list_holds_exactly_the_waiting_events(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    factories.event(community_worker, team, days=-2, title="Waiting one")
    factories.event(community_worker, team, days=-2, title="Draft one", published=False)
    page = worker_client.get(
        reverse("community:events") + "?when=past&status=no_reach"
    ).content.decode()
    assert "Waiting one" in page
    assert "Draft one" not in page
