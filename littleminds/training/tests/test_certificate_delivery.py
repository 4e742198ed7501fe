"""A certificate reaches its holder: an e-mail when it is issued (once, in a public
registrant's language), a link on the person's page, and, for a public registrant with no
account, the PDF from their page's secret address."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from littleminds.accounts.models import Organisation, Team, User
from littleminds.notifications import backends
from littleminds.notifications.models import Notification
from littleminds.training import services_places
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.services_attendance import attendance_mark
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer: User, team: Team, health_visiting: Organisation) -> CourseSession:
    course: Course = factories.course(
        trainer, team, title="Ready to Relate", hours=Decimal("6.5"), provider=health_visiting
    )
    return made.past_session(trainer, course, days_ago=[8, 1])


def place_url(registration: Registration) -> str:
    key = services_places.page_key(registration)
    return reverse("training:public-place", kwargs={"place_key": key})


def certificate_url(registration: Registration) -> str:
    key = services_places.page_key(registration)
    return reverse("training:public-certificate-pdf", kwargs={"place_key": key})


def mark_all(trainer: User, session: CourseSession, registration: Registration, mark: str) -> None:
    for part in session.parts.all():
        attendance_mark(
            by=trainer, session=session, registration=registration, part=part, mark=mark
        )


def test_a_public_registrant_is_emailed_once_in_their_language_when_they_complete(
    trainer: User,
    session: CourseSession,
    recorded: list[backends.Outgoing],
    django_capture_on_commit_callbacks: Any,
) -> None:
    student = made.public_holder(session, language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(
            by=trainer,
            session=session,
            registration=student,
            part=session.parts.earliest("day"),
            mark="present",
        )
    assert recorded == []  # one part of two: not complete yet
    with django_capture_on_commit_callbacks(execute=True):
        made.completed(trainer, session, student)
    [message] = recorded
    assert message.to == "ana@example.org"
    assert message.subject == "Twój certyfikat: Ready to Relate"
    assert place_url(student) in message.body

    # Undone and done again: the certificate comes back, and no second e-mail is sent.
    with django_capture_on_commit_callbacks(execute=True):
        mark_all(trainer, session, student, "absent")
        mark_all(trainer, session, student, "late")
    assert len(recorded) == 1


def test_a_public_registrant_downloads_their_certificate_from_their_page(
    trainer: User, session: CourseSession
) -> None:
    student = made.public_holder(session, name="Ana Pop")
    assert "certificate.pdf" not in Client().get(place_url(student)).content.decode()
    made.completed(trainer, session, student)

    page = Client().get(place_url(student)).content.decode()
    assert certificate_url(student) in page
    assert "Download your certificate (PDF)" in page
    response = Client().get(certificate_url(student))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Ana Pop" in text
    assert "Ready to Relate" in text


def test_the_public_certificate_is_404_without_one_withdrawn_or_with_a_bad_key(
    trainer: User, session: CourseSession
) -> None:
    student = made.public_holder(session)
    assert Client().get(certificate_url(student)).status_code == 404
    made.completed(trainer, session, student)
    assert Client().get(certificate_url(student)).status_code == 200
    bad = reverse("training:public-certificate-pdf", kwargs={"place_key": "not-a-key"})
    assert Client().get(bad).status_code == 404

    mark_all(trainer, session, student, "absent")
    assert Client().get(certificate_url(student)).status_code == 404
    assert "certificate.pdf" not in Client().get(place_url(student)).content.decode()


def test_a_practitioner_is_told_and_their_place_page_links_the_certificate(
    as_persona: Callable[[str], Client],
    trainer: User,
    session: CourseSession,
    practitioner: User,
) -> None:
    held = made.holder(session, practitioner)
    certificate = made.completed(trainer, session, held)
    [told] = Notification.objects.filter(template="training_certificate")
    assert told.user == practitioner
    assert "Ready to Relate" in told.subject

    page = as_persona("practitioner").get(reverse("training:place", args=[held.code]))
    link = reverse("training:certificate-pdf", kwargs={"code": certificate.code})
    assert link in page.content.decode()
