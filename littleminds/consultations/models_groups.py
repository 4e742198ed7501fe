"""Reflective practice groups and call-back requests (consultation, part 2; DOMAIN.md §2).

A group series is a run of dated sessions, each at a place or on a video link, with a
capacity, for some organisations or some rings of the system map (or anyone when neither
is given). Practitioners join the whole series or one session, and leave; capacity is kept
by locking the session's row while a place is taken (`group_join`), and one active place
per practitioner per session is the database's to enforce. The team records who attended
and the themes talked about, never a family's details.

A call-back request is a practitioner's ask when no slot fits: the times that suit them
and what it is about. The team's queue shows the waiting ones, oldest first.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User

TITLE_LIMIT = 120
ABOUT_LIMIT = 1000
THEMES_LIMIT = 2000
GROUP_PLACE_LIMIT = 300
GROUP_LINK_LIMIT = 500
CAPACITY_MAX = 40
CALLBACK_LIMIT = 1000
OUTCOME_LIMIT = 1000


class GroupSeries(models.Model):
    """A reflective practice group: its dates are its sessions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="group_series")
    title = models.CharField(_("name of the group"), max_length=TITLE_LIMIT)
    about = models.TextField(_("what the group is about"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places at each session"))
    # Who it is for: these organisations, or any organisation with a service in one of these
    # rings; open to every practitioner when both are empty.
    for_organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    for_rings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=CAPACITY_MAX),
                name="group_capacity_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GroupSession(models.Model):
    """One date of a series."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(GroupSeries, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    place = models.CharField(_("place"), max_length=GROUP_PLACE_LIMIT, blank=True)
    video_link = models.URLField(_("video call link"), max_length=GROUP_LINK_LIMIT, blank=True)
    themes = models.TextField(_("themes talked about"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="group_session_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=30, minutes__lte=240), name="group_minutes_bounded"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""), name="group_session_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class GroupPlace(models.Model):
    """A practitioner's place at a session: active while `left_at` is empty."""

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="places")
    practitioner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="group_places")
    # The practitioner's organisation when they joined, for the evaluation's counts.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now, editable=False)
    left_at = models.DateTimeField(null=True, blank=True)
    # Empty until the team records the session.
    attended = models.BooleanField(null=True, blank=True)
    # When the attendee was asked for their feedback: once per place.
    feedback_asked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "practitioner"],
                condition=Q(left_at__isnull=True),
                name="group_one_active_place_per_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"Place {self.pk}"


class CallbackRequest(models.Model):
    """A practitioner's request for a call back, when no slot fits."""

    class PartOfDay(models.TextChoices):
        MORNING = "morning", _("Morning (9am to 12pm)")
        AFTERNOON = "afternoon", _("Afternoon (12pm to 5pm)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="callback_requests")
    practitioner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="callback_requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("phone number to call"), max_length=20)
    # The times that suit: a range of days, the weekdays and the parts of the day.
    earliest = models.DateField(_("from"))
    latest = models.DateField(_("to"))
    weekdays = models.JSONField(default=list)
    parts_of_day = models.JSONField(default=list)
    about = models.TextField(_("what it is about"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("what happened"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["team", "created_at"],
                condition=Q(done_at__isnull=True),
                name="callback_waiting",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latest__gte=models.F("earliest")), name="callback_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True, outcome="")
                | (Q(done_at__isnull=False, done_by__isnull=False) & ~Q(outcome="")),
                name="callback_done_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"Call-back request {self.code}"

    @property
    def times_shown(self) -> str:
        """The days and times that suit, in words: "Monday, Wednesday; Morning (9am to 12pm)"."""
        days = [str(WEEKDAY_NAMES[day]) for day in self.weekdays if 0 <= day < len(WEEKDAY_NAMES)]
        parts = [str(self.PartOfDay(part).label) for part in self.parts_of_day]
        return f"{', '.join(days)}; {', '.join(parts)}"


WEEKDAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday")]
