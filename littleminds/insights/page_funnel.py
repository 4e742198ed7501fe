"""The funnel across strands (issue 16, "The funnel across strands"): everyone trained in the
period (people with an account and people who registered without one, each counted once, as
the embeddedness tallies count them), of whom those with an account (whom the platform can
follow), and of those, how many then consulted and how many referred within six months;
the consultations that became referrals; the referrals the navigator had sent towards a
consultation; and the declined referrals whose referrer had never trained or consulted.

A fixed number of queries, whatever the number of records (docs/insights.md, "Speed at
national volumes"): the days marked dirty (one query); then one statement in which the
database counts everyone trained, those with an account, and of those who consulted and who
referred within six months of their first day trained, from the summary of who attended
which day (`TrainedDay`, kept like the tallies, its dirty days' sessions read from the marks
instead) joined to the teams' consultations, group places and referrals of the window, with
nothing fetched but the four counts; the consultations of the period (two counts); and the
referrals of the period (one aggregate, and one count with the "never trained or consulted"
test as subqueries over the strands' records). With a ring chosen, the rings are read once
more."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.models_records import ConsultationRecord
from littleminds.insights.barriers import moments, referrals_sent
from littleminds.insights.models import DirtyDay, TrainedDay
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import (
    in_ring_or_organisation,
    organisation_rings,
    organisations_on,
)
from littleminds.insights.summaries import person_trained
from littleminds.insights.tables import Column, Raw, Table
from littleminds.pathway.engine import Route
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral
from littleminds.training.models_attendance import Attendance

# "Within six months": on or after the first day trained in the period, and no later than
# the same date six months on (the month's last day when it has no such date).
MONTHS = 6
WINDOW = relativedelta(months=MONTHS)


def _attended(filters: Filters, rings: dict[int, str] | None = None) -> QuerySet[Attendance]:
    """Attended (present or late) parts of sessions of the teams' courses in the period
    (a cancelled session never counts), read from the marks themselves."""
    marks = Attendance.objects.filter(
        mark__in=Attendance.ATTENDED,
        part__session__course__team__in=filters.team_ids,
        part__session__cancelled_at__isnull=True,
        part__day__range=(filters.start, filters.end),
    )
    return in_ring_or_organisation(marks, filters, "registration__organisation", rings=rings)


def dirty_days() -> list[date]:
    """The days marked dirty, whose sessions' `TrainedDay` rows are stale until the refresh
    (`summaries.refresh`). One query."""
    return list(DirtyDay.objects.values_list("day", flat=True))


def attended_days(
    filters: Filters, dirty: list[date], rings: dict[int, str] | None = None
) -> list[QuerySet[Any]]:
    """Who attended on which day of the period, as rows (`who`: the person, `account`: their
    account or none, `held`: the day): the summary's rows (`TrainedDay`), except those of
    sessions first held on a day marked dirty, which are stale until the refresh and are
    read from the marks instead (`dirty`: `dirty_days()`). The rows are not fetched."""
    kept = in_ring_or_organisation(
        TrainedDay.objects.filter(
            team__in=filters.team_ids, day__range=(filters.start, filters.end)
        ),
        filters,
        "organisation",
        rings=rings,
    )
    if dirty:
        kept = kept.exclude(session_day__in=dirty)
    sources: list[QuerySet[Any]] = [
        kept.order_by().values(who=F("person"), account=F("practitioner"), held=F("day"))
    ]
    if dirty:
        sources.append(
            _attended(filters, rings)
            .filter(part__session__first_day__in=dirty)
            .order_by()
            .values(who=person_trained(), account=F("registration__user"), held=F("part__day"))
        )
    return sources


def _months_on(column: str, vendor: str) -> str:
    """SQL for the date `MONTHS` months after the date `column`, as `WINDOW` counts it: the
    same day of the month, or the month's last day when it has no such day."""
    if vendor == "postgresql":
        return f"CAST({column} + INTERVAL '{MONTHS} months' AS date)"
    # SQLite's months run over into the next month (31 August + 6 months is 3 March):
    # there, the last day of the month six months on.
    return (
        f"CASE WHEN strftime('%%d', date({column}, '+{MONTHS} months'))"
        f" = strftime('%%d', {column}) THEN date({column}, '+{MONTHS} months')"
        f" ELSE date({column}, 'start of month', '+{MONTHS + 1} months', '-1 day') END"
    )


def followed(
    filters: Filters, dirty: list[date], rings: dict[int, str] | None = None
) -> dict[str, int]:
    """Everyone trained in the period (`everyone`), of whom those with an account
    (`people`), and of those, how many consulted (a consultation or a group attended) and
    how many referred within six months of their first day trained (`consulted`,
    `referred`): counted by the database in one statement, nothing fetched but the counts,
    given the dirty days (`dirty_days()`): one query."""
    last = filters.end + WINDOW
    since, until = moments(filters.start, last)
    met = [
        ConsultationRecord.objects.filter(
            team__in=filters.team_ids,
            booking__practitioner__isnull=False,
            held_on__range=(filters.start, last),
        )
        .order_by()
        .values(who=F("booking__practitioner"), held=F("held_on")),
        GroupPlace.objects.filter(
            attended=True,
            session__series__team__in=filters.team_ids,
            session__starts_at__gte=since,
            session__starts_at__lt=until,
        )
        .order_by()
        .values(who=F("practitioner"), held=TruncDate("session__starts_at")),
    ]
    sent = (
        Referral.objects.filter(
            team__in=filters.team_ids,
            referrer__isnull=False,
            submitted_at__gte=since,
            submitted_at__lt=until,
        )
        .exclude(status=Status.DRAFT)
        .order_by()
        .values(who=F("referrer"), held=TruncDate("submitted_at"))
    )
    marks = attended_days(filters, dirty, rings)
    database = marks[0].db
    connection = connections[database]
    # The statement is made of the ORM's own SQL for each query (every value in it passed
    # as a parameter, in order) and fixed words: nothing a reader typed is in its text.
    params: list[Any] = []

    def union(queries: list[QuerySet[Any]], columns: str) -> str:
        parts = []
        for n, query in enumerate(queries):
            sql, more = query.query.get_compiler(using=database).as_sql()
            parts.append(f"SELECT {columns} FROM ({sql}) AS part{n}")  # noqa: S608
            params.extend(more)
        return " UNION ALL ".join(parts)

    def within(table: str) -> str:
        return (
            "SELECT COUNT(*) FROM trained WHERE EXISTS"  # noqa: S608
            f" (SELECT 1 FROM {table} WHERE {table}.who = trained.account"
            f" AND {table}.held >= trained.first"
            f" AND {table}.held <= {_months_on('trained.first', connection.vendor)})"
        )

    # Those with an account once each, with their first day, grouped by the account (a
    # number: cheaper to group than the person's text); those without one counted apart
    # (a person's `who` is their account's id or a digest of an address, never both).
    statement = (
        "WITH trained AS (SELECT account, MIN(held) AS first"  # noqa: S608
        f" FROM ({union(marks, 'who, account, held')}) AS marks"
        " WHERE account IS NOT NULL GROUP BY account),"
        f" met AS ({union(met, 'who, held')}),"
        f" sent AS ({union([sent], 'who, held')})"
        " SELECT (SELECT COUNT(DISTINCT who)"
        f" FROM ({union(marks, 'who, account, held')}) AS marks WHERE account IS NULL),"
        " (SELECT COUNT(*) FROM trained),"
        f" ({within('met')}), ({within('sent')})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    without, people, consulted, referred = (int(n or 0) for n in row)
    return {
        "everyone": people + without,
        "people": people,
        "consulted": consulted,
        "referred": referred,
    }


def _consultation_organisation(
    records: QuerySet[ConsultationRecord], filters: Filters, rings: dict[int, str] | None
) -> QuerySet[ConsultationRecord]:
    """A booked consultation's organisation is the booking's; a duty call's its own."""
    if filters.organisation is not None:
        records = records.filter(
            Q(organisation=filters.organisation) | Q(booking__organisation=filters.organisation)
        )
    if filters.ring:
        on = organisations_on(filters.ring, rings)
        records = records.filter(Q(organisation__in=on) | Q(booking__organisation__in=on))
    return records


def build(filters: Filters) -> list[Table]:
    # The rings read once, for every narrowing below, when a ring is chosen.
    rings = organisation_rings() if filters.ring else None
    dirty = dirty_days()
    counts = followed(filters, dirty, rings)

    records = _consultation_organisation(
        ConsultationRecord.objects.filter(
            team__in=filters.team_ids, held_on__range=(filters.start, filters.end)
        ),
        filters,
        rings,
    )
    became = (
        Referral.objects.filter(consultation_code=OuterRef("booking__code"))
        .exclude(status=Status.DRAFT)
        .exclude(submitted_at__isnull=True)
    )
    # Two counts, not one aggregate: an Exists inside an aggregate's filter (or an annotated
    # one counted) gave 0 on SQLite with Django 5.2 where the rows said otherwise.
    consultations = {
        "total": records.count(),
        "became": records.filter(Exists(became)).count(),
    }

    sent = referrals_sent(filters, rings=rings).annotate(sent_on=TruncDate("submitted_at"))
    # Had trained: first the summary's clean rows (one index probe a referral; they are all
    # marks the next test would find, so asking them first changes no count), then the
    # marks themselves (any team, any session) for the few referrers left.
    in_summary = TrainedDay.objects.filter(
        practitioner=OuterRef("referrer"), day__lte=OuterRef("sent_on")
    )
    if dirty:
        in_summary = in_summary.exclude(session_day__in=dirty)
    had_trained = Attendance.objects.filter(
        registration__user=OuterRef("referrer"),
        mark__in=Attendance.ATTENDED,
        part__day__lte=OuterRef("sent_on"),
    )
    had_consulted = ConsultationRecord.objects.filter(
        booking__practitioner=OuterRef("referrer"), held_on__lte=OuterRef("sent_on")
    )
    had_grouped = GroupPlace.objects.filter(
        practitioner=OuterRef("referrer"),
        attended=True,
        session__starts_at__date__lte=OuterRef("sent_on"),
    )
    declined = Q(status=Status.DECLINED, referrer__isnull=False)
    referrals = sent.aggregate(
        total=Count("pk"),
        navigator=Count("pk", filter=Q(navigator_route=Route.LMM_CONSULTATION)),
        declined=Count("pk", filter=declined),
    )
    referrals["never"] = (
        sent.filter(declined)
        .exclude(Exists(in_summary))
        .exclude(Exists(had_trained))
        .exclude(Exists(had_consulted))
        .exclude(Exists(had_grouped))
        .count()
    )

    everyone, people = counts["everyone"], counts["people"]
    rows: list[dict[str, Raw]] = [
        {
            "step": _("People trained in the period (with or without an account)"),
            "number": everyone,
            "base": everyone,
        },
        {
            "step": _("… of whom with an account (whom the platform can follow)"),
            "number": people,
            "base": everyone,
        },
        {
            "step": _("… of those, who consulted the team within 6 months"),
            "number": counts["consulted"],
            "base": people,
        },
        {
            "step": _("… of those, who referred to the team within 6 months"),
            "number": counts["referred"],
            "base": people,
        },
        {
            "step": _("Consultations in the period"),
            "number": consultations["total"],
            "base": consultations["total"],
        },
        {
            "step": _("… that became a referral"),
            "number": consultations["became"],
            "base": consultations["total"],
        },
        {
            "step": _("Referrals sent in the period"),
            "number": referrals["total"],
            "base": referrals["total"],
        },
        {
            "step": _("… the navigator had sent towards a consultation"),
            "number": referrals["navigator"],
            "base": referrals["total"],
        },
        {
            "step": _("Referrals from practitioners sent in the period and declined"),
            "number": referrals["declined"],
            "base": referrals["declined"],
        },
        {
            "step": _("… whose referrer had never trained or consulted before"),
            "number": referrals["never"],
            "base": referrals["declined"],
        },
    ]
    return [
        Table(
            key="funnel",
            caption=_("From training to consulting and referring"),
            columns=(
                Column("step", _("Step"), kind="label"),
                Column("number", _("Number")),
                Column("base", _("Out of"), summed=False),
                Column("share", _("Share (%)"), kind="percent", of=("number", "base")),
            ),
            rows=rows,
        )
    ]


register(
    Page(
        slug="funnel",
        title=gettext_lazy("From training to referring"),
        question="helps",
        summary=gettext_lazy(
            "Everyone who attended (present or late) a part of a session of the teams'"
            " courses in the period, whether they have an account or registered without one"
            " (each person once, however many courses they took). Only people with an"
            " account can be followed from training to their consultations and referrals, so"
            " the next step counts them, and the two after it how many of them had a"
            " consultation or attended a consultation group with the teams, or sent the teams"
            " a referral, from their first day trained to six months after it. Then the"
            " consultations held in the period that became a referral; the referrals sent in"
            " the period whose navigator's answer (kept with the referral) was a"
            " consultation, as the navigator's answer is not worked out again for referrals"
            " that did not come through it; and the declined referrals from practitioners"
            " with an account whose referrer had attended no training and had no"
            " consultation with any team on or before the day they referred. The ring and"
            " organisation choose the trained by the organisation they registered with,"
            " consultations by the practitioner's organisation and referrals by the"
            " referrer's."
        ),
        build=build,
        charts=(ChartSpec(table="funnel", label="step", values=("number",)),),
        order=10,
    )
)
