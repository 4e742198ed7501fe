"""Training questionnaires and course feedback (issue 14, "Knowledge and confidence";
ADR 0035).

Each course has its own items: statements a person answers on a five-point scale from
"Strongly disagree" to "Strongly agree". The same items are answered at three times: before
the course, straight after it, and three months after, so that change can be worked out per
person and per course (`confidence.py`). Once the first answer is given the items are
locked: an item may be retired, never changed, so that answers stay comparable.

An answer set is one person's answers at one time: at most one a registration a time, which
the database keeps. The straight-after set also carries the course feedback. An invitation
records that a time's questionnaire was offered to a registration, once; a public
registrant's invitation carries the hash of their link's token (single use, until the time
closes).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from littleminds.accounts.models import User
from littleminds.training.models import Course, Registration

ITEM_LIMIT = 250
ITEM_SHORTEST = 5
ITEMS_MOST = 20
FEEDBACK_LIMIT = 1000
SCORES = (1, 2, 3, 4, 5)

SCALE = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


class When(models.TextChoices):
    BEFORE = "before", pgettext_lazy("questionnaire time", "Before the course")
    AFTER = "after", pgettext_lazy("questionnaire time", "Straight after the course")
    LATER = "later", pgettext_lazy("questionnaire time", "Three months after the course")


WHEN_VALUES = ("before", "after", "later")


class QuestionnaireItem(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="questionnaire_items")
    text = models.CharField(_("statement"), max_length=ITEM_LIMIT)
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["course", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="questionnaire_item_has_text"),
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True, retired_by__isnull=True)
                | Q(retired_at__isnull=False, retired_by__isnull=False),
                name="questionnaire_item_retired_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class AnswerSet(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="answer_sets"
    )
    when = models.CharField(max_length=8, choices=When.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    # The signed-in person who answered; empty for a public registrant's link.
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The course feedback, asked with the straight-after questionnaire only.
    helped = models.TextField(_("What helped?"), max_length=FEEDBACK_LIMIT, blank=True)
    change = models.TextField(_("What should we change?"), max_length=FEEDBACK_LIMIT, blank=True)

    class Meta:
        ordering = ["registration", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "when"], name="answer_set_one_a_registration_a_time"
            ),
            models.CheckConstraint(condition=Q(when__in=WHEN_VALUES), name="answer_set_when_known"),
            models.CheckConstraint(
                condition=Q(when="after") | Q(helped="", change=""),
                name="answer_set_feedback_only_after",
            ),
        ]

    def __str__(self) -> str:
        return f"answers {self.when} ({self.registration})"


class Answer(models.Model):
    answer_set = models.ForeignKey(AnswerSet, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(QuestionnaireItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["answer_set", "item"]
        constraints = [
            models.UniqueConstraint(fields=["answer_set", "item"], name="answer_one_an_item"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="answer_score_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} ({self.item_id})"


class QuestionnaireInvitation(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="questionnaire_invitations"
    )
    when = models.CharField(max_length=8, choices=When.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    # A public registrant's link: the SHA-256 of its token in hex (the token is never
    # stored), cleared when the link is used; it works until `expires_at`.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            # Each time's invitation goes once.
            models.UniqueConstraint(
                fields=["registration", "when"], name="questionnaire_invitation_once"
            ),
            models.CheckConstraint(
                condition=Q(when__in=WHEN_VALUES), name="questionnaire_invitation_when_known"
            ),
            models.CheckConstraint(
                condition=Q(token_hash__isnull=True) | Q(expires_at__isnull=False, used_at=None),
                name="questionnaire_invitation_link_open",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.when} ({self.registration})"
