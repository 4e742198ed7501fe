"""The reach report (issue 15, ADR 0039): whom community messaging reached, by postcode
district and by language, over a period, beside the families who then referred themselves
and what they answered to "How did you hear about us?".

Who sees what:
- a community worker or service manager (`COMMUNITY_MANAGE`) sees their own teams' figures,
  exactly;
- the analyst (`COMMUNITY_REACH_VIEW`, instance-wide) sees every team's, with small numbers
  suppressed (`core.suppression`, DOMAIN.md §9) and totals recomputed from what is shown;
- anyone else gets 404.

What is counted, for the chosen teams, with the period's first and last days included:
- events held: events not cancelled that began in the period and have begun by now, by their
  venue's district ("Online or not recorded" for an online event) and by their language or
  their interpreter's;
- reach: each `Reach` record of the period's days, by the district it was recorded for;
  materials given out by the `ReachMaterial` rows of those records, by language;
- self-referrals: `Referral.kind == "self"` sent (`submitted_at`) in the period to any team
  (families' self-referrals go to the clinical team, not to the team that ran the
  messaging), by the family's postcode district, by the language they chose, and by how they
  heard. Counts only. They are exact for a viewer who triages referrals (`referrals.triage`)
  in every team that received them; for anyone else they are figures from outside their
  team, so they are suppressed like the analyst's (DOMAIN.md §9), and the page says so.

A total that left out suppressed figures is marked ("25 + *", or "*" alone), the same on
the page, in the CSV and in the spreadsheet (`core.suppression.marked_total`).

A fixed number of queries whatever the number of districts, events or referrals (the test
pins it). Every table is a `Table`, so the page, the CSV and the spreadsheet show the same
figures; reading and downloading are audited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.community.languages import Language
from littleminds.community.models import Event, Reach, ReachMaterial
from littleminds.core import suppression
from littleminds.core.suppression import Figure
from littleminds.referrals.models import HeardFrom, Referral

# The column keys of the district table, in order.
HEARD_KEYS = [value for value, _label in HeardFrom.choices] + [""]
NO_DISTRICT = ""
OTHER_LANGUAGE = "other"
NO_LANGUAGE = ""
# The pseudo-postcode district of families with no fixed address (ZZ99 3VZ).
NO_FIXED_ADDRESS = "ZZ99"


@dataclass(frozen=True)
class Table:
    key: str  # the table's anchor on the page
    heading: str  # the page's heading above it
    sheet: str  # the spreadsheet's sheet name (at most 31 characters)
    caption: str
    headings: list[str]
    rows: list[list[str | Figure]]
    total: list[str | Figure]
    note: str = ""


@dataclass(frozen=True)
class DistrictBars:
    """One district of the chart: people reached and self-referrals, as shown."""

    district: str
    reached: Figure
    referred: Figure


@dataclass(frozen=True)
class ReachReport:
    start: date
    end: date
    teams: list[Team]
    suppressed: bool
    # Whether the self-referral figures are suppressed (always, when `suppressed` is).
    referrals_suppressed: bool = False
    tables: list[Table] = field(default_factory=list)
    bars: list[DistrictBars] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass(frozen=True)
class Viewer:
    """Whose figures the person may see, and whether exactly."""

    teams: list[Team]
    suppressed: bool


def viewer(user: User) -> Viewer:
    """The teams whose reach the person sees: their own, exactly, or every team's with small
    numbers suppressed; Http404 for anyone else."""
    own = user.teams_with(Permission.COMMUNITY_MANAGE)
    if own:
        unique = {team.pk: team for team in own}
        return Viewer(teams=sorted(unique.values(), key=_team_order), suppressed=False)
    if user.has_perm(Permission.COMMUNITY_REACH_VIEW):
        return Viewer(teams=sorted(Team.objects.all(), key=_team_order), suppressed=True)
    raise Http404


def _team_order(team: Team) -> tuple[str, int]:
    return (team.name.casefold(), team.pk)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _district_name(district: str) -> str:
    if district.upper() == NO_FIXED_ADDRESS:
        return _("No fixed address")
    return district or _("Online or not recorded")


def _heard_headings() -> list[str]:
    labels = {str(value): str(label) for value, label in HeardFrom.choices}
    words: dict[str, str] = {
        HeardFrom.EVENT.value: _("Heard at an event"),
        HeardFrom.LEAFLET.value: _("Heard from a leaflet or poster"),
        HeardFrom.SOCIAL_MEDIA.value: _("Heard on social media"),
        HeardFrom.PROFESSIONAL.value: _("Heard from a professional"),
        HeardFrom.FRIEND_OR_RELATIVE.value: _("Heard from a friend or relative"),
        HeardFrom.OTHER.value: _("Heard another way"),
    }
    return [words.get(key, labels.get(key, key)) for key in HEARD_KEYS[:-1]] + [_("Did not say")]


def report(
    *,
    by: User,
    start: date,
    end: date,
    team: Team | None = None,
    downloaded: str = "",
) -> ReachReport:
    """The reach report of the person's teams (or `team`, one of them) over [start, end],
    recorded in the audit trail as viewed or, with `downloaded` ("csv" or "xlsx"), as
    downloaded."""
    seen = viewer(by)
    teams = seen.teams
    if team is not None:
        if team.pk not in {t.pk for t in teams}:
            raise Http404
        teams = [team]
    suppressed = seen.suppressed
    after_end = _start_of(end + timedelta(days=1))
    now = timezone.now()

    events = Event.objects.filter(
        team__in=teams,
        cancelled_at__isnull=True,
        starts_at__gte=_start_of(start),
        starts_at__lt=min(after_end, now),
    )
    events_by_district = {
        row["district"]: row["n"]
        for row in events.annotate(district=F("postcode_district"))
        .values("district")
        .annotate(n=Count("pk"))
        .order_by()
    }
    # An event counts once for its language, and once more for its interpreter's language
    # when that is another.
    events_by_language: dict[str, int] = defaultdict(int)
    for language, interpreter in events.values_list("language", "interpreter"):
        events_by_language[language] += 1
        if interpreter and interpreter != language:
            events_by_language[interpreter] += 1

    reach = Reach.objects.filter(team__in=teams, day__gte=start, day__lte=end)
    reach_by_district: dict[str, dict[str, Any]] = {
        row["postcode_district"]: dict(row)
        for row in reach.values("postcode_district")
        .annotate(adults=Sum("adults"), babies=Sum("babies"), views=Sum("online_views"))
        .order_by()
    }
    materials = ReachMaterial.objects.filter(reach__in=reach)
    materials_by_district = {
        row["reach__postcode_district"]: row["n"]
        for row in materials.values("reach__postcode_district").annotate(n=Sum("count")).order_by()
    }
    materials_by_language = {
        row["language"]: row["n"]
        for row in materials.values("language").annotate(n=Sum("count")).order_by()
    }

    # Every team's: a family's self-referral goes to the clinical team.
    referrals = Referral.objects.filter(
        kind=Referral.Kind.SELF,
        submitted_at__gte=_start_of(start),
        submitted_at__lt=after_end,
    )
    heard: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    receiving: set[int] = set()
    for row in (
        referrals.values("postcode_district", "heard_from", "team_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        heard[row["postcode_district"]][row["heard_from"]] += row["n"]
        receiving.add(row["team_id"])
    # Exact only for a viewer who triages in every team that received them.
    triaging = {t.pk for t in by.teams_with(Permission.REFERRALS_TRIAGE)}
    referrals_suppressed = suppressed or not receiving <= triaging
    known_languages = {value for value, _label in Language.choices}
    referrals_by_language: dict[str, int] = defaultdict(int)
    for stored, n in referrals.values_list("language").annotate(n=Count("pk")).order_by():
        code = (stored or "").strip().lower().split("-")[0]
        if code and code not in known_languages:
            code = OTHER_LANGUAGE
        referrals_by_language[code] += n

    def show(count: int | None) -> Figure:
        return suppression.shown(count or 0, suppressed=suppressed)

    def show_referred(count: int | None) -> Figure:
        return suppression.shown(count or 0, suppressed=referrals_suppressed)

    # Table 1: by district.
    districts = set(events_by_district) | set(reach_by_district) | set(heard)
    district_rows: list[tuple[str, list[Figure]]] = []
    for district in districts:
        reached = reach_by_district.get(district, {})
        by_heard = heard.get(district, {})
        figures = [
            show(events_by_district.get(district)),
            show(reached.get("adults")),
            show(reached.get("babies")),
            show(materials_by_district.get(district)),
            show(reached.get("views")),
            show_referred(sum(by_heard.values())),
            *[show_referred(by_heard.get(key)) for key in HEARD_KEYS],
        ]
        district_rows.append((district, figures))

    def reached_shown(figures: list[Figure]) -> int:
        return suppression.value(figures[1]) + suppression.value(figures[2])

    # The highest reach first, then the most self-referrals, then by name; the district
    # without one last.
    district_rows.sort(
        key=lambda item: (
            item[0] == NO_DISTRICT,
            -reached_shown(item[1]),
            -suppression.value(item[1][5]),
            item[0],
        )
    )
    width = 6 + len(HEARD_KEYS)
    # Which columns are suppressed: the reach's (the first five) and the self-referrals'.
    district_suppressed = [suppressed] * 5 + [referrals_suppressed] * (width - 5)
    district_table = Table(
        key="reach-district",
        heading=_("By postcode district"),
        sheet=_("By district"),
        caption=_("Reach and self-referrals by postcode district"),
        headings=[
            _("Postcode district"),
            _("Events held"),
            _("Adults reached"),
            _("Babies reached"),
            _("Materials given out"),
            _("Online views"),
            _("Self-referrals"),
            *_heard_headings(),
        ],
        rows=[[_district_name(d), *figures] for d, figures in district_rows],
        total=[
            _("All districts"),
            *[
                _column_total([f for _d, f in district_rows], n, district_suppressed[n])
                for n in range(width)
            ],
        ],
        note=_(
            "Events held are events not cancelled that began in the period, by their "
            "venue's district. Reach is as recorded after each activity, for the district "
            "it was recorded for. Self-referrals are families' own referrals sent to any "
            "team in the period, by their home postcode district, and how they said they "
            "heard about us."
        ),
    )

    # Table 2: by language.
    language_keys = [value for value, _label in Language.choices]
    language_rows: list[tuple[str, list[Figure]]] = [
        (
            str(label),
            [
                show(events_by_language.get(value)),
                show(materials_by_language.get(value)),
                show_referred(referrals_by_language.get(value)),
            ],
        )
        for value, label in Language.choices
    ]
    language_rows.append(
        (_("Another language"), [0, 0, show_referred(referrals_by_language.get(OTHER_LANGUAGE))])
    )
    language_rows.append(
        (_("Language not given"), [0, 0, show_referred(referrals_by_language.get(NO_LANGUAGE))])
    )
    assert len(language_rows) == len(language_keys) + 2
    language_suppressed = [suppressed, suppressed, referrals_suppressed]
    language_table = Table(
        key="reach-language",
        heading=_("By language"),
        sheet=_("By language"),
        caption=_("Reach and self-referrals by language"),
        headings=[
            _("Language"),
            _("Events in the language or with an interpreter in it"),
            _("Materials given out in the language"),
            _("Self-referrals in the language"),
        ],
        rows=[[name, *figures] for name, figures in language_rows],
        total=[
            _("All languages"),
            *[
                _column_total([f for _n, f in language_rows], n, language_suppressed[n])
                for n in range(3)
            ],
        ],
        note=_(
            "An event with an interpreter counts for its own language and for the "
            "interpreter's, so the events column can add up to more than the events held. "
            "A self-referral counts for the language the family chose to speak with us."
        ),
    )

    bars = [
        DistrictBars(
            district=_district_name(d),
            reached=_sum_shown(figures[1], figures[2], suppressed),
            referred=figures[5],
        )
        for d, figures in district_rows
    ]
    audit_record(
        by=by,
        action="community.reach_downloaded" if downloaded else "community.reach_viewed",
        team=teams[0] if len(teams) == 1 else None,
        detail={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "teams": sorted(str(t.code) for t in teams),
            "suppressed": suppressed,
            "self_referrals_suppressed": referrals_suppressed,
            **({"format": downloaded} if downloaded else {}),
        },
    )
    return ReachReport(
        start=start,
        end=end,
        teams=teams,
        suppressed=suppressed,
        referrals_suppressed=referrals_suppressed,
        tables=[district_table, language_table],
        bars=bars,
    )


def _column_total(rows: list[list[Figure]], column: int, suppressed: bool) -> int | str:
    """A column's total: of the counts for the team; of what is shown, "*" as 0 and the
    total marked when it left one out, outside."""
    if suppressed:
        return suppression.marked_total(row[column] for row in rows)
    return sum(int(row[column]) for row in rows)


def _sum_shown(adults: Figure, babies: Figure, suppressed: bool) -> Figure:
    """People reached in a district, for the chart: adults and babies as shown, added."""
    if not suppressed:
        return int(adults) + int(babies)
    added = suppression.value(adults) + suppression.value(babies)
    if not added and suppression.SUPPRESSED in (adults, babies):
        return suppression.SUPPRESSED
    return added


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months: from the day after this day a year ago, to today."""
    today = today or timezone.localdate()
    return today - relativedelta(years=1) + timedelta(days=1), today
