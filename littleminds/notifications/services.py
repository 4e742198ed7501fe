"""Writes of notifications: who is told what when a referral moves, sending, and trying
again (ADR 0015).

`referral_notify` runs inside the referral service's transaction: the notifications are
stored with the change they tell of, or not at all. Each is sent only after that
transaction commits (`transaction.on_commit`), and a send never raises: a backend's error is
recorded on the notification, which is tried again later by `littleminds notifications
send` (run from cron), with a growing wait between tries, up to a limit.

A new notification is stored already claimed by the request that made it (due only once
the claim runs out), so that request sends it straight after the commit without claiming
it again, and the cron job leaves it alone meanwhile; should the request never send it
(its process stopped), the cron job does once the claim has run out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.notifications import backends, messages
from littleminds.notifications.models import Notification, mask_address
from littleminds.referrals.lifecycle import Action
from littleminds.referrals.models import Referral

logger = logging.getLogger(__name__)

# While one sender (the send after a commit, the cron job, a manager's "try again") has a
# notification in hand, the others leave it alone for this long.
CLAIM = timedelta(minutes=10)
ERROR_LIMIT = 500
_WAITING = (Notification.Status.QUEUED, Notification.Status.FAILED)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 5, 15, 45 minutes and so
    on, never more than a day."""
    return min(timedelta(minutes=5 * 3 ** max(attempts - 1, 0)), timedelta(days=1))


# Who is told what ------------------------------------------------------------------------


def family_contact(referral: Referral) -> tuple[str, str] | None:
    """How the family asked to hear from the team, if they asked and it is safe: by e-mail
    when they gave an address, by text only when texting them is safe."""
    if referral.confirm_by == "email" and referral.email:
        return Notification.Channel.EMAIL, referral.email
    if referral.confirm_by == "text" and referral.may_text and referral.phone:
        return Notification.Channel.TEXT, referral.phone
    return None


def referrer_address(referral: Referral) -> str:
    """Where the referrer reads about the referral: their account's address, or the address
    a partner system gave for the practitioner who referred; empty for a family's own."""
    referrer = referral.referrer
    if referrer is not None:
        return referrer.email if referrer.is_active else ""
    return referral.referrer_email


def on_referral_moved(
    sender: object, *, referral: Referral, action: Action, by: User | None, **_: object
) -> None:
    """The receiver of `referrals.signals.referral_moved`."""
    referral_notify(referral=referral, action=action, by=by)


def referral_notify(*, referral: Referral, action: Action, by: User | None) -> list[Notification]:
    """Tell the referrer, and the family where they asked and it is safe, of `action` just
    taken on `referral`. Called by the referral services inside their transaction."""
    template = messages.TEMPLATE_OF.get(action)
    if template is None:
        return []
    made: list[Notification] = []
    # Whoever withdrew their own referral knows already.
    told_already = action == Action.WITHDRAW and by is not None and by.pk == referral.referrer_id
    address = referrer_address(referral)
    if address and not told_already:
        made.append(
            notify(
                referral=referral,
                recipient=Notification.Recipient.REFERRER,
                channel=Notification.Channel.EMAIL,
                to=address,
                template=template,
            )
        )
    contact = family_contact(referral)
    family_hears = (
        messages.FAMILY_TEMPLATES_SELF
        if referral.kind == Referral.Kind.SELF
        else messages.FAMILY_TEMPLATES_PRACTITIONER
    )
    if contact is not None and template in family_hears:
        channel, address = contact
        made.append(
            notify(
                referral=referral,
                recipient=Notification.Recipient.FAMILY,
                channel=channel,
                to=address,
                template=template,
            )
        )
    return made


def notify(
    *, referral: Referral, recipient: str, channel: str, to: str, template: str
) -> Notification:
    """Store one notification, written now in its recipient's language, and send it once
    the surrounding transaction commits."""
    message = messages.render(
        template=template, recipient=recipient, channel=channel, referral=referral
    )
    notification = Notification(
        referral=referral,
        recipient=recipient,
        channel=channel,
        template=template,
        to=to,
        language=messages.language_for(referral.language)
        if recipient == Notification.Recipient.FAMILY
        else settings.LANGUAGE_CODE,
        subject=message.subject,
        body=message.body,
        next_attempt_at=timezone.now() + CLAIM,  # held by this request until it sends it
    )
    # The referral is the one being saved in this transaction, the code a fresh UUID and
    # the status "waiting" (the check constraint is about sent ones): checking any of them
    # again would cost a query for nothing.
    notification.full_clean(exclude=["referral"], validate_unique=False, validate_constraints=False)
    notification.save()
    transaction.on_commit(partial(_deliver, notification), robust=True)
    return notification


# Sending ---------------------------------------------------------------------------------


def notification_send(notification_id: int) -> Notification | None:
    """Send one notification if it is due and no other sender has it in hand, and record
    how it went. Never raises for a backend's failure: that is recorded instead. Returns
    the notification, or None when it was not due (sent already, or in another's hands)."""
    now = timezone.now()
    taken = Notification.objects.filter(
        pk=notification_id, status__in=_WAITING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM)
    if not taken:
        return None
    return _deliver(Notification.objects.select_related("referral__team").get(pk=notification_id))


def _deliver(notification: Notification) -> Notification:
    """Send a notification this process holds the claim on, and record how it went."""
    outgoing = backends.Outgoing(
        channel=notification.channel,
        to=notification.to,
        subject=notification.subject,
        body=notification.body,
        reference=str(notification.code),
    )
    try:
        backends.get_backend().send(outgoing)
    except Exception as error:
        _record_failure(notification, error)
    else:
        _record_sent(notification)
    return notification


def _record_sent(notification: Notification) -> None:
    with transaction.atomic():
        notification.status = Notification.Status.SENT
        notification.attempts += 1
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        notification.last_error = ""
        notification.save(
            update_fields=["status", "attempts", "sent_at", "next_attempt_at", "last_error"]
        )
        audit_record(
            by=None,
            action="notification.sent",
            target=notification,
            team=notification.referral.team,
            detail=_detail(notification),
        )


def _record_failure(notification: Notification, error: Exception) -> None:
    attempts = notification.attempts + 1
    permanent = isinstance(error, backends.PermanentFailure)
    gives_up = permanent or attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    # The error may quote the address (an SMTP server's refusal does): the page that shows
    # errors to managers must not show a family's address in full.
    text = f"{type(error).__name__}: {error}".replace(
        notification.to, mask_address(notification.channel, notification.to)
    )
    with transaction.atomic():
        notification.status = Notification.Status.FAILED
        notification.attempts = attempts
        notification.last_error = text[:ERROR_LIMIT]
        notification.next_attempt_at = None if gives_up else timezone.now() + backoff(attempts)
        notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
        audit_record(
            by=None,
            action="notification.failed",
            target=notification,
            team=notification.referral.team,
            detail={**_detail(notification), "gave_up": gives_up},
        )
    logger.warning(
        "Notification %s could not be sent (attempt %d%s): %s",
        notification.code,
        attempts,
        ", giving up" if gives_up else "",
        notification.last_error,
    )


def _detail(notification: Notification) -> dict[str, object]:
    return {
        "template": notification.template,
        "recipient": notification.recipient,
        "channel": notification.channel,
        "attempt": notification.attempts,
    }


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def notifications_send_due() -> SendReport:
    """Send every notification that is due: new ones whose send after the commit never
    happened, and failed ones whose wait is over. For `littleminds notifications send`."""
    due = list(
        Notification.objects.filter(status__in=_WAITING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = failed = 0
    for pk in due:
        notification = notification_send(pk)
        if notification is None:
            continue
        if notification.status == Notification.Status.SENT:
            sent += 1
        else:
            failed += 1
    return SendReport(sent=sent, failed=failed)


def notification_retry(*, by: User, notification: Notification) -> Notification:
    """A manager's "try again now": one more try at once, even after the last one allowed.
    Returns the notification as that try left it."""
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status__in=_WAITING).update(
            next_attempt_at=timezone.now()
        )
        if updated:
            audit_record(
                by=by,
                action="notification.retry",
                target=notification,
                team=notification.referral.team,
                detail=_detail(notification),
            )
            transaction.on_commit(partial(notification_send, notification.pk), robust=True)
    notification.refresh_from_db()
    return notification
