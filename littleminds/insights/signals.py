"""Marking the days whose tallies a change of a record makes stale (`DirtyDay`).

Every record a tally counts (`summaries.py`) marks the day it is counted on when it is
saved or deleted, in the transaction of the change, so a change and its mark are kept or
lost together. A record moved to another day marks both: the day it had (read before the
save) and the day it has. After the commit the process's background worker makes the dirty
days again (`refresh`), unless `INSIGHTS_TALLIES_REFRESH` is "cron" (the default under
pytest), when only `littleminds insights refresh` does.

The same marks keep the funnel's trained days (`TrainedDay`), which are made again with a
session's first day's tallies, and until then read from the marks by the funnel.

What marks which day:

- an attendance mark: its session's first day; a session: its first day before and after
  (a cancellation, a change of dates); a course whose tier or team changes: every session's
  first day and the days of its course feedback;
- a consultation record: the day held, before and after, and (when it changes) the days of
  its feedback; a consultation or group feedback, and a course's straight-after
  questionnaire: the day given, before and after;
- a group place once attendance is recorded, or deleted: its session's day; a group session:
  its day before and after; a group series whose team changes: all its sessions' days;
- a referral once sent (any change: status, reason, team, organisation): the day it was sent,
  which never changes once set; drafts mark nothing;
- a navigator answer: its day, with no refresh of its own after the commit. Answers come
  many a minute from the public, and a refresh makes the whole day again (about twenty
  queries): one after each answer cost more than the answer (ADR 0048). The next refresh,
  the worker's after any other change or cron's (`littleminds insights refresh`), counts it.

Registrations are not watched: their organisation is set before they are confirmed and
before anyone can mark them present, and the tallies read them through the attendance
marks. Bulk updates (`QuerySet.update`, `bulk_create`) send no signals: code that changes
counted records that way must mark the days itself (`mark`), or run a rebuild after.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from littleminds.consultations.models import (
    ConsultationRecord,
    Feedback,
    GroupFeedback,
    GroupPlace,
    GroupSeries,
    GroupSession,
)
from littleminds.core.background import run_in_background
from littleminds.insights.models import DirtyDay
from littleminds.pathway.models import Recommendation
from littleminds.referrals.models import Referral
from littleminds.training.models import AnswerSet, Attendance, Course, CourseSession
from littleminds.training.models_questions import When

OLD = "_insights_old"


def mark(days: Iterable[dt.date | None], *, refresh: bool = True) -> None:
    """Mark these days dirty, in the caller's transaction: one upsert whose `marked_at`
    update waits for a refresh holding the row (`summaries.refresh`). Days in order, so two
    markers never wait for each other. With `refresh` (and `INSIGHTS_TALLIES_REFRESH` of
    "commit"), the background worker refreshes after the commit."""
    wanted = sorted({day for day in days if day is not None})
    if not wanted:
        return
    now = timezone.now()
    DirtyDay.objects.bulk_create(
        [DirtyDay(day=day, marked_at=now) for day in wanted],
        update_conflicts=True,
        unique_fields=["day"],
        update_fields=["marked_at"],
    )
    if refresh and getattr(settings, "INSIGHTS_TALLIES_REFRESH", "commit") == "commit":
        transaction.on_commit(_schedule, robust=True)


# After the commit ------------------------------------------------------------------------

_pending = threading.Lock()
_queued = False


def _schedule() -> None:
    """Queue one refresh in the background worker, unless one is queued and not begun."""
    global _queued
    with _pending:
        if _queued:
            return
        _queued = True
    run_in_background("the insights' dirty days", _refresh)


def _refresh() -> None:
    global _queued
    with _pending:
        _queued = False
    from littleminds.insights.summaries import refresh

    refresh()


# Reading the day a record had ------------------------------------------------------------


def _local(moment: dt.datetime | None) -> dt.date | None:
    # The site's day, as the tallies count it (summaries.py), whatever zone is active.
    if moment is None:
        return None
    return timezone.localdate(moment, timezone.get_default_timezone())


def _remember(instance: Model, *fields: str) -> None:
    """Keep the stored values of `fields` on the instance, before it is saved over them."""
    if instance.pk is None:
        setattr(instance, OLD, None)
        return
    old = type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()
    setattr(instance, OLD, old)


def _old(instance: Model) -> dict[str, Any]:
    return getattr(instance, OLD, None) or {}


def _pre(model: type[Model], *fields: str) -> None:
    def receiver(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
        if not raw:
            _remember(instance, *fields)

    pre_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"insights-old-{model}")


# The receivers ---------------------------------------------------------------------------


def _attendance(instance: Attendance, **_: Any) -> None:
    mark(CourseSession.objects.filter(parts=instance.part_id).values_list("first_day", flat=True))


def _session_saved(instance: CourseSession, created: bool, **_: Any) -> None:
    mark([instance.first_day, _old(instance).get("first_day")])


def _session_deleted(instance: CourseSession, **_: Any) -> None:
    mark([instance.first_day])


def _course_saved(instance: Course, created: bool, **_: Any) -> None:
    old = _old(instance)
    if created or (old.get("tier"), old.get("team_id")) == (instance.tier, instance.team_id):
        return
    mark(CourseSession.objects.filter(course=instance).values_list("first_day", flat=True))
    mark(
        _local(moment)
        for moment in AnswerSet.objects.filter(
            registration__session__course=instance, when=When.AFTER
        ).values_list("answered_at", flat=True)
    )


def _record_saved(instance: ConsultationRecord, created: bool, **_: Any) -> None:
    old = _old(instance)
    mark([instance.held_on, old.get("held_on")])
    if not created and (old.get("team_id"), old.get("organisation_id")) != (
        instance.team_id,
        instance.organisation_id,
    ):
        mark(
            _local(moment)
            for moment in Feedback.objects.filter(record=instance).values_list(
                "given_at", flat=True
            )
        )


def _record_deleted(instance: ConsultationRecord, **_: Any) -> None:
    mark([instance.held_on])


def _given_saved(instance: Feedback | GroupFeedback, **_: Any) -> None:
    mark([_local(instance.given_at), _local(_old(instance).get("given_at"))])


def _given_deleted(instance: Feedback | GroupFeedback, **_: Any) -> None:
    mark([_local(instance.given_at)])


def _answers_saved(instance: AnswerSet, **_: Any) -> None:
    old = _old(instance)
    days = [_local(instance.answered_at)] if instance.when == When.AFTER else []
    if old.get("when") == When.AFTER:
        days.append(_local(old.get("answered_at")))
    mark(days)


def _answers_deleted(instance: AnswerSet, **_: Any) -> None:
    if instance.when == When.AFTER:
        mark([_local(instance.answered_at)])


def _place(instance: GroupPlace, **kwargs: Any) -> None:
    if kwargs.get("signal") is post_save and instance.attended is None:
        return  # joined or left, not yet recorded: counted nowhere
    mark(
        _local(moment)
        for moment in GroupSession.objects.filter(pk=instance.session_id).values_list(
            "starts_at", flat=True
        )
    )


def _group_session_saved(instance: GroupSession, created: bool, **_: Any) -> None:
    if not created:
        mark([_local(instance.starts_at), _local(_old(instance).get("starts_at"))])


def _series_saved(instance: GroupSeries, created: bool, **_: Any) -> None:
    if created or _old(instance).get("team_id") == instance.team_id:
        return
    mark(
        _local(moment)
        for moment in GroupSession.objects.filter(series=instance).values_list(
            "starts_at", flat=True
        )
    )


def _referral(instance: Referral, **_: Any) -> None:
    mark([_local(instance.submitted_at)])


def _recommendation(instance: Recommendation, **_: Any) -> None:
    mark([instance.made_on], refresh=False)


def connect() -> None:
    """Connect the receivers (`InsightsConfig.ready`)."""
    _pre(CourseSession, "first_day")
    _pre(Course, "tier", "team_id")
    _pre(ConsultationRecord, "held_on", "team_id", "organisation_id")
    _pre(Feedback, "given_at")
    _pre(GroupFeedback, "given_at")
    _pre(AnswerSet, "when", "answered_at")
    _pre(GroupSession, "starts_at")
    _pre(GroupSeries, "team_id")
    saved_and_deleted: dict[type[Model], tuple[Any, Any]] = {
        Attendance: (_attendance, _attendance),
        CourseSession: (_session_saved, _session_deleted),
        Course: (_course_saved, None),
        ConsultationRecord: (_record_saved, _record_deleted),
        Feedback: (_given_saved, _given_deleted),
        GroupFeedback: (_given_saved, _given_deleted),
        AnswerSet: (_answers_saved, _answers_deleted),
        GroupPlace: (_place, _place),
        GroupSession: (_group_session_saved, None),
        GroupSeries: (_series_saved, None),
        Referral: (_referral, _referral),
        Recommendation: (_recommendation, _recommendation),
    }
    for model, (saved, deleted) in saved_and_deleted.items():
        post_save.connect(
            _unless_raw(saved), sender=model, weak=False, dispatch_uid=f"insights-saved-{model}"
        )
        if deleted is not None:
            post_delete.connect(
                deleted, sender=model, weak=False, dispatch_uid=f"insights-deleted-{model}"
            )


def _unless_raw(receiver: Any) -> Any:
    """Fixtures loaded raw are not counted as they load: rebuild after loading them."""

    def wrapped(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            receiver(instance=instance, **kwargs)

    return wrapped
