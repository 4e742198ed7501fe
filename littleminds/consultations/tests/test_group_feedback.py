"""Practitioners' feedback after a reflective practice group session (issue 13): asked by
e-mail once per attended place when the session is recorded, one answer per place (the
database says so), giving it again replaces it, only attendees answer, listed and counted
beside the consultations, and summarised with them on the team's page, by kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.accounts.work import work_for
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services_groups
from littleminds.consultations.models import GroupFeedback
from littleminds.consultations.models_groups import GroupPlace, GroupSession
from littleminds.consultations.selectors_records import team_feedback
from littleminds.consultations.services import NotAllowed as BookingNotAllowed
from littleminds.consultations.services_records import (
    Answers,
    feedback_give,
    group_feedback_give,
    record_save,
)
from littleminds.consultations.tests.factories import booking, group, slot
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {
    "usefulness": "5",
    "noticing_before": "2",
    "noticing_after": "4",
    "talking_before": "1",
    "talking_after": "3",
    "referring_before": "3",
    "referring_after": "5",
    "wellbeing": "2",
    "comments": "  Good to hear how others hold the baby in mind. ",
}


def _answers(usefulness: int = 4, comments: str = "") -> Answers:
    return Answers(
        usefulness=usefulness,
        before={"noticing": 1, "talking": 2, "referring": 3},
        after={"noticing": 3, "talking": 2, "referring": 4},
        wellbeing=1,
        comments=comments,
    )


def _absent_one(practitioner: User) -> User:
    return UserFactory.create(
        email="absent@test.example",
        organisation=practitioner.organisation,
        roles=[(Role.PRACTITIONER, None)],
    )


@pytest.fixture
def held(clinician: User, practitioner: User) -> tuple[GroupSession, GroupPlace, GroupPlace]:
    """A session that took place: the practitioner came, another did not."""
    session = group(clinician).sessions.first()
    assert session is not None
    place = services_groups.group_join(by=practitioner, session=session)
    absent = services_groups.group_join(by=_absent_one(practitioner), session=session)
    GroupSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    session.refresh_from_db()
    services_groups.session_record(
        by=clinician, session=session, attended={place.pk}, themes="Holding in mind"
    )
    place.refresh_from_db()
    absent.refresh_from_db()
    return session, place, absent


def url(session: GroupSession) -> str:
    return f"/consultations/groups/sessions/{session.code}/feedback/"


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_recording_asks_each_attendee_once_by_email(
    held: tuple[GroupSession, GroupPlace, GroupPlace], clinician: User, practitioner: User
) -> None:
    session, place, absent = held
    asked = Notification.objects.filter(template=Notification.Template.GROUP_FEEDBACK)
    assert [n.user for n in asked] == [practitioner]  # not the one who was absent
    assert url(session) in asked.get().body
    assert asked.get().get_template_display() == "Feedback on a reflective practice group"
    # Recorded again, and again after a change of who came: nobody is asked twice.
    services_groups.session_record(by=clinician, session=session, attended=set(), themes="x")
    services_groups.session_record(
        by=clinician, session=session, attended={place.pk, absent.pk}, themes="x"
    )
    assert sorted(n.to for n in asked.all()) == sorted(
        [practitioner.email, absent.practitioner.email]
    )
    services_groups.session_record(
        by=clinician, session=session, attended={place.pk, absent.pk}, themes="x"
    )
    assert asked.all().count() == 2


def test_feedback_is_saved_and_giving_it_again_replaces_it(
    held: tuple[GroupSession, GroupPlace, GroupPlace],
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    session, place, _absent = held
    client = sign_in(Client(), practitioner)
    page = client.get(url(session))
    assert page.status_code == 200
    assert "How useful was the group session?" in text(page)
    response = client.post(url(session), GOOD)
    assert response.status_code == 302
    given = GroupFeedback.objects.get()
    assert (given.place, given.practitioner, given.usefulness) == (place, practitioner, 5)
    assert (given.noticing_before, given.noticing_after, given.wellbeing) == (2, 4, 2)
    assert given.comments == "Good to hear how others hold the baby in mind."
    client.post(url(session), {**GOOD, "usefulness": "3", "comments": ""})
    again = GroupFeedback.objects.get()
    assert (again.pk, again.usefulness, again.comments) == (given.pk, 3, "")
    actions = list(
        AuditEvent.objects.filter(action__startswith="consultation.group_feedback")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["consultation.group_feedback_given", "consultation.group_feedback_changed"]
    assert "You have answered already" in text(client.get(url(session)))


def test_the_database_holds_one_answer_per_place(
    held: tuple[GroupSession, GroupPlace, GroupPlace], practitioner: User
) -> None:
    _session, place, _absent = held
    given = group_feedback_give(by=practitioner, place=place, answers=_answers())
    values = {
        f.attname: getattr(given, f.attname)
        for f in GroupFeedback._meta.concrete_fields
        if f.attname not in ("id", "code")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupFeedback.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupFeedback.objects.filter(pk=given.pk).update(usefulness=6)


def test_only_attendees_answer(
    held: tuple[GroupSession, GroupPlace, GroupPlace],
    practitioner: User,
    clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    session, place, absent = held
    assert sign_in(Client(), absent.practitioner).get(url(session)).status_code == 404
    assert sign_in(Client(), absent.practitioner).post(url(session), GOOD).status_code == 404
    assert sign_in(Client(), clinician).get(url(session)).status_code == 404
    with pytest.raises(BookingNotAllowed):
        group_feedback_give(by=absent.practitioner, place=absent, answers=_answers())
    with pytest.raises(BookingNotAllowed):
        group_feedback_give(by=absent.practitioner, place=place, answers=_answers())
    assert not GroupFeedback.objects.exists()
    # A session not yet recorded asks nothing of anyone.
    coming = group(clinician, title="Later").sessions.first()
    assert coming is not None
    services_groups.group_join(by=practitioner, session=coming)
    assert sign_in(Client(), practitioner).get(url(coming)).status_code == 404


def test_bad_feedback_is_told_in_its_box(
    held: tuple[GroupSession, GroupPlace, GroupPlace],
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    session, _place, _absent = held
    response = sign_in(Client(), practitioner).post(url(session), {**GOOD, "usefulness": ""})
    assert response.status_code == 200
    assert "Choose how useful the group session was" in text(response)
    assert not GroupFeedback.objects.exists()


def test_your_work_counts_groups_beside_consultations(
    held: tuple[GroupSession, GroupPlace, GroupPlace],
    clinician: User,
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    session, place, _absent = held
    made = booking(practitioner, slot(clinician, days=1))
    made.slot.__class__.objects.filter(pk=made.slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    made.refresh_from_db()
    from littleminds.consultations.services_records import Said

    record = record_save(by=clinician, booking=made, said=Said(outcome="continues"))
    item = next(i for i in work_for(practitioner) if i.key == "consultation_feedback")
    assert item.number == 2
    client = sign_in(Client(), practitioner)
    listed = text(client.get(item.url))
    assert listed.count(url(session)) == 1
    assert listed.count(f"/consultations/records/{record.code}/feedback/") == 1
    assert "Kind: Reflective practice group" in listed
    assert "Kind: Consultation" in listed
    group_feedback_give(by=practitioner, place=place, answers=_answers())
    item = next(i for i in work_for(practitioner) if i.key == "consultation_feedback")
    assert item.number == 1
    answered = text(client.get(item.url))
    assert answered.split('id="answered"')[1].count(url(session)) == 1


def test_the_team_summary_counts_both_kinds_and_filters_by_kind(
    held: tuple[GroupSession, GroupPlace, GroupPlace],
    clinician: User,
    practitioner: User,
    other_clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    from littleminds.consultations.services_records import Said

    _session, place, _absent = held
    made = booking(practitioner, slot(clinician, days=1))
    made.slot.__class__.objects.filter(pk=made.slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    made.refresh_from_db()
    record = record_save(by=clinician, booking=made, said=Said(outcome="continues"))
    feedback_give(by=practitioner, record=record, answers=_answers(2, "On the consultation."))
    group_feedback_give(by=practitioner, place=place, answers=_answers(5, "On the group."))

    both = team_feedback(by=clinician)
    assert (both.overall.count, both.overall.usefulness) == (2, 3.5)
    assert [s.count for s in both.by_organisation] == [2]
    assert team_feedback(by=clinician, kind="groups").overall.usefulness == 5
    assert team_feedback(by=clinician, kind="consultations").overall.usefulness == 2
    assert team_feedback(by=other_clinician).overall.count == 0

    client = sign_in(Client(), clinician)
    page = text(client.get("/consultations/feedback/team/"))
    assert "On the consultation." in page
    assert "On the group." in page
    assert "Reflective practice group" in page.split('id="comments"')[1]
    groups_only = text(client.get("/consultations/feedback/team/?kind=groups"))
    assert "On the group." in groups_only
    assert "On the consultation." not in groups_only
    bad = client.get("/consultations/feedback/team/?kind=nonsense")
    assert bad.status_code == 200
    assert "Choose consultations, groups, or both" in text(bad)
