"""Recording reach after an event or a campaign activity: the services and their audit,
the form's rules, the materials by language, changing and removing a record, and access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.community import services
from littleminds.community.models import Event, Reach, ReachMaterial
from littleminds.community.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_client(as_persona: Any) -> Client:
    return as_persona("community_worker")


@pytest.fixture
def held(community_worker: User, team: Team) -> Event:
    """A stay and play in Urdu, with a Polish interpreter, held two days ago in a campaign
    in English and Romanian."""
    campaign = factories.campaign(community_worker, team, languages="|en|ro|")
    return factories.event(community_worker, team, days=-2, interpreter="pl", campaign=campaign)


def posted(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "day_day": str(today.day),
        "day_month": str(today.month),
        "day_year": str(today.year),
        "adults": "12",
        "babies": "5",
        "postcode_district": "bd3",
        "online_views": "",
        "materials_ur": "20",
        "materials_pl": "0",
        "materials_ar": "3",
        "note": "Busy morning.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _url(event: Event) -> str:
    return reverse("community:event-reach", kwargs={"code": event.code})


def test_recording_changing_and_removing_reach_is_audited(
    community_worker: User, held: Event
) -> None:
    reach = services.reach_record(
        by=community_worker,
        event=held,
        day=timezone.localdate(),
        adults=4,
        babies=2,
        materials={"ur": 3, "pl": 0},
    )
    assert reach.team == held.team
    assert reach.campaign == held.campaign
    assert list(reach.materials.values_list("language", "count")) == [("ur", 3)]
    services.reach_update(by=community_worker, reach=reach, adults=5, materials={"en": 1})
    assert list(reach.materials.values_list("language", "count")) == [("en", 1)]
    services.reach_remove(by=community_worker, reach=reach)
    assert not Reach.objects.exists()
    assert not ReachMaterial.objects.exists()
    recorded, changed, removed = AuditEvent.objects.filter(
        action__startswith="community.reach"
    ).order_by("sequence")
    assert recorded.action == "community.reach_recorded"
    assert recorded.detail["materials"] == {"ur": 3}
    assert changed.action == "community.reach_changed"
    assert changed.detail["before"]["adults"] == 4
    assert changed.detail["after"]["adults"] == 5
    assert changed.detail["after"]["materials"] == {"en": 1}
    assert removed.action == "community.reach_removed"
    assert removed.detail["adults"] == 5
    assert removed.target_code == str(reach.code)


def test_the_form_is_prefilled_from_the_event_with_its_languages_first(
    worker_client: Client, held: Event
) -> None:
    page = worker_client.get(_url(held)).content.decode()
    day = timezone.localtime(held.starts_at).date()
    assert f'name="day_day" type="text" inputmode="numeric" value="{day.day}"' in page
    assert 'value="BD3"' in page
    assert 'inputmode="numeric"' in page
    before_details, after_details = page.split("Other languages", 1)
    # The event's language and interpreter's, then the campaign's; the rest under "Other".
    for name in ("Urdu", "Polish", "English", "Romanian"):
        assert f"Materials given out in {name}" in before_details
    for name in ("Arabic", "Bengali", "Punjabi", "Slovak"):
        assert f"Materials given out in {name}" in after_details
    assert before_details.index("in Urdu") < before_details.index("in Polish")
    assert before_details.index("in Polish") < before_details.index("in English")


def test_reach_is_recorded_with_materials_and_no_zeros(worker_client: Client, held: Event) -> None:
    response = worker_client.post(_url(held), posted())
    assert response.status_code == 302
    assert response["Location"] == reverse("community:event-detail", kwargs={"code": held.code})
    reach = Reach.objects.get()
    assert (reach.adults, reach.babies, reach.postcode_district) == (12, 5, "BD3")
    assert reach.event == held
    assert reach.campaign == held.campaign
    assert reach.online_views is None
    assert reach.note == "Busy morning."
    assert dict(reach.materials.values_list("language", "count")) == {"ur": 20, "ar": 3}
    page = worker_client.get(reverse("community:event-detail", kwargs={"code": held.code}))
    assert "Urdu: 20" in page.content.decode()


def test_a_full_postcode_keeps_its_district(worker_client: Client, held: Event) -> None:
    worker_client.post(_url(held), posted(postcode_district="bd7 1dp"))
    assert Reach.objects.get().postcode_district == "BD7"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day_day": "", "day_month": "", "day_year": ""}, "Enter the day of the activity"),
        ({"day_day": "32"}, "The day must be a real date"),
        ({"day_year": str(timezone.localdate().year + 1)}, "The day must be today or earlier"),
        ({"adults": ""}, "Enter the number of adults reached, or 0"),
        ({"adults": "twelve"}, "Enter the number of adults as a whole number"),
        ({"adults": "-1"}, "The number of adults must be between 0 and 100,000"),
        ({"adults": "100001"}, "The number of adults must be between 0 and 100,000"),
        ({"babies": ""}, "Enter the number of babies reached, or 0"),
        ({"babies": "2.5"}, "Enter the number of babies as a whole number"),
        ({"babies": "100001"}, "The number of babies must be between 0 and 100,000"),
        ({"postcode_district": "QQ"}, "Enter a postcode district, like BD3"),
        ({"online_views": "lots"}, "Enter the online views as a whole number"),
        ({"online_views": "10000001"}, "The online views must be between 0 and 10,000,000"),
        ({"materials_ur": "many"}, "Enter the materials given out in Urdu as a whole number"),
        (
            {"materials_ar": "100001"},
            "The materials given out in Arabic must be between 0 and 100,000",
        ),
        ({"note": "x" * 501}, "Note must be 500 characters or fewer"),
    ],
)
def test_each_bad_answer_has_its_message(
    worker_client: Client, held: Event, changes: dict[str, Any], message: str
) -> None:
    response = worker_client.post(_url(held), posted(**changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert message in page
    assert not Reach.objects.exists()


def test_a_bad_other_language_opens_its_details(worker_client: Client, held: Event) -> None:
    page = worker_client.post(_url(held), posted(materials_ar="x")).content.decode()
    assert '<details class="nhsuk-details" open>' in page


def test_campaign_activity_reach_needs_a_channel(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    campaign = factories.campaign(community_worker, team)
    url = reverse("community:campaign-reach", kwargs={"code": campaign.code})
    page = worker_client.post(url, posted()).content.decode()
    assert "Choose the channel of the activity" in page
    assert not Reach.objects.exists()
    response = worker_client.post(url, posted(channel="radio", online_views="3000"))
    assert response.status_code == 302
    reach = Reach.objects.get()
    assert (reach.campaign, reach.event, reach.channel) == (campaign, None, "radio")
    assert reach.online_views == 3000


def test_changing_a_record_from_its_page(
    worker_client: Client, community_worker: User, held: Event
) -> None:
    reach = services.reach_record(
        by=community_worker,
        event=held,
        day=timezone.localdate(),
        adults=4,
        babies=2,
        materials={"ur": 3},
    )
    url = reverse("community:reach-record-edit", kwargs={"code": reach.code})
    page = worker_client.get(url).content.decode()
    assert 'name="adults" value="4"' in page or 'value="4"' in page
    response = worker_client.post(url, posted(adults="6", materials_ur="", materials_ar=""))
    assert response.status_code == 302
    reach.refresh_from_db()
    assert reach.adults == 6
    assert not reach.materials.exists()
    assert AuditEvent.objects.filter(action="community.reach_changed").count() == 1


def test_removing_a_record_asks_first(
    worker_client: Client, community_worker: User, held: Event
) -> None:
    reach = services.reach_record(
        by=community_worker, event=held, day=timezone.localdate(), adults=4, babies=2
    )
    url = reverse("community:reach-record-remove", kwargs={"code": reach.code})
    assert "Remove this reach record?" in worker_client.get(url).content.decode()
    assert Reach.objects.exists()
    worker_client.post(url)
    assert not Reach.objects.exists()
    assert AuditEvent.objects.filter(action="community.reach_removed").count() == 1


@pytest.mark.parametrize("persona", ["clinician", "practitioner", "trainer", "other_clinician"])
def test_only_the_team_records_reach(
    as_persona: Any, persona: str, community_worker: User, held: Event
) -> None:
    reach = services.reach_record(
        by=community_worker, event=held, day=timezone.localdate(), adults=4, babies=2
    )
    client = as_persona(persona)
    assert client.post(_url(held), posted()).status_code == 404
    for name in ("community:reach-record-edit", "community:reach-record-remove"):
        url = reverse(name, kwargs={"code": reach.code})
        assert client.get(url).status_code == 404
        assert client.post(url, posted(adults="99")).status_code == 404
    reach.refresh_from_db()
    assert reach.adults == 4
    assert Reach.objects.count() == 1


def test_an_event_still_to_come_has_no_reach_form_and_the_day_must_have_come(
    worker_client: Client, community_worker: User, team: Team
) -> None:
    coming = factories.event(community_worker, team, days=3)
    day = timezone.localdate() + timedelta(days=3)
    response = worker_client.post(
        _url(coming),
        posted(day_day=str(day.day), day_month=str(day.month), day_year=str(day.year)),
    )
    assert "once the event has happened" in response.content.decode()
    held = factories.event(community_worker, team, days=-1)
    response = worker_client.post(
        _url(held),
        posted(day_day=str(day.day), day_month=str(day.month), day_year=str(day.year)),
    )
    assert "The day must be today or earlier" in response.content.decode()
    assert not Reach.objects.exists()
