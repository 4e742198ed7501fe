"""Defects a persona walk of the consultation pages found, each pinned by a test that
failed before its fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import formats, timezone
from django.utils.translation import override

from littleminds.accounts.models import User
from littleminds.consultations.forms import BookingForm
from littleminds.consultations.tests.factories import group, slot

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return unescape(response.content.decode())


def _date(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


# 1. A baby's date of birth on a booking: the referral forms' bounds and words -------------


@pytest.mark.parametrize("born", [date(1900, 1, 1), date(2020, 1, 1)])
def test_a_booking_refuses_a_baby_older_than_the_service_works_with(
    clinician: User, born: date
) -> None:
    free = slot(clinician)
    data = {
        "slot": str(free.code),
        "share": "on",
        "parent_name": "Sam Example",
        "born": "born",
        "postcode": "BD7 1DP",
        **_date("child_date_of_birth", born),
    }
    with override("en-gb"):
        form = BookingForm(data, slots=[free])
        assert not form.is_valid()
        message = str(form.errors["child_date_of_birth"][0])
    assert message.startswith("The baby is ")
    assert (
        "The service works with families from pregnancy until the day before the baby's "
        "second birthday." in message
    )


def test_a_booking_takes_a_baby_under_two(clinician: User) -> None:
    free = slot(clinician)
    born = timezone.localdate() - timedelta(days=300)
    data = {
        "slot": str(free.code),
        "share": "on",
        "parent_name": "Sam Example",
        "born": "born",
        "postcode": "BD7 1DP",
        **_date("child_date_of_birth", born),
    }
    form = BookingForm(data, slots=[free])
    assert form.is_valid(), form.errors


# 3. Past group sessions: no buttons, and messages that name the one real reason ----------


def _past(session: Any) -> Any:
    from littleminds.consultations.models_groups import GroupSession

    GroupSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=3))
    session.refresh_from_db()
    return session


def test_a_past_session_offers_no_buttons_and_says_it_took_place(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    from littleminds.consultations import services_groups

    series = group(clinician, sessions=2)
    past, coming = list(series.sessions.order_by("starts_at"))
    services_groups.group_join(by=practitioner, session=past)
    _past(past)
    client = sign_in(Client(), practitioner)

    page = text(client.get(f"/consultations/groups/{series.code}/"))

    assert f"/consultations/groups/sessions/{past.code}/" not in page
    assert f"/consultations/groups/sessions/{coming.code}/join/" in page
    day = formats.date_format(timezone.localtime(past.starts_at), "j F Y")
    assert f"Took place on {day}." in page
    assert page.count("Join this date") == 1
    assert "Leave" not in page


@pytest.mark.parametrize(
    ("action", "given", "expected"),
    [
        ("join", "past", "You cannot join this session: it has begun."),
        ("join", "mine", "You cannot join this session: you already have a place."),
        ("leave", "past", "You cannot leave this session: it has begun."),
        ("leave", "none", "You cannot leave this session: you had no place at it."),
        ("join", "full", "This session is full; choose another date."),
    ],
)
def test_joining_and_leaving_say_the_one_real_reason(
    clinician: User,
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
    action: str,
    given: str,
    expected: str,
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory
    from littleminds.consultations import services_groups

    series = group(clinician, capacity=1)
    session = series.sessions.first()
    if given == "mine" or (given == "past" and action == "leave"):
        services_groups.group_join(by=practitioner, session=session)
    if given == "full":
        other = UserFactory.create(
            email="o@test.example",
            organisation=practitioner.organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        services_groups.group_join(by=other, session=session)
    if given == "past":
        _past(session)
    client = sign_in(Client(), practitioner)

    response = client.post(f"/consultations/groups/sessions/{session.code}/{action}/", follow=True)

    page = text(response)
    assert expected in page
    assert "it has begun, or" not in page


# 4. "Join every coming session" on a full group: not a success, and plurals ---------------


def test_joining_a_full_group_is_not_a_success_and_counts_in_plurals(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory
    from littleminds.consultations import services_groups

    series = group(clinician, capacity=1, sessions=1)
    other = UserFactory.create(
        email="o@test.example",
        organisation=practitioner.organisation,
        roles=[(Role.PRACTITIONER, None)],
    )
    services_groups.group_join(by=other, session=series.sessions.first())
    client = sign_in(Client(), practitioner)

    page = text(client.post(f"/consultations/groups/{series.code}/join/", follow=True))

    assert "You have joined no sessions: 1 session is full." in page
    assert "Important" in page
    assert "Success" not in page
    assert "1 sessions" not in page


def test_joining_a_group_counts_in_plurals(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    series = group(clinician, capacity=2, sessions=1)
    client = sign_in(Client(), practitioner)

    page = text(client.post(f"/consultations/groups/{series.code}/join/", follow=True))

    assert "You have joined 1 session." in page
    assert "1 sessions" not in page


# 21. Group pages count places in plurals ---------------------------------------------------


def test_a_group_of_one_place_says_place_not_places(
    clinician: User, sign_in: Callable[[Client, User], Client]
) -> None:
    series = group(clinician, capacity=1, sessions=1)
    page = text(sign_in(Client(), clinician).get(f"/consultations/groups/{series.code}/"))
    assert "1 place at each session." in page
    assert "0 of 1 place taken" in page
    assert "1 places" not in page


# 5. The feedback form's messages each name their topic -------------------------------------


def test_each_confidence_message_names_its_topic() -> None:
    from littleminds.consultations.forms_records import FeedbackForm

    with override("en-gb"):
        form = FeedbackForm({})
        assert not form.is_valid()
        messages = [
            str(errors[0])
            for name, errors in form.errors.items()
            if name.endswith(("_before", "_after"))
        ]
    assert len(messages) == 6
    assert len(set(messages)) == 6
    assert (
        "Choose how confident you were before in noticing difficulties in the relationship "
        "between a parent and their baby" in messages
    )
    assert "Choose how confident you are now in knowing when and where to refer" in messages


# 8. Past consultations: "Took place" or "Recorded", and no calendar link ------------------


def test_past_consultations_say_they_took_place_and_offer_no_calendar(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    import time_machine

    from littleminds.consultations.models_records import Outcome
    from littleminds.consultations.services_records import Said, record_save
    from littleminds.consultations.tests.factories import booking

    with time_machine.travel(date(2026, 11, 25), tick=False):
        held = booking(practitioner, slot(clinician, days=2))
        recorded = booking(practitioner, slot(clinician, days=3))
    with time_machine.travel(date(2026, 12, 5), tick=False):
        record_save(by=clinician, booking=recorded, said=Said(outcome=Outcome.CONTINUES))
        client = sign_in(Client(), practitioner)
        home = text(client.get("/consultations/"))
        page = text(client.get(f"/consultations/bookings/{held.code}/"))
    past = home.partition('id="mine-past"')[2]
    assert past.count("Took place") == 1
    assert past.count("Recorded") == 1
    assert "Booked" not in past
    assert "calendar" not in page
    assert f"/consultations/bookings/{held.code}/invite.ics" not in page


# 9 and 17. Every "too long" message of the consultations' forms names its box plainly ------


def _consultation_forms() -> list[type[Any]]:
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import littleminds.consultations as app

    found: list[type[Any]] = []
    for info in pkgutil.iter_modules(app.__path__):
        if not info.name.startswith("forms"):
            continue
        module = importlib.import_module(f"littleminds.consultations.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
        ]
    return found


def test_every_too_long_message_names_its_box_plainly(clinician: User, team: Any) -> None:
    import inspect

    from django import forms

    given = {
        "by": clinician,
        "slots": [],
        "choices": [],
        "held_on": timezone.localdate(),
        "teams": [team],
        "group": True,
    }
    checked = set()
    with override("en-gb"):
        for form_class in _consultation_forms():
            wanted = [
                name
                for name, parameter in inspect.signature(form_class.__init__).parameters.items()
                if parameter.kind is parameter.KEYWORD_ONLY
            ]
            form = form_class(**{name: given[name] for name in wanted})
            for name, field in form.fields.items():
                limit = getattr(field, "max_length", None)
                if not limit:
                    continue
                with pytest.raises(forms.ValidationError) as refused:
                    field.clean("x" * (limit + 1))
                message = str(refused.value.messages[0])
                where = f"{form_class.__name__}.{name}: {message}"
                assert not message.startswith("Your answer"), where
                assert "(" not in message, where
                assert f"{limit:,}" in message or name in ("at", "phone"), where
                checked.add(f"{form_class.__name__}.{name}")
    assert {"CallbackForm.about", "DoneForm.outcome", "SlotForm.video_link"} <= checked
    assert "SlotForm.place" in checked


# 10. Team selects say "Choose a team", or are not there for one team ----------------------


def test_team_selects_say_choose_a_team_or_are_left_out_for_one(
    clinician: User,
    practitioner: User,
    other_team: Any,
    sign_in: Callable[[Client, User], Client],
) -> None:
    from littleminds.accounts.models import Team

    practitioner_client = sign_in(Client(), practitioner)
    several = text(practitioner_client.get("/consultations/call-back/"))
    assert "Choose a team" in several
    assert "---------" not in several
    one = text(sign_in(Client(), clinician).get("/consultations/groups/new/"))
    assert 'name="team"' not in one
    assert "---------" not in one
    Team.objects.filter(pk=other_team.pk).delete()
    alone = text(practitioner_client.get("/consultations/call-back/"))
    assert 'name="team"' not in alone


# 11. The call-back queue shows phones as the booking pages do -----------------------------


def test_the_call_back_queue_shows_numbers_in_the_national_format(
    clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    from littleminds.consultations.tests.factories import callback

    made = callback(practitioner, clinician.teams()[0])
    assert made.phone.startswith("+44")

    page = text(sign_in(Client(), clinician).get("/consultations/call-backs/"))

    assert "01632 960001" in page
    assert f'href="tel:{made.phone}"' in page
    assert f">{made.phone}<" not in page


# 12. No recording before a session begins; error summary links point at real ids ----------


def test_a_coming_session_offers_no_recording(
    clinician: User, sign_in: Callable[[Client, User], Client]
) -> None:
    series = group(clinician, sessions=2)
    past, coming = list(series.sessions.order_by("starts_at"))
    _past(past)
    client = sign_in(Client(), clinician)
    record = "/consultations/groups/sessions/{}/record/"

    page = text(client.get(f"/consultations/groups/{series.code}/"))
    assert record.format(past.code) in page
    assert record.format(coming.code) not in page

    for response in (
        client.get(record.format(coming.code)),
        client.post(record.format(coming.code), {"themes": "Sleep"}),
    ):
        shown = text(response)
        assert response.status_code == 200
        assert "This session has not begun yet" in shown
        assert "<textarea" not in shown
    coming.refresh_from_db()
    assert coming.recorded_at is None
    assert client.get(record.format(past.code)).status_code == 200


def test_error_summary_links_point_at_ids_on_the_page() -> None:
    import re

    from django.template import Context, Template

    from littleminds.consultations.forms_groups import RecordForm

    for choices in ([], [("1", "Pat Practitioner")]):
        form = RecordForm({"themes": ""}, choices=choices)
        assert not form.is_valid()
        form.add_error(None, "A session is recorded once it has begun.")
        if choices:
            form.add_error("attended", "Choose people from the list")
        html = Template("{% load nhs %}{% error_summary form %}{{ form }}").render(
            Context({"form": form})
        )
        links = re.findall(r'href="#([^"]+)"', html)
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert links
        assert all(link in ids for link in links), (links, ids)


# 13. The records' Period select shows the period actually used ----------------------------


@pytest.mark.parametrize("query", ["", "?outcome=continues", "?period="])
def test_the_period_shown_is_the_period_used(
    clinician: User, sign_in: Callable[[Client, User], Client], query: str
) -> None:
    import re

    from littleminds.consultations.forms_records import DEFAULT_PERIOD, RecordFilter

    response = sign_in(Client(), clinician).get(f"/consultations/records/{query}")
    page = text(response)
    chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', page.partition('name="period"')[2])
    filters = response.context["filters"]
    assert isinstance(filters, RecordFilter)
    since = filters.chosen()[2]
    assert since == timezone.localdate() - timedelta(days=int(DEFAULT_PERIOD))
    assert chosen[0] == DEFAULT_PERIOD


# 15. A new group's errors come all at once ------------------------------------------------


def test_a_new_group_shows_every_error_at_once(clinician: User) -> None:
    from littleminds.consultations.forms_groups import SeriesForm

    data = {
        "title": "Thinking about babies",
        "capacity": "8",
        "day_day": "1",
        "day_month": "1",
        "day_year": "2020",
        "at": "99:99",
        "minutes": "90",
        "every": "4",
        "sessions": "6",
        "place": "Room 1",
    }
    with override("en-gb"):
        form = SeriesForm(data, by=clinician)
        assert not form.is_valid()
        assert form.errors["at"] == ["Enter the start time like 14:30"]
        assert form.errors["day"] == ["The first session must be in the future"]


# 16. A slot ends by midnight -------------------------------------------------------------


@pytest.mark.parametrize(("at", "minutes", "ok"), [("23:50", "90", False), ("22:00", "60", True)])
def test_a_slot_must_end_by_midnight(clinician: User, at: str, minutes: str, ok: bool) -> None:
    from littleminds.consultations.forms import SlotForm

    day = timezone.localdate() + timedelta(days=3)
    data = {
        "whose": f"{clinician.teams()[0].code}:{clinician.code}",
        **_date("day", day),
        "at": at,
        "minutes": minutes,
        "mode": "phone",
        "weeks": "1",
    }
    with override("en-gb"):
        form = SlotForm(data, by=clinician)
        assert form.is_valid() is ok, form.errors
        if not ok:
            assert form.errors["at"] == ["A slot must end by midnight: choose an earlier time"]
        assert "ends by midnight" in str(form.fields["at"].help_text)
