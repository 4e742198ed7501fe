"""Reads of referrals. A referral is a family's record: every read of one is audited, and
anyone outside the receiving team (or, for their own referral, the referrer) gets 404."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import ApiToken, Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_read, audit_record
from littleminds.directory.models import AccessMethod, Area, AreaCoverage, Service, ServiceAccess
from littleminds.directory.selectors import coverage_on
from littleminds.referrals.lifecycle import OPEN, Action, Status
from littleminds.referrals.models import Intake, Referral, ReferralEvent

# Possible duplicates: a due date within this many days, a parent's name at least this alike.
DUE_DATE_WINDOW = timedelta(days=14)
NAME_LIKENESS = 0.75


def triage_teams(by: User) -> list[Team]:
    return by.teams_with(Permission.REFERRALS_TRIAGE)


def triage_queryset(by: User) -> QuerySet[Referral]:
    """Every sent referral of the teams `by` triages for (drafts are the referrer's own)."""
    return (
        Referral.objects.filter(team__in=triage_teams(by))
        .exclude(status=Status.DRAFT)
        .select_related("referrer", "referrer_organisation", "team")
    )


def triage_queue(by: User) -> QuerySet[Referral]:
    """The open referrals, oldest first (those waiting longest come first)."""
    return triage_queryset(by).filter(status__in=OPEN).order_by("submitted_at", "pk")


def referral_for_team(*, by: User, code: UUID) -> Referral:
    """A referral of one of `by`'s triage teams, opened (and audited); 404 otherwise."""
    referral = triage_queryset(by).filter(code=code).first()
    if referral is None:
        raise Http404
    audit_read(by=by, target=referral, team=referral.team)
    return referral


# What waits on the referrer, as "Your referrals" filters it (`?waiting=`): drafts not sent,
# and the team's questions not yet answered.
WAITING_ON_REFERRER: dict[str, Q] = {
    "draft": Q(status=Status.DRAFT),
    "question": Q(status=Status.MORE_INFO),
}


def referrals_mine(by: User, *, waiting: str = "") -> QuerySet[Referral]:
    """What `by` has referred, drafts included, newest first; only what waits on them with
    `waiting` (a key of `WAITING_ON_REFERRER`)."""
    found = Referral.objects.filter(referrer=by)
    if waiting:
        found = found.filter(WAITING_ON_REFERRER[waiting])
    return found.select_related("team", "duplicate_of").order_by("-created_at", "-pk")


def waiting_on_referrer(by: User) -> dict[str, int]:
    """How many of `by`'s referrals wait on them, by `WAITING_ON_REFERRER`'s keys, counted
    in one query."""
    return Referral.objects.filter(referrer=by).aggregate(
        **{key: Count("pk", filter=when) for key, when in WAITING_ON_REFERRER.items()}
    )


def referral_for_referrer(*, by: User, code: UUID) -> Referral:
    """One of `by`'s own referrals, opened (and audited); 404 for anyone else's."""
    referral = referrals_mine(by).filter(code=code).first()
    if referral is None:
        raise Http404
    audit_read(by=by, target=referral, team=referral.team)
    return referral


def referral_from_consultation(code: UUID) -> Referral | None:
    """The referral a consultation became (ADR 0030), draft or sent; None before it has
    become one. The caller decides who may see it."""
    return Referral.objects.select_related("team").filter(consultation_code=code).first()


def _name(text: str) -> str:
    return " ".join(text.lower().split())


def possible_duplicates(referral: Referral) -> list[Referral]:
    """Other referrals of the team for the same family, by the rule triage uses: the same
    home postcode, the same date of birth (or a due date within 14 days), and a parent's
    name that is alike (spelling, spacing and case aside)."""
    if not referral.postcode or referral.team_id is None:
        return []
    when = Q()
    if referral.child_date_of_birth:
        when |= Q(child_date_of_birth=referral.child_date_of_birth)
    if referral.expected_delivery_date:
        due = referral.expected_delivery_date
        when |= Q(
            expected_delivery_date__gte=due - DUE_DATE_WINDOW,
            expected_delivery_date__lte=due + DUE_DATE_WINDOW,
        )
    if not when:
        return []
    candidates = (
        Referral.objects.filter(when, team_id=referral.team_id, postcode=referral.postcode)
        .exclude(pk=referral.pk)
        .exclude(status=Status.DRAFT)
        .order_by("submitted_at")
    )
    name = _name(referral.parent_name)
    return [
        other
        for other in candidates[:50]
        if SequenceMatcher(None, name, _name(other.parent_name)).ratio() >= NAME_LIKENESS
    ]


# The triage queue's filters -------------------------------------------------------------------

# Waiting for the team's triage decision (not for the referrer's answer).
AWAITING_DECISION = (Status.SUBMITTED, Status.IN_TRIAGE)
# A decision is due once a referral has waited this long since it was sent. No service has
# a target of its own yet: this is the team's, the same for every service.
DECISION_DUE = timedelta(days=14)


def _with_last_move(found: QuerySet[Referral]) -> QuerySet[Referral]:
    """Each referral with its last move: what it was (`last_action`) and who made it
    (`last_by`, a user's id), in the same query."""
    last = ReferralEvent.objects.filter(referral=OuterRef("pk")).order_by("-at", "-pk")
    return found.annotate(
        last_action=Subquery(last.values("action")[:1]),
        last_by=Subquery(last.values("by")[:1]),
    )


def _new_answer() -> Q:
    """Back in triage with the referrer's answer (not what the team found out itself):
    for a referral annotated by `_with_last_move`."""
    return Q(status=Status.IN_TRIAGE, last_action=Action.ANSWER_INFO) & (
        Q(last_by__isnull=True) | Q(last_by=F("referrer_id"))
    )


def has_new_answer(referral: Referral) -> bool:
    """The same as `_new_answer`, for a referral fetched by `triage_search`."""
    last_by = getattr(referral, "last_by", None)
    return (
        referral.status == Status.IN_TRIAGE
        and getattr(referral, "last_action", None) == Action.ANSWER_INFO
        and (last_by is None or last_by == referral.referrer_id)
    )


@dataclass(frozen=True)
class TriageWork:
    """The triage work of a person's teams, counted: what waits for a decision and the
    oldest of it, what waits past `DECISION_DUE`, and the referrers' new answers."""

    waiting: int
    oldest_days: int | None
    due: int
    answered: int


def triage_work(by: User) -> TriageWork:
    now = timezone.now()
    awaiting = Q(status__in=AWAITING_DECISION)
    counts = (
        _with_last_move(triage_queryset(by))
        .order_by()
        .aggregate(
            waiting=Count("pk", filter=awaiting),
            oldest=Min("submitted_at", filter=awaiting),
            due=Count("pk", filter=awaiting & Q(submitted_at__lte=now - DECISION_DUE)),
            answered=Count("pk", filter=_new_answer()),
        )
    )
    oldest = counts["oldest"]
    return TriageWork(
        waiting=counts["waiting"],
        oldest_days=(now - oldest).days if oldest is not None else None,
        due=counts["due"],
        answered=counts["answered"],
    )


# Ages on the day, as the queue filters them: the unborn, then bands of whole months.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-5": (0, 6),
    "6-11": (6, 12),
    "12-17": (12, 18),
    "18-23": (18, 24),
}


# A reference as people say or type it: "lm acde fghj", "LMACDEFGHJ", "LM-ACDE-FGHJ", or
# without its "LM": "acde-fghj", "ACDE FGHJ". Its eight characters come from the alphabet
# references are drawn from (`services._REFERENCE_ALPHABET`: no B, I, L, O, S, Z, 0, 1, 2, 5
# or 8), which rules out most words.
_DRAWN = "[ACDEFGHJKMNPQRTUVWXY34679]"
_REFERENCE = re.compile(rf"^(?:LM)?({_DRAWN}{{4}})({_DRAWN}{{4}})$")
# With its "LM", any eight letters and digits are read as a reference, as they always were.
_REFERENCE_WITH_LM = re.compile(r"^LM([A-Z0-9]{4})([A-Z0-9]{4})$")


def reference_in(text: str) -> str | None:
    """The reference `text` spells, whatever its case, dashes and spaces, with or without
    its "LM"; None if none."""
    squeezed = re.sub(r"[\s\-–]", "", text).upper()
    found = _REFERENCE_WITH_LM.match(squeezed) or _REFERENCE.match(squeezed)
    return f"LM-{found[1]}-{found[2]}" if found else None


def _may_be_a_name(text: str) -> bool:
    """Whether a search could be part of a name as well as a reference: eight letters
    without "LM" and without a digit ("Khan Ward") could be either, so both are looked for."""
    squeezed = re.sub(r"[\s\-–]", "", text).upper()
    return reference_in(text) is None or (
        not squeezed.startswith("LM") and not any(c.isdigit() for c in squeezed)
    )


# The columns the triage queue draws (its `Row`), with the referring organisation's name.
QUEUE_FIELDS = (
    "code",
    "reference",
    "kind",
    "status",
    "submitted_at",
    "decided_at",
    "first_contact_at",
    "updated_at",
    "unborn",
    "child_date_of_birth",
    "expected_delivery_date",
    "postcode_district",
    "concerns",
    "referrer_id",
    "team_id",
    "referrer_organisation__name",
)


def triage_search(
    by: User,
    *,
    q: str = "",
    status: str = "",
    age: str = "",
    district: str = "",
    concern: str = "",
    organisation: str = "",
    sort: str = "",
    on: date | None = None,
) -> QuerySet[Referral]:
    """The team's referrals for the triage queue: the open ones unless `status` says
    otherwise ("all", or one status), narrowed by the baby's age on the day (`AGE_BANDS` or
    "unborn"), postcode district, one worry, and the referrer's organisation (its code, or
    "self" for families' own referrals); those waiting longest first, or newest first.
    `q` is a reference (in any case, with or without dashes and spaces) or part of the
    parent's or baby's name, and looks at every status unless `status` says one. A search of
    names is a read of the families' records, so it is audited, once for each team."""
    found = triage_queryset(by)
    if q:
        reference = reference_in(q)
        names = Q(parent_name__icontains=q) | Q(baby_name__icontains=q)
        if reference is None:
            found = found.filter(names)
        elif _may_be_a_name(q):
            found = found.filter(Q(reference=reference) | names)
        else:
            found = found.filter(reference=reference)
    found = _with_last_move(found)
    if not status:
        if not q:
            found = found.filter(status__in=OPEN)
    elif status == "triage":
        found = found.filter(status__in=AWAITING_DECISION)
    elif status == "due":
        found = found.filter(
            status__in=AWAITING_DECISION, submitted_at__lte=timezone.now() - DECISION_DUE
        )
    elif status == "answered":
        found = found.filter(_new_answer())
    elif status != "all":
        found = found.filter(status=status)
    if age == "unborn":
        found = found.filter(unborn=True)
    elif age in AGE_BANDS:
        today = on or timezone.localdate()
        low, high = AGE_BANDS[age]
        found = found.filter(
            unborn=False,
            child_date_of_birth__lte=today - relativedelta(months=low),
            child_date_of_birth__gt=today - relativedelta(months=high),
        )
    if district:
        found = found.filter(postcode_district=district)
    if concern:
        # A list in JSON, compared as text so that SQLite and PostgreSQL agree: the codes
        # are fixed words, none of which holds another with its quotes.
        found = found.annotate(concerns_text=Cast("concerns", TextField())).filter(
            concerns_text__contains=f'"{concern}"'
        )
    if organisation == "self":
        found = found.filter(kind=Referral.Kind.SELF)
    elif organisation:
        found = found.filter(referrer_organisation__code=organisation)
    if q and _may_be_a_name(q):
        _audit_name_search(by, q, found)
    # Only what the queue's rows show: fifty referrals' every column, their referrers' and
    # their teams' were a third of the page's reading of rows (ADR 0057).
    found = found.select_related(None).select_related("referrer_organisation").only(*QUEUE_FIELDS)
    if sort == "newest":
        return found.order_by("-submitted_at", "-pk")
    return found.order_by("submitted_at", "pk")


def _audit_name_search(by: User, q: str, found: QuerySet[Referral]) -> None:
    counts = dict(found.order_by().values_list("team").annotate(n=Count("pk")))
    for team in triage_teams(by):
        audit_record(
            by=by,
            action="referral.searched",
            team=team,
            detail={"query": q, "found": counts.get(team.pk, 0)},
        )


def referral_events(referral: Referral) -> QuerySet[ReferralEvent]:
    """What happened to a referral already opened (`referral_for_team`): who, when, why."""
    return referral.events.select_related("by", "by__organisation").order_by("at", "pk")


def triage_organisations(by: User, *, also: str = "") -> QuerySet[Organisation]:
    """The organisations whose practitioners have referrals waiting for `by`'s teams (what
    the queue's "referred by" filter offers), and the one chosen already (`also`, a code)."""
    waiting = Referral.objects.filter(team__in=triage_teams(by), status__in=OPEN).values(
        "referrer_organisation"
    )
    chosen = Q(code=also) if _is_uuid(also) else Q(pk__in=[])
    return Organisation.objects.filter(Q(pk__in=waiting) | chosen).order_by("name")


def referring_organisation_find(text: str) -> Organisation | None:
    """The organisation the triage queue's typed "referred by" names: by its code (the
    queue's own links) or by its name in any capitals; None if none. Organisations are not
    personal data: any of them may be named, as the list offers any that refers."""
    if _is_uuid(text):
        return Organisation.objects.filter(code=text).first()
    return Organisation.objects.filter(name__iexact=text).order_by("name").first()


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def referral_for_organisation(*, token: ApiToken, code: UUID) -> Referral:
    """A referral that `token`'s organisation sent (through the API or its people), opened
    by its partner system (and audited, naming the token); 404 for any other."""
    referral = (
        Referral.objects.exclude(status=Status.DRAFT)
        .filter(code=code, referrer_organisation=token.organisation)
        .select_related(
            "referrer", "referrer_organisation", "team__organisation", "intake__service"
        )
        .first()
    )
    if referral is None:
        raise Http404
    audit_record(
        by=None,
        action="referral.viewed",
        target=referral,
        team=referral.team,
        detail={"api_token": str(token.code), "organisation": token.organisation.name},
    )
    return referral


# Intakes -------------------------------------------------------------------------------------
# Which team takes referrals for which area. Not a family's record, so reads are not
# audited; a manager sees the intakes of the teams in which they hold `intakes.manage`, and
# anyone else gets 404.


def intake_teams(by: User) -> list[Team]:
    return by.teams_with(Permission.INTAKES_MANAGE)


def _covering_on(on: date) -> QuerySet[AreaCoverage]:
    return AreaCoverage.objects.filter(coverage_on(on))


def postcode_order(prefix: str) -> tuple[Any, ...]:
    """Postcode districts and sectors in the order people read them: BD2 before BD10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", prefix))


def _intakes_shown(on: date) -> QuerySet[Intake]:
    """Intakes with what the pages show: team, service and area in the same query, how
    many referrals each has received (counted in it too), and the postcode districts and
    sectors its area covers on the day (`area.covered`, one more query for them all)."""
    return (
        Intake.objects.select_related("team", "service", "area")
        .prefetch_related(Prefetch("area__coverage", queryset=_covering_on(on), to_attr="covered"))
        .annotate(referral_count=Count("referrals"))
    )


def intakes_managed(by: User, *, on: date | None = None) -> list[Intake]:
    """The intakes of `by`'s teams: by team, the open ones first, then by area."""
    return list(
        _intakes_shown(on or timezone.localdate())
        .filter(team__in=intake_teams(by))
        .order_by("team__name", "-is_open", "area__name", "pk")
    )


def intake_for_manager(*, by: User, code: UUID, on: date | None = None) -> Intake:
    """One intake of `by`'s teams; 404 for any other."""
    intake = (
        _intakes_shown(on or timezone.localdate())
        .filter(team__in=intake_teams(by), code=code)
        .first()
    )
    if intake is None:
        raise Http404
    return intake


def intake_default() -> Intake | None:
    """The intake that takes families with no fixed address, whichever team's it is."""
    return Intake.objects.filter(is_default=True).select_related("team", "area").first()


def team_contact_phone(team: Team) -> str:
    """The phone number families can call to reach `team`, from its intake settings: an
    intake still taking referrals before a closed one, the default one first, the oldest
    next. Empty when none of its intakes has a number."""
    phone = (
        Intake.objects.filter(team=team)
        .exclude(contact_phone="")
        .order_by("-is_open", "-is_default", "pk")
        .values_list("contact_phone", flat=True)
        .first()
    )
    return phone or ""


def intake_service_choices(*, also: Service | None = None) -> QuerySet[Service]:
    """The directory's services an intake can be for: those still running that take
    referrals from practitioners or families (and the intake's own, whatever it is now)."""
    takes_referrals = ServiceAccess.objects.filter(
        service=OuterRef("pk"),
        method__in=[AccessMethod.PRACTITIONER_REFERRAL, AccessMethod.SELF_REFERRAL],
    )
    shown = Q(Exists(takes_referrals)) & ~Q(status=Service.Status.DECOMMISSIONED)
    if also is not None:
        shown |= Q(pk=also.pk)
    return Service.objects.filter(shown).order_by("name", "pk")


def intake_area_choices() -> QuerySet[Area]:
    return Area.objects.order_by("name", "pk")


@dataclass(frozen=True)
class IntakeOverlap:
    """Another open intake whose area shares postcodes with an intake's on the day. A
    family living there goes to the intake set up first (`eligibility.intake_for`)."""

    other: Intake
    places: list[str]


def _shared_places(a: set[str], b: set[str]) -> set[str]:
    """Districts and sectors both reach: the same prefix, or a sector inside a district."""
    shared = a & b
    for one, other in ((a, b), (b, a)):
        shared |= {prefix for prefix in one if " " in prefix and prefix.split()[0] in other}
    return shared


def intake_overlaps(
    intakes: list[Intake], *, on: date | None = None
) -> dict[int, list[IntakeOverlap]]:
    """For each open intake given (by its id), the other open intakes whose areas share
    postcode districts or sectors with its area on the day, naming the shared ones. Two
    queries, however many intakes."""
    day = on or timezone.localdate()
    others = list(Intake.objects.filter(is_open=True).select_related("team", "area").order_by("pk"))
    area_ids = {intake.area_id for intake in [*others, *intakes]}
    places: dict[int, set[str]] = defaultdict(set)
    covering = _covering_on(day).filter(area_id__in=area_ids).values_list("area_id", "prefix")
    for area_id, prefix in covering:
        places[area_id].add(prefix)
    found: dict[int, list[IntakeOverlap]] = {}
    for intake in intakes:
        if not intake.is_open:
            continue
        found[intake.pk] = [
            IntakeOverlap(other, sorted(shared, key=postcode_order))
            for other in others
            if other.pk != intake.pk
            and other.area_id != intake.area_id
            and (shared := _shared_places(places[intake.area_id], places[other.area_id]))
        ]
    return found


def referral_for_family(*, reference: str, day: date, postcode: str) -> Referral | None:
    """The sent referral with this reference whose baby was born (or is due) on `day` and
    whose family lives at `postcode`, or None: the family's own check of where their request
    is (public, rate-limited), so nothing says which answer was wrong. A check that finds it
    is in the audit trail, as a read of the family's record by nobody signed in."""
    referral = (
        Referral.objects.exclude(status=Status.DRAFT)
        .filter(reference=reference, postcode=postcode)
        .filter(
            Q(child_date_of_birth=day, unborn=False) | Q(expected_delivery_date=day, unborn=True)
        )
        .select_related("team")
        .first()
    )
    if referral is not None:
        audit_record(by=None, action="referral.status_checked", target=referral, team=referral.team)
    return referral
