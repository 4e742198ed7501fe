"""Writes of notifications: who is told what when a referral moves, account e-mails
(ADR 0017), sending, and trying again (ADR 0015).

`referral_notify` runs inside the referral service's transaction: the notifications are
stored with the change they tell of, or not at all. Each is sent only after that
transaction commits (`transaction.on_commit`), and a send never raises: a backend's error is
recorded on the notification, which is tried again later by `littleminds notifications
send` (run from cron), with a growing wait between tries, up to a limit.

A new notification is stored already claimed by the request that made it (due only once
the claim runs out), so that request sends it straight after the commit without claiming
it again, and the cron job leaves it alone meanwhile; should the request never send it
(its process stopped), the cron job does once the claim has run out.

An account e-mail (an invitation, a password reset) and an e-mail to staff about their work
are sent by the process's background worker after the commit, so the request never waits
on the mail server: the page, its status and its time are the same for an address with an
account and one without (ADR 0017). Those one transaction stores go to the worker together,
by one `on_commit` callback (ADR 0032).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from littleminds.accounts import emails
from littleminds.accounts.emails import AccountEmail
from littleminds.accounts.models import Team, User
from littleminds.audit.services import audit_record
from littleminds.core.background import run_in_background
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


# Account e-mails -------------------------------------------------------------------------


def on_account_email_due(
    sender: object, *, user: User, email: AccountEmail, **_: object
) -> Notification:
    """The receiver of `accounts.signals.account_email_due`."""
    return account_email_queue(user=user, email=AccountEmail(email))


def account_email_queue(*, user: User, email: AccountEmail) -> Notification:
    """Store an account e-mail in the caller's transaction, held by this request, and send
    it from a thread of its own once the transaction commits. Its body, which carries a
    link to choose a password, is written only as it is sent (ADR 0017)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = emails.subject(email)
    notification = Notification(
        user=user,
        recipient=Notification.Recipient.ACCOUNT,
        channel=Notification.Channel.EMAIL,
        template=email.value,
        to=user.email,
        language=settings.LANGUAGE_CODE,
        subject=subject,
        body="",
        next_attempt_at=timezone.now() + CLAIM,  # held by this request until it sends it
    )
    notification.save()
    _send_after_commit([notification.pk])
    return notification


def staff_notify(*, user: User, template: str, subject: str, body: str) -> Notification:
    """Store an e-mail to a member of staff about their work, in the caller's transaction,
    and send it from the background worker once that commits. The words name no family:
    the e-mail carries a link to the page, behind sign-in, where the work is."""
    (notification,) = staff_notify_many(
        [StaffEmail(user=user, template=template, subject=subject, body=body)]
    )
    return notification


@dataclass(frozen=True)
class StaffEmail:
    """One e-mail to a member of staff, for `staff_notify_many`."""

    user: User
    template: str
    subject: str
    body: str


def staff_notify_many(wanted: list[StaffEmail]) -> list[Notification]:
    """`staff_notify` for several e-mails at once: one insert for them all."""
    for email in wanted:
        # Staff read an e-mail's kind in words (the unsent list, the audit trail): a kind
        # with no words is the caller's mistake (a bulk insert does not check choices).
        if email.template not in Notification.Template.values:
            raise ValueError(f"no words for the e-mail kind {email.template!r}")
    claimed_until = timezone.now() + CLAIM  # held by this request until it sends them
    made = [
        Notification(
            user=email.user,
            recipient=Notification.Recipient.STAFF,
            channel=Notification.Channel.EMAIL,
            template=email.template,
            to=email.user.email,
            language=settings.LANGUAGE_CODE,
            subject=email.subject,
            body=email.body,
            next_attempt_at=claimed_until,
        )
        for email in wanted
    ]
    if made:
        Notification.objects.bulk_create(made)
        _send_after_commit([notification.pk for notification in made])
    return made


# Sending after the commit, from the background worker -------------------------------------


class _Batch:
    """The notifications one transaction stores for the worker, sent together after its
    commit by a single `on_commit` callback."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _start_sender(self.ids)


_batches = threading.local()


def _send_after_commit(ids: list[int]) -> None:
    """Have the notifications `ids` sent once the caller's transaction commits, with any
    others it stores: one callback for the transaction, however many it stores."""
    connection = transaction.get_connection()
    batch: _Batch | None = getattr(_batches, "batch", None)
    # A batch whose transaction committed (it ran) or rolled back (Django dropped its
    # callback) takes no more: this is a new transaction, with a batch of its own.
    if (
        batch is None
        or batch.done
        or not connection.in_atomic_block
        or not any(callback is batch for _, callback, _ in connection.run_on_commit)
    ):
        batch = _Batch()
        _batches.batch = batch
        batch.ids.extend(ids)
        transaction.on_commit(batch, robust=True)
        return
    batch.ids.extend(ids)


def _start_sender(notification_ids: list[int]) -> None:
    """Send new notifications from the background worker, so the request that made them
    does not wait. Should the process stop first, the cron job sends them once the claim
    has run out."""
    run_in_background(
        f"sending notifications {notification_ids}",
        partial(notifications_send_claimed, list(notification_ids)),
    )


def notifications_send_claimed(notification_ids: list[int]) -> None:
    """Send, one after the other, new notifications the request that stored them holds
    the claim on."""
    for notification_id in notification_ids:
        notification_send_claimed(notification_id)


def notification_send_claimed(notification_id: int) -> Notification | None:
    """Send a new notification that the request which stored it holds the claim on (the
    worker, after its commit). None if it is gone or no longer waiting."""
    notification = (
        Notification.objects.select_related("user", "referral__team")
        .filter(pk=notification_id, status=Notification.Status.QUEUED)
        .first()
    )
    return _deliver(notification) if notification is not None else None


def _account_email_body(notification: Notification) -> tuple[str, str]:
    """The body of an account e-mail, written now with a fresh link, and that link (which
    must appear in no error message). Refused, for good, when the account changed so that
    the link must no longer go to this address."""
    user = notification.user
    assert user is not None
    if not user.is_active:
        raise backends.PermanentFailure("The account was deactivated before it could be sent.")
    if user.email.lower() != notification.to.lower():
        raise backends.PermanentFailure(
            "The account's email address changed before it could be sent."
        )
    link = emails.password_set_link(user)
    with translation.override(notification.language):
        body = emails.body(AccountEmail(notification.template), user=user, link=link)
    return body, link


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
    return _deliver(
        Notification.objects.select_related("user", "referral__team").get(pk=notification_id)
    )


def _deliver(notification: Notification) -> Notification:
    """Send a notification this process holds the claim on, and record how it went."""
    body, secret = notification.body, ""
    try:
        if notification.recipient == Notification.Recipient.ACCOUNT:
            body, secret = _account_email_body(notification)
        outgoing = backends.Outgoing(
            channel=notification.channel,
            to=notification.to,
            subject=notification.subject,
            body=body,
            reference=str(notification.code),
        )
        backends.get_backend().send(outgoing)
    except Exception as error:
        _record_failure(notification, error, secret=secret)
    else:
        _record_sent(notification)
    return notification


def _team(notification: Notification) -> Team | None:
    """The team whose trail records it: the referral's; none for an account's e-mail."""
    if notification.referral_id is None:
        return None
    assert notification.referral is not None
    return notification.referral.team


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
            team=_team(notification),
            detail=_detail(notification),
        )


def _record_failure(notification: Notification, error: Exception, *, secret: str = "") -> None:
    attempts = notification.attempts + 1
    permanent = isinstance(error, backends.PermanentFailure)
    gives_up = permanent or attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
    # The error may quote the address (an SMTP server's refusal does): the page that shows
    # errors to managers must not show a family's address in full. Nor may it show the link
    # of an account e-mail, should a provider quote the message.
    text = f"{type(error).__name__}: {error}"
    if secret:
        text = text.replace(secret, "[link]")
    text = text.replace(notification.to, mask_address(notification.channel, notification.to))
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
            team=_team(notification),
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
                team=_team(notification),
                detail=_detail(notification),
            )
            transaction.on_commit(partial(notification_send, notification.pk), robust=True)
    notification.refresh_from_db()
    return notification
