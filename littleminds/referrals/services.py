"""Writes of referrals: drafts, submission, and every triage action.

Every change goes through `_move` (status changes, by the moves of `lifecycle.py`) or
`draft_save`, inside one transaction with its `ReferralEvent` and audit event: a referral is
stored whole or not at all. A submission carrying an idempotency key that was seen before
gives back the referral it made, so a double click or a retried request makes one referral.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.core.postcodes import Postcode, parse_postcode
from littleminds.directory.models import Area, Service
from littleminds.referrals import eligibility
from littleminds.referrals.lifecycle import (
    MOVES,
    Action,
    DeclineReason,
    NotAllowed,
    Status,
    target_of,
)
from littleminds.referrals.models import Intake, Referral, ReferralEvent
from littleminds.referrals.selectors import referral_from_consultation
from littleminds.referrals.signals import referral_moved
from littleminds.referrals.validation import interpreter_for_english, safe_contact_problem

# Letters and digits that cannot be mistaken for each other when read out or written down.
_REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
# How many references a submission draws before giving up, should each be taken already.
_REFERENCE_ATTEMPTS = 3


class NotEligible(Exception):
    def __init__(self, result: eligibility.Eligibility) -> None:
        super().__init__("; ".join(result.problems.values()))
        self.result = result


class KeyReused(Exception):
    """The idempotency key was sent before with other answers: `referral` is what it made,
    which belongs to whoever sent it first and must not be shown to the second sender."""

    def __init__(self, referral: Referral) -> None:
        super().__init__("idempotency key sent before with other answers")
        self.referral = referral


class Incomplete(Exception):
    """Required answers are missing; `problems` says which, by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass
class Details:
    """The answers of a referral, already checked field by field (the forms, the API and
    the FHIR import check them with `validation.py`)."""

    parent_name: str = ""
    baby_name: str = ""
    unborn: bool = False
    expected_delivery_date: date | None = None
    child_date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    may_call: bool = False
    may_text: bool = False
    may_leave_message: bool = False
    confirm_by: str = ""
    language: str = ""
    other_language: str = ""
    interpreter: bool = False
    concerns: list[str] = field(default_factory=list)
    concern_details: str = ""
    impact: str = ""
    tried: str = ""
    others_involved: str = ""
    consent: bool = False
    # A family's own referral: how they heard of the service (`HeardFrom`), or "".
    heard_from: str = ""

    def given(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DETAIL_FIELDS = tuple(f.name for f in fields(Details))


def _reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"LM-{body[:4]}-{body[4:]}"


def family_of(referral: Referral, on: date | None = None) -> eligibility.Family:
    postcode: Postcode | None = None
    if referral.postcode:
        postcode = parse_postcode(referral.postcode)
    return eligibility.Family(
        unborn=referral.unborn,
        expected_delivery_date=referral.expected_delivery_date,
        child_date_of_birth=referral.child_date_of_birth,
        postcode=postcode,
        on=on or timezone.localdate(),
        concerns=tuple(referral.concerns or ()),
        impact=referral.impact,
        asker="parent" if referral.kind == Referral.Kind.SELF else "practitioner",
    )


def missing_answers(referral: Referral) -> dict[str, str]:
    """The required answers not given yet, by field, in the words the form uses."""
    problems: dict[str, str] = {}
    practitioner = referral.kind == Referral.Kind.PRACTITIONER
    if not referral.parent_name:
        problems["parent_name"] = _("Enter the parent or carer's name")
    if referral.unborn and referral.expected_delivery_date is None:
        problems["expected_delivery_date"] = _("Enter the date the baby is due")
    if not referral.unborn and referral.child_date_of_birth is None:
        problems["child_date_of_birth"] = _("Enter the baby's date of birth")
    if not referral.postcode:
        problems["postcode"] = _("Enter the family's home postcode")
    if not referral.phone and (practitioner or referral.confirm_by != "email"):
        problems["phone"] = _("Enter a phone number")
    if not practitioner and (
        unsafe := safe_contact_problem(
            phone=referral.phone,
            may_call=referral.may_call,
            may_text=referral.may_text,
            may_leave_message=referral.may_leave_message,
        )
    ):
        problems["may_call"] = unsafe
    if interpreter_for_english(language=referral.language, interpreter=referral.interpreter):
        # The forms' own words, for whoever is answering: the API is held to the same rule.
        problems["interpreter"] = (
            _(
                "An interpreter is for a language other than English: select the "
                "language the family needs an interpreter for, or untick the box"
            )
            if practitioner
            else _(
                "You chose English, so you do not need an interpreter. Select no, or "
                "select the language you would like an interpreter for"
            )
        )
    if not referral.concerns:
        problems["concerns"] = _("Select what is worrying the family")
    if practitioner and not referral.impact:
        problems["impact"] = _("Select how much it affects the family")
    if practitioner and not referral.consent:
        problems["consent"] = _("Confirm that the family agreed to the referral")
    return problems


# Intakes -------------------------------------------------------------------------------------


def _check_manages(by: User | None, team: Team) -> None:
    """People set up intakes only for teams in which they hold `intakes.manage`; the system
    itself (`by=None`, as the demonstration loader) for any team."""
    if by is not None and team not in by.teams_with(Permission.INTAKES_MANAGE):
        raise PermissionDenied


def _intake_values(intake: Intake) -> dict[str, Any]:
    """What the audit trail keeps of an intake: plain values, never keys."""
    return {
        "service": intake.service.name,
        "area": intake.area.key,
        "age_limit_months": intake.age_limit_months,
        "contact_phone": intake.contact_phone,
        "decision_days": intake.decision_days,
        "default": intake.is_default,
    }


def _check_area_free(intake: Intake) -> None:
    """Refuse an area that another open intake takes: with two teams for one area, which
    team a family's referral reached would be left to chance."""
    other = (
        Intake.objects.filter(area_id=intake.area_id, is_open=True)
        .exclude(pk=intake.pk)
        .select_related("team", "area")
        .first()
    )
    if other is None:
        return
    names = {"team": other.team.name, "area": other.area.name}
    if other.team_id == intake.team_id:
        message = _("%(team)s already takes referrals for %(area)s: change that intake instead")
    else:
        message = _(
            "%(team)s already takes referrals for %(area)s: choose another area, or ask "
            "them to close their intake first"
        )
    raise ValidationError({"area": message % names})


def _take_default(*, by: User | None, intake: Intake) -> None:
    """Make `intake` the one for families with no fixed address: the intake that had it
    loses it, and its team's audit trail says so."""
    others = (
        Intake.objects.select_for_update()
        .filter(is_default=True)
        .exclude(code=intake.code)
        .select_related("team")
    )
    for previous in others:
        previous.is_default = False
        previous.save(update_fields=["is_default"])
        audit_record(
            by=by,
            action="referral.intake_default_moved",
            target=previous,
            team=previous.team,
            detail={"to": str(intake.code)},
        )
    intake.is_default = True


def intake_set_up(
    *,
    by: User | None,
    team: Team,
    service: Service,
    area: Area,
    is_default: bool = False,
    age_limit_months: int = 24,
    contact_phone: str = "",
    decision_days: int | None = None,
) -> Intake:
    """Say that `team` takes referrals for `service`, for families living in `area` (and,
    as the default intake, for families with no fixed address), until the day before the
    baby is `age_limit_months` old. Refused (`ValidationError`, by field) when another open
    intake takes the area."""
    _check_manages(by, team)
    with transaction.atomic():
        intake = Intake(
            team=team,
            service=service,
            area=area,
            age_limit_months=age_limit_months,
            contact_phone=contact_phone,
            decision_days=decision_days,
        )
        _check_area_free(intake)
        if is_default:
            _take_default(by=by, intake=intake)
        intake.full_clean()
        intake.save()
        audit_record(
            by=by,
            action="referral.intake_set_up",
            target=intake,
            team=team,
            detail=_intake_values(intake),
        )
    return intake


def intake_change(
    *,
    by: User | None,
    intake: Intake,
    service: Service,
    area: Area,
    age_limit_months: int,
    is_default: bool,
    contact_phone: str | None = None,
    decision_days: int | None = None,
) -> Intake:
    """Change an intake's service, area, age limit, or whether it takes families with no
    fixed address (its team stays). One intake always takes those families: the default
    moves to another intake, and is never simply taken away."""
    _check_manages(by, intake.team)
    with transaction.atomic():
        locked = (
            Intake.objects.select_for_update()
            .select_related("team", "service", "area")
            .get(pk=intake.pk)
        )
        if locked.is_default and not is_default:
            raise ValidationError(
                {
                    "is_default": _(
                        "Families with no fixed address must always have an intake: to send "
                        "them elsewhere, make another intake the default"
                    )
                }
            )
        if is_default and not locked.is_open:
            raise ValidationError(
                {
                    "is_default": _(
                        "A closed intake cannot take families with no fixed address: open it "
                        "again first"
                    )
                }
            )
        before = _intake_values(locked)
        locked.service, locked.area, locked.age_limit_months = service, area, age_limit_months
        # Left as they are when not given (callers that predate them).
        if contact_phone is not None:
            locked.contact_phone = contact_phone
        if decision_days is not None:
            locked.decision_days = decision_days
        if locked.is_open:
            _check_area_free(locked)
        if is_default and not locked.is_default:
            _take_default(by=by, intake=locked)
        locked.full_clean()
        after = _intake_values(locked)
        changes = {name: [was, after[name]] for name, was in before.items() if was != after[name]}
        if changes:
            locked.save()
            audit_record(
                by=by,
                action="referral.intake_changed",
                target=locked,
                team=locked.team,
                detail={"changes": changes},
            )
    return locked


def _refuse_if_default(intake: Intake, message: str) -> None:
    # Families with no fixed address must always have somewhere to go (DOMAIN.md §5).
    if intake.is_default:
        raise ValidationError(message, code="default")


def intake_close(*, by: User | None, intake: Intake) -> Intake:
    """Stop an intake taking new referrals; the referrals it has received stay with it.
    (What a manager does instead of removing an intake that has referrals.)"""
    _check_manages(by, intake.team)
    with transaction.atomic():
        locked = Intake.objects.select_for_update().select_related("team").get(pk=intake.pk)
        if not locked.is_open:
            return locked
        _refuse_if_default(
            locked,
            _(
                "This intake takes families with no fixed address. Make another intake the "
                "default before you close this one."
            ),
        )
        locked.is_open = False
        locked.full_clean()
        locked.save(update_fields=["is_open"])
        audit_record(by=by, action="referral.intake_closed", target=locked, team=locked.team)
    return locked


def intake_reopen(*, by: User | None, intake: Intake) -> Intake:
    """Let a closed intake take new referrals again, unless another open intake has taken
    its area meanwhile."""
    _check_manages(by, intake.team)
    with transaction.atomic():
        locked = Intake.objects.select_for_update().select_related("team", "area").get(pk=intake.pk)
        if locked.is_open:
            return locked
        _check_area_free(locked)
        locked.is_open = True
        locked.full_clean()
        locked.save(update_fields=["is_open"])
        audit_record(by=by, action="referral.intake_reopened", target=locked, team=locked.team)
    return locked


def intake_remove(*, by: User | None, intake: Intake) -> None:
    """Remove an intake set up by mistake. One that has received referrals is kept (they
    point at it, and say where they went): close it instead."""
    _check_manages(by, intake.team)
    with transaction.atomic():
        locked = (
            Intake.objects.select_for_update()
            .select_related("team", "service", "area")
            .get(pk=intake.pk)
        )
        has_referrals = _(
            "This intake has received referrals, so it cannot be removed: they stay with it. "
            "Close it instead, so that it takes no new referrals."
        )
        if locked.referrals.exists():
            raise ValidationError(has_referrals, code="has_referrals")
        _refuse_if_default(
            locked,
            _(
                "This intake takes families with no fixed address. Make another intake the "
                "default before you remove this one."
            ),
        )
        audit_record(
            by=by,
            action="referral.intake_removed",
            target=locked,
            team=locked.team,
            detail=_intake_values(locked),
        )
        try:
            locked.delete()
        except ProtectedError:
            # A referral reached it since the check: it stays.
            raise ValidationError(has_referrals, code="has_referrals") from None


# Drafts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FromConsultation:
    """The consultation a referral comes from (ADR 0030): its code, its day and the
    clinician's name, kept as they were; `referrals` does not import `consultations`."""

    code: uuid.UUID
    held_on: date
    clinician: str


def draft_start(
    *,
    by: User,
    details: Details | None = None,
    navigator_route: str = "",
    consultation: FromConsultation | None = None,
) -> Referral:
    """A practitioner's new draft, with whatever is known already (the navigator's answers,
    or a consultation's). A consultation becomes one referral: starting from it again gives
    back the referral it became, draft or sent, even when two starts race."""
    if (
        consultation is not None
        and (found := referral_from_consultation(consultation.code)) is not None
    ):
        return found
    try:
        with transaction.atomic():
            referral = Referral(
                kind=Referral.Kind.PRACTITIONER,
                referrer=by,
                referrer_organisation=by.organisation,
                navigator_route=navigator_route,
                **(details or Details()).given(),
            )
            if consultation is not None:
                referral.consultation_code = consultation.code
                referral.consultation_on = consultation.held_on
                referral.consultation_clinician = consultation.clinician[:120]
            _set_district(referral)
            referral.save()
            audit_record(
                by=by,
                action="referral.draft_started",
                target=referral,
                detail={"consultation": str(consultation.code)} if consultation else None,
            )
    except IntegrityError:
        if consultation is None:
            raise
        # Another start from the same consultation won the insert: its referral is this one.
        found = referral_from_consultation(consultation.code)
        if found is None:
            raise
        return found
    return referral


def draft_save(*, by: User, referral: Referral, changes: dict[str, Any]) -> Referral:
    """Save answers to a draft (each page saves its own, so a draft can be resumed)."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not answers of a referral: {sorted(unknown)}")
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.DRAFT or locked.referrer_id != by.pk:
            raise NotAllowed("draft_save", locked.status)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        _set_district(locked)
        locked.save()
        audit_record(
            by=by,
            action="referral.draft_saved",
            target=locked,
            detail={"answers": sorted(changes)},
        )
    return locked


def draft_discard(*, by: User, referral: Referral) -> None:
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.DRAFT or locked.referrer_id != by.pk:
            raise NotAllowed("draft_discard", locked.status)
        audit_record(by=by, action="referral.draft_discarded", target=locked)
        locked.delete()


def _set_district(referral: Referral) -> None:
    referral.postcode_district = (
        parse_postcode(referral.postcode).district if referral.postcode else ""
    )


# Submission ----------------------------------------------------------------------------------


def referral_submit(*, by: User, referral: Referral) -> Referral:
    """Send a practitioner's draft: every required answer given, the family eligible on the
    day; it gets its reference and goes to its team's triage queue."""
    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                locked = Referral.objects.select_for_update().get(pk=referral.pk)
                if locked.referrer_id != by.pk:
                    raise NotAllowed("submit", locked.status)
                if locked.status != Status.DRAFT:
                    return locked  # sent already (a double click): the same referral
                _record_move(locked, Action.SUBMIT, by=by, note="", at=_make_ready(locked))
                return locked
        except IntegrityError:
            if attempt == _REFERENCE_ATTEMPTS - 1:
                raise  # the reference drawn was taken every time
    raise AssertionError("unreachable")


def referral_create(
    *,
    kind: str,
    details: Details,
    by: User | None = None,
    organisation: Organisation | None = None,
    idempotency_key: str = "",
    source: str = Referral.Source.WEB,
    navigator_route: str = "",
    referrer_contact: dict[str, str] | None = None,
) -> tuple[Referral, bool]:
    """Make and send a referral in one step (a family's own, or from a partner system).
    Returns the referral and whether it is new: with an idempotency key seen before, the
    referral that key made comes back instead (and nothing is written)."""
    organisation = organisation or (by.organisation if by else None)
    fingerprint = _fingerprint(details, navigator_route, referrer_contact)
    if idempotency_key:
        earlier = _made_with(kind, organisation, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier, False
    referral = Referral(
        kind=kind,
        source=source,
        referrer=by,
        referrer_organisation=organisation,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
        navigator_route=navigator_route,
        **details.given(),
        # A partner system's referrer (referrer_name, _role, _email): no account.
        **(referrer_contact or {}),
    )
    _set_district(referral)
    # Checked before the transaction: the audit chain's lock is held from the first audit
    # event to the commit, so the reads that can refuse the referral stay outside it.
    sent_at = _make_ready(referral)
    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                _record_move(referral, Action.SUBMIT, by=by, note="", at=sent_at)
                return referral, True
        except IntegrityError:
            # Another request with the same key won the race: give back what it made.
            if idempotency_key:
                earlier = _made_with(kind, organisation, idempotency_key, fingerprint)
                if earlier is not None:
                    return earlier, False
            if attempt == _REFERENCE_ATTEMPTS - 1:
                raise
            # Otherwise the reference drawn was taken already: draw another.
            referral.reference = _reference()
            referral.status = Status.DRAFT  # as it was before the refused write
    raise AssertionError("unreachable")


def _fingerprint(
    details: Details, navigator_route: str, referrer_contact: dict[str, str] | None
) -> str:
    answers = {**details.given(), **(referrer_contact or {}), "route": navigator_route}
    if not answers["heard_from"]:
        # As before the question was asked, so that a key sent before then still matches.
        del answers["heard_from"]
    canonical = json.dumps(answers, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _made_with(
    kind: str, organisation: Organisation | None, key: str, fingerprint: str
) -> Referral | None:
    """The referral this key made, if the same answers came with it then; `KeyReused` if
    other answers did."""
    earlier = _by_key(kind, organisation, key)
    if earlier is not None and earlier.idempotency_fingerprint not in ("", fingerprint):
        raise KeyReused(earlier)
    return earlier


def _by_key(kind: str, organisation: Organisation | None, key: str) -> Referral | None:
    # No ordering, so that PostgreSQL reads the unique index of keys (referral_idempotent*)
    # instead of sorting every referral without an organisation.
    return (
        Referral.objects.filter(kind=kind, referrer_organisation=organisation, idempotency_key=key)
        .order_by()
        .first()
    )


def _make_ready(referral: Referral) -> datetime:
    """Check that the referral can be sent (every required answer, the family eligible on
    the day), and give it its team, reference and time of sending (returned); nothing is
    written."""
    missing = missing_answers(referral)
    if missing:
        raise Incomplete(missing)
    result = eligibility.check(family_of(referral))
    if not result.eligible:
        raise NotEligible(result)
    assert result.intake is not None
    referral.intake = result.intake
    referral.team = result.intake.team
    referral.submitted_at = now = timezone.now()
    # Not looked up first: after 150,000 referrals a new one is taken about once in a
    # million draws (25^8 references), and then the unique index refuses it and the
    # caller draws again.
    referral.reference = _reference()
    return now


# Triage --------------------------------------------------------------------------------------


def _record_move(
    referral: Referral, action: Action, *, by: User | None, note: str, at: datetime
) -> None:
    before = referral.status
    referral.status = target_of(action, before)
    referral.updated_at = at
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        action=action.value,
        from_status=before,
        to_status=referral.status,
        at=at,
        by=by,
        note=note,
    )
    # Listeners write in this transaction: the notifications app stores its messages to
    # the referrer and the family here and sends them after the commit (ADR 0015).
    referral_moved.send(sender=Referral, referral=referral, action=action, by=by)
    # Last: the audit chain's lock is held from here to the commit, and every other
    # writer of the chain waits for it.
    audit_record(
        by=by,
        action=f"referral.{action.value}",
        target=referral,
        team=referral.team,
        detail={"from": before, "to": referral.status},
    )


def _move(
    *, by: User, referral: Referral, action: Action, note: str = "", **changes: Any
) -> Referral:
    """Take one triage action: check it is open from the referral's status and to this
    person (the receiving team, or the referrer), then record it."""
    move = MOVES[action]
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        team_member = locked.team is not None and locked.team in by.teams_with(
            Permission.REFERRALS_TRIAGE
        )
        referrer = locked.referrer_id == by.pk
        if not ((move.by_team and team_member) or (move.by_referrer and referrer)):
            raise NotAllowed(action, locked.status)
        if move.needs_note and not note.strip():
            raise ValueError("a reason is required")
        target_of(action, locked.status)  # raises NotAllowed from a wrong status
        now = timezone.now()
        for name, value in changes.items():
            setattr(locked, name, value)
        if move.target in _DECISIONS and locked.decided_at is None:
            locked.decided_at = now
        if move.by_team and team_member and locked.triaged_by_id is None:
            locked.triaged_by = by
        _record_move(locked, action, by=by, note=note.strip(), at=now)
    return locked


_DECISIONS = {Status.ACCEPTED, Status.DECLINED, Status.REDIRECTED, Status.DUPLICATE}


def triage_start(*, by: User, referral: Referral) -> Referral:
    return _move(by=by, referral=referral, action=Action.START_TRIAGE)


def referral_accept(*, by: User, referral: Referral, note: str = "") -> Referral:
    return _move(by=by, referral=referral, action=Action.ACCEPT, note=note)


def referral_decline(
    *, by: User, referral: Referral, reason: DeclineReason | str, signposting: str
) -> Referral:
    return _move(
        by=by,
        referral=referral,
        action=Action.DECLINE,
        note=signposting,
        decline_reason=DeclineReason(reason),
        message_to_referrer=signposting.strip(),
    )


def referral_redirect(*, by: User, referral: Referral, message: str) -> Referral:
    return _move(
        by=by,
        referral=referral,
        action=Action.REDIRECT,
        note=message,
        message_to_referrer=message.strip(),
    )


def referral_request_info(*, by: User, referral: Referral, question: str) -> Referral:
    return _move(
        by=by,
        referral=referral,
        action=Action.REQUEST_INFO,
        note=question,
        message_to_referrer=question.strip(),
    )


def referral_answer_info(*, by: User, referral: Referral, answer: str) -> Referral:
    return _move(by=by, referral=referral, action=Action.ANSWER_INFO, note=answer)


def referral_mark_duplicate(*, by: User, referral: Referral, original: Referral) -> Referral:
    if original.pk == referral.pk or original.team_id != referral.team_id:
        raise NotAllowed(Action.MARK_DUPLICATE, referral.status)
    return _move(
        by=by,
        referral=referral,
        action=Action.MARK_DUPLICATE,
        note=original.reference or "",
        duplicate_of=original,
    )


def referral_withdraw(*, by: User, referral: Referral, reason: str) -> Referral:
    return _move(by=by, referral=referral, action=Action.WITHDRAW, note=reason)


def first_contact_record(*, by: User, referral: Referral, on: datetime) -> Referral:
    """When the team first spoke with the family: the second waiting time."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.ACCEPTED or locked.team not in by.teams_with(
            Permission.REFERRALS_TRIAGE
        ):
            raise NotAllowed("first_contact", locked.status)
        if locked.submitted_at and on < locked.submitted_at:
            raise ValueError("first contact cannot come before the referral was sent")
        locked.first_contact_at = on
        locked.updated_at = timezone.now()
        locked.save()
        audit_record(by=by, action="referral.first_contact", target=locked, team=locked.team)
    return locked
