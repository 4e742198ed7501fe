"""The embeddedness score of each organisation of the system map (issue 16; docs/insights.md,
"The embeddedness score").

Each part of the score is a kind of contact an organisation's people had with the service in
the period: staff trained at each tier, consultations, reflective practice group places,
referrals made, the share of its referrals that were accepted, navigator answers and feedback
given. For each count, an organisation gets its count as a share of the highest count of any
organisation in the same period and teams (so the busiest gets 1, one with half as many 0.5);
the accepted share is already between 0 and 1. The score is the weighted average of those
parts, times 100, rounded to one decimal place: 100 is an organisation that did the most of
everything, 0 one that did nothing. Scaling each part against the best organisation makes the
parts comparable whatever their units, and keeps one very busy kind of contact from drowning
the others; the weights say how much each part matters.

The weights are kept in `ScoreWeights`, never changed once written: those in force on a day
are the latest set on or before it, or `DEFAULTS` when none was. Nothing here but
`weights_on` touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.core.suppression import SUPPRESSED
from littleminds.insights import measures
from littleminds.insights.models import ScoreWeights
from littleminds.insights.tables import Derive, Shown
from littleminds.training.models import Course

# A weight is a whole number from 0 (the part does not count) to 10.
SMALLEST_WEIGHT = 0
LARGEST_WEIGHT = 10
ACCEPTED_SHARE = "accepted_share"


@dataclass(frozen=True)
class Part:
    key: str
    words: str | Promise
    # The measures the part counts (summed); none for the accepted share.
    counted: tuple[str, ...]
    default: int


PARTS: tuple[Part, ...] = (
    Part(
        "trained_awareness",
        _("Staff trained: awareness"),
        (measures.trained(Course.Tier.AWARENESS),),
        1,
    ),
    Part("trained_core", _("Staff trained: core"), (measures.trained(Course.Tier.CORE),), 2),
    Part(
        "trained_specialist",
        _("Staff trained: specialist"),
        (measures.trained(Course.Tier.SPECIALIST),),
        3,
    ),
    Part(
        "trained_bespoke", _("Staff trained: bespoke"), (measures.trained(Course.Tier.BESPOKE),), 2
    ),
    Part("consultations", _("Consultations"), (measures.CONSULTATIONS,), 3),
    Part("group_places", _("Reflective practice group places"), (measures.GROUP_PLACES,), 2),
    Part("referrals", _("Referrals made"), (measures.REFERRALS,), 2),
    Part(ACCEPTED_SHARE, _("Share of referrals accepted"), (), 2),
    Part("navigator", _("Navigator answers"), (measures.NAVIGATOR,), 1),
    Part("feedback", _("Feedback given"), (measures.FEEDBACK,), 1),
)
PART_KEYS = tuple(part.key for part in PARTS)
DEFAULTS: dict[str, int] = {part.key: part.default for part in PARTS}

# Every measure the score reads, for `selectors.tallies`.
MEASURES: tuple[str, ...] = (
    *(measure for part in PARTS for measure in part.counted),
    measures.outcome("accepted"),
)

Counts = Mapping[tuple[int | None, str], int]


@dataclass(frozen=True)
class Weights:
    """The weights in force: each part's, when they were set and by whom (both None for
    the defaults)."""

    values: Mapping[str, int]
    set_at: datetime | None = None
    set_by: User | None = None
    note: str = ""

    @property
    def total(self) -> int:
        return sum(self.values[key] for key in PART_KEYS)


def complete(values: Mapping[str, object]) -> dict[str, int]:
    """Weights for every part: a part added since they were set takes its default, and
    anything else kept with them is left out."""
    out: dict[str, int] = {}
    for part in PARTS:
        value = values.get(part.key, part.default)
        out[part.key] = int(value) if isinstance(value, int | float) else part.default
    return out


def weights_on(day: date) -> Weights:
    """The weights in force on `day`: the latest set on or before it, else the defaults."""
    kept = (
        ScoreWeights.objects.filter(set_at__date__lte=day)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
        .first()
    )
    if kept is None:
        return Weights(values=dict(DEFAULTS))
    return Weights(
        values=complete(kept.weights), set_at=kept.set_at, set_by=kept.set_by, note=kept.note
    )


def part_counts(counts: Counts, organisation: int | None) -> dict[str, int]:
    """An organisation's count of each counted part (and of referrals accepted)."""
    out = {
        part.key: sum(counts.get((organisation, m), 0) for m in part.counted)
        for part in PARTS
        if part.counted
    }
    out["accepted"] = counts.get((organisation, measures.outcome("accepted")), 0)
    return out


# The figures a score is made from: each counted part's, and the referrals accepted.
SCORED: tuple[str, ...] = (*(part.key for part in PARTS if part.counted), "accepted")
# The figure each measure the score reads adds to.
_FIGURE_OF: dict[str, str] = {
    **{measure: part.key for part in PARTS for measure in part.counted},
    measures.outcome("accepted"): "accepted",
}


def parts_of(counts: Counts) -> dict[int, dict[str, int]]:
    """Every organisation's `part_counts` (each organisation with a tally), in one pass over
    the tallies rather than one look-up of each measure for each of thousands."""
    out: dict[int, dict[str, int]] = {}
    for (organisation, measure), n in counts.items():
        if organisation is None:
            continue
        parts = out.get(organisation)
        if parts is None:
            parts = out[organisation] = dict.fromkeys(SCORED, 0)
        key = _FIGURE_OF.get(measure)
        if key is not None:
            parts[key] += n
    return out


def best_of(parts: Sequence[Mapping[str, object]]) -> dict[str, int]:
    """The highest count of each counted part among organisations' figures (those that are
    not a number, hidden outside the team, count for nothing)."""
    return {
        part.key: max(
            (v for p in parts if isinstance(v := p.get(part.key), int) and not isinstance(v, bool)),
            default=0,
        )
        for part in PARTS
        if part.counted
    }


def score_of(
    parts: Mapping[str, object], best: Mapping[str, int], weights: Mapping[str, int]
) -> float:
    """One organisation's score from its figures (by `SCORED` key) and the best of each
    counted part: the weighted average of its parts' shares, times 100, to one decimal."""
    total = sum(weights.get(key, 0) for key in PART_KEYS)
    if total <= 0:
        return 0.0

    def figure(key: str) -> int:
        value = parts.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    weighted = 0.0
    for part in PARTS:
        if part.key == ACCEPTED_SHARE:
            made = figure("referrals")
            share = figure("accepted") / made if made else 0.0
        else:
            top = best[part.key]
            share = figure(part.key) / top if top else 0.0
        weighted += weights.get(part.key, 0) * share
    return round(100 * weighted / total, 1)


def scores(counts: Counts, weights: Mapping[str, int]) -> dict[int, float]:
    """Each organisation's score (0 to 100, one decimal place) from the period's tallies by
    (organisation, measure): the weighted average of its parts, each count part as a share
    of the highest count of any organisation, the accepted share as accepted / referrals."""
    return scores_of(parts_of(counts), weights)


def scores_of(
    parts: Mapping[int, Mapping[str, int]], weights: Mapping[str, int]
) -> dict[int, float]:
    """`scores` from the organisations' figures (`parts_of`)."""
    best = best_of(list(parts.values()))
    return {o: score_of(parts[o], best, weights) for o in sorted(parts)}


def shown_score(weights: Mapping[str, int], prefix: str = "") -> Derive:
    """The score as `tables.disclose` derives it from the figures as shown: an organisation's
    own (by `SCORED` key, after `prefix`) against the best shown of the table's reference
    rows (every organisation). For the team the figures are exact, so the score is
    `scores`'s; outside it, the figures are rounded and a score using a hidden one is
    hidden."""
    held: list[object] = [None, None]

    def derive(row: Mapping[str, Shown], reference: Sequence[Mapping[str, Shown]]) -> Shown:
        own = {key: row.get(prefix + key) for key in SCORED}
        if any(value == SUPPRESSED for value in own.values()):
            return SUPPRESSED
        if all(value is None for value in own.values()):
            return None
        # The best figures are the same for every row of one disclosure: worked out once.
        if held[0] is not reference:
            held[0] = reference
            held[1] = best_of([{key: r.get(prefix + key) for key in SCORED} for r in reference])
        best = held[1]
        assert isinstance(best, dict)
        return score_of(own, best, weights)

    return derive


# The counts all contact is the total of (part keys, the same as the tables' column keys).
CONTACT: tuple[str, ...] = tuple(part.key for part in PARTS if part.counted)


def activity(counts: Counts, organisation: int | None) -> int:
    """All an organisation's contacts in the period, the count a score is made from (and
    hidden with, outside the team): staff trained, consultations, group places, referrals,
    navigator answers and feedback."""
    return contact(part_counts(counts, organisation))


def contact(parts: Mapping[str, int]) -> int:
    """`activity` from an organisation's figures (`part_counts`)."""
    return sum(parts[key] for key in CONTACT)


def band(score: float) -> str:
    """A score's band as a letter, A (80 to 100) to E (under 20)."""
    for letter, floor in (("A", 80), ("B", 60), ("C", 40), ("D", 20)):
        if score >= floor:
            return letter
    return "E"


FORMULA = _(
    "Each organisation's score is out of 100: for each part (staff trained at each tier,"
    " consultations, group places, referrals made, navigator answers and feedback) it gets its"
    " count as a share of the highest count of any organisation in the period, and for the"
    " share of its referrals accepted, that share; the score is the average of these parts"
    " weighted by the weights below, times 100."
)


def described(weights: Weights) -> str:
    """Which weights a score used, in words: when and by whom they were set, and each."""
    values = "; ".join(f"{part.words} {weights.values[part.key]}" for part in PARTS)
    if weights.set_at is None:
        return gettext("Scored with the default weights: %(values)s.") % {"values": values}
    who = weights.set_by.full_name if weights.set_by is not None else gettext("the system")
    return gettext("Scored with the weights set on %(day)s by %(who)s: %(values)s.") % {
        "day": date_format(weights.set_at, "j F Y"),
        "who": who,
        "values": values,
    }
