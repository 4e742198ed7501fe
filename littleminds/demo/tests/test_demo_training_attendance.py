"""The demonstration's attendance and certificates: past sessions marked, certificates for
those who completed, none for those who did not; loaded once."""

from __future__ import annotations

import pytest

from littleminds.demo import data, training_attendance
from littleminds.training.models import Registration
from littleminds.training.models_attendance import Attendance, Certificate
from littleminds.training.services_attendance import is_complete

pytestmark = pytest.mark.django_db


def test_past_sessions_have_marks_of_every_kind_and_certificates() -> None:
    loaded = data.load()

    assert loaded["training_marks"] == Attendance.objects.count() > 0
    assert set(Attendance.objects.values_list("mark", flat=True)) == set(Attendance.Mark.values)
    certificates = Certificate.objects.all()
    assert certificates.count() > 0
    assert certificates.filter(registration__user__isnull=False).exists()
    assert certificates.filter(registration__user__isnull=True).exists()
    for registration in Registration.objects.filter(attendances__isnull=False).distinct():
        has = Certificate.objects.filter(registration=registration).exists()
        assert has is is_complete(registration)
    assert Registration.objects.filter(attendances__isnull=False, certificate__isnull=True).exists()


def test_loading_again_adds_nothing() -> None:
    data.load()
    training_attendance.load()
    marks, certificates = Attendance.objects.count(), Certificate.objects.count()

    assert training_attendance.load() == {"training_marks": 0}
    assert (Attendance.objects.count(), Certificate.objects.count()) == (marks, certificates)
