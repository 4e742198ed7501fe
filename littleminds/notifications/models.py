"""Messages to referrers and families about their referrals (ADR 0015), and to account
holders about their accounts: invitations and password resets (ADR 0017).

A notification is stored in the same transaction as the change it tells of, so it is never
lost, and sent after that transaction commits, so a backend that is down never holds up or
undoes the change. A send that fails is tried again later, up to a limit, and stays visible
to the team's service managers until someone deals with it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.referrals.models import Referral


def mask_address(channel: str, address: str) -> str:
    """Enough of an address to tell two apart, never the whole of it: the first letter of an
    e-mail address and the end of its domain, or the last three digits of a phone number."""
    if channel == Notification.Channel.EMAIL:
        local, _at, domain = address.partition("@")
        ending = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}•••@•••.{ending}" if ending else f"{local[:1]}•••@•••"
    digits = [c for c in address if c.isdigit()]
    return "•••••••" + "".join(digits[-3:])


class Notification(models.Model):
    class Recipient(models.TextChoices):
        REFERRER = "referrer", _("Referrer")
        FAMILY = "family", _("Family")
        # The holder of an account, about the account itself: no referral, no team.
        ACCOUNT = "account", _("Account holder")
        # A member of staff, or a practitioner, about their work (a risk to follow up on a
        # case, a consultation booked): no referral.
        STAFF = "staff", _("Member of staff")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    class Template(models.TextChoices):
        """Which message it is: the event it tells of, in a few words."""

        SUBMITTED = "submitted", _("Referral received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")
        REDIRECTED = "redirected", _("Consultation offered instead")
        MORE_INFO = "more_info", _("More information needed")
        DUPLICATE = "duplicate", _("Duplicate")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        INVITATION = "invitation", _("Invitation")
        PASSWORD_RESET = "password_reset", _("New password")
        RISK_TASK = "risk_task", _("Risk to follow up")
        CONSULTATION_BOOKED = "consultation_booked", _("Consultation booked")
        CONSULTATION_MOVED = "consultation_moved", _("Consultation moved")
        CONSULTATION_CANCELLED = "consultation_cancelled", _("Consultation cancelled")
        CONSULTATION_REMINDER = "consultation_reminder", _("Consultation tomorrow")
        CONSULTATION_FEEDBACK = "consultation_feedback", _("Feedback on a consultation")
        GROUP_FEEDBACK = "group_feedback", _("Feedback on a reflective practice group")
        TRAINING_BOOKED = "training_booked", _("Training place booked")
        TRAINING_WAITING = "training_waiting", _("On a training waiting list")
        TRAINING_OFFER = "training_offer", _("Training place offered")
        TRAINING_LAPSED = "training_lapsed", _("Training offer lapsed")
        TRAINING_CANCELLED = "training_cancelled", _("Training place cancelled")
        TRAINING_REMINDER = "training_reminder", _("Training tomorrow")
        TRAINING_ALREADY = "training_already", _("Training place already held")
        TRAINING_QUESTIONNAIRE = "training_questionnaire", _("Training questionnaire to answer")
        TRAINING_CERTIFICATE = "training_certificate", _("Training certificate")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A referral's message names its referral; an account message its account (ADR 0017).
    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="account_notifications",
        null=True,
        blank=True,
    )
    recipient = models.CharField(max_length=8, choices=Recipient.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    template = models.CharField(max_length=24, choices=Template.choices)
    # The address it goes to, as it was when the event happened.
    to = models.CharField(max_length=254)
    language = models.CharField(max_length=8)
    # Written when the event happened, so a later retry says what was true then. An account
    # message's body is empty: it carries a link to choose a password, whose token must not
    # sit in the database, so it is written as it is sent (ADR 0017).
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When the next try is due; none once it is sent, or when no more tries will be made.
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=~Q(status="sent"),
                name="notification_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent")
                | Q(sent_at__isnull=False, next_attempt_at__isnull=True),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(
                    recipient__in=["account", "staff"], user__isnull=False, referral__isnull=True
                )
                | (
                    ~Q(recipient__in=["account", "staff"])
                    & Q(user__isnull=True, referral__isnull=False)
                ),
                name="notification_about_a_referral_or_an_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} to {self.recipient} by {self.channel} ({self.status})"

    @property
    def about(self) -> str:
        """What it is about, as the unsent page and its messages name it: the referral's
        reference, or the account's holder."""
        if self.referral_id is not None:
            assert self.referral is not None
            return self.referral.reference or ""
        assert self.user is not None
        return self.user.full_name or self.user.email

    @property
    def address_shown(self) -> str:
        """The address as the managers' page shows it: a family's masked, a referrer's
        (a colleague's work address) in full."""
        if self.recipient == self.Recipient.FAMILY:
            return mask_address(self.channel, self.to)
        return self.to

    @property
    def gave_up(self) -> bool:
        """Failed, and no more tries will be made unless someone asks for one."""
        return self.status == self.Status.FAILED and self.next_attempt_at is None
