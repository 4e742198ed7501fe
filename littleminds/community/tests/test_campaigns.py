"""Campaigns: the services and their audit, the form's rules, who may see them, and the
campaign's page summing its events and reach in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.community import selectors, services
from littleminds.community.models import Campaign, Channel, Event
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db


def posted(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "theme": "Babies have feelings too",
        "key_messages": "Talk to your baby. Babies' feelings matter.",
        "languages": ["en", "ur", "pl"],
        "channels": ["events", "social_media"],
        "starts_day": "1",
        "starts_month": "3",
        "starts_year": "2027",
        "ends_day": "31",
        "ends_month": "8",
        "ends_year": "2027",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def worker_client(as_persona: Any) -> Client:
    return as_persona("community_worker")


def test_creating_and_changing_a_campaign_is_audited(
    community_worker: User, team: Team, trust: Organisation
) -> None:
    campaign = services.campaign_create(
        by=community_worker,
        team=team,
        theme="Feelings",
        key_messages="Babies feel.",
        languages="|en|ur|",
        channels="|radio|",
        starts=date(2027, 1, 1),
        ends=date(2027, 6, 30),
        partners=[trust],
    )
    services.campaign_update(by=community_worker, campaign=campaign, theme="Feelings matter")
    created, changed = AuditEvent.objects.filter(action__startswith="community.").order_by(
        "sequence"
    )
    assert created.action == "community.campaign_created"
    assert created.detail["partners"] == [str(trust.code)]
    assert changed.action == "community.campaign_changed"
    assert changed.detail == {"theme": "Feelings matter"}


def test_a_good_campaign_is_saved_with_its_partners(
    worker_client: Client, team: Team, trust: Organisation
) -> None:
    other = OrganisationFactory.create(name="Mosque Women's Group")
    response = worker_client.post(
        reverse("community:campaign-new"), posted(partners=[str(trust.code), str(other.code)])
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:campaign", kwargs={"code": campaign.code})
    assert campaign.team == team
    assert campaign.language_list == ["en", "ur", "pl"]
    assert campaign.channel_list == ["events", "social_media"]
    assert (campaign.starts, campaign.ends) == (date(2027, 3, 1), date(2027, 8, 31))
    assert set(campaign.partners.all()) == {trust, other}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"theme": ""}, "Enter the campaign&#x27;s theme"),
        ({"theme": "x" * 201}, "Theme must be 200 characters or fewer"),
        ({"key_messages": ""}, "Enter the campaign&#x27;s key messages"),
        ({"key_messages": "x" * 2001}, "Key messages must be 2,000 characters or fewer"),
        ({"languages": None}, "Choose at least one language of the campaign"),
        ({"languages": ["xx"]}, "Choose the languages from the list"),
        ({"channels": None}, "Choose at least one channel of the campaign"),
        ({"channels": ["telegram"]}, "Choose the channels from the list"),
        (
            {"starts_day": "", "starts_month": "", "starts_year": ""},
            "Enter the campaign&#x27;s start date",
        ),
        ({"ends_month": ""}, "The end date must include a month"),
        ({"ends_day": "31", "ends_month": "2"}, "The end date must be a real date"),
        ({"ends_year": "2026"}, "The end date must be the same as or after the start date"),
        (
            {"partners": ["00000000-0000-0000-0000-000000000000"]},
            "Choose the partner organisations from the list",
        ),
    ],
)
def test_each_bad_answer_has_its_message(
    worker_client: Client, changes: dict[str, Any], message: str
) -> None:
    response = worker_client.post(reverse("community:campaign-new"), posted(**changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert message in page
    assert not Campaign.objects.exists()


def test_a_bad_change_changes_nothing(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    campaign = factories.campaign(community_worker, team)
    url = reverse("community:campaign-edit", kwargs={"code": campaign.code})
    assert "Babies have feelings too" in worker_client.get(url).content.decode()
    worker_client.post(url, posted(theme="Changed", ends_year="2020"))
    campaign.refresh_from_db()
    assert campaign.theme == "Babies have feelings too"
    assert not AuditEvent.objects.filter(action="community.campaign_changed").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("community_worker", 200),
        ("clinician", 404),
        ("practitioner", 404),
        ("trainer", 404),
        ("other_clinician", 404),
        ("analyst", 404),
    ],
)
def test_only_the_team_sees_its_campaigns(
    as_persona: Any, persona: str, status: int, community_worker: User, team: Team
) -> None:
    campaign = factories.campaign(community_worker, team)
    client = as_persona(persona)
    for name in ("community:campaign", "community:campaign-edit", "community:campaign-reach"):
        assert client.get(reverse(name, kwargs={"code": campaign.code})).status_code == status


def test_another_teams_community_worker_gets_404(
    sign_in: Any, other_team: Team, community_worker: User, team: Team
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    outsider = UserFactory.create(
        email="other.worker@test.example", roles=[(Role.COMMUNITY_WORKER, other_team)]
    )
    client = sign_in(Client(), outsider)
    campaign = factories.campaign(community_worker, team)
    url = reverse("community:campaign-edit", kwargs={"code": campaign.code})
    assert client.get(url).status_code == 404
    assert client.post(url, posted(theme="Taken over")).status_code == 404
    assert (
        "Babies have feelings too"
        not in client.get(reverse("community:campaigns")).content.decode()
    )
    campaign.refresh_from_db()
    assert campaign.theme == "Babies have feelings too"


# The sums -----------------------------------------------------------------------------


@pytest.fixture
def summed(community_worker: User, team: Team) -> Campaign:
    """A campaign with two talks held (one with two reach records), a stay-and-play to come,
    a cancelled group, and a social media activity without an event."""
    campaign = factories.campaign(community_worker, team)
    by = community_worker
    talk = factories.event(by, team, days=-10, kind=Event.Kind.TALK, campaign=campaign)
    other_talk = factories.event(
        by, team, days=-5, kind=Event.Kind.TALK, campaign=campaign, postcode="BD7 1DP"
    )
    factories.event(by, team, days=5, kind=Event.Kind.STAY_AND_PLAY, campaign=campaign)
    factories.event(
        by, team, days=-1, kind=Event.Kind.GROUP, campaign=campaign, cancelled_at=timezone.now()
    )
    factories.event(by, team, days=-4, title="Not in the campaign")
    today = timezone.localdate()
    services.reach_record(
        by=by,
        event=talk,
        day=today,
        adults=10,
        babies=4,
        postcode_district="BD3",
        materials={"ur": 5, "en": 2},
    )
    services.reach_record(
        by=by,
        event=talk,
        day=today,
        adults=3,
        babies=1,
        postcode_district="BD3",
        materials={"ur": 1},
    )
    services.reach_record(
        by=by,
        event=other_talk,
        day=today,
        adults=7,
        babies=0,
        postcode_district="BD7",
        materials={"pl": 4, "ur": 0},
    )
    services.reach_record(
        by=by,
        campaign=campaign,
        channel=Channel.SOCIAL_MEDIA,
        day=today,
        adults=0,
        babies=0,
        online_views=900,
    )
    loose = factories.event(by, team, days=-6, title="Loose")
    services.reach_record(by=by, event=loose, day=today, adults=50, babies=50)
    return campaign


def test_the_campaign_sums_its_events_and_reach(
    summed: Campaign, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(7):
        summary = selectors.campaign_summary(summed)
    assert (summary.adults, summary.babies, summary.online_views) == (20, 5, 900)
    assert summary.records == 4
    kinds = {k.label: (k.held, k.coming, k.cancelled) for k in summary.kinds}
    assert kinds == {"Talk": (2, 0, 0), "Stay and play": (0, 1, 0), "Group": (0, 0, 1)}
    assert summary.materials == [("Urdu", 6), ("Polish", 4), ("English", 2)]
    assert summary.materials_total == 12
    districts = {row["district"]: (row["adults"], row["babies"]) for row in summary.districts}
    assert districts == {"": (0, 0), "BD3": (13, 5), "BD7": (7, 0)}
    rows = {e.title: e for e in summary.events}
    assert len(summary.events) == 4
    assert "Not in the campaign" not in rows
    held = [e for e in summary.events if e.kind == Event.Kind.TALK]
    sums = sorted((e.__dict__["reach_adults"], e.__dict__["reach_records"]) for e in held)
    assert sums == [(7, 1), (13, 2)]
    assert [a.online_views for a in summary.activities] == [900]


def test_the_campaign_page_shows_the_sums(
    worker_client: Client, summed: Campaign, django_assert_max_num_queries: Any
) -> None:
    url = reverse("community:campaign", kwargs={"code": summed.code})
    # The session, the person and their roles, the campaign, and the sums: a number that
    # does not grow with the campaign's events.
    with django_assert_max_num_queries(16):
        page = worker_client.get(url).content.decode()
    assert "Events by kind" in page
    assert "Materials given out by language" in page
    assert "Reach by postcode district" in page
    assert "BD7" in page
    assert "900" in page
    assert "Social media" in page
