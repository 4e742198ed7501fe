"""A family's own questionnaire by a single-use link (issue 12, ADR 0025).

A clinician of the team makes a link for PHQ-9 or GAD-7 for one parent or carer of the
case, in their language. The link carries a long random token; only its SHA-256 hash is
stored, so nobody reading the database (or a backup) can answer in the family's name. It
works once, for 7 days, until a clinician withdraws it. The family's answers become an
`Administration` of the case through the usual service, and the link points to it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.casework.models import Case, CasePerson
from littleminds.casework.models_records import Administration
from littleminds.measures.definitions import measure_of

# How long a link works after it is made.
LINK_LIFETIME = timedelta(days=7)
# The measures a family may fill in themselves: their wording may be shown (measures/wording.py).
LINK_MEASURES = ("phq9", "gad7")
# The languages the public questionnaire speaks (settings.LANGUAGES, English as "en").
LINK_LANGUAGES = ("en", "ur", "pl", "ro")


class QuestionnaireLink(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the family")
        USED = "used", _("Filled in")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Sent(models.TextChoices):
        NOT_SENT = "", _("Not sent: copied by the clinician")
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="questionnaire_links")
    measure = models.CharField(_("measure"), max_length=16)
    answerer = models.ForeignKey(CasePerson, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=8, default="en")
    # The SHA-256 of the token in hex; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # How the link was sent, and where, masked as the notifications pages mask it.
    sent_by = models.CharField(max_length=8, choices=Sent.choices, blank=True, default="")
    sent_to = models.CharField(max_length=60, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    administration = models.OneToOneField(
        Administration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_link",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="questionnaire_link_case")]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__in=LINK_MEASURES), name="questionnaire_link_measure"
            ),
            models.CheckConstraint(
                condition=Q(language__in=LINK_LANGUAGES), name="questionnaire_link_language"
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, administration__isnull=True)
                | Q(used_at__isnull=False, administration__isnull=False),
                name="questionnaire_link_used_together",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="questionnaire_link_withdrawn_together",
            ),
            # Used or withdrawn, never both.
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="questionnaire_link_used_or_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"questionnaire link {self.code}"

    @property
    def measure_name(self) -> str:
        """The questionnaire as people know it ("PHQ-9"), never its code."""
        return measure_of(self.measure).name

    def state_at(self, now: datetime) -> QuestionnaireLink.State:
        if self.used_at is not None:
            return self.State.USED
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if now >= self.expires_at:
            return self.State.EXPIRED
        return self.State.WAITING

    @property
    def state(self) -> QuestionnaireLink.State:
        return self.state_at(timezone.now())
