"""Training (issue 14, part 1): the catalogue of courses for the early-years workforce and
the sessions each course runs (ADR 0031).

A course is given by the service's own team or by another provider in the directory. A
bespoke course belongs to one partner organisation and is seen only by its staff and the
team that runs it (`selectors.visible_to`). A session is one run of a course, in one or more
parts (a day each, with a start and an end).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from littleminds.accounts.models import Organisation, Team, User
from littleminds.directory.models import Ring

TITLE_LIMIT = 200
SUMMARY_LIMIT = 500
OUTCOMES_LIMIT = 2000
PLACE_LIMIT = 300
LINK_LIMIT = 500
REASON_LIMIT = 500
CAPACITY_MIN = 1
CAPACITY_MAX = 500
HOURS_MIN = Decimal("0.5")
HOURS_MAX = Decimal("200")

STUDENTS = "students"


# The rings as audiences, named as the system map explains them: a ring's bare name ("Core")
# would read as a course's tier, and "Universal" as everyone.
RING_AUDIENCES = {
    Ring.CORE: _("Services for parent–infant relationships (core ring)"),
    Ring.UNIVERSAL: _("Services that see every family (universal ring)"),
    Ring.RISK_FACTORS: _("Services for families facing risks (risk-factors ring)"),
}


def audience_choices() -> list[tuple[str, object]]:
    """Who a course is for: the rings of the system map, the kinds of organisation, and
    students."""
    return [
        *[(f"ring:{ring.value}", RING_AUDIENCES[ring]) for ring in Ring],
        *[(f"kind:{value}", label) for value, label in Organisation.Kind.choices],
        (STUDENTS, _("Students")),
    ]


class Course(models.Model):
    class Tier(models.TextChoices):
        AWARENESS = "awareness", _("Awareness")
        CORE = "core", _("Core")
        SPECIALIST = "specialist", _("Specialist")
        BESPOKE = "bespoke", _("Bespoke")

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE_LIVE = "online_live", _("Online, live")
        SELF_PACED = "self_paced", _("Online, at your own pace")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The team that keeps the catalogue entry (and, with no other provider, gives it).
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    summary = models.CharField(_("summary"), max_length=SUMMARY_LIMIT)
    outcomes = models.TextField(_("learning outcomes"), max_length=OUTCOMES_LIMIT)
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices)
    # Audience tokens, each wrapped in "|" ("|ring:core|kind:nhs|students|"), so that one
    # `contains` lookup filters by any of them on every database.
    audience = models.CharField(_("audience"), max_length=300)
    hours = models.DecimalField(_("length in hours"), max_digits=5, decimal_places=1)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    # Another provider: a directory organisation, and optionally its service.
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A bespoke course's partner organisation: only its staff see the course.
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bespoke_courses",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier="bespoke", partner__isnull=False)
                | (~Q(tier="bespoke") & Q(partner__isnull=True)),
                name="course_bespoke_has_partner",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=HOURS_MIN, hours__lte=HOURS_MAX),
                name="course_hours_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_list(self) -> list[str]:
        return [token for token in self.audience.split("|") if token]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(audience_choices())
        return [str(labels.get(token, token)) for token in self.audience_list]

    @property
    def length_in_words(self) -> str:
        """The length as people say it, in the page's language: "12 hours", "1.5 hours",
        "1 hour" (never "12.0 hours"), with the language's decimal mark ("1,5 godziny")."""
        whole = self.hours == self.hours.to_integral_value()
        number = int(self.hours) if whole else self.hours.normalize()
        # A fraction of an hour takes the form that each of our languages gives 2 ("1.5
        # hours", "1,5 godziny", "1,5 ore"), which is the form fractions take in all four.
        count = int(self.hours) if whole else 2
        return ngettext("%(hours)s hour", "%(hours)s hours", count) % {
            "hours": formats.number_format(number)
        }


class CourseSession(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    capacity = models.PositiveSmallIntegerField(_("places"))
    place = models.CharField(_("place"), max_length=PLACE_LIMIT, blank=True)
    link = models.URLField(_("joining link"), max_length=LINK_LIMIT, blank=True)
    trainers = models.ManyToManyField(User, blank=True, related_name="training_sessions")
    # The first and last day of its parts, kept by the services for the finder's filters.
    first_day = models.DateField()
    last_day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=REASON_LIMIT, blank=True)

    class Meta:
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="course_session_capacity_bounded",
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="course_session_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.first_day:%d/%m/%Y})"


class SessionPart(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="parts")
    day = models.DateField(_("date"))
    starts = models.TimeField(_("start"))
    ends = models.TimeField(_("end"))

    class Meta:
        ordering = ["day", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="session_part_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.starts:%H:%M}-{self.ends:%H:%M}"
