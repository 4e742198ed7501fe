"""Writes of questionnaire links (ADR 0025): a clinician makes one for a parent or carer of
the case, and may send it by e-mail or text; a clinician withdraws one; the family answers
through it once. Every write is audited; the family's answers become an administration
through `services_records.administration_record`, so scoring, risk task and notification
are the same as for one a clinician records.

The token is made here and given back once; only its hash is stored. A message carrying it
is therefore not kept in the notifications outbox (whose bodies are stored to be tried
again): it is handed to the notifications backend once, after the commit, from a thread, and
what became of it is written to the audit trail. A message that could not be sent is not
tried again; the clinician makes a new link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.casework.models import Case, CaseEvent, CasePerson
from littleminds.casework.models_link import (
    LINK_LANGUAGES,
    LINK_LIFETIME,
    LINK_MEASURES,
    QuestionnaireLink,
)
from littleminds.casework.models_records import Administration
from littleminds.casework.services import NotAllowed, _check_edits
from littleminds.casework.services_records import administration_record
from littleminds.core.background import run_in_background
from littleminds.measures.definitions import measure_of
from littleminds.notifications import backends
from littleminds.notifications.models import mask_address

# A token of 32 random bytes: 43 characters in the link. Anything much longer is not one.
TOKEN_BYTES = 32
TOKEN_LIMIT = 100


class LinkUnknown(LookupError):
    """No link has this token."""


class LinkStillWaiting(NotAllowed):
    """A link for the same person and measure is still waiting, and the clinician did not
    ask for it to be withdrawn (`link`)."""

    def __init__(self, link: QuestionnaireLink) -> None:
        super().__init__("a link for this person and measure is still waiting")
        self.link = link


class LinkUnavailable(Exception):
    """The link was used, has expired, or was withdrawn (`state`)."""

    def __init__(self, state: QuestionnaireLink.State) -> None:
        super().__init__(state)
        self.state = state


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def language_code(language: str) -> str:
    """The Django language of a link's language ("en" is English as the site speaks it)."""
    return settings.LANGUAGE_CODE if language == "en" else language


def public_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("questionnaire:answer", kwargs={"key": token})


def ways_to_send(person: CasePerson) -> list[str]:
    """How a link may be sent to `person`: by text only where texting them is safe, by e-mail
    only where leaving them a message is safe (an inbox may be read by others too)."""
    ways = []
    if person.email and person.may_leave_message:
        ways.append(QuestionnaireLink.Sent.EMAIL.value)
    if person.phone and person.may_text:
        ways.append(QuestionnaireLink.Sent.TEXT.value)
    return ways


@dataclass(frozen=True)
class MadeLink:
    link: QuestionnaireLink
    # The address with the token, shown to the clinician once and never stored.
    url: str


def _event(case: Case, action: str, *, by: User | None, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, action=action, by=by, detail=detail[:300])


def link_create(
    *,
    by: User,
    case: Case,
    measure: str,
    answerer: CasePerson,
    language: str,
    send_by: str = "",
    replace_waiting: bool = False,
) -> MadeLink:
    """Make a single-use link for `answerer` to fill in `measure`, working for 7 days, and
    send it by `send_by` ("email", "text", or "" for the clinician to pass on).

    One link a person and measure waits at a time, so that a family never holds two that
    both work: while one waits, a new one is refused (`LinkStillWaiting`) unless
    `replace_waiting`, when the waiting one is withdrawn, audited, in the same transaction."""
    if measure not in LINK_MEASURES:
        raise NotAllowed("only PHQ-9 and GAD-7 are filled in by the family")
    if language not in LINK_LANGUAGES:
        raise NotAllowed("the questionnaire is in English, Urdu, Polish or Romanian")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        _check_edits(by, case)
        if not case.is_open:
            raise NotAllowed("the case is closed")
        if answerer.case_id != case.pk or not answerer.is_parent_or_carer:
            raise NotAllowed("a parent or carer of the case answers")
        if send_by and send_by not in ways_to_send(answerer):
            raise NotAllowed("the link cannot be sent that way to this person")
        # The person's row is locked so that two links made at once for them are made one
        # after the other, the second finding the first waiting.
        CasePerson.objects.select_for_update().filter(pk=answerer.pk).exists()
        now = timezone.now()
        for waiting in waiting_links(case=case, answerer=answerer, measure=measure, now=now):
            if not replace_waiting:
                raise LinkStillWaiting(waiting)
            _withdraw(by=by, link=waiting, now=now)
        to = answerer.email if send_by == QuestionnaireLink.Sent.EMAIL else answerer.phone
        link = QuestionnaireLink(
            case=case,
            measure=measure,
            answerer=answerer,
            language=language,
            token_hash=token_hash(token),
            created_by=by,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
            sent_by=send_by,
            sent_to=mask_address(send_by, to) if send_by else "",
        )
        link.full_clean()
        link.save()
        _event(case, "questionnaire_link_made", by=by, detail=measure_of(measure).name)
        audit_record(
            by=by,
            action="questionnaire_link.made",
            target=link,
            team=case.team,
            detail={
                "case": str(case.code),
                "measure": measure,
                "language": language,
                "sent_by": send_by,
            },
        )
        url = public_url(token)
        if send_by:
            message = _message(
                channel=send_by,
                to=to,
                url=url,
                service=case.team.name,
                until=timezone.localtime(link.expires_at).date(),
                language=language,
                reference=str(link.code),
            )
            transaction.on_commit(
                partial(
                    run_in_background,
                    f"sending questionnaire link {link.code}",
                    partial(link_message_send, link.pk, message),
                ),
                robust=True,
            )
    return MadeLink(link=link, url=url)


def _message(
    *,
    channel: str,
    to: str,
    url: str,
    service: str,
    until: date,
    language: str,
    reference: str,
) -> backends.Outgoing:
    """The message with the link, in the family's language. It names the service and
    nothing of the family or their care."""
    with translation.override(language_code(language)):
        day = formats.date_format(until, "j F Y")
        subject = _("A short questionnaire from your practitioner at %(service)s") % {
            "service": service
        }
        body = _(
            "Your practitioner at %(service)s asks you to answer a short questionnaire. It "
            "takes about 5 minutes.\n\nOpen this link on your phone: %(url)s\n\nThe link "
            "works once, until %(day)s. Nobody needs to sign in."
        ) % {"service": service, "url": url, "day": day}
    return backends.Outgoing(
        channel=channel, to=to, subject=subject, body=body, reference=reference
    )


def link_message_send(link_id: int, message: backends.Outgoing) -> bool:
    """Hand the message to the notifications backend, once, and audit how it went. The
    error is logged without the message, which carries the token."""
    link = QuestionnaireLink.objects.select_related("case__team").filter(pk=link_id).first()
    if link is None:
        return False
    sent = backends.send_direct(message, what=f"Questionnaire link {link.code}")
    with transaction.atomic():
        audit_record(
            by=None,
            action="questionnaire_link.sent" if sent else "questionnaire_link.not_sent",
            target=link,
            team=link.case.team,
            detail={"channel": message.channel},
        )
    return sent


def waiting_links(
    *, case: Case, answerer: CasePerson, measure: str, now: datetime
) -> list[QuestionnaireLink]:
    """The links of `answerer` for `measure` that still work, locked for the transaction."""
    return list(
        QuestionnaireLink.objects.select_for_update(of=("self",))
        .select_related("case__team")
        .filter(
            case=case,
            answerer=answerer,
            measure=measure,
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        )
    )


def _withdraw(*, by: User, link: QuestionnaireLink, now: datetime) -> None:
    """Withdraw a waiting link already locked: the case's history and the audit trail."""
    link.withdrawn_at = now
    link.withdrawn_by = by
    link.full_clean()
    link.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _event(link.case, "questionnaire_link_withdrawn", by=by, detail=measure_of(link.measure).name)
    audit_record(
        by=by,
        action="questionnaire_link.withdrawn",
        target=link,
        team=link.case.team,
        detail={"case": str(link.case.code)},
    )


def link_withdraw(*, by: User, link: QuestionnaireLink) -> QuestionnaireLink:
    """Stop a waiting link from working."""
    with transaction.atomic():
        locked = (
            QuestionnaireLink.objects.select_for_update(of=("self",))
            .select_related("case__team")
            .get(pk=link.pk)
        )
        _check_edits(by, locked.case)
        if locked.state != QuestionnaireLink.State.WAITING:
            raise NotAllowed("only a waiting link is withdrawn")
        _withdraw(by=by, link=locked, now=timezone.now())
    return locked


def link_answer(*, token: str, items: list[int]) -> Administration:
    """The family's answers through the link: one administration of the case, answered by
    the link's person, and the link used, in one transaction. The link's row is locked
    first, so two sendings at once make one administration; the second finds it used.
    Raises `LinkUnknown`, `LinkUnavailable`, or `measures.scoring.InvalidAnswers`."""
    if not token or len(token) > TOKEN_LIMIT:
        raise LinkUnknown(token)
    with transaction.atomic():
        link = (
            QuestionnaireLink.objects.select_for_update(of=("self",))
            .select_related("case__team", "answerer", "created_by")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if link is None:
            raise LinkUnknown(token)
        now = timezone.now()
        state = link.state_at(now)
        if state != QuestionnaireLink.State.WAITING:
            raise LinkUnavailable(state)
        if not link.case.is_open:
            # The case closed after the link was made: to the family, it has expired.
            raise LinkUnavailable(QuestionnaireLink.State.EXPIRED)
        administration = administration_record(
            by=link.created_by,
            case=link.case,
            measure=link.measure,
            on=timezone.localdate(now),
            items=items,
            answered_by=link.answerer,
            by_family=True,
        )
        link.used_at = now
        link.administration = administration
        link.save(update_fields=["used_at", "administration"])
        audit_record(
            by=None,
            action="questionnaire_link.used",
            target=link,
            team=link.case.team,
            detail={"case": str(link.case.code), "administration": str(administration.code)},
        )
    return administration
