"""Training (issue 14, part 1): the catalogue of courses for the early-years workforce and
the sessions each course runs (ADR 0031).

A course is given by the service's own team or by another provider in the directory. A
bespoke course belongs to one partner organisation and is seen only by its staff and the
team that runs it (`selectors.visible_to`). A session is one run of a course, in one or more
parts (a day each, with a start and an end).
"""

from __future__ import annotations

import uuid
from datetime import datetime
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


def hours_in_words(hours: Decimal) -> str:
    """A length as people say it, in the page's language: "12 hours", "1.5 hours", "1 hour"
    (never "12.0 hours"), with the language's decimal mark ("1,5 godziny")."""
    whole = hours == hours.to_integral_value()
    number = int(hours) if whole else hours.normalize()
    # A fraction of an hour takes the form that each of our languages gives 2 ("1.5 hours",
    # "1,5 godziny", "1,5 ore"), which is the form fractions take in all four.
    count = int(hours) if whole else 2
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {
        "hours": formats.number_format(number)
    }


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
    # Completion (issue 14, models_attendance.py): the parts of a session a person must
    # attend, present or late; empty means every part.
    required_parts = models.PositiveSmallIntegerField(_("parts to attend"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(required_parts__isnull=True) | Q(required_parts__gte=1),
                name="course_required_parts_positive",
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
        return hours_in_words(self.hours)


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
        indexes = [
            # A course's sessions still to come (its page, the finder's dates): with five
            # years of sessions, the finder's dates took 9 ms without it, 1 ms with it
            # (bench/training.py).
            models.Index(
                fields=["course", "last_day"],
                condition=Q(cancelled_at__isnull=True),
                name="course_session_coming",
            ),
        ]
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

    def starts_at(self) -> datetime:
        """When the first part begins, in the site's time zone (uses prefetched parts)."""
        part = min(self.parts.all(), key=lambda p: (p.day, p.starts))
        return timezone.make_aware(datetime.combine(part.day, part.starts))

    def has_begun(self, now: datetime | None = None) -> bool:
        return self.starts_at() <= (now or timezone.now())

    def free_places(self) -> int | None:
        """Places neither held nor offered, from the counts `selectors.coming_sessions` adds
        (`places_taken`, `people_waiting`); None for a session read without them."""
        taken = getattr(self, "places_taken", None)
        if taken is None:
            return None
        return max(self.capacity - taken, 0)

    def is_full(self) -> bool:
        """A request now joins the waiting list: no place is free, or others already wait."""
        free = self.free_places()
        if free is None:
            return False
        return free == 0 or bool(getattr(self, "people_waiting", 0))


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


# Registration (issue 14, "Sessions and places", ADR 0033).

NAME_LIMIT = 150
EMAIL_LIMIT = 254
STUDENT_LIMIT = 200
NOTE_LIMIT = 500


class Registration(models.Model):
    """One person's registration for one session: a signed-in user, or a public registrant
    (a volunteer, student or parents' group leader) who gave a name, an e-mail address
    (confirmed by a link) and an organisation from the directory or the place they study.

    A registration that holds a place, or has been offered one, has a place number
    1..capacity; the database refuses two such registrations of a session with the same
    number, so no two people ever hold the same place (ADR 0033)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail address to be confirmed")
        HELD = "held", _("Place held")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Place offered")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Offer lapsed")
        DECLINED = "declined", _("Offer declined")
        UNCONFIRMED_EXPIRED = "expired", _("Not confirmed in time")

    class CancelReason(models.TextChoices):
        WORKLOAD = "workload", _("Workload")
        NOT_RELEASED = "not_released", _("Not released by my manager")
        ILLNESS = "illness", _("Illness")
        NOT_NEEDED = "not_needed", _("No longer needed")
        OTHER = "other", _("Another reason")

    # The states in which a registration still counts: one such a person a session.
    ACTIVE = ("unconfirmed", "held", "waiting", "offered")
    # The states that have a place number.
    PLACED = ("held", "offered")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        CourseSession, on_delete=models.PROTECT, related_name="registrations"
    )
    # Either a signed-in user...
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="training_registrations"
    )
    # ...or a public registrant. E-mail addresses are kept lower-case.
    name = models.CharField(_("full name"), max_length=NAME_LIMIT, blank=True)
    email = models.EmailField(_("email address"), max_length=EMAIL_LIMIT, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The SHA-256 of the confirmation link's token in hex; the token is never stored. Cleared
    # when the link is used (single use).
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # The person's organisation (a public registrant's choice from the directory, or a
    # user's organisation when they registered, for the service's counts), or, for a
    # student, where and what they study.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    student_at = models.CharField(_("where you study"), max_length=STUDENT_LIMIT, blank=True)
    student_course = models.CharField(
        _("the course you study"), max_length=STUDENT_LIMIT, blank=True
    )
    language = models.CharField(max_length=8, default="en")

    status = models.CharField(max_length=12, choices=Status.choices)
    # 1..capacity while the place is held or offered, else empty.
    place_number = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the registration joined the session's queue (at once for a user, on confirming
    # the e-mail address for a public registrant): the waiting list runs in this order.
    joined_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # When the person answered an offer, or it lapsed.
    answered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=16, choices=CancelReason.choices, blank=True)
    cancel_note = models.CharField(_("reason"), max_length=NOTE_LIMIT, blank=True)
    # The reminder the day before, sent once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The calendar invitation's SEQUENCE (RFC 5545), raised when it is sent again.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["joined_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status", "joined_at"], name="registration_queue"),
            models.Index(fields=["user", "status"], name="registration_user"),
            models.Index(fields=["status", "offer_expires_at"], name="registration_offers"),
        ]
        constraints = [
            # No two people hold (or are offered) the same place (ADR 0033).
            models.UniqueConstraint(
                fields=["session", "place_number"],
                condition=Q(place_number__isnull=False),
                name="registration_one_person_a_place",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=("held", "offered"),
                    place_number__isnull=False,
                    place_number__gte=1,
                )
                | (~Q(status__in=("held", "offered")) & Q(place_number__isnull=True)),
                name="registration_place_when_held_or_offered",
            ),
            # One active registration a person a session.
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(
                    user__isnull=False, status__in=("unconfirmed", "held", "waiting", "offered")
                ),
                name="registration_one_active_a_user",
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(
                    user__isnull=True, status__in=("unconfirmed", "held", "waiting", "offered")
                ),
                name="registration_one_active_an_email",
            ),
            # A user, or a public registrant with a name, an e-mail address, and an
            # organisation or the place and course they study (not both).
            models.CheckConstraint(
                condition=Q(user__isnull=False, name="", email="", student_at="", student_course="")
                | (
                    Q(user__isnull=True)
                    & ~Q(name="")
                    & ~Q(email="")
                    & (
                        Q(organisation__isnull=False, student_at="", student_course="")
                        | (Q(organisation__isnull=True) & ~Q(student_at="") & ~Q(student_course=""))
                    )
                ),
                name="registration_user_or_public_registrant",
            ),
            # Only an unconfirmed public registration waits for its e-mail address; every
            # other public registration was confirmed.
            models.CheckConstraint(
                condition=Q(status__in=("unconfirmed", "expired"), email_confirmed_at__isnull=True)
                | (
                    ~Q(status__in=("unconfirmed", "expired"))
                    & (Q(user__isnull=False) | Q(email_confirmed_at__isnull=False))
                ),
                name="registration_confirmed_before_counting",
            ),
            models.CheckConstraint(
                condition=Q(joined_at__isnull=True) | ~Q(status__in=("unconfirmed", "expired")),
                name="registration_joined_once_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(token_hash__isnull=True) | Q(status="unconfirmed"),
                name="registration_token_only_unconfirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered")
                | Q(offered_at__isnull=False, offer_expires_at__isnull=False),
                name="registration_offer_has_times",
            ),
            models.CheckConstraint(
                condition=Q(offer_expires_at__isnull=True)
                | Q(offered_at__isnull=False, offer_expires_at__gt=models.F("offered_at")),
                name="registration_offer_expires_after_made",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False) & ~Q(cancel_reason="")
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True, cancel_reason="")),
                name="registration_cancellation_consistent",
            ),
            # "Another reason" needs its note; the note is only for "another reason".
            models.CheckConstraint(
                condition=(Q(cancel_reason="other") & ~Q(cancel_note=""))
                | (~Q(cancel_reason="other") & Q(cancel_note="")),
                name="registration_other_reason_has_note",
            ),
            models.CheckConstraint(
                condition=Q(
                    cancel_reason__in=[
                        "",
                        "workload",
                        "not_released",
                        "illness",
                        "not_needed",
                        "other",
                    ]
                ),
                name="registration_cancel_reason_known",
            ),
        ]

    def __str__(self) -> str:
        return f"registration {self.code}"

    @property
    def is_public(self) -> bool:
        return self.user_id is None

    @property
    def person_name(self) -> str:
        return self.user.full_name if self.user is not None else self.name

    @property
    def person_email(self) -> str:
        return self.user.email if self.user is not None else self.email

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


# Attendance, completion and certificates (issue 14, "Attendance and completion").
from littleminds.training.models_attendance import Attendance, Certificate  # noqa: E402, F401

# Questionnaires and course feedback (issue 14, "Knowledge and confidence", ADR 0035).
from littleminds.training.models_questions import (  # noqa: E402, F401
    Answer,
    AnswerSet,
    QuestionnaireInvitation,
    QuestionnaireItem,
)
