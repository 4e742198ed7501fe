"""Practitioners' feedback after a consultation: asked by e-mail when the consultation is
first recorded and counted on "Your work" (linked to exactly those rows), one answer per
practitioner per consultation (the database says so), giving it again replaces it, bad
input told box by box, and nobody else may answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.work import work_for
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services
from littleminds.consultations.models import Booking, ConsultationRecord, Feedback, Outcome
from littleminds.consultations.services_records import Answers, Said, feedback_give, record_save
from littleminds.consultations.tests.factories import booking, slot
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db

ITEMS = ("noticing", "talking", "referring")
GOOD = {
    "usefulness": "4",
    "noticing_before": "2",
    "noticing_after": "4",
    "talking_before": "1",
    "talking_after": "3",
    "referring_before": "3",
    "referring_after": "5",
    "wellbeing": "1",
    "comments": "  Helped me plan the next visit. ",
}


@pytest.fixture
def recorded(clinician: User, practitioner: User) -> Iterator[ConsultationRecord]:
    with time_machine.travel(date(2026, 11, 25), tick=False):
        made: Booking = booking(practitioner, slot(clinician, days=7))
    with time_machine.travel(
        datetime(2026, 12, 2, 11, 0, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield record_save(by=clinician, booking=made, said=Said(outcome=Outcome.CONTINUES))


def url(record: ConsultationRecord) -> str:
    return f"/consultations/records/{record.code}/feedback/"


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_recording_asks_the_practitioner_once_by_email(
    recorded: ConsultationRecord, clinician: User, practitioner: User
) -> None:
    asked = Notification.objects.filter(template=Notification.Template.CONSULTATION_FEEDBACK)
    assert [n.user for n in asked] == [practitioner]
    assert url(recorded) in asked.get().body
    assert recorded.booking is not None
    record_save(by=clinician, booking=recorded.booking, said=Said(outcome=Outcome.CONTINUES))
    assert asked.count() == 1  # a change of the record does not ask again


def test_your_work_counts_exactly_the_rows_of_its_list(
    recorded: ConsultationRecord, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    item = next(i for i in work_for(practitioner) if i.key == "consultation_feedback")
    assert item.number == 1
    client = sign_in(Client(), practitioner)
    listed = client.get(item.url)
    assert listed.status_code == 200
    assert text(listed).count(url(recorded)) == 1
    client.post(url(recorded), GOOD)
    item = next(i for i in work_for(practitioner) if i.key == "consultation_feedback")
    assert item.number == 0
    assert url(recorded) not in text(client.get(item.url)).partition('id="answered"')[0]


def test_feedback_is_saved_and_giving_it_again_replaces_it(
    recorded: ConsultationRecord, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    assert client.post(url(recorded), GOOD).status_code == 302
    given = Feedback.objects.get()
    assert (given.usefulness, given.talking_before, given.talking_after) == (4, 1, 3)
    assert given.comments == "Helped me plan the next visit."
    again = client.get(url(recorded))
    assert again.context["form"]["usefulness"].value() == 4
    client.post(url(recorded), {**GOOD, "usefulness": "2", "comments": ""})
    given = Feedback.objects.get()
    assert given.usefulness == 2
    assert given.comments == ""
    actions = list(
        AuditEvent.objects.filter(action__startswith="consultation.feedback").order_by("sequence")
    )
    assert [a.action for a in actions] == [
        "consultation.feedback_given",
        "consultation.feedback_changed",
    ]


def test_the_database_holds_one_answer_per_practitioner(
    recorded: ConsultationRecord, practitioner: User
) -> None:
    feedback_give(
        by=practitioner,
        record=recorded,
        answers=Answers(
            usefulness=3, before=dict.fromkeys(ITEMS, 2), after=dict.fromkeys(ITEMS, 3), wellbeing=0
        ),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            record=recorded,
            practitioner=practitioner,
            usefulness=3,
            wellbeing=0,
            **{f"{i}_{w}": 3 for i in ITEMS for w in ("before", "after")},
        )


def test_nobody_else_answers(
    recorded: ConsultationRecord,
    clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    with pytest.raises(services.NotAllowed):
        feedback_give(
            by=clinician,
            record=recorded,
            answers=Answers(
                usefulness=3,
                before=dict.fromkeys(ITEMS, 2),
                after=dict.fromkeys(ITEMS, 3),
                wellbeing=0,
            ),
        )
    assert sign_in(Client(), clinician).get(url(recorded)).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("changed", "box", "message"),
    [
        ({"usefulness": ""}, "usefulness", "Choose how useful the consultation was"),
        ({"usefulness": "6"}, "usefulness", "Choose a number from 1 to 5"),
        ({"talking_before": ""}, "talking_before", "Choose how confident you were before"),
        ({"referring_after": "0"}, "referring_after", "Choose a number from 1 to 5"),
        ({"wellbeing": "3"}, "wellbeing", "Choose one of the answers"),
        ({"wellbeing": ""}, "wellbeing", "Choose the effect on your wellbeing at work"),
        ({"comments": "x" * 2001}, "comments", "2,000 characters or fewer"),
    ],
)
def test_bad_feedback_is_told_in_its_box(
    recorded: ConsultationRecord,
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
    changed: dict[str, str],
    box: str,
    message: str,
) -> None:
    response = sign_in(Client(), practitioner).post(url(recorded), {**GOOD, **changed})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [box]
    assert message in " ".join(errors[box])
    assert not Feedback.objects.exists()


def test_the_team_page_summarises_by_organisation_and_ring(
    recorded: ConsultationRecord,
    practitioner: User,
    clinician: User,
    other_clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    from littleminds.directory.models import Ring
    from littleminds.directory.tests.factories import ServiceFactory

    assert practitioner.organisation is not None
    ServiceFactory.create(organisation=practitioner.organisation, ring=Ring.UNIVERSAL)
    feedback_give(
        by=practitioner,
        record=recorded,
        answers=Answers(
            usefulness=4,
            before={"noticing": 1, "talking": 2, "referring": 3},
            after={"noticing": 4, "talking": 2, "referring": 4},
            wellbeing=1,
            comments="Clearer about the next step.",
        ),
    )
    page = text(sign_in(Client(), clinician).get("/consultations/feedback/team/"))
    assert "Clearer about the next step." in page
    assert practitioner.organisation.name in page
    assert "Universal" in page
    assert ": 3.0 (0.0)" in page  # noticing moved from 1 to 4
    elsewhere = text(sign_in(Client(), other_clinician).get("/consultations/feedback/team/"))
    assert "Clearer about the next step." not in elsewhere
    assert "No feedback for this period." in elsewhere


def test_feedback_given_can_be_found_to_change_it(
    recorded: ConsultationRecord, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    assert recorded.booking is not None
    consultation = f"/consultations/bookings/{recorded.booking.code}/"
    assert url(recorded) in text(client.get(consultation))  # the consultation links to it
    assert client.post(url(recorded), GOOD).status_code == 302
    listed = text(client.get("/consultations/feedback/"))
    page = text(client.get(consultation))
    due, _sep, answered = listed.partition('id="answered"')
    assert url(recorded) not in due
    assert url(recorded) in answered
    assert "You answered on 2 December 2026: change your answers" in answered
    assert url(recorded) in page
    assert "You answered on 2 December 2026: change your answers" in page
