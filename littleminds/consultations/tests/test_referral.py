"""A consultation that advised a referral becomes one in one step (issue 13, ADR 0030): the
booking's practitioner presses "Start the referral", the referral draft opens with the
family's details, the worries and the advice carried over, the family's agreement asked
again; one referral per consultation; refused without "referral advised" or without the
family's details; outsiders get 404; and the referral says which consultation it came from
on the check page, the referrer's page and the triage page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.consultations.models import Booking, Outcome
from littleminds.consultations.services import NotAllowed
from littleminds.consultations.services_records import Said, record_save
from littleminds.consultations.services_referral import referral_start
from littleminds.consultations.tests.factories import booking, family, slot
from littleminds.referrals import services as referral_services
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import intake_for

pytestmark = pytest.mark.django_db

BOOKED_ON = date(2026, 11, 25)
HELD_ON = date(2026, 12, 2)
ADVICE = "Watch a feed together; notice the moments the baby looks to her mother."
ACTIONS = "Pip to talk with Sam about a referral this week."


def _book(practitioner: User, clinician: User, *, shared: bool = True) -> Booking:
    with time_machine.travel(BOOKED_ON, tick=False):
        return booking(
            practitioner,
            slot(clinician, days=7),
            concerns=["bonding", "housing"],
            note="Sam finds it hard to enjoy Robin.",
            family=family() if shared else None,
        )


def _record(made: Booking, clinician: User, outcome: str = Outcome.REFERRAL_ADVISED) -> None:
    record_save(
        by=clinician,
        booking=made,
        said=Said(
            outcome=outcome,
            concerns=["bonding", "parent_mental_health"],
            note="Talked through the feeds.",
            advice=ADVICE,
            actions=ACTIONS,
        ),
    )


@pytest.fixture
def now() -> Iterator[None]:
    """After the consultation: 2 December, 11:00."""
    with time_machine.travel(
        datetime(2026, 12, 2, 11, 0, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


@pytest.fixture
def advised(now: None, clinician: User, practitioner: User) -> Booking:
    """A consultation about a named family (shared with their agreement) that advised a
    referral."""
    made = _book(practitioner, clinician)
    _record(made, clinician)
    return made


def page(made: Booking) -> str:
    return f"/consultations/bookings/{made.code}/"


def refer(made: Booking) -> str:
    return f"/consultations/bookings/{made.code}/refer/"


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_the_practitioner_sees_the_button_and_the_team_does_not(
    advised: Booking,
    practitioner: User,
    clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    own = text(sign_in(Client(), practitioner).get(page(advised)))
    assert "Start the referral" in own
    assert f'action="{refer(advised)}"' in own
    assert "Start the referral" not in text(sign_in(Client(), clinician).get(page(advised)))


def test_starting_carries_the_details_worries_and_advice_over(
    advised: Booking, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    response = client.post(refer(advised))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.code}/family/"
    assert referral.status == Status.DRAFT
    assert referral.referrer == practitioner
    assert referral.kind == Referral.Kind.PRACTITIONER
    assert (referral.parent_name, referral.baby_name, referral.postcode) == (
        "Sam Example",
        "Robin",
        "BD7 1DP",
    )
    assert referral.child_date_of_birth == advised.child_date_of_birth
    assert referral.postcode_district == "BD7"
    # The worries the clinician recorded, in the navigator's order; the practitioner's note.
    assert referral.concerns == ["bonding", "parent_mental_health"]
    assert referral.concern_details == "Sam finds it hard to enjoy Robin."
    assert ADVICE in referral.tried
    assert ACTIONS in referral.tried
    # Where it came from: the consultation's code, day and clinician.
    assert referral.consultation_code == advised.code
    assert referral.consultation_on == HELD_ON
    assert referral.consultation_clinician == "Cal Clinician"
    # The family page opens with the details filled in.
    opened = text(client.get(response["Location"]))
    assert 'value="Sam Example"' in opened
    assert "ask the family again whether they agree to the referral" in opened
    event = AuditEvent.objects.get(action="consultation.referral_started")
    assert event.detail == {"booking": str(advised.code), "referral": str(referral.code)}


def test_the_familys_agreement_is_asked_again(
    advised: Booking, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    sign_in(Client(), practitioner).post(refer(advised))
    referral = Referral.objects.get()

    assert referral.consent is False
    assert "consent" in referral_services.missing_answers(referral)
    with pytest.raises(referral_services.Incomplete) as refused:
        referral_services.referral_submit(by=practitioner, referral=referral)
    assert "consent" in refused.value.problems


def test_a_second_press_opens_the_same_referral(
    advised: Booking, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    client.post(refer(advised))
    again = client.post(refer(advised))

    referral = Referral.objects.get()
    assert again["Location"] == f"/referrals/{referral.code}/"
    assert AuditEvent.objects.filter(action="consultation.referral_started").count() == 1
    # Once it has become a referral the page offers it, not a second one.
    shown = text(client.get(page(advised)))
    assert "Start the referral" not in shown
    assert f"/referrals/{referral.code}/" in shown


def test_the_service_gives_back_the_referral_it_became(
    advised: Booking, practitioner: User
) -> None:
    first, started = referral_start(by=practitioner, booking=advised)
    second, again = referral_start(by=practitioner, booking=advised)
    assert (started, again) == (True, False)
    assert first == second
    assert Referral.objects.count() == 1


def test_the_database_keeps_one_referral_per_consultation(advised: Booking) -> None:
    referral_services.draft_start(
        by=advised.practitioner,
        consultation=referral_services.FromConsultation(advised.code, HELD_ON, "Cal Clinician"),
    )
    # Starting from the same consultation again gives back the same draft.
    again = referral_services.draft_start(
        by=advised.practitioner,
        consultation=referral_services.FromConsultation(advised.code, HELD_ON, "Cal Clinician"),
    )
    assert Referral.objects.count() == 1
    assert again.consultation_code == advised.code
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            kind=Referral.Kind.PRACTITIONER, consultation_code=advised.code, consultation_on=HELD_ON
        )


@pytest.mark.parametrize(
    "outcome", [Outcome.CONTINUES, Outcome.FOLLOW_UP], ids=["continues", "follow_up"]
)
def test_refused_when_no_referral_was_advised(
    now: None,
    outcome: str,
    clinician: User,
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    made = _book(practitioner, clinician)
    _record(made, clinician, outcome)
    client = sign_in(Client(), practitioner)

    assert "Start the referral" not in text(client.get(page(made)))
    response = client.post(refer(made), follow=True)
    assert "only when the clinician advised one" in text(response)
    assert not Referral.objects.exists()
    with pytest.raises(NotAllowed):
        referral_start(by=practitioner, booking=made)


def test_refused_before_the_consultation_is_recorded(
    now: None, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = _book(practitioner, clinician)
    sign_in(Client(), practitioner).post(refer(made))
    assert not Referral.objects.exists()


def test_refused_without_the_familys_details(
    now: None, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = _book(practitioner, clinician, shared=False)
    _record(made, clinician)
    client = sign_in(Client(), practitioner)

    assert "Start the referral" not in text(client.get(page(made)))
    response = client.post(refer(made), follow=True)
    assert "agreed to share their details" in text(response)
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="consultation.referral_started").exists()


def test_outsiders_get_404_and_nothing_changes(
    advised: Booking,
    clinician: User,
    manager: User,
    other_clinician: User,
    sign_in: Callable[[Client, User], Client],
) -> None:
    stranger = UserFactory.create(email="s@test.example", roles=[(Role.PRACTITIONER, None)])
    for who in (stranger, clinician, manager, other_clinician):
        assert sign_in(Client(), who).post(refer(advised)).status_code == 404, who.email
    assert Client().post(refer(advised)).status_code == 302
    assert sign_in(Client(), advised.practitioner).get(refer(advised)).status_code == 405
    assert not Referral.objects.exists()


def test_the_referral_says_where_it_came_from_and_the_team_sees_it(
    advised: Booking,
    practitioner: User,
    clinician: User,
    team: Team,
    sign_in: Callable[[Client, User], Client],
) -> None:
    intake_for(team)
    client = sign_in(Client(), practitioner)
    client.post(refer(advised))
    referral = Referral.objects.get()
    referral = referral_services.draft_save(
        by=practitioner,
        referral=referral,
        changes={"phone": "+447700900123", "may_call": True, "impact": "moderate", "consent": True},
    )
    came = "Came from a consultation on 2 December 2026 with Cal Clinician."
    assert came in text(client.get(f"/referrals/{referral.code}/check-your-answers/"))
    # Before it is sent, the team sees no draft.
    assert "The referral it became" not in text(sign_in(Client(), clinician).get(page(advised)))

    referral = referral_services.referral_submit(by=practitioner, referral=referral)
    assert came in text(client.get(f"/referrals/{referral.code}/"))
    team_client = sign_in(Client(), clinician)
    assert came in text(team_client.get(f"/triage/{referral.code}/"))
    shown = text(team_client.get(page(advised)))
    assert "The referral it became" in shown
    assert f'<a href="/triage/{referral.code}/">{referral.reference}</a>' in shown


@pytest.mark.parametrize(
    ("language", "words"),
    [("pl", "Powstało po konsultacji"), ("ro", "Provine dintr-o consultație"), ("ur", "مشاورت")],
)
def test_the_referrer_reads_where_it_came_from_in_their_language(
    advised: Booking,
    practitioner: User,
    language: str,
    words: str,
    team: Team,
    sign_in: Callable[[Client, User], Client],
) -> None:
    intake_for(team)
    client = sign_in(Client(), practitioner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    opened = client.post(refer(advised), follow=True)
    referral = Referral.objects.get()
    assert "ask the family again" not in text(opened)
    shown = text(client.get(f"/referrals/{referral.code}/check-your-answers/"))
    assert words in shown
    assert "Came from a consultation" not in shown


# Long advice: what fits whole is carried over (ADR 0030) -----------------------------------

SHORTENED = "(shortened: the full advice is in the consultation record)"


def _sentences(start: int, count: int) -> list[str]:
    return [
        f"Sentence {number} of the advice, about noticing the baby's cues during a feed."
        for number in range(start, start + count)
    ]


def _long_record(made: Booking, clinician: User, advice: str, actions: str) -> None:
    record_save(
        by=clinician,
        booking=made,
        said=Said(
            outcome=Outcome.REFERRAL_ADVISED,
            concerns=["bonding"],
            note="A long consultation.",
            advice=advice,
            actions=actions,
        ),
    )


def _as_sent(text: str) -> str:
    """The answer as a browser sends a text box back: every line break as CR LF."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def test_long_advice_is_carried_over_whole_up_to_the_limit_with_a_note(
    now: None,
    clinician: User,
    practitioner: User,
    team: Team,
    sign_in: Callable[[Client, User], Client],
) -> None:
    intake_for(team)
    made = _book(practitioner, clinician)
    # Two paragraphs of advice (about 1,950 characters with the line breaks) and actions
    # that would take the answer past the referral's limit of 2,000.
    first, second = _sentences(1, 13), _sentences(14, 14)
    advice = " ".join(first) + "\n\n" + " ".join(second)
    actions = " ".join(f"Action {number}: call the family on Monday." for number in range(12))
    assert len(advice) <= 2000
    assert len(actions) <= 2000
    assert len(advice) + len(actions) > 2000
    _long_record(made, clinician, advice, actions)
    client = sign_in(Client(), practitioner)

    client.post(refer(made))
    referral = Referral.objects.get()

    assert referral.tried.startswith("Advice from the consultation: Sentence 1 of the advice")
    assert referral.tried.endswith(SHORTENED)
    assert len(_as_sent(referral.tried)) <= 2000
    kept = referral.tried.removesuffix(SHORTENED)
    # Whole sentences only, in order, the advice first: the first paragraph whole, the
    # second up to a sentence's end, and no actions after the advice was cut.
    assert " ".join(first) in kept
    assert "Sentence 14 of the advice" in kept
    assert "Sentence 27 of the advice" not in kept
    assert "Actions agreed" not in kept
    assert kept.rstrip().endswith("during a feed.")
    # The worries page takes it back as it stands: no "too long" error the practitioner
    # did not cause.
    answered = client.post(
        f"/referrals/{referral.code}/worries/",
        {
            "concerns": ["bonding"],
            "impact": "moderate",
            "tried": _as_sent(referral.tried),
            "consent": "on",
        },
    )
    assert answered.status_code == 302, text(answered)
    referral.refresh_from_db()
    assert referral.tried.endswith(SHORTENED)


def test_advice_that_fits_is_carried_over_without_a_note(advised: Booking) -> None:
    referral, _started = referral_start(by=advised.practitioner, booking=advised)
    assert referral.tried == (
        f"Advice from the consultation: {ADVICE}\n\nActions agreed: {ACTIONS}"
    )
    assert SHORTENED not in referral.tried


def test_short_actions_after_long_advice_are_carried_over_whole(
    now: None, clinician: User, practitioner: User
) -> None:
    made = _book(practitioner, clinician)
    # The advice fits whole with room for the note; the actions do not.
    advice = " ".join(_sentences(1, 20))
    actions = " ".join(f"Action {number}: call the family on Monday." for number in range(20))
    _long_record(made, clinician, advice, actions)

    referral, _started = referral_start(by=practitioner, booking=made)

    assert f"Advice from the consultation: {advice}" in referral.tried
    assert "Actions agreed: Action 0: call the family on Monday." in referral.tried
    assert "Action 19:" not in referral.tried
    assert referral.tried.endswith(SHORTENED)
    assert len(_as_sent(referral.tried)) <= 2000


def test_a_first_sentence_too_long_to_fit_is_left_for_the_record(
    now: None, clinician: User, practitioner: User
) -> None:
    made = _book(practitioner, clinician)
    advice = "Notice " + "the baby's cues, " * 130 + "at every feed."
    _long_record(made, clinician, advice, "Call the family.")

    referral, _started = referral_start(by=practitioner, booking=made)

    # Never half a sentence: only the note, pointing to the record.
    assert referral.tried == SHORTENED


def test_the_note_is_in_the_practitioners_language(
    now: None, clinician: User, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    made = _book(practitioner, clinician)
    _long_record(made, clinician, " ".join(_sentences(1, 30)), "Call the family.")
    client = sign_in(Client(), practitioner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"

    client.post(refer(made))

    tried = Referral.objects.get().tried
    assert tried.startswith("Porada z konsultacji: Sentence 1")
    assert tried.endswith("(skrócono: pełna porada znajduje się w zapisie konsultacji)")


# A deleted draft: "Start the referral" starts one new draft ---------------------------------


def test_after_the_draft_is_deleted_starting_again_makes_one_new_draft(
    advised: Booking, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    client.post(refer(advised))
    first = Referral.objects.get()

    deleted = client.post(f"/referrals/{first.code}/delete/")
    assert deleted.status_code == 302
    assert not Referral.objects.exists()
    # The consultation offers the referral again, not the deleted one.
    shown = text(client.get(page(advised)))
    assert "Start the referral" in shown
    assert f"/referrals/{first.code}/" not in shown

    again = client.post(refer(advised))
    second = Referral.objects.get()
    assert second.code != first.code
    assert again["Location"] == f"/referrals/{second.code}/family/"
    assert second.consultation_code == advised.code
    assert second.parent_name == "Sam Example"
    # A further press gives back that draft: never two at once.
    client.post(refer(advised))
    assert Referral.objects.filter(consultation_code=advised.code).count() == 1
    assert AuditEvent.objects.filter(action="consultation.referral_started").count() == 2
    assert AuditEvent.objects.filter(action="referral.draft_discarded").count() == 1
