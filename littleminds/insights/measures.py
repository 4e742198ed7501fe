"""What the daily tallies count (`models.Tally.measure`): one key a measure, with its words.
`summaries.py` makes each from the strands' records; the pages read them by these keys.

Each is counted on one day, for the team whose offer it was and the organisation whose
practitioner (or family) did it:

- `trained:<tier>`: people of the organisation marked present or late at a part of a
  session of the team's course of that tier, on the session's first day (once a person a
  session);
- `consultations`: consultations held with the team's clinicians for the organisation's
  practitioners (recorded consultations, duty calls included), on the day held;
- `group_places`: places at the team's reflective practice group sessions attended by the
  organisation's practitioners, on the session's day;
- `referrals`: referrals the organisation's practitioners sent to the team, on the day
  sent; and, by their status now, `referrals:accepted`, `referrals:declined:<reason>`,
  `referrals:redirected`, `referrals:duplicate`, `referrals:withdrawn`, `referrals:open`;
- `self_referrals:<how they heard>`: families' own referrals to the team (no
  organisation), by how they heard (`none` when they did not say);
- `navigator`: answers the navigator gave to the organisation's practitioners (no team),
  on the day;
- `feedback`: feedback forms the organisation's practitioners gave on the team's
  consultations, groups and courses, on the day given.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.referrals.lifecycle import DeclineReason
from littleminds.referrals.models import HeardFrom
from littleminds.training.models import Course

TRAINED = "trained"
CONSULTATIONS = "consultations"
GROUP_PLACES = "group_places"
REFERRALS = "referrals"
SELF_REFERRALS = "self_referrals"
NAVIGATOR = "navigator"
FEEDBACK = "feedback"

# A referral's outcome, by its status now.
OUTCOMES = ("accepted", "declined", "redirected", "duplicate", "withdrawn", "open")


def trained(tier: str) -> str:
    return f"{TRAINED}:{tier}"


def outcome(status: str, reason: str = "") -> str:
    return f"{REFERRALS}:{status}:{reason}" if status == "declined" else f"{REFERRALS}:{status}"


def self_referral(heard_from: str) -> str:
    return f"{SELF_REFERRALS}:{heard_from or 'none'}"


def words(key: str) -> str:
    """A measure in words, in the language of the request."""
    kind, _sep, rest = key.partition(":")
    if kind == TRAINED:
        return _("Trained: %(tier)s") % {"tier": Course.Tier(rest).label}
    if kind == SELF_REFERRALS:
        if rest == "none":
            return str(_("Self-referrals: did not say how they heard"))
        return _("Self-referrals: %(how)s") % {"how": HeardFrom(rest).label}
    if kind == REFERRALS and rest.startswith("declined:"):
        reason = DeclineReason(rest.split(":", 1)[1]).label
        return _("Referrals declined: %(reason)s") % {"reason": reason}
    return str(_FIXED[key])


_FIXED: dict[str, Promise] = {
    CONSULTATIONS: gettext_lazy("Consultations"),
    GROUP_PLACES: gettext_lazy("Reflective practice group places attended"),
    REFERRALS: gettext_lazy("Referrals made"),
    outcome("accepted"): gettext_lazy("Referrals accepted"),
    outcome("redirected"): gettext_lazy("Referrals redirected to consultation"),
    outcome("duplicate"): gettext_lazy("Referrals that were duplicates"),
    outcome("withdrawn"): gettext_lazy("Referrals withdrawn"),
    outcome("open"): gettext_lazy("Referrals waiting for a decision"),
    NAVIGATOR: gettext_lazy("Navigator answers"),
    FEEDBACK: gettext_lazy("Feedback given"),
}

ALL: tuple[str, ...] = (
    *(trained(tier) for tier in Course.Tier.values),
    CONSULTATIONS,
    GROUP_PLACES,
    REFERRALS,
    *(outcome(status) for status in OUTCOMES if status != "declined"),
    *(outcome("declined", reason) for reason in DeclineReason.values),
    *(self_referral(value) for value in HeardFrom.values),
    self_referral(""),
    NAVIGATOR,
    FEEDBACK,
)
