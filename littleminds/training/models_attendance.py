"""Attendance, completion and certificates (issue 14, "Attendance and completion").

A trainer marks each person holding a place, for each part of the session: present, late,
absent or excused. A mark is replaced, never added to: one row a person a part. A course is
complete for a person when they attended (present or late) the parts the course requires
(`Course.required_parts`, every part when empty); an excused absence is not attendance.

On completion the person gets a certificate with a short code anyone can check on the public
page. The certificate keeps what it shows (name, course, provider, dates, hours) as it was
issued, so renaming a course later does not change a certificate already given.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.training.models import Registration, SessionPart, hours_in_words

# Letters and numbers no one confuses when reading or typing: no 0/O, 1/I/L, 5/S, 8/B or U/V.
CODE_ALPHABET = "234679ACDEFGHJKMNPQRTWXYZ"
CODE_LENGTH = 10
# Shown in two groups of five ("ACD23-FGH47") so that it is easy to read aloud and type.
CODE_GROUP = 5


def new_check_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


class Attendance(models.Model):
    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    # The marks that count as having attended a part.
    ATTENDED = ("present", "late")

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="attendances"
    )
    part = models.ForeignKey(SessionPart, on_delete=models.PROTECT, related_name="attendances")
    mark = models.CharField(max_length=8, choices=Mark.choices)
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["part", "registration"]
        constraints = [
            # A changed mark replaces the one before (the audit trail keeps both).
            models.UniqueConstraint(
                fields=["registration", "part"], name="attendance_one_mark_a_part"
            ),
            models.CheckConstraint(
                condition=Q(mark__in=["present", "late", "absent", "excused"]),
                name="attendance_mark_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mark} ({self.part})"

    @property
    def attended(self) -> bool:
        return self.mark in self.ATTENDED


class Certificate(models.Model):
    # The opaque code of the certificate's address, as for every record.
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The code printed on the certificate, which anyone may type on the check page.
    check_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_check_code)
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    # What the certificate shows, as it was when issued.
    person_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    provider_name = models.CharField(max_length=200)
    first_day = models.DateField()
    last_day = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Set when a changed mark means the person no longer completed the course; cleared (and
    # the same code given back) if they complete it again.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="certificate_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"certificate {self.shown_code}"

    @property
    def shown_code(self) -> str:
        return f"{self.check_code[:CODE_GROUP]}-{self.check_code[CODE_GROUP:]}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None

    @property
    def length_in_words(self) -> str:
        return hours_in_words(self.hours)
