"""Closing a case, its closing letters, reopening it, and how long its records are kept
(DOMAIN.md §9). A `Closure` is one closing of a case (a case reopened and closed again has
two); a `ClosingLetter` is a letter written when it closed, its words kept as they were
sent; a `DestroyedCase` says what was destroyed when a manager destroyed a case's records
after its retention date, with no personal data."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.casework.models import NAME_LIMIT, TEXT_LIMIT, Case
from littleminds.referrals.models import Referral

ADDRESS_LIMIT = 500
REASON_NOTE_LIMIT = 1000

__all__ = ["ClosingLetter", "Closure", "DestroyedCase"]


class Closure(models.Model):
    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals met")
        MOVED_AWAY = "moved_away", _("The family moved away")
        CHOSE_TO_STOP = "chose_to_stop", _("The family chose to stop")
        DID_NOT_ENGAGE = "did_not_engage", _("The family did not engage")
        TRANSFERRED = "transferred", _("Transferred to another service")
        AGE_LIMIT = "age_limit", _("The child reached the age limit")
        OTHER = "other", _("Another reason")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField(_("closed on"), default=timezone.localdate)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason for closing"), max_length=16, choices=Reason.choices)
    reason_note = models.CharField(
        _("the reason in words"), max_length=REASON_NOTE_LIMIT, blank=True
    )
    summary = models.TextField(_("closing summary"), max_length=TEXT_LIMIT)
    # Before the case's measures were recorded on it, the clinician typed them here. No
    # longer asked; kept so that the closures of then still read as they were written.
    last_measures = models.TextField(_("last measures"), max_length=TEXT_LIMIT, blank=True)
    # The case's measures as they stood at closing, from its recorded administrations (see
    # `services_closure.measures_at_closing`): for each measure its name, first and latest
    # totals and days, the latest band, and the change. Kept, so the letters read the same.
    measures = models.JSONField(_("measures at closing"), default=list, blank=True)
    # The family's GP or health visitor, where known, who is sent a closing letter.
    gp_name = models.CharField(_("GP or health visitor"), max_length=NAME_LIMIT, blank=True)
    gp_address = models.TextField(_("their address"), max_length=ADDRESS_LIMIT, blank=True)
    # The records may be destroyed after this day (DOMAIN.md §9).
    keep_until = models.DateField(_("records kept until"))
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.CharField(
        _("why it was reopened"), max_length=REASON_NOTE_LIMIT, blank=True
    )

    class Meta:
        ordering = ["closed_on", "pk"]
        indexes = [models.Index(fields=["keep_until"], name="closure_keep_until")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_note=""),
                name="closure_other_has_note",
            ),
            models.CheckConstraint(
                condition=Q(reopened_on__isnull=True, reopened_by__isnull=True, reopen_reason="")
                | Q(reopened_on__isnull=False, reopened_by__isnull=False),
                name="closure_reopened_together",
            ),
        ]

    def __str__(self) -> str:
        return f"closure {self.code}"

    @property
    def reason_in_words(self) -> str:
        if self.reason == self.Reason.OTHER:
            return self.reason_note
        return str(self.get_reason_display())

    @property
    def measures_in_words(self) -> list[str]:
        """The measures at closing as a letter to a referrer may carry them: totals, days
        and the change in words. Never a band, never an item or its wording."""
        return [measure_in_words(entry) for entry in self.measures or []]


def _day(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "j F Y")


def _number(value: float | int) -> str:
    return formats.number_format(value, decimal_pos=None if float(value) % 1 else 0)


def change_in_words(entry: dict[str, Any]) -> str:
    """ "a reliable improvement, and recovery (...)", or "recorded once"."""
    if entry.get("count", 0) < 2:
        return gettext("recorded once")
    words = {
        "reliable improvement": gettext("a reliable improvement"),
        "no reliable change": gettext("no reliable change"),
        "reliable deterioration": gettext("a reliable deterioration"),
    }.get(entry.get("change") or "", gettext("a change the measure does not class"))
    if entry.get("recovered"):
        words += gettext(", and recovery (no longer at the level of clinical concern)")
    return words


def measure_in_words(entry: dict[str, Any]) -> str:
    if entry.get("count", 0) < 2:
        return gettext("%(name)s: %(total)s on %(day)s (recorded once)") % {
            "name": entry["name"],
            "total": _number(entry["latest_total"]),
            "day": _day(entry["latest_on"]),
        }
    return gettext(
        "%(name)s: %(latest)s on %(latest_day)s, from %(first)s on %(first_day)s: %(change)s"
    ) % {
        "name": entry["name"],
        "latest": _number(entry["latest_total"]),
        "latest_day": _day(entry["latest_on"]),
        "first": _number(entry["first_total"]),
        "first_day": _day(entry["first_on"]),
        "change": change_in_words(entry),
    }


class ClosingLetter(models.Model):
    """A letter sent when the case closed: to a referrer (a practitioner, who then sees it
    from their referral's page), or to the family's GP or health visitor. Its words are kept
    as they were written, so the letter reads the same later."""

    class To(models.TextChoices):
        REFERRER = "referrer", _("The referrer")
        GP = "gp", _("GP or health visitor")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    closure = models.ForeignKey(Closure, on_delete=models.PROTECT, related_name="letters")
    to = models.CharField(max_length=8, choices=To.choices)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The practitioner who referred, who may read the letter from their referral's page.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=NAME_LIMIT * 2)
    recipient_address = models.TextField(max_length=ADDRESS_LIMIT, blank=True)
    baby = models.CharField(max_length=NAME_LIMIT * 4, blank=True)
    # The team's phone number for questions, as it was when the letter was written.
    team_phone = models.CharField(max_length=20, blank=True)
    written_on = models.DateField(default=timezone.localdate)
    signed_as = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"letter {self.code}"


class DestroyedCase(models.Model):
    """What was destroyed when a case's records were destroyed after its retention date:
    the case's code, its team, its dates and how many records of each kind, when and by
    whom. Nothing personal."""

    case_code = models.UUIDField(unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    closed_on = models.DateField()
    keep_until = models.DateField()
    destroyed_at = models.DateTimeField(default=timezone.now)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {"contacts": 12, "notes": 4, ...}: how many records of each kind were destroyed.
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-destroyed_at", "pk"]

    def __str__(self) -> str:
        return f"destroyed case {self.case_code}"
