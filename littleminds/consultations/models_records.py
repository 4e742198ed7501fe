"""The record of a consultation (issue 13, "Recording"): what the clinician and the
practitioner talked about, the advice given, the actions agreed and the outcome. One record
per booking (the database says so); a change replaces the record's words and is audited.

A "duty" consultation is a practitioner's phone call to the team without a booking: its
record has no booking, and says who called and from which organisation instead.

The record names no family: the booking keeps the family's details, when shared.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.consultations.models import Booking
from littleminds.consultations.models_groups import GroupPlace

ADVICE_LIMIT = 2000
CALLER_LIMIT = 120


class Outcome(models.TextChoices):
    CONTINUES = "continues", _("The practitioner continues with support")
    FOLLOW_UP = "follow_up", _("A follow-up consultation")
    REFERRAL_ADVISED = "referral_advised", _("A referral to the team is advised")
    SIGNPOSTED = "signposted", _("Signposted to another service")


class ConsultationRecord(models.Model):
    """What came of one booked consultation, recorded by the team's clinician."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Empty for a duty call, which names its caller and their organisation instead.
    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    caller = models.CharField(_("who called"), max_length=CALLER_LIMIT, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The team and the day, kept here for the team's lists and counts.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    concerns = models.JSONField(_("worries discussed"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    advice = models.TextField(_("advice given"), blank=True)
    actions = models.TextField(_("actions agreed"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    signposted_to = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service signposted to"),
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["team", "held_on"], name="record_team_held")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="signposted", signposted_to__isnull=False)
                | (~Q(outcome="signposted") & Q(signposted_to__isnull=True)),
                name="record_signposted_names_a_service",
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False, caller="")
                | Q(booking__isnull=True, organisation__isnull=False) & ~Q(caller=""),
                name="record_booked_or_duty_with_caller",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("held_on")),
                name="record_follow_up_after_consultation",
            ),
        ]

    def __str__(self) -> str:
        return f"Consultation record {self.code}"

    @property
    def is_duty(self) -> bool:
        return self.booking_id is None


class Wellbeing(models.IntegerChoices):
    MUCH_WORSE = -2, _("Much worse")
    A_LITTLE_WORSE = -1, _("A little worse")
    NO_EFFECT = 0, _("No effect")
    A_LITTLE_BETTER = 1, _("A little better")
    MUCH_BETTER = 2, _("Much better")


# The three items of confidence, asked before and after (a retrospective pre-post).
CONFIDENCE_ITEMS = {
    "noticing": _("Noticing difficulties in the relationship between a parent and their baby"),
    "talking": _("Talking with parents about them"),
    "referring": _("Knowing when and where to refer"),
}
FEEDBACK_TEXT_LIMIT = 2000


def _scale(field: str) -> Q:
    return Q(**{f"{field}__gte": 1, f"{field}__lte": 5})


class FeedbackAnswers(models.Model):
    """The answers of a practitioner's feedback, shared by the feedback on a consultation
    and on a reflective practice group session (the same questions, the same summary)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practitioner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    usefulness = models.PositiveSmallIntegerField(_("how useful it was"))
    noticing_before = models.PositiveSmallIntegerField()
    noticing_after = models.PositiveSmallIntegerField()
    talking_before = models.PositiveSmallIntegerField()
    talking_after = models.PositiveSmallIntegerField()
    referring_before = models.PositiveSmallIntegerField()
    referring_after = models.PositiveSmallIntegerField()
    wellbeing = models.SmallIntegerField(
        _("effect on wellbeing at work"), choices=Wellbeing.choices
    )
    comments = models.TextField(_("anything else"), blank=True)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


def scales_bounded(name: str) -> models.CheckConstraint:
    """Each answer on its scale: 1 to 5, and the effect on wellbeing -2 to 2."""
    return models.CheckConstraint(
        condition=_scale("usefulness")
        & _scale("noticing_before")
        & _scale("noticing_after")
        & _scale("talking_before")
        & _scale("talking_after")
        & _scale("referring_before")
        & _scale("referring_after")
        & Q(wellbeing__gte=-2, wellbeing__lte=2),
        name=name,
    )


class Feedback(FeedbackAnswers):
    """A practitioner's feedback on one consultation they had: one per practitioner per
    consultation (the database says so); giving it again replaces it."""

    record = models.ForeignKey(
        ConsultationRecord, on_delete=models.CASCADE, related_name="feedback"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "practitioner"], name="feedback_once_per_practitioner"
            ),
            scales_bounded("feedback_scales_bounded"),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.code}"

    # The kind of feedback, in words, for the team's page.
    kind_label = _("Consultation")


class GroupFeedback(FeedbackAnswers):
    """A practitioner's feedback on a reflective practice group session they attended: one
    per place (the database says so); giving it again replaces it."""

    place = models.OneToOneField(GroupPlace, on_delete=models.CASCADE, related_name="feedback")

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [scales_bounded("group_feedback_scales_bounded")]

    def __str__(self) -> str:
        return f"Group feedback {self.code}"

    kind_label = _("Reflective practice group")
