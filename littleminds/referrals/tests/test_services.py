"""Referrals are stored whole or not at all, once per idempotency key, only for families
who can be referred, and move only by the life cycle's moves (DOMAIN.md §5, §7)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError
from django.http import Http404

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.directory.models import AreaCoverage
from littleminds.referrals import selectors, services
from littleminds.referrals.lifecycle import MOVES, Action, NotAllowed, Status, actions_from
from littleminds.referrals.models import Referral, ReferralEvent
from littleminds.referrals.tests.factories import details, intake_for, sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def intake(team: Team) -> Any:
    return intake_for(team)


def test_a_referral_is_sent_with_a_reference_to_the_team(practitioner: User, team: Team) -> None:
    referral = sent_referral(practitioner)
    assert referral.status == Status.SUBMITTED
    assert referral.team == team
    assert referral.reference
    assert referral.reference.startswith("LM-")
    assert referral.referrer_organisation == practitioner.organisation
    assert referral.postcode_district == "BD7"
    event = referral.events.get()
    assert (event.from_status, event.to_status, event.by) == ("draft", "submitted", practitioner)
    assert AuditEvent.objects.filter(action="referral.submit", target_code=str(referral.code))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"child_date_of_birth": date(2024, 11, 28)}, "child_date_of_birth"),  # exactly 24 months
        ({"postcode": "BD23 1AA"}, "postcode"),  # Craven: outside the district
        ({"postcode": "LS1 4AP"}, "postcode"),  # Leeds
    ],
)
def test_a_family_that_cannot_be_referred_is_refused_and_nothing_is_kept(
    practitioner: User, changes: dict[str, Any], field: str
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(services.NotEligible) as refused:
        sent_referral(practitioner, **changes)
    assert field in refused.value.result.problems
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "changes",
    [
        {"child_date_of_birth": date(2024, 11, 29)},  # 23 months and 30 days
        {"postcode": "ZZ99 3VZ"},  # no fixed abode: never outside the area
        {"postcode": "LS29 8AB"},
        {"unborn": True, "child_date_of_birth": None, "expected_delivery_date": date(2027, 3, 1)},
        # Expecting, with an older child: the pregnancy makes the family eligible.
        {
            "unborn": True,
            "child_date_of_birth": date(2022, 1, 1),
            "expected_delivery_date": date(2027, 3, 1),
        },
    ],
)
def test_the_edges_that_can_be_referred(practitioner: User, changes: dict[str, Any]) -> None:
    assert sent_referral(practitioner, **changes).status == Status.SUBMITTED


def test_the_area_is_checked_as_it_is_on_the_day(practitioner: User, intake: Any) -> None:
    """BD7 leaves the area at the end of 2026: referrable before, not after."""
    cover = AreaCoverage.objects.get(area=intake.area, prefix="BD7")
    cover.valid_to = date(2026, 12, 31)
    cover.save()
    assert sent_referral(practitioner).status == Status.SUBMITTED
    with time_machine.travel(date(2027, 1, 1), tick=False), pytest.raises(services.NotEligible):
        sent_referral(practitioner, parent_name="Another Parent")


def test_missing_answers_are_named_and_nothing_is_kept(practitioner: User) -> None:
    with pytest.raises(services.Incomplete) as refused:
        sent_referral(practitioner, parent_name="", consent=False, concerns=[])
    assert set(refused.value.problems) == {"parent_name", "consent", "concerns"}
    assert not Referral.objects.exists()


def test_the_same_key_gives_the_same_referral(practitioner: User) -> None:
    first, new = services.referral_create(
        kind="practitioner", details=details(), by=practitioner, idempotency_key="abc"
    )
    again, new_again = services.referral_create(
        kind="practitioner", details=details(), by=practitioner, idempotency_key="abc"
    )
    assert (new, new_again) == (True, False)
    assert again.pk == first.pk
    assert again.reference == first.reference
    assert Referral.objects.count() == 1


def test_a_repeat_is_answered_with_its_referral_even_when_the_day_has_moved_on(
    practitioner: User,
) -> None:
    """Sent the day before the baby turned two, retried the day after: the retry gets the
    referral its key made, not a refusal."""
    first, _new = services.referral_create(
        kind="practitioner",
        details=details(child_date_of_birth=date(2024, 11, 29)),
        by=practitioner,
        idempotency_key="retry",
    )
    with time_machine.travel(TODAY + timedelta(days=1), tick=False):
        again, new_again = services.referral_create(
            kind="practitioner",
            details=details(child_date_of_birth=date(2024, 11, 29)),
            by=practitioner,
            idempotency_key="retry",
        )
    assert (again.pk, new_again) == (first.pk, False)


def _draws(monkeypatch: pytest.MonkeyPatch, *references: str) -> list[str]:
    """Make `_reference` give these references in turn; returns what it gave."""
    given: list[str] = []
    queue = list(references)

    def draw() -> str:
        given.append(queue.pop(0))
        return given[-1]

    monkeypatch.setattr(services, "_reference", draw)
    return given


def test_a_reference_already_taken_is_drawn_again(
    practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = sent_referral(practitioner).reference
    assert taken
    drawn = _draws(monkeypatch, taken, "LM-ACDE-FGHJ")
    referral, new = services.referral_create(
        kind="practitioner",
        details=details(parent_name="Another Parent"),
        by=practitioner,
        idempotency_key="second",
    )
    assert new
    assert referral.reference == "LM-ACDE-FGHJ"
    assert drawn == [taken, "LM-ACDE-FGHJ"]
    assert referral.events.get().to_status == Status.SUBMITTED
    assert Referral.objects.filter(reference=taken).count() == 1


def test_a_draft_whose_reference_is_taken_is_sent_with_another(
    practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = sent_referral(practitioner).reference
    assert taken
    draft = services.draft_start(by=practitioner, details=details(parent_name="Another Parent"))
    drawn = _draws(monkeypatch, taken, "LM-KMNP-QRTU")
    sent = services.referral_submit(by=practitioner, referral=draft)
    assert (sent.status, sent.reference) == (Status.SUBMITTED, "LM-KMNP-QRTU")
    assert drawn == [taken, "LM-KMNP-QRTU"]


def test_a_submission_gives_up_when_every_reference_drawn_is_taken(
    practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = sent_referral(practitioner).reference
    assert taken
    _draws(monkeypatch, taken, taken, taken)
    with pytest.raises(IntegrityError):
        services.referral_create(
            kind="practitioner", details=details(parent_name="Another Parent"), by=practitioner
        )
    assert Referral.objects.count() == 1


def test_a_draft_is_saved_and_sent_once(practitioner: User) -> None:
    draft = services.draft_start(by=practitioner)
    draft = services.draft_save(by=practitioner, referral=draft, changes=details().given())
    sent = services.referral_submit(by=practitioner, referral=draft)
    again = services.referral_submit(by=practitioner, referral=draft)  # a double click
    assert sent.reference == again.reference
    assert ReferralEvent.objects.filter(referral=sent).count() == 1


def test_only_the_referrer_saves_a_draft(practitioner: User, clinician: User) -> None:
    draft = services.draft_start(by=practitioner)
    with pytest.raises(NotAllowed):
        services.draft_save(by=clinician, referral=draft, changes={"parent_name": "X"})


# The life cycle -------------------------------------------------------------------------------


def _take(action: Action, referral: Referral, clinician: User, practitioner: User) -> Referral:
    other = sent_referral(practitioner, parent_name="Someone Else", postcode="BD8 1AA")
    by = clinician if MOVES[action].by_team else practitioner
    calls = {
        Action.START_TRIAGE: lambda: services.triage_start(by=by, referral=referral),
        Action.ACCEPT: lambda: services.referral_accept(by=by, referral=referral),
        Action.DECLINE: lambda: services.referral_decline(
            by=by, referral=referral, reason="better_elsewhere", signposting="Try the hub."
        ),
        Action.REDIRECT: lambda: services.referral_redirect(
            by=by, referral=referral, message="Book a consultation."
        ),
        Action.REQUEST_INFO: lambda: services.referral_request_info(
            by=by, referral=referral, question="Who else is involved?"
        ),
        Action.ANSWER_INFO: lambda: services.referral_answer_info(
            by=by, referral=referral, answer="The GP."
        ),
        Action.MARK_DUPLICATE: lambda: services.referral_mark_duplicate(
            by=by, referral=referral, original=other
        ),
        Action.WITHDRAW: lambda: services.referral_withdraw(
            by=by, referral=referral, reason="The family moved away."
        ),
    }
    return calls[action]()


def _referral_in(status: Status, clinician: User, practitioner: User) -> Referral:
    referral = sent_referral(practitioner)
    path = {
        Status.SUBMITTED: [],
        Status.IN_TRIAGE: [Action.START_TRIAGE],
        Status.MORE_INFO: [Action.REQUEST_INFO],
        Status.ACCEPTED: [Action.ACCEPT],
        Status.DECLINED: [Action.DECLINE],
        Status.REDIRECTED: [Action.REDIRECT],
        Status.DUPLICATE: [Action.MARK_DUPLICATE],
        Status.WITHDRAWN: [Action.WITHDRAW],
    }[status]
    for action in path:
        referral = _take(action, referral, clinician, practitioner)
    assert referral.status == status
    return referral


SENT_STATUSES = [s for s in Status if s != Status.DRAFT]
TRIAGE_ACTIONS = [a for a in Action if a != Action.SUBMIT]


@pytest.mark.parametrize("status", SENT_STATUSES)
@pytest.mark.parametrize("action", TRIAGE_ACTIONS)
def test_every_move_and_every_forbidden_one(
    status: Status, action: Action, clinician: User, practitioner: User
) -> None:
    referral = _referral_in(status, clinician, practitioner)
    events = referral.events.count()
    if status in MOVES[action].sources:
        moved = _take(action, referral, clinician, practitioner)
        assert moved.status == MOVES[action].target
        assert moved.events.count() == events + 1
    else:
        with pytest.raises(NotAllowed):
            _take(action, referral, clinician, practitioner)
        referral.refresh_from_db()
        assert referral.status == status
        assert referral.events.count() == events


def test_each_move_records_who_when_and_why(clinician: User, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    with time_machine.travel(TODAY + timedelta(days=3), tick=False):
        referral = services.referral_decline(
            by=clinician, referral=referral, reason="outside_area", signposting="Try Craven."
        )
    event = referral.events.last()
    assert event is not None
    assert (event.by, event.note, event.to_status) == (clinician, "Try Craven.", "declined")
    assert referral.message_to_referrer == "Try Craven."
    assert referral.days_waiting == 3
    assert referral.triaged_by == clinician


def test_a_reason_is_required_where_the_life_cycle_asks_for_one(
    clinician: User, practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    with pytest.raises(ValueError, match="reason"):
        services.referral_decline(by=clinician, referral=referral, reason="other", signposting=" ")
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_outsiders_cannot_move_a_referral_or_see_it(
    other_clinician: User, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    with pytest.raises(NotAllowed):
        services.referral_accept(by=other_clinician, referral=referral)
    with pytest.raises(NotAllowed):  # the referrer does not triage
        services.referral_accept(by=practitioner, referral=referral)
    with pytest.raises(Http404):
        selectors.referral_for_team(by=other_clinician, code=referral.code)
    with pytest.raises(Http404):
        selectors.referral_for_referrer(by=clinician, code=referral.code)


def test_opening_a_referral_is_audited(clinician: User, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    selectors.referral_for_team(by=clinician, code=referral.code)
    assert AuditEvent.objects.filter(
        action="referral.viewed", target_code=str(referral.code), actor_label=clinician.email
    ).exists()


def test_the_actions_open_to_each_side() -> None:
    assert actions_from(Status.MORE_INFO, team=False, referrer=True) == [
        Action.ANSWER_INFO,
        Action.WITHDRAW,
    ]
    assert Action.ACCEPT in actions_from(Status.SUBMITTED, team=True, referrer=False)
    assert actions_from(Status.ACCEPTED, team=True, referrer=True) == []


def test_possible_duplicates(practitioner: User) -> None:
    first = sent_referral(practitioner)
    same = sent_referral(practitioner, parent_name="sam  EXAMPLE")
    misspelt = sent_referral(practitioner, parent_name="Sam Exampel")
    elsewhere = sent_referral(practitioner, postcode="BD8 1AA")
    other_baby = sent_referral(practitioner, child_date_of_birth=date(2026, 1, 1))
    found = selectors.possible_duplicates(first)
    assert same in found
    assert misspelt in found
    assert elsewhere not in found
    assert other_baby not in found
    due = sent_referral(
        practitioner, unborn=True, child_date_of_birth=None, expected_delivery_date=date(2027, 3, 1)
    )
    near = sent_referral(
        practitioner,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=date(2027, 3, 14),
    )
    far = sent_referral(
        practitioner,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=date(2027, 3, 16),
    )
    found = selectors.possible_duplicates(due)
    assert near in found
    assert far not in found
