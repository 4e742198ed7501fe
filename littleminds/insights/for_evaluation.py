"""Insights' figures for the evaluation workbench (issue 17, "Linking to the records"): the
embeddedness tables of the embeddedness page (`page_embeddedness`), narrowed to the
organisations a study's participants come from, for a study's time points, and the change
between two of them (`page_map`'s table of changes, every organisation listed).

The counting is insights' own (`embeddedness.period`, the daily tallies); this module only
chooses rows. Each organisation's score is still measured against every organisation of the
team in the period, so that narrowing to a study's participants changes no one's score, and
a ring's row is the whole ring's, not only the participants' organisations in it. Nothing
here discloses: the caller puts each table through `tables.disclose`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, Team
from littleminds.insights import score
from littleminds.insights.embeddedness import Period, Scored, period, ring_words, row_counts
from littleminds.insights.page_embeddedness import organisations_table, rings_table
from littleminds.insights.page_map import moved_table
from littleminds.insights.pages import Filters
from littleminds.insights.router import reading_replica
from littleminds.insights.selectors import organisation_rings
from littleminds.insights.tables import Table


@dataclass(frozen=True)
class Window:
    """A period to count, named for the reader ("Time 1")."""

    key: str  # a slug, the start of its tables' keys
    label: str
    start: date
    end: date
    # The organisations whose rows are wanted (their ids).
    organisations: frozenset[int]


def _with_everyone_wanted(found: Period, wanted: Collection[int]) -> Period:
    """The period narrowed to the wanted organisations; one that had no contact with the team
    in the period gets a row of noughts (a score of 0) rather than no row, so that the reader
    sees it was looked for."""
    kept = [s for s in found.organisations if s.organisation in wanted]
    missing = set(wanted) - {s.organisation for s in kept}
    if missing:
        rings = organisation_rings()
        names = dict(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
        kept += [
            Scored(
                organisation=pk,
                name=names.get(pk, ""),
                ring=rings.get(pk, ""),
                counts=row_counts({}),
                activity=0,
                score=0.0,
            )
            for pk in missing
        ]
    kept.sort(key=lambda s: (-s.score, s.name, s.organisation))
    return replace(found, organisations=kept)


def _rings_of(found: Period, narrowed: Period, key: str, caption: str) -> Table:
    """The rings table of the whole period, keeping the rows of the rings the narrowed
    organisations are on."""
    table = rings_table(found)
    wanted = {ring_words(s.ring) for s in narrowed.organisations}
    return replace(
        table,
        key=key,
        caption=caption,
        rows=[row for row in table.rows if row["ring"] in wanted],
        # A total of some rings only would read as the whole system's.
        total_row=False,
    )


def embeddedness_tables(*, team: Team, windows: list[Window]) -> list[Table]:
    """For each window, the organisations table (the wanted organisations' rows) and the
    rings table (their rings' rows), counted for `team`; with two windows, the change in each
    wanted organisation's score from the first to the second, every period scored with the
    weights in force at the end of the last, as the map compares its time points."""
    if not windows:
        return []
    weights = score.weights_on(max(w.end for w in windows)) if len(windows) > 1 else None
    tables: list[Table] = []
    whole: list[Period] = []
    with reading_replica():
        for window in windows:
            filters = Filters(start=window.start, end=window.end, teams=(team,))
            found = period(filters, weights=weights)
            mine = _with_everyone_wanted(found, window.organisations)
            whole.append(found)
            organisations = organisations_table(mine)
            tables.append(
                replace(
                    organisations,
                    key=f"{window.key}-organisations",
                    caption=_("%(label)s: the participants’ organisations")
                    % {"label": window.label},
                )
            )
            tables.append(
                _rings_of(
                    found,
                    mine,
                    f"{window.key}-rings",
                    _("%(label)s: their rings") % {"label": window.label},
                )
            )
        if len(windows) == 2:
            tables.append(_change_table(windows, whole))
    return tables


def _change_table(windows: list[Window], found: list[Period]) -> Table:
    """Each organisation wanted at either time point, with its score at both (noughts where
    it had no contact), from the whole periods."""
    first, second = (
        {s.organisation: s for s in _with_everyone_wanted(f, _union(windows)).organisations}
        for f in found
    )
    pairs = sorted(
        ((first.get(o), second.get(o)) for o in {*first, *second}),
        key=lambda p: next(s.name for s in p if s is not None),
    )
    table = moved_table(
        "change",
        _("Change in score from %(first)s to %(second)s")
        % {"first": windows[0].label, "second": windows[1].label},
        pairs,
        (found[0], found[1]),
        rose=True,
    )
    # Every participant's organisation, by name, rather than the ten that rose most.
    return replace(
        table,
        ranking=None,
        note=_(
            "Both time points are scored with the weights in force at the end of the second,"
            " so that a change is a change in what organisations did."
        ),
        note_outside_team=_("A change is shown only when both scores are."),
    )


def _union(windows: list[Window]) -> frozenset[int]:
    return frozenset().union(*(w.organisations for w in windows))
