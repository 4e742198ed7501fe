"""Certificates: the code, the PDF's content (read back from the PDF), who may download one,
the person's list, and the public check of a code (genuine, withdrawn, unknown, malformed,
empty, rate-limited, in Urdu)."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.models import AuditEvent
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import CODE_ALPHABET, Certificate, new_check_code
from littleminds.training.selectors_attendance import normalised_check_code
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db

CHECK = "/training/certificates/check/"


@pytest.fixture
def course(trainer: User, team: Team, health_visiting: Organisation) -> Course:
    return factories.course(
        trainer, team, title="Ready to Relate", hours=Decimal("6.5"), provider=health_visiting
    )


@pytest.fixture
def session(trainer: User, course: Course) -> CourseSession:
    return made.past_session(trainer, course, days_ago=[8, 1])


@pytest.fixture
def held(session: CourseSession, practitioner: User) -> Registration:
    return made.holder(session, practitioner)


@pytest.fixture
def certificate(trainer: User, session: CourseSession, held: Registration) -> Certificate:
    return made.completed(trainer, session, held)


def pdf_url(certificate: Certificate) -> str:
    return reverse("training:certificate-pdf", kwargs={"code": certificate.code})


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# The code --------------------------------------------------------------------------------


def test_a_code_is_ten_characters_from_the_unambiguous_alphabet() -> None:
    codes = {new_check_code() for _n in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL5S8BUV") & set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ACD23-FGH47", "ACD23FGH47"),
        ("acd23 fgh47", "ACD23FGH47"),
        (" ACD23FGH47 ", "ACD23FGH47"),
        ("ACD23-FGH4", None),  # too short
        ("ACD23-FGH470", None),  # too long
        ("ACD23-FGH4O", None),  # the letter O is never used
        ("ACD23/FGH47", None),
    ],
)
def test_a_typed_code_is_normalised_or_refused(typed: str, stored: str | None) -> None:
    assert normalised_check_code(typed) == stored


def test_the_certificate_keeps_what_it_shows_as_issued(
    trainer: User,
    course: Course,
    certificate: Certificate,
    practitioner: User,
    health_visiting: Organisation,
) -> None:
    from littleminds.training import services

    services.course_edit(by=trainer, course=course, title="Renamed later")
    certificate.refresh_from_db()

    assert certificate.course_title == "Ready to Relate"
    assert certificate.person_name == practitioner.full_name
    assert certificate.provider_name == health_visiting.name
    assert certificate.hours == Decimal("6.5")
    assert certificate.issued_by == trainer
    event = AuditEvent.objects.get(action="training.certificate_issued")
    assert event.detail == {"certificate": str(certificate.code)}


def test_a_course_of_the_team_itself_names_the_teams_organisation(
    trainer: User, team: Team
) -> None:
    own = factories.course(trainer, team)
    session = made.past_session(trainer, own)
    issued = made.completed(trainer, session, made.public_holder(session, "Ana Pop"))
    assert issued.provider_name == team.organisation.name
    assert issued.person_name == "Ana Pop"


# The PDF -----------------------------------------------------------------------------------


def test_the_pdf_shows_the_person_course_provider_dates_hours_code_and_check_address(
    as_persona: Callable[[str], Client],
    certificate: Certificate,
    practitioner: User,
    health_visiting: Organisation,
) -> None:
    response = as_persona("practitioner").get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.shown_code in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Certificate of completion" in text
    assert practitioner.full_name in text
    assert "Ready to Relate" in text
    assert health_visiting.name in text
    first = certificate.first_day.strftime("%-d %B %Y")
    last = certificate.last_day.strftime("%-d %B %Y")
    assert f"from {first} to {last}" in text
    assert "6.5 hours" in text
    assert certificate.shown_code in text
    assert "http://testserver/training/certificates/check/" in text


def test_the_pdf_is_in_english_whatever_the_language_of_the_page(
    as_persona: Callable[[str], Client], certificate: Certificate
) -> None:
    client = as_persona("practitioner")
    client.cookies["django_language"] = "ur"
    with translation.override("ur"):
        text = pdf_text(client.get(pdf_url(certificate)).content)
    assert "Certificate of completion" in text


@pytest.mark.parametrize(
    ("who", "status"), [("practitioner", 200), ("trainer", 200), ("manager", 200)]
)
def test_the_holder_and_those_who_run_the_session_may_download_it(
    as_persona: Callable[[str], Client], certificate: Certificate, who: str, status: int
) -> None:
    assert as_persona(who).get(pdf_url(certificate)).status_code == status


@pytest.mark.parametrize("who", ["clinician", "other_clinician", "analyst", "sysadmin"])
def test_anyone_else_gets_404(
    as_persona: Callable[[str], Client], certificate: Certificate, who: str
) -> None:
    assert as_persona(who).get(pdf_url(certificate)).status_code == 404


def test_a_withdrawn_certificate_cannot_be_downloaded(
    as_persona: Callable[[str], Client],
    trainer: User,
    session: CourseSession,
    held: Registration,
    certificate: Certificate,
) -> None:
    from littleminds.training.services_attendance import attendance_mark

    attendance_mark(
        by=trainer,
        session=session,
        registration=held,
        part=session.parts.earliest("day"),
        mark="absent",
    )
    assert as_persona("practitioner").get(pdf_url(certificate)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_and_post_is_refused(
    as_persona: Callable[[str], Client], certificate: Certificate
) -> None:
    assert Client().get(pdf_url(certificate)).status_code == 302
    assert as_persona("practitioner").post(pdf_url(certificate)).status_code == 405


# The person's list ---------------------------------------------------------------------------


def test_a_person_sees_their_own_certificates_only(
    as_persona: Callable[[str], Client], certificate: Certificate
) -> None:
    mine = as_persona("practitioner").get("/training/certificates/").content.decode()
    assert pdf_url(certificate) in mine
    assert certificate.shown_code in mine

    theirs = as_persona("trainer").get("/training/certificates/").content.decode()
    assert pdf_url(certificate) not in theirs
    assert "You have no certificates yet" in theirs


# The public check ------------------------------------------------------------------------


def check(code: str, client: Client | None = None) -> Any:
    return (client or Client()).post(CHECK, {"code": code})


def test_the_check_page_asks_for_a_code() -> None:
    page = Client().get(CHECK).content.decode()
    assert "Check a training certificate" in page
    assert 'name="code"' in page


def test_a_genuine_code_shows_no_more_than_the_certificate(
    certificate: Certificate, practitioner: User
) -> None:
    response = check(certificate.shown_code.lower())

    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is genuine" in page
    assert practitioner.full_name in page
    assert "Ready to Relate" in page
    assert "6.5" in page
    assert practitioner.email not in page
    assert str(certificate.code) not in page


def test_a_withdrawn_code_is_not_valid(
    trainer: User, session: CourseSession, held: Registration, certificate: Certificate
) -> None:
    from littleminds.training.services_attendance import attendance_mark

    attendance_mark(
        by=trainer,
        session=session,
        registration=held,
        part=session.parts.earliest("day"),
        mark="excused",
    )
    page = check(certificate.check_code).content.decode()
    assert "This certificate is not valid" in page
    assert "Ready to Relate" not in page


def test_an_unknown_code_is_a_plain_answer_not_a_404(certificate: Certificate) -> None:
    unknown = "ACD23FGH47" if certificate.check_code != "ACD23FGH47" else "ACD23FGH46"
    response = check(unknown)

    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not find a certificate with that code" in page
    assert "There is a problem" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the code printed on the certificate"),
        ("ABC", "Enter the code as it is printed on the certificate"),
        ("ACD23-FGH4O", "Enter the code as it is printed on the certificate"),
        ("A" * 41, "The code is 10 letters and numbers, like ACD23-FGH47"),
    ],
)
def test_an_empty_or_malformed_code_is_explained_in_the_error_summary(
    typed: str, message: str
) -> None:
    response = check(typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_code">' in page
    assert message in page
    assert "Error: Check a training certificate" in page


def test_checking_is_rate_limited(settings: Any, certificate: Certificate) -> None:
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "certificate_check": (2, 3600)}
    client = Client()

    assert check(certificate.check_code, client).status_code == 200
    assert check("ACD23FGH47", client).status_code == 200
    limited = check(certificate.check_code, client)
    assert limited.status_code == 429
    assert "Retry-After" in limited
    # Showing the form is not counted.
    assert client.get(CHECK).status_code == 200


@pytest.mark.parametrize(
    ("language", "title", "genuine", "unknown"),
    [
        ("ur", "تربیتی سرٹیفکیٹ کی جانچ کریں", "یہ سرٹیفکیٹ اصلی ہے", "ہمیں اس کوڈ والا"),
        ("pl", "Sprawdź certyfikat szkolenia", "Ten certyfikat jest prawdziwy", "Nie znaleźliśmy"),
        (
            "ro",
            "Verificați un certificat de formare",
            "Acest certificat este autentic",
            "Nu am găsit",
        ),
    ],
)
def test_the_check_page_is_in_each_public_language(
    certificate: Certificate, language: str, title: str, genuine: str, unknown: str
) -> None:
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(CHECK).content.decode()
    assert title in page
    assert "Check a training certificate" not in page

    found = check(certificate.check_code, client).content.decode()
    assert genuine in found
    assert "This certificate is genuine" not in found
    missing = check("ACD23FGH4X", client).content.decode()
    assert unknown in missing
    assert "We could not find a certificate with that code" not in missing
    malformed = check("", client).content.decode()
    assert "Enter the code printed on the certificate" not in malformed


def test_whole_hours_read_as_people_say_them_on_the_pdf_and_the_check(
    as_persona: Callable[[str], Client], certificate: Certificate
) -> None:
    """Walk defect 3: "6.0 hours" on the PDF and "Hours 6.0" on the check page."""
    Certificate.objects.filter(pk=certificate.pk).update(hours=Decimal("6"))
    certificate.refresh_from_db()
    text = pdf_text(as_persona("practitioner").get(pdf_url(certificate)).content)
    assert "6 hours." in text
    assert "6.0" not in text
    page = check(certificate.shown_code).content.decode()
    assert "6 hours" in page
    assert "6.0" not in page
    client = Client()
    client.cookies["django_language"] = "ur"
    urdu = check(certificate.shown_code, client).content.decode()
    assert "6.0" not in urdu
    assert "دورانیہ" in urdu
