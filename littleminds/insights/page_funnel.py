"""The funnel across strands (issue 16, "The funnel across strands"): everyone trained in the
period (people with an account and people who registered without one, each counted once, as
the embeddedness tallies count them), of whom those with an account (whom the platform can
follow), and of those, how many then consulted and how many referred within six months;
the consultations that became referrals; the referrals the navigator had sent towards a
consultation; and the declined referrals whose referrer had never trained or consulted.

Read from the strands' own records with a fixed number of queries, whatever their number:
everyone trained (one count), the trained with an account (one grouped query), their
consultations, group places and referrals in the window (three queries over indexed
fields, narrowed to the trained by a subquery), the consultations of the period (one
aggregate) and the referrals of the period (one aggregate with the "never trained or
consulted" test as subqueries)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import CharField, Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.models_records import ConsultationRecord
from littleminds.insights.barriers import moments, referrals_sent
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import in_ring_or_organisation, organisations_on
from littleminds.insights.tables import Column, Raw, Table
from littleminds.pathway.engine import Route
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral
from littleminds.training.models_attendance import Attendance

# "Within six months": on or after the first day trained in the period, and no later than
# the same date six months on.
WINDOW = relativedelta(months=6)


def _attended(filters: Filters, *, accounts: bool = True) -> QuerySet[Attendance]:
    """Attended (present or late) parts of sessions of the teams' courses in the period
    (a cancelled session never counts), of people with an account only when `accounts`."""
    marks = Attendance.objects.filter(
        mark__in=Attendance.ATTENDED,
        part__session__course__team__in=filters.team_ids,
        part__session__cancelled_at__isnull=True,
        part__day__range=(filters.start, filters.end),
    )
    if accounts:
        marks = marks.filter(registration__user__isnull=False)
    return in_ring_or_organisation(marks, filters, "registration__organisation")


def everyone_trained(filters: Filters) -> int:
    """How many people attended a part of a session of the teams' courses in the period:
    people with an account by their account, people who registered without one by their
    e-mail address (as the embeddedness tallies tell people apart), each once. One query."""
    person = Coalesce(
        Cast("registration__user_id", output_field=CharField()), "registration__email"
    )
    return int(
        _attended(filters, accounts=False).aggregate(n=Count(person, distinct=True))["n"] or 0
    )


def trained(filters: Filters) -> dict[int, date]:
    """Each practitioner with an account who attended (present or late) a part of a session
    of the teams' courses in the period, with the first such day. One grouped query."""
    grouped = _attended(filters).values("registration__user").annotate(first=Min("part__day"))
    return dict(grouped.values_list("registration__user", "first"))


def _within(days: dict[int, set[date]], first: dict[int, date]) -> int:
    return sum(
        1
        for user, day in first.items()
        if any(day <= held <= day + WINDOW for held in days.get(user, ()))
    )


def _consultation_organisation(
    records: QuerySet[ConsultationRecord], filters: Filters
) -> QuerySet[ConsultationRecord]:
    """A booked consultation's organisation is the booking's; a duty call's its own."""
    if filters.organisation is not None:
        records = records.filter(
            Q(organisation=filters.organisation) | Q(booking__organisation=filters.organisation)
        )
    if filters.ring:
        on = organisations_on(filters.ring)
        records = records.filter(Q(organisation__in=on) | Q(booking__organisation__in=on))
    return records


def build(filters: Filters) -> list[Table]:
    first = trained(filters)
    users = _attended(filters).values("registration__user")
    last = filters.end + WINDOW
    since, until = moments(filters.start, last)

    consulted: dict[int, set[date]] = defaultdict(set)
    for user, held in (
        ConsultationRecord.objects.filter(
            team__in=filters.team_ids,
            booking__practitioner__in=users,
            held_on__range=(filters.start, last),
        )
        .values_list("booking__practitioner", "held_on")
        .distinct()
    ):
        consulted[user].add(held)
    for user, held in (
        GroupPlace.objects.filter(
            attended=True,
            session__series__team__in=filters.team_ids,
            practitioner__in=users,
            session__starts_at__gte=since,
            session__starts_at__lt=until,
        )
        .annotate(held=TruncDate("session__starts_at"))
        .values_list("practitioner", "held")
        .distinct()
    ):
        consulted[user].add(held)
    referred: dict[int, set[date]] = defaultdict(set)
    for user, sent_on in (
        Referral.objects.filter(
            team__in=filters.team_ids,
            referrer__in=users,
            submitted_at__gte=since,
            submitted_at__lt=until,
        )
        .exclude(status=Status.DRAFT)
        .annotate(sent=TruncDate("submitted_at"))
        .values_list("referrer", "sent")
        .distinct()
    ):
        referred[user].add(sent_on)

    records = _consultation_organisation(
        ConsultationRecord.objects.filter(
            team__in=filters.team_ids, held_on__range=(filters.start, filters.end)
        ),
        filters,
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

    sent = referrals_sent(filters).annotate(sent_on=TruncDate("submitted_at"))
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
        .exclude(Exists(had_trained))
        .exclude(Exists(had_consulted))
        .exclude(Exists(had_grouped))
        .count()
    )

    everyone = everyone_trained(filters)
    people = len(first)
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
            "number": _within(consulted, first),
            "base": people,
        },
        {
            "step": _("… of those, who referred to the team within 6 months"),
            "number": _within(referred, first),
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
