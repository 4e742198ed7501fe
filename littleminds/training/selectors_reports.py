"""The training reports for a team's training managers (issue 14, "Knowledge and
confidence", ADR 0036): who trained, completion, why places were cancelled or not taken,
confidence change from the questionnaires, and whether trainees later consulted or
referred, over a period.

A session belongs to the period in which its first day falls, and a cancelled session to
none. People are counted once in each row they belong to: a signed-in person by their
account, a person without an account by their e-mail address. Every table is a `Table`, so
the page and the spreadsheet show the same figures. A fixed number of queries whatever the
number of courses and people (the test pins it); reading a report is audited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking
from littleminds.consultations.models_groups import CallbackRequest
from littleminds.directory.models import Ring, Service
from littleminds.referrals.models import Referral
from littleminds.training import confidence
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import Attendance, Certificate
from littleminds.training.models_questions import Answer

# The states of a place offered or asked for and never taken.
NOT_TAKEN = (
    Registration.Status.LAPSED,
    Registration.Status.DECLINED,
    Registration.Status.UNCONFIRMED_EXPIRED,
)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months: from the day after this day a year ago, to today."""
    today = today or timezone.localdate()
    return today - relativedelta(years=1) + timedelta(days=1), today


@dataclass(frozen=True)
class Rate:
    """A share: `part` of `whole`; no share at all when the whole is 0."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        value = self.value
        return "–" if value is None else f"{round(value * 100)}%"


Cell = str | int | Rate


@dataclass(frozen=True)
class Table:
    key: str  # the table's anchor on the page and the start of its sheet's name
    sheet: str  # the spreadsheet's sheet name (at most 31 characters)
    caption: str
    headings: list[str]
    rows: list[list[Cell]]
    note: str = ""


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    teams: list[Team]
    trained: int
    students: int
    completers: int
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def sections(self) -> list[tuple[str, list[Table]]]:
        """The tables under the page's headings."""
        keys = [
            (_("Who trained"), ("trained-",)),
            (_("Completion"), ("completion-",)),
            (_("Confidence change"), ("confidence",)),
            (_("Places cancelled or not taken"), ("cancelled", "not-taken")),
            (_("Consultations and referrals after training"), ("later",)),
        ]
        return [
            (heading, [t for t in self.tables if t.key.startswith(starts)])
            for heading, starts in keys
        ]


def _managed_teams(user: User) -> list[Team]:
    return user.teams_with(Permission.TRAINING_MANAGE)


def _sessions(teams: list[Team], start: date, end: date) -> QuerySet[CourseSession]:
    return CourseSession.objects.filter(
        course__team__in=teams,
        cancelled_at__isnull=True,
        first_day__gte=start,
        first_day__lte=end,
    )


def _person(user_id: int | None, email: str) -> tuple[str, Any]:
    return ("user", user_id) if user_id is not None else ("email", email.lower())


def _tier_names() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Course.Tier.choices]


def _who_trained(sessions: QuerySet[CourseSession]) -> tuple[list[Table], int, int]:
    """People who attended (present or late) at least one part of a session."""
    attended = Attendance.objects.filter(registration=OuterRef("pk"), mark__in=Attendance.ATTENDED)
    rows = list(
        Registration.objects.filter(session__in=sessions)
        .filter(Exists(attended))
        .values(
            "user_id",
            "email",
            "organisation_id",
            "organisation__name",
            "organisation__kind",
            "student_at",
            "session__course__tier",
        )
    )
    organisation_ids = {r["organisation_id"] for r in rows if r["organisation_id"]}
    rings: dict[int, set[str]] = defaultdict(set)
    for organisation_id, ring in (
        Service.objects.filter(organisation_id__in=organisation_ids)
        .exclude(status=Service.Status.DECOMMISSIONED)
        .values_list("organisation_id", "ring")
        .distinct()
    ):
        rings[organisation_id].add(ring)

    everyone: set[tuple[str, Any]] = set()
    students: set[tuple[str, Any]] = set()
    by_organisation: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    by_ring: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    by_kind: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    by_tier: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    no_organisation = _("No organisation recorded")
    off_map = "off_map"
    for row in rows:
        person = _person(row["user_id"], row["email"])
        everyone.add(person)
        by_tier[row["session__course__tier"]].add(person)
        if row["organisation_id"] is None and row["student_at"]:
            students.add(person)
            continue
        if row["organisation_id"] is None:
            by_organisation[no_organisation].add(person)
            by_kind[""].add(person)
            by_ring[off_map].add(person)
            continue
        by_organisation[row["organisation__name"]].add(person)
        by_kind[row["organisation__kind"] or ""].add(person)
        for ring in rings.get(row["organisation_id"]) or {off_map}:
            by_ring[ring].add(person)

    student_words = _("Students (without an organisation)")
    people = _("People")
    organisations = sorted(
        (name for name in by_organisation if name != no_organisation), key=str.casefold
    )
    if no_organisation in by_organisation:
        organisations.append(no_organisation)
    organisation_rows: list[list[Cell]] = [
        [name, len(by_organisation[name])] for name in organisations
    ]
    ring_rows: list[list[Cell]] = [
        [str(label), len(by_ring.get(value, ()))] for value, label in Ring.choices
    ]
    ring_rows.append([_("Not on the system map"), len(by_ring.get(off_map, ()))])
    kind_rows: list[list[Cell]] = [
        [str(label), len(by_kind.get(value, ()))] for value, label in Organisation.Kind.choices
    ]
    kind_rows.append([_("Kind not recorded"), len(by_kind.get("", ()))])
    tier_rows: list[list[Cell]] = [[name, len(by_tier.get(v, ()))] for v, name in _tier_names()]
    for table_rows in (organisation_rows, ring_rows, kind_rows):
        table_rows.append([student_words, len(students)])
    tables = [
        Table(
            key="trained-organisation",
            sheet=_("Trained by organisation"),
            caption=_("People who trained, by organisation"),
            headings=[_("Organisation"), people],
            rows=organisation_rows,
            note=_(
                "A person is counted under the organisation they were with when they "
                "registered. Students without an organisation are counted apart."
            ),
        ),
        Table(
            key="trained-ring",
            sheet=_("Trained by ring"),
            caption=_("People who trained, by ring of the system map"),
            headings=[_("Ring"), people],
            rows=ring_rows,
            note=_(
                "An organisation is in each ring where it has a service in the directory, "
                "so a person whose organisation is in two rings is counted in both, and "
                "the rings can add up to more than the people who trained."
            ),
        ),
        Table(
            key="trained-kind",
            sheet=_("Trained by kind"),
            caption=_("People who trained, by kind of organisation"),
            headings=[_("Kind of organisation"), people],
            rows=kind_rows,
        ),
        Table(
            key="trained-tier",
            sheet=_("Trained by tier"),
            caption=_("People who trained, by tier of course"),
            headings=[_("Tier"), people],
            rows=tier_rows,
            note=_(
                "A person who attended courses of two tiers is counted in both. "
                "Students are included here."
            ),
        ),
    ]
    return tables, len(everyone), len(students)


def _completion(sessions: QuerySet[CourseSession]) -> list[Table]:
    """Places held on the period's sessions, and how many of them earned a certificate."""
    valid = Certificate.objects.filter(registration=OuterRef("pk"), withdrawn_at__isnull=True)
    # Only sessions that have ended: a place on one still to come cannot be completed yet.
    ended = sessions.filter(last_day__lt=timezone.localdate())
    rows = list(
        Registration.objects.filter(session__in=ended, status=Registration.Status.HELD)
        .annotate(completed=Exists(valid))
        .values(
            "session__course_id",
            "session__course__title",
            "session__course__tier",
            "completed",
        )
    )
    tier_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    course_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    course_names: dict[int, tuple[str, str]] = {}
    for row in rows:
        done = 1 if row["completed"] else 0
        tier_counts[row["session__course__tier"]][0] += 1
        tier_counts[row["session__course__tier"]][1] += done
        course_counts[row["session__course_id"]][0] += 1
        course_counts[row["session__course_id"]][1] += done
        course_names[row["session__course_id"]] = (
            row["session__course__title"],
            row["session__course__tier"],
        )
    tiers = dict(_tier_names())
    headings = [_("Places held"), _("Completed"), _("Completion rate")]
    total = [sum(c[0] for c in tier_counts.values()), sum(c[1] for c in tier_counts.values())]
    tier_rows: list[list[Cell]] = []
    for value, name in _tier_names():
        held, done = tier_counts.get(value, [0, 0])
        tier_rows.append([name, held, done, Rate(done, held)])
    tier_rows.append([_("All tiers"), total[0], total[1], Rate(total[1], total[0])])
    course_rows: list[list[Cell]] = []
    for course_id in sorted(course_names, key=lambda c: (course_names[c][0].casefold(), c)):
        held, done = course_counts[course_id]
        title, tier = course_names[course_id]
        course_rows.append([title, tiers.get(tier, tier), held, done, Rate(done, held)])
    completed_note = _(
        "Places still held on the period's sessions that have ended (sessions still to "
        "come are left out); completed means the person has a certificate for the course."
    )
    return [
        Table(
            key="completion-tier",
            sheet=_("Completion by tier"),
            caption=_("Completion by tier of course"),
            headings=[_("Tier"), *headings],
            rows=tier_rows,
            note=completed_note,
        ),
        Table(
            key="completion-course",
            sheet=_("Completion by course"),
            caption=_("Completion by course"),
            headings=[_("Course"), _("Tier"), *headings],
            rows=course_rows,
        ),
    ]


def _places_lost(sessions: QuerySet[CourseSession]) -> list[Table]:
    """Why places were cancelled, and the places offered or asked for and never taken."""
    counts = {
        (row["status"], row["cancel_reason"]): row["n"]
        for row in Registration.objects.filter(
            session__in=sessions,
            status__in=(Registration.Status.CANCELLED, *NOT_TAKEN),
        )
        .values("status", "cancel_reason")
        .annotate(n=Count("pk"))
        .order_by()
    }
    cancelled = {
        reason: n
        for (status, reason), n in counts.items()
        if status == Registration.Status.CANCELLED
    }
    all_cancelled = sum(cancelled.values())
    reason_rows: list[list[Cell]] = [
        [str(label), cancelled.get(value, 0), Rate(cancelled.get(value, 0), all_cancelled)]
        for value, label in Registration.CancelReason.choices
    ]
    reason_rows.append([_("All reasons"), all_cancelled, Rate(all_cancelled, all_cancelled)])
    not_taken = {status: n for (status, _reason), n in counts.items() if status in NOT_TAKEN}
    all_not_taken = sum(not_taken.values())
    words = {
        Registration.Status.LAPSED: _("Offer of a freed place not answered in time"),
        Registration.Status.DECLINED: _("Offer of a freed place declined"),
        Registration.Status.UNCONFIRMED_EXPIRED: _(
            "Request without an account not confirmed in time"
        ),
    }
    not_taken_rows: list[list[Cell]] = [
        [
            str(words[status]),
            not_taken.get(status, 0),
            Rate(not_taken.get(status, 0), all_not_taken),
        ]
        for status in NOT_TAKEN
    ]
    not_taken_rows.append(
        [_("All places not taken"), all_not_taken, Rate(all_not_taken, all_not_taken)]
    )
    return [
        Table(
            key="cancelled",
            sheet=_("Why places were cancelled"),
            caption=_("Why places were cancelled"),
            headings=[_("Reason"), _("Places"), _("Share")],
            rows=reason_rows,
        ),
        Table(
            key="not-taken",
            sheet=_("Places not taken"),
            caption=_("Places offered or asked for and not taken"),
            headings=[_("What happened"), _("Places"), _("Share")],
            rows=not_taken_rows,
        ),
    ]


def _later(sessions: QuerySet[CourseSession]) -> tuple[Table, int]:
    """Of the signed-in people who completed a course of the period, how many later booked
    or asked for a consultation, or made a referral, after the day their course ended."""
    certificates = Certificate.objects.filter(
        registration__session__in=sessions,
        registration__user__isnull=False,
        withdrawn_at__isnull=True,
    )
    completions = list(
        certificates.values_list(
            "registration__user_id", "registration__session__course__tier", "last_day"
        )
    )
    people = certificates.values("registration__user_id")
    # Each person's course end by tier (their first completion of the tier), and overall.
    ended: dict[str, dict[int, date]] = defaultdict(dict)
    first: dict[int, date] = {}
    for user_id, tier, last_day in completions:
        if tier not in ended or user_id not in ended[tier] or last_day < ended[tier][user_id]:
            ended[tier][user_id] = last_day
        if user_id not in first or last_day < first[user_id]:
            first[user_id] = last_day
    since = _start_of_day_after(min(first.values())) if first else None

    consulted: dict[int, list[datetime]] = defaultdict(list)
    referred: dict[int, list[datetime]] = defaultdict(list)
    if since is not None:
        for user_id, at in Booking.objects.filter(
            practitioner_id__in=people, created_at__gte=since
        ).values_list("practitioner_id", "created_at"):
            consulted[user_id].append(at)
        for user_id, at in CallbackRequest.objects.filter(
            practitioner_id__in=people, created_at__gte=since
        ).values_list("practitioner_id", "created_at"):
            consulted[user_id].append(at)
        for user_id, submitted in Referral.objects.filter(
            referrer_id__in=people, submitted_at__gte=since
        ).values_list("referrer_id", "submitted_at"):
            if submitted is not None:
                referred[user_id].append(submitted)

    def after(times: dict[int, list[datetime]], user_id: int, day: date) -> bool:
        start = _start_of_day_after(day)
        return any(at >= start for at in times.get(user_id, ()))

    def row(name: str, who: dict[int, date]) -> list[Cell]:
        total = len(who)
        asked = sum(1 for u, d in who.items() if after(consulted, u, d))
        made = sum(1 for u, d in who.items() if after(referred, u, d))
        either = sum(1 for u, d in who.items() if after(consulted, u, d) or after(referred, u, d))
        return [name, total, asked, Rate(asked, total), made, Rate(made, total), either]

    rows = [row(name, ended.get(value, {})) for value, name in _tier_names()]
    rows.append(row(_("Any tier"), first))
    table = Table(
        key="later",
        sheet=_("Later consulted or referred"),
        caption=_("People who completed a course and later consulted or referred"),
        headings=[
            _("Tier"),
            _("People who completed"),
            _("Booked or asked for a consultation"),
            _("Share who consulted"),
            _("Made a referral"),
            _("Share who referred"),
            _("Consulted or referred"),
        ],
        rows=rows,
        note=_(
            "These are counts of people, not of consultations or referrals: signed-in "
            "people who completed a course in the period and, after the day their course "
            "ended, booked a consultation (even one cancelled later), asked for a call "
            "back, or sent a referral. People without an account cannot be followed."
        ),
    )
    return table, len(first)


def person_means(
    registrations: QuerySet[Registration],
) -> tuple[dict[tuple[int, str], float], dict[int, str]]:
    """Each place's mean score over the statements at each time, keyed by (registration,
    time), and the tier of each place's course. Only the answers of people who attended:
    someone absent or excused throughout has had no course to change them. One query."""
    attended = Attendance.objects.filter(
        registration=OuterRef("answer_set__registration"), mark__in=Attendance.ATTENDED
    )
    # The database averages each answer set's scores, so only one row a place a time leaves
    # it whatever the number of statements.
    answers = (
        Answer.objects.filter(answer_set__registration__in=registrations.values("pk"))
        .filter(Exists(attended))
        .values(
            "answer_set__registration_id",
            "answer_set__when",
            "answer_set__registration__session__course__tier",
        )
        .annotate(mean=Avg("score"))
        .values_list(
            "answer_set__registration_id",
            "answer_set__when",
            "answer_set__registration__session__course__tier",
            "mean",
        )
        .order_by()
    )
    means: dict[tuple[int, str], float] = {}
    tier_of: dict[int, str] = {}
    for registration, when, tier, mean in answers:
        means[(registration, when)] = float(mean)
        tier_of[registration] = tier
    return means, tier_of


def change_from_before(
    means: dict[tuple[int, str], float], registrations: list[int], to: str
) -> tuple[list[float], list[float], confidence.Change]:
    """The places among `registrations` answered before and at `to`: their means then and
    at `to`, and the paired change (`confidence.paired_change`)."""
    both = [r for r in registrations if (r, "before") in means and (r, to) in means]
    before = [means[(r, "before")] for r in both]
    after = [means[(r, to)] for r in both]
    return before, after, confidence.paired_change(before, after)


def _confidence(sessions: QuerySet[CourseSession]) -> Table:
    """The questionnaires' change by tier: each person's mean score over the statements at
    each time, paired from before the course to straight after and to three months after
    (`confidence.paired_change`), as on each course's summary page."""
    means, tier_of = person_means(Registration.objects.filter(session__in=sessions))

    def change(registrations: list[int], to: str) -> confidence.Change:
        return change_from_before(means, registrations, to)[2]

    rows: list[list[Cell]] = []
    for value, name in [*_tier_names(), ("", _("All tiers"))]:
        registrations = sorted(r for r, tier in tier_of.items() if not value or tier == value)
        after, later = change(registrations, "after"), change(registrations, "later")
        rows.append([name, *_change_cells(after), *_change_cells(later)])
    return Table(
        key="confidence",
        sheet=_("Confidence change"),
        caption=_("Change in confidence by tier (scores 1 to 5)"),
        headings=[
            _("Tier"),
            _("People answering before and straight after"),
            _("Mean change straight after (95% confidence interval)"),
            _("Effect size straight after: Cohen's d for paired scores (95% confidence interval)"),
            _("People answering before and three months after"),
            _("Mean change three months after (95% confidence interval)"),
            _(
                "Effect size three months after: Cohen's d for paired scores (95% confidence "
                "interval)"
            ),
        ],
        rows=rows,
        note=_(
            "Each person's score at a time is their mean over the course's statements. Only "
            "people who attended their session and answered at both times count, once for "
            "each course they took. Below 5 such people there are too few answers to say."
        ),
    )


def _change_cells(change: confidence.Change) -> list[Cell]:
    """The number of pairs, the mean change and the effect size, in words."""
    if not change.enough:
        few = _("Too few answers to say")
        return [change.pairs, few, few]
    mean = _("%(mean)s (%(low)s to %(high)s)") % {
        "mean": f"{change.mean_change:+.2f}",
        "low": f"{change.low:+.2f}",
        "high": f"{change.high:+.2f}",
    }
    if change.d_z is None or change.d_low is None or change.d_high is None:
        return [change.pairs, mean, _("None: everyone changed by the same amount")]
    effect = _("%(d)s (%(low)s to %(high)s), %(size)s") % {
        "d": f"{change.d_z:.2f}",
        "low": f"{change.d_low:.2f}",
        "high": f"{change.d_high:.2f}",
        "size": confidence.size_in_words(change.d_z),
    }
    return [change.pairs, mean, effect]


def _start_of_day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def report(*, by: User, start: date, end: date, downloaded: bool = False) -> Report:
    """The report of the person's teams over [start, end], recorded in the audit trail."""
    teams = _managed_teams(by)
    sessions = _sessions(teams, start, end)
    trained_tables, trained, students = _who_trained(sessions)
    later, completers = _later(sessions)
    tables = [
        *trained_tables,
        *_completion(sessions),
        _confidence(sessions),
        *_places_lost(sessions),
        later,
    ]
    audit_record(
        by=by,
        action="training.report_downloaded" if downloaded else "training.report_viewed",
        team=teams[0] if len(teams) == 1 else None,
        detail={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "teams": sorted(str(t.code) for t in teams),
        },
    )
    return Report(
        start=start,
        end=end,
        teams=teams,
        trained=trained,
        students=students,
        completers=completers,
        tables=tables,
    )
