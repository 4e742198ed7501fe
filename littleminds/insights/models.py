"""Insights (issue 16): who commissions which teams, the embeddedness score's weights as
they were on each day, and the daily tallies every view reads instead of scanning the
strands' records on each request.

A `Tally` is one count of one measure (`measures.py`), on one day, for one team and one
organisation of the system: "3 staff of Horton Park Nursery trained at tier 1 with the
Bradford team on 4 March". The strands' records stay the only truth; the tallies are made
from them by `summaries.py`, for the days whose records changed (`DirtyDay`) or all of
them (`littleminds insights rebuild`), and a test proves the two agree."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team

NAME_LIMIT = 200
NOTE_LIMIT = 500


class CommissioningBody(models.Model):
    """A body that funds teams (an integrated care board, a local authority): its analysts
    and commissioners see those teams' figures with small numbers suppressed. Set up by a
    system administrator."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME_LIMIT, unique=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="commissioners")
    # People with the analyst role who work for this body.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="commissioning_bodies"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScoreWeights(models.Model):
    """The embeddedness score's weights from `set_at` on (DOMAIN.md §3; docs/insights.md).
    Never changed once written: a change is a new row, so a report for any day can be made
    again with the weights then in force. `weights` maps each part of the score
    (`score.PARTS`) to its weight."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    weights = models.JSONField()
    note = models.CharField(_("why they changed"), max_length=NOTE_LIMIT, blank=True)
    set_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-set_at", "-pk"]

    def __str__(self) -> str:
        return f"weights from {self.set_at:%Y-%m-%d %H:%M}"


class Tally(models.Model):
    """One measure's count on one day for one team and one organisation. `team` is empty
    for what belongs to no team (the navigator's answers); `organisation` is empty for what
    no organisation of the system did (families' own referrals, public registrants who
    named none)."""

    day = models.DateField()
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    measure = models.CharField(max_length=48)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["day", "measure"]
        indexes = [
            models.Index(fields=["day", "measure"], name="tally_day"),
            models.Index(fields=["organisation", "day"], name="tally_organisation"),
            models.Index(fields=["team", "day"], name="tally_team"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.count}"


class DirtyDay(models.Model):
    """A day whose tallies must be made again because a record of that day changed; the
    next refresh (after the commit, or `littleminds insights refresh` from cron) makes them
    and removes the row."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class TrainedDay(models.Model):
    """Someone who attended (present or late) a part of a session of a team's course on a
    day: a row for each session's distinct (person, organisation, day of the part). What the
    funnel (`page_funnel.py`) reads instead of the 1.35 million attendance marks of a
    national service. Made from the marks like the tallies (`summaries.py`), for the
    sessions whose first day is dirty or all of them, and a test proves the two agree; a
    cancelled session has none.

    `person` tells people apart as the tallies do: the account's id, or for someone who
    registered without one a digest (SHA-256) of the e-mail address they gave, never the
    address itself; `practitioner` is the account, when there is one. `session_day` is the
    session's first day (the day its tallies are counted on, and the day a change of its
    marks marks dirty); `day` is the part's own. The rows of a dirty day's sessions are
    stale until the refresh: the funnel reads those sessions' marks instead."""

    session_day = models.DateField()
    day = models.DateField()
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    person = models.CharField(max_length=64)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        indexes = [
            models.Index(fields=["team", "day"], name="trainedday_team_day"),
            models.Index(fields=["session_day"], name="trainedday_session_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.person}"
