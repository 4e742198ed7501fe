"""The arithmetic of the training questionnaires' change (issue 14, "Knowledge and
confidence"; ADR 0035), kept pure so that it is tested against numbers worked by hand.

A person's score at a time is the mean of their item scores (1–5). Change is paired: only
people who answered at both times count, and each contributes their own difference. The
effect size is Cohen's d_z, the mean difference over the differences' standard deviation;
its 95% confidence interval comes from the non-central t distribution, and the mean
change's from the t distribution. Below `FEWEST_PAIRS` pairs there is no number to give.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import optimize, stats

# Fewer pairs than this and the course summary says "too few answers to say".
FEWEST_PAIRS = 5
LEVEL = 0.95


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation (n - 1), or None with fewer than two values."""
    if len(values) < 2:
        return None
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / (len(values) - 1))


@dataclass(frozen=True)
class Change:
    """Paired change from one time to another."""

    pairs: int
    mean_change: float | None = None
    # The mean change's 95% confidence interval (t distribution).
    low: float | None = None
    high: float | None = None
    d_z: float | None = None
    # d_z's 95% confidence interval (non-central t distribution).
    d_low: float | None = None
    d_high: float | None = None

    @property
    def enough(self) -> bool:
        return self.pairs >= FEWEST_PAIRS and self.mean_change is not None


def _d_interval(d_z: float, n: int) -> tuple[float, float]:
    """The 95% interval of d_z: the non-centrality parameters under which the t seen would
    be the 97.5th and the 2.5th percentile, over sqrt(n). Worked out for a rise and turned
    round for a fall (the distribution is symmetric), where SciPy's tails are steadiest."""
    if d_z < 0:
        low, high = _d_interval(-d_z, n)
        return -high, -low
    df = n - 1
    t_seen = d_z * math.sqrt(n)
    tail = (1 - LEVEL) / 2

    def bound(p: float) -> float:
        def gap(ncp: float) -> float:
            return float(stats.nct.cdf(t_seen, df, ncp)) - p

        # Widen the bracket until it holds the root: the cdf falls as ncp grows.
        low, high = t_seen - 5.0, t_seen + 5.0
        while gap(low) < 0:
            low -= 5.0
        while gap(high) > 0:
            high += 5.0
        return float(optimize.brentq(gap, low, high, xtol=1e-10))

    return bound(1 - tail) / math.sqrt(n), bound(tail) / math.sqrt(n)


def paired_change(before: Sequence[float], after: Sequence[float]) -> Change:
    """The change from `before` to `after`, two lists of the same people's scores in the
    same order. Below `FEWEST_PAIRS` pairs only the number of pairs is given; when every
    difference is the same there is no spread, so d_z and its interval are not given."""
    if len(before) != len(after):
        raise ValueError("before and after must pair up")
    n = len(before)
    if n < FEWEST_PAIRS:
        return Change(pairs=n)
    differences = [b - a for a, b in zip(before, after, strict=True)]
    centre = sum(differences) / n
    spread = sd(differences)
    assert spread is not None
    if spread == 0:
        return Change(pairs=n, mean_change=centre, low=centre, high=centre)
    margin = float(stats.t.ppf(1 - (1 - LEVEL) / 2, n - 1)) * spread / math.sqrt(n)
    d_z = centre / spread
    d_low, d_high = _d_interval(d_z, n)
    return Change(
        pairs=n,
        mean_change=centre,
        low=centre - margin,
        high=centre + margin,
        d_z=d_z,
        d_low=d_low,
        d_high=d_high,
    )


def size_in_words(d_z: float) -> str:
    """Cohen's rough bands, as a key for readers: under 0.2 very small, then small (0.2),
    medium (0.5) and large (0.8), whichever way the change goes."""
    from django.utils.translation import gettext as _

    size = abs(d_z)
    if size < 0.2:
        return _("very small")
    if size < 0.5:
        return _("small")
    if size < 0.8:
        return _("medium")
    return _("large")
