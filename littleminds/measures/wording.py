"""The wording of the two measures a family may fill in on their own phone: PHQ-9 and GAD-7
(issue 12, ADR 0025). Both are free to copy, translate and show (their definitions'
`wording_shown`); no other measure's wording is held anywhere in the platform, and
`wording_of` refuses a measure whose definition does not allow it.

English as published by Pfizer (PHQ Screeners, phqscreeners.com, 1999 and 2006). The Urdu,
Polish and Romanian are marked for translation like every public page and follow the
official translations on the same site, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from littleminds.measures.definitions import measure_of


@dataclass(frozen=True)
class Wording:
    question: str | Promise
    items: tuple[str | Promise, ...]
    # Each answer's words, from the lowest score (0) up.
    options: tuple[str | Promise, ...]


OPTIONS = (
    _("Not at all"),
    _("Several days"),
    _("More than half the days"),
    _("Nearly every day"),
)

WORDING: dict[str, Wording] = {
    "phq9": Wording(
        question=_(
            "Over the last 2 weeks, how often have you been bothered by any of the "
            "following problems?"
        ),
        items=(
            _("Little interest or pleasure in doing things"),
            _("Feeling down, depressed or hopeless"),
            _("Trouble falling or staying asleep, or sleeping too much"),
            _("Feeling tired or having little energy"),
            _("Poor appetite or overeating"),
            _(
                "Feeling bad about yourself, or that you are a failure or have let yourself "
                "or your family down"
            ),
            _(
                "Trouble concentrating on things, such as reading the newspaper or watching "
                "television"
            ),
            _(
                "Moving or speaking so slowly that other people could have noticed. Or the "
                "opposite: being so fidgety or restless that you have been moving around a "
                "lot more than usual"
            ),
            _("Thoughts that you would be better off dead, or of hurting yourself in some way"),
        ),
        options=OPTIONS,
    ),
    "gad7": Wording(
        question=_(
            "Over the last 2 weeks, how often have you been bothered by the following problems?"
        ),
        items=(
            _("Feeling nervous, anxious or on edge"),
            _("Not being able to stop or control worrying"),
            _("Worrying too much about different things"),
            _("Trouble relaxing"),
            _("Being so restless that it is hard to sit still"),
            _("Becoming easily annoyed or irritable"),
            _("Feeling afraid as if something awful might happen"),
        ),
        options=OPTIONS,
    ),
}


class WordingNotShown(LookupError):
    """The measure's wording may not be shown, or the platform holds none."""


def wording_of(code: str) -> Wording:
    definition = measure_of(code)
    wording = WORDING.get(code)
    if not definition.wording_shown or wording is None:
        raise WordingNotShown(code)
    # The words must fit the definition: one line an item, one option a score.
    assert len(wording.items) == definition.items
    assert len(wording.options) == definition.item_max - definition.item_min + 1
    return wording
