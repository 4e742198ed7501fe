"""What the embeddedness pages share: each organisation's counts and score over a period,
read from the daily tallies once (`selectors.tallies`), and the organisation's ring.

The score of an organisation is measured against every organisation of the teams counted,
whatever ring or organisation the reader narrowed to, so that narrowing the page to one ring
does not make its busiest organisation score 100."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language, gettext

from littleminds.accounts.models import Organisation
from littleminds.core import caching
from littleminds.directory.models import Ring
from littleminds.directory.selectors import SEARCH_GENERATION
from littleminds.insights import measures, score
from littleminds.insights.pages import Filters
from littleminds.insights.selectors import TALLIES, organisation_rings, tallies
from littleminds.insights.tables import Raw
from littleminds.training.models import Course

TIERS = tuple(Course.Tier.values)
# The outcomes the tables show, by the referral's status now (withdrawn and still open
# referrals are in the referrals made, not in a column of their own).
OUTCOMES = ("accepted", "declined", "redirected", "duplicate")
# How many organisations a page shows; the downloads have them all.
SHOWN = 50


@dataclass(frozen=True)
class Scored:
    """One organisation's counts (by column key), ring, activity and score."""

    organisation: int
    name: str
    ring: str
    counts: dict[str, int]
    activity: int
    score: float


@dataclass(frozen=True)
class Period:
    """The organisations of the period, highest score first; the tallies of what no
    organisation did (self-referrals); and the weights the scores used."""

    organisations: list[Scored]
    counts: dict[tuple[int | None, str], int]
    weights: score.Weights
    # Every organisation of the teams counted, whatever the reader narrowed to: its id (as
    # words), ring and the counts its score is made from, for `tables.Table.reference`.
    everyone: list[dict[str, Raw]] = field(default_factory=list)


def row_counts(held: dict[str, int]) -> dict[str, int]:
    """An organisation's figures by the tables' column keys, from its tallies by measure."""
    out = {f"trained_{tier}": held.get(measures.trained(tier), 0) for tier in TIERS}
    for key in (measures.CONSULTATIONS, measures.GROUP_PLACES, measures.REFERRALS):
        out[key] = held.get(key, 0)
    declined = f"{measures.REFERRALS}:declined:"
    for status in OUTCOMES:
        out[status] = (
            sum(n for m, n in held.items() if m.startswith(declined))
            if status == "declined"
            else held.get(measures.outcome(status), 0)
        )
    out[measures.NAVIGATOR] = held.get(measures.NAVIGATOR, 0)
    out[measures.FEEDBACK] = held.get(measures.FEEDBACK, 0)
    return out


def period(
    filters: Filters,
    *,
    start: date | None = None,
    end: date | None = None,
    weights: score.Weights | None = None,
) -> Period:
    """The organisations' counts and scores over the filters' period (or `start`..`end`),
    with the weights in force on its last day unless given. Two queries and the rings."""
    start, end = start or filters.start, end or filters.end
    weights = weights or score.weights_on(end)
    everyone = replace(filters, ring="", organisation=None)
    counts = tallies(everyone, start=start, end=end)
    parts = score.parts_of(counts)
    scores = score.scores_of(parts, weights.values)
    rings = organisation_rings()
    chosen = [
        o
        for o in scores
        if (filters.organisation is None or o == filters.organisation.pk)
        and (not filters.ring or rings.get(o) == filters.ring)
    ]
    names = dict(Organisation.objects.filter(pk__in=chosen).values_list("pk", "name"))
    # Each organisation's tallies by measure, gathered once (thousands of organisations).
    held: dict[int | None, dict[str, int]] = {}
    for (o, m), n in counts.items():
        held.setdefault(o, {})[m] = n
    organisations = sorted(
        (
            Scored(
                organisation=o,
                name=names.get(o, ""),
                ring=rings.get(o, ""),
                counts=row_counts(held.get(o, {})),
                activity=score.contact(parts[o]),
                score=scores[o],
            )
            for o in chosen
        ),
        key=lambda s: (-s.score, s.name, s.organisation),
    )
    if filters.ring or filters.organisation is not None:
        # What no organisation did (self-referrals) is on no ring and of no organisation.
        kept = set(chosen)
        counts = {(o, m): n for (o, m), n in counts.items() if o in kept}
    everyone_rows: list[dict[str, Raw]] = []
    for o in scores:
        everyone_rows.append(
            {
                "organisation": str(o),
                "ring": ring_words(rings.get(o, "")),
                **{key: parts[o][key] for key in score.SCORED},
            }
        )
    return Period(
        organisations=organisations, counts=counts, weights=weights, everyone=everyone_rows
    )


def read_from(filters: Filters) -> tuple[str, ...] | None:
    """What a period's figures are read from (`Page.read_from`, ADR 0060), in two small
    queries: the tallies' generation, the directory's (an organisation's ring is that of
    its services), and the weights in force on the period's last day, in words with when
    and by whom they were set. Organisations' names need nothing: no service renames an
    organisation, and a new one has no figures until the tallies are written. None before
    the first change of either generation, or when two time points are compared (their
    weights and windows are the time points')."""
    if filters.compare is not None:
        return None
    tokens = caching.generations(TALLIES, SEARCH_GENERATION)
    if tokens is None:
        return None
    return (*tokens, score.described(score.weights_on(filters.end)))


def ring_words(ring: str) -> str:
    """A ring in words, in the reader's language (asked for thousands of times a page)."""
    return _ring_words(ring, get_language())


@lru_cache(maxsize=64)
def _ring_words(ring: str, language: str | None) -> str:
    return str(Ring(ring).label) if ring else gettext("Not in the directory")
