"""Embeddedness by organisation and by ring (issue 16's first view): for each organisation of
the system map, its staff trained by tier, consultations, group places, referrals made and
their outcome, navigator answers and feedback, with its embeddedness score (`score.py`);
the same summed by ring; declined referrals by reason; and families' own referrals by how
they heard, which belong to no organisation. All from the daily tallies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.core.suppression import SUPPRESSED
from littleminds.directory.models import Ring
from littleminds.insights import measures, score
from littleminds.insights.embeddedness import (
    OUTCOMES,
    SHOWN,
    TIERS,
    Period,
    period,
    read_from,
    ring_words,
)
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.tables import Column, Ranking, Raw, Shown, Table
from littleminds.referrals.lifecycle import DeclineReason
from littleminds.referrals.models import HeardFrom
from littleminds.training.models import Course


def count_columns() -> tuple[Column, ...]:
    """The figures of an organisation or a ring, in the tables' order."""
    outcome_words = {
        "accepted": _("Accepted"),
        "declined": _("Declined"),
        "redirected": _("Redirected to consultation"),
        "duplicate": _("Duplicates"),
    }
    return (
        *(
            Column(f"trained_{tier}", _("Trained: %(tier)s") % {"tier": Course.Tier(tier).label})
            for tier in TIERS
        ),
        Column(measures.CONSULTATIONS, _("Consultations")),
        Column(measures.GROUP_PLACES, _("Group places")),
        Column(measures.REFERRALS, _("Referrals made")),
        *(Column(status, outcome_words[status]) for status in OUTCOMES),
        Column(measures.NAVIGATOR, _("Navigator answers")),
        Column(measures.FEEDBACK, _("Feedback given")),
        Column("activity", _("All contact"), sum_of=score.CONTACT),
    )


def organisations_table(found: Period) -> Table:
    rows: list[dict[str, Raw]] = [
        {
            "organisation": scored.name,
            "ring": ring_words(scored.ring),
            **scored.counts,
            "activity": scored.activity,
            "score": scored.score,
        }
        for scored in found.organisations
    ]
    # No count of organisations is written: outside the team it could be a small number.
    note = " ".join(
        [
            _(
                "Highest score first. The page shows the %(shown)d organisations with the"
                " highest scores; the CSV download has them all."
            )
            % {"shown": SHOWN}
            if len(rows) > SHOWN
            else _("Highest score first."),
            score.described(found.weights),
        ]
    )
    return Table(
        key="organisations",
        caption=_("Embeddedness by organisation"),
        columns=(
            Column("organisation", _("Organisation"), kind="label"),
            Column("ring", _("Ring"), kind="text"),
            *count_columns(),
            score_column(found, _("Score out of 100")),
        ),
        rows=rows,
        total_row=True,
        note=note,
        page_rows=SHOWN,
        reference=found.everyone,
        ranking=Ranking("score", hidden_last=True),
        note_outside_team=_(
            "A score is worked out from the figures shown, against the highest shown of any"
            " organisation, and is not shown (*) when a figure it is made from is not."
        ),
    )


def score_column(found: Period, heading: str) -> Column:
    """An organisation's score, derived by `disclose` from its figures as shown."""
    return Column(
        "score",
        heading,
        kind="derived",
        uses=score.SCORED,
        derive=score.shown_score(found.weights.values),
    )


def ring_average(found: Period) -> Column:
    """The average of a ring's organisations' scores as shown: hidden when one is."""
    chosen = {str(s.organisation) for s in found.organisations}
    each = score.shown_score(found.weights.values)

    def derive(row: Mapping[str, Shown], reference: Sequence[Mapping[str, Shown]]) -> Shown:
        members = [r for r in reference if r["ring"] == row["ring"] and r["organisation"] in chosen]
        if not members:
            return None
        scores = [each(member, reference) for member in members]
        if any(not isinstance(s, int | float) for s in scores):
            return SUPPRESSED
        return sum(float(s) for s in scores if isinstance(s, int | float)) / len(scores)

    return Column("score", _("Average score of its organisations"), kind="derived", derive=derive)


def rings_table(found: Period) -> Table:
    keys = [c.key for c in count_columns()]
    rows: list[dict[str, Raw]] = []
    for ring in [*Ring.values, ""]:
        members = [s for s in found.organisations if s.ring == ring]
        if not members and not ring:
            continue
        row: dict[str, Raw] = {"ring": ring_words(ring), "organisations": len(members)}
        for key in keys:
            row[key] = sum(s.activity if key == "activity" else s.counts[key] for s in members)
        rows.append(row)
    return Table(
        key="rings",
        caption=_("Embeddedness by ring of the system map"),
        columns=(
            Column("ring", _("Ring"), kind="label"),
            # How many organisations a ring has is a fact of the directory, no count of people.
            Column("organisations", _("Organisations"), kind="fact"),
            *count_columns(),
            ring_average(found),
        ),
        rows=rows,
        total_row=True,
        note=_(
            "An organisation is on the innermost ring of the services it runs in the directory."
        ),
        reference=found.everyone,
        note_outside_team=_(
            "A ring's average score is not shown (*) when the score of one of its"
            " organisations is not."
        ),
    )


def declined_table(found: Period) -> Table:
    reasons = {measures.outcome("declined", value): value for value in DeclineReason.values}
    declined = dict.fromkeys(DeclineReason.values, 0)
    for (o, m), n in found.counts.items():
        if o is not None and m in reasons:
            declined[reasons[m]] += n
    rows: list[dict[str, Raw]] = [
        {"reason": str(label), "declined": declined[value]}
        for value, label in DeclineReason.choices
    ]
    return Table(
        key="declined",
        caption=_("Referrals from organisations declined, by reason"),
        columns=(
            Column("reason", _("Reason"), kind="label"),
            Column("declined", _("Referrals declined")),
        ),
        rows=rows,
        total_row=True,
    )


def self_referrals_table(found: Period) -> Table:
    heard = [*HeardFrom.choices, ("", _("Did not say"))]
    rows: list[dict[str, Raw]] = [
        {
            "heard": str(label),
            "self_referrals": found.counts.get((None, measures.self_referral(value)), 0),
        }
        for value, label in heard
    ]
    return Table(
        key="self-referrals",
        caption=_("Families’ own referrals, by how they heard of the service"),
        columns=(
            Column("heard", _("How they heard"), kind="label"),
            Column("self_referrals", _("Self-referrals")),
        ),
        rows=rows,
        total_row=True,
        note=_(
            "A family’s own referral names no organisation, so these are counted here and not"
            " by organisation. They are left out when the page is narrowed to a ring or an"
            " organisation."
        ),
    )


def build(filters: Filters) -> list[Table]:
    found = period(filters)
    return [
        organisations_table(found),
        rings_table(found),
        declined_table(found),
        self_referrals_table(found),
    ]


register(
    Page(
        slug="embeddedness",
        title=gettext_lazy("Embeddedness by organisation and ring"),
        question="embedded",
        summary=gettext_lazy(
            "For each organisation of the system map, what its people did with the teams"
            " chosen in the period: staff trained (counted once a session), consultations,"
            " reflective practice group places, referrals sent and what became of them,"
            " navigator answers and feedback, each counted on the day it happened. Each"
            " organisation's score is out of 100: for each part it gets its count as a share"
            " of the highest of any organisation in the period (and for referrals accepted,"
            " its share of its referrals), and the score is the average of the parts weighted"
            " by the weights in force on the period's last day, times 100."
        ),
        build=build,
        read_from=read_from,
        charts=(
            ChartSpec(
                table="organisations",
                label="organisation",
                values=("score",),
                title=gettext_lazy("The ten organisations with the highest scores"),
                rows=10,
            ),
            ChartSpec(
                table="rings",
                label="ring",
                values=("activity",),
                title=gettext_lazy("All contact, by ring"),
            ),
        ),
        order=10,
    )
)
