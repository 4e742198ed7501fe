"""The outcome measures the service uses, one definition each, held in code (ADR 0023).

A definition says how a measure is scored: its items and their range, the items scored in
reverse, the bands, the caseness cut-off, the reliable change index, the risk items, who
answers it, and whether the platform may show its wording. DOMAIN.md §8 gives the rules;
where it is silent, each definition follows the measure's published scoring guide, cited
beside it.

EPDS and PIR-GAS are licensed: the platform never holds their wording, only the scores a
clinician enters from the paper form and its scoring key. Nothing in this module carries
the wording of any measure; the definitions name items by their number. Only PHQ-9's and
GAD-7's wording, which families read on their own phones (ADR 0025), is held, in
`wording.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Answerer(StrEnum):
    PARENT = "parent"
    CLINICIAN = "clinician"


class UnknownMeasure(LookupError):
    """No measure has this code."""


@dataclass(frozen=True)
class Band:
    """Totals from `low` to `high`, both included, and the band's name."""

    low: int
    high: int
    label: str | Promise


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    # How many answers a complete administration has: exactly `items`, or for goal-based
    # outcomes from `min_items` to `items` (one to three goals).
    items: int
    item_min: int
    item_max: int
    answered_by: Answerer
    # False for EPDS and PIR-GAS: the clinician enters scores, and no page shows wording.
    wording_shown: bool
    licence: str | Promise
    # Item numbers (from 1) scored in reverse: the answer is the position ticked on the
    # form, and the scoring turns it round (`item_max + item_min - answer`).
    reverse_items: frozenset[int] = frozenset()
    bands: tuple[Band, ...] = ()
    # Caseness: a total at or above the cut-off, or at or below it where higher is better
    # (PIR-GAS: 40 or less is a disordered relationship). None where a measure has none.
    cut_off: float | None = None
    higher_is_better: bool = False
    # The smallest change between two totals that is reliable (a change of exactly this
    # much counts). None where no index is published.
    reliable_change: float | None = None
    # Item numbers (from 1) whose answer above zero is a risk to follow up at once.
    risk_items: tuple[int, ...] = ()
    # SWEMWBS: the metric score of each raw total, from the lowest raw total up.
    conversion: tuple[float, ...] = ()
    # Goal-based outcomes: the total is the mean of the goals' ratings.
    mean_of_items: bool = False
    min_items: int | None = None

    @property
    def fewest_items(self) -> int:
        return self.items if self.min_items is None else self.min_items

    @property
    def raw_min(self) -> int:
        return self.fewest_items * self.item_min if not self.mean_of_items else self.item_min

    @property
    def raw_max(self) -> int:
        return self.items * self.item_max if not self.mean_of_items else self.item_max

    @property
    def total_min(self) -> float:
        return self.conversion[0] if self.conversion else self.raw_min

    @property
    def total_max(self) -> float:
        return self.conversion[-1] if self.conversion else self.raw_max

    @property
    def whole_totals(self) -> bool:
        """Whether every total is a whole number (not SWEMWBS's metric score, nor a mean)."""
        return not self.conversion and not self.mean_of_items

    def band_of(self, total: float) -> Band | None:
        return next((band for band in self.bands if band.low <= total <= band.high), None)

    def is_case(self, total: float) -> bool | None:
        if self.cut_off is None:
            return None
        return total <= self.cut_off if self.higher_is_better else total >= self.cut_off


# PHQ-9. Kroenke K, Spitzer RL, Williams JBW (2001) "The PHQ-9: validity of a brief
# depression severity measure", J Gen Intern Med 16(9):606-613: nine items 0-3, bands at
# 5, 10, 15 and 20. Caseness (10 or more) and reliable change (6 points) from the NHS
# Talking Therapies Manual (NHS England, v7 2024), which also treats item 9 (thoughts of
# being better off dead or of self-harm) above zero as a risk to follow up.
PHQ9 = Measure(
    code="phq9",
    name="PHQ-9",
    items=9,
    item_min=0,
    item_max=3,
    answered_by=Answerer.PARENT,
    wording_shown=True,
    licence=_(
        "Free to use: developed by Drs Spitzer, Williams and Kroenke with a grant from "
        "Pfizer; no permission is needed to copy, translate or show it."
    ),
    bands=(
        Band(0, 4, _("minimal")),
        Band(5, 9, _("mild")),
        Band(10, 14, _("moderate")),
        Band(15, 19, _("moderately severe")),
        Band(20, 27, _("severe")),
    ),
    cut_off=10,
    reliable_change=6,
    risk_items=(9,),
)

# GAD-7. Spitzer RL, Kroenke K, Williams JBW, Löwe B (2006) "A brief measure for assessing
# generalized anxiety disorder: the GAD-7", Arch Intern Med 166(10):1092-1097: seven items
# 0-3, bands at 5, 10 and 15. Caseness (8 or more) and reliable change (4 points) from
# the NHS Talking Therapies Manual. It has no risk item.
GAD7 = Measure(
    code="gad7",
    name="GAD-7",
    items=7,
    item_min=0,
    item_max=3,
    answered_by=Answerer.PARENT,
    wording_shown=True,
    licence=_(
        "Free to use: developed by Drs Spitzer, Williams, Kroenke and colleagues with a grant "
        "from Pfizer; no permission is needed to copy, translate or show it."
    ),
    bands=(
        Band(0, 4, _("minimal")),
        Band(5, 9, _("mild")),
        Band(10, 14, _("moderate")),
        Band(15, 21, _("severe")),
    ),
    cut_off=8,
    reliable_change=4,
)

# CORE-10. Barkham M, Bewick B, Mullin T et al. (2013) "The CORE-10: a short measure of
# psychological distress for routine use in the psychological therapies", Counselling and
# Psychotherapy Research 13(1):3-13, and the CORE-10 scoring guide (CORE System Trust): ten
# items 0-4 ("Not at all" to "Most or all of the time"); items 2 and 3 are worded
# positively and scored in reverse; item 6 is the risk item; clinical cut-off 11; bands
# healthy (0-5), low (6-10), mild (11-14), moderate (15-19), moderate to severe (20-24) and
# severe (25-40). Reliable change: 6 points (DOMAIN.md §8; Barkham et al. 2013).
CORE10 = Measure(
    code="core10",
    name="CORE-10",
    items=10,
    item_min=0,
    item_max=4,
    answered_by=Answerer.PARENT,
    wording_shown=True,
    licence=_(
        "Copyright CORE System Trust: free to copy and use, but not to change or sell "
        "(coresystemtrust.org.uk)."
    ),
    reverse_items=frozenset({2, 3}),
    bands=(
        Band(0, 5, _("healthy")),
        Band(6, 10, _("low level")),
        Band(11, 14, _("mild")),
        Band(15, 19, _("moderate")),
        Band(20, 24, _("moderate to severe")),
        Band(25, 40, _("severe")),
    ),
    cut_off=11,
    reliable_change=6,
    risk_items=(6,),
)

# EPDS. Cox JL, Holden JM, Sagovsky R (1987) "Detection of postnatal depression:
# development of the 10-item Edinburgh Postnatal Depression Scale", Br J Psychiatry
# 150:782-786: ten items each scored 0-3 by its key (some in reverse, which the key already
# does, so the clinician enters scores, not positions); 10 or more possible depression, 13
# or more probable depression (the cut-off for caseness here); item 10 above zero must
# always be followed up. Reliable change: 4 points (DOMAIN.md §8;
# Matthey S (2004) "Calculating clinically significant change in postnatal depression
# studies using the EPDS", J Affect Disord 78(3):269-272).
EPDS = Measure(
    code="epds",
    name="Edinburgh Postnatal Depression Scale (EPDS)",
    items=10,
    item_min=0,
    item_max=3,
    answered_by=Answerer.PARENT,
    wording_shown=False,
    licence=_(
        "Copyright The Royal College of Psychiatrists (1987). Little Minds holds none of its "
        "wording: the clinician enters each item's score from the paper form's scoring key."
    ),
    bands=(
        Band(0, 9, _("below the threshold for possible depression")),
        Band(10, 12, _("possible depression")),
        Band(13, 30, _("probable depression")),
    ),
    cut_off=13,
    reliable_change=4,
    risk_items=(10,),
)

# SWEMWBS. Stewart-Brown S, Tennant A, Tennant R et al. (2009) "Internal construct validity
# of the Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a Rasch analysis using data
# from the Scottish Health Education Population Survey", Health Qual Life Outcomes 7:15:
# seven items 1-5, raw total 7-35, turned into a metric score by the Rasch conversion table
# that Warwick Medical School publishes with the scale (below, raw 7 to 35). Higher is
# better. No bands or cut-off in DOMAIN.md §8; a change of 3 metric points is taken as
# reliable (DOMAIN.md §8, "about 3"; Warwick Medical School, "Collecting, scoring and
# interpreting SWEMWBS").
SWEMWBS_METRIC = (
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
    16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
    24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
)  # fmt: skip
SWEMWBS = Measure(
    code="swemwbs",
    name="Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
    items=7,
    item_min=1,
    item_max=5,
    answered_by=Answerer.PARENT,
    wording_shown=True,
    licence=_(
        "Copyright NHS Health Scotland, the University of Warwick and the University of "
        "Edinburgh: free to use with a licence from Warwick Medical School, registered "
        "before use."
    ),
    higher_is_better=True,
    reliable_change=3,
    conversion=SWEMWBS_METRIC,
)

# PIR-GAS. ZERO TO THREE (2005) "DC:0-3R: Diagnostic classification of mental health and
# developmental disorders of infancy and early childhood", Parent-Infant Relationship
# Global Assessment Scale: one rating by the clinician, 1-100, higher is better; 40 or
# less is a disordered relationship (DOMAIN.md §8). No reliable change index is published.
# The platform holds none of its wording, not even its anchor descriptions.
PIRGAS = Measure(
    code="pirgas",
    name="Parent-Infant Relationship Global Assessment Scale (PIR-GAS)",
    items=1,
    item_min=1,
    item_max=100,
    answered_by=Answerer.CLINICIAN,
    wording_shown=False,
    licence=_(
        "Copyright ZERO TO THREE (DC:0-3R). Little Minds holds none of its wording: the "
        "clinician enters the rating."
    ),
    cut_off=40,
    higher_is_better=True,
)

# Goal-based outcomes. Law D, Jacob J (2015) "Goals and goal based outcomes (GBOs)", CAMHS
# Press / CORC: up to three goals agreed with the family, each rated 0-10, higher is
# better; change is read on the mean of the goals' ratings, and a change of 2.45 or more is
# reliable (Edbrooke-Childs J, Jacob J, Law D, Deighton J, Wolpert M (2015) "Interpreting
# standardized and idiographic outcome measures in CAMHS", Child Adolesc Ment Health
# 20(3):142-148). No cut-off.
GBO = Measure(
    code="gbo",
    name="Goal-based outcomes",
    items=3,
    min_items=1,
    item_min=0,
    item_max=10,
    answered_by=Answerer.PARENT,
    wording_shown=True,
    licence=_(
        "Free to use (CORC). The goals are the family's own words, agreed with the clinician."
    ),
    higher_is_better=True,
    reliable_change=2.45,
    mean_of_items=True,
)

MEASURES: dict[str, Measure] = {
    measure.code: measure for measure in (PHQ9, GAD7, CORE10, EPDS, SWEMWBS, PIRGAS, GBO)
}


def measure_of(code: str) -> Measure:
    try:
        return MEASURES[code]
    except KeyError:
        raise UnknownMeasure(code) from None
