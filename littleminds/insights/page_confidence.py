"""Practitioners' confidence before and after training and consultation (the third
question, "did knowledge and confidence change?").

- Training: the questionnaires of the courses of the teams chosen whose session began in
  the period. Each place's score at a time is its holder's mean over the course's
  statements; only people who attended and answered before and at the later time count
  (`training.selectors_reports.person_means` and `change_from_before`, as the training
  report counts them).
- Consultation: the feedback on consultations held and reflective practice group sessions
  run in the period, which asks for confidence before and after on three items (a
  retrospective pre-post). Each feedback is one pair.

The statistics are `training.confidence.paired_change`'s: the mean change with its 95%
confidence interval (t distribution) and Cohen's d_z. Below `FEWEST_PAIRS` pairs there are
too few answers to say, and outside the team a statistic shows only when its count of pairs
shows as 8 or more (`tables.disclose`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.consultations.models_records import (
    CONFIDENCE_ITEMS,
    Feedback,
    GroupFeedback,
    Wellbeing,
)
from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import in_ring_or_organisation
from littleminds.insights.tables import Column, Raw, Table
from littleminds.training import confidence
from littleminds.training.models import Course, Registration
from littleminds.training.selectors_reports import change_from_before, person_means


def change_row(label: str, before: Sequence[float], after: Sequence[float]) -> dict[str, Raw]:
    """One row: the pairs, the means before and after, and the paired change with its
    interval and effect size; the statistics empty below `confidence.FEWEST_PAIRS`."""
    moved = confidence.paired_change(before, after)
    enough = moved.enough
    return {
        "label": label,
        "pairs": moved.pairs,
        "before": confidence.mean(before) if enough else None,
        "after": confidence.mean(after) if enough else None,
        "change": moved.mean_change if enough else None,
        "low": moved.low if enough else None,
        "high": moved.high if enough else None,
        "d": moved.d_z if enough else None,
    }


def _columns(first: str) -> tuple[Column, ...]:
    return (
        Column("label", first, kind="label"),
        Column("pairs", _("People answering at both times"), summed=False),
        Column("before", _("Mean before"), kind="statistic", n="pairs", digits=2),
        Column("after", _("Mean after"), kind="statistic", n="pairs", digits=2),
        Column("change", _("Mean change"), kind="statistic", n="pairs", digits=2),
        Column(
            "low",
            _("95% confidence interval: lowest"),
            kind="statistic",
            n="pairs",
            digits=2,
        ),
        Column(
            "high",
            _("95% confidence interval: highest"),
            kind="statistic",
            n="pairs",
            digits=2,
        ),
        Column(
            "d",
            _("Effect size (Cohen's d for paired scores)"),
            kind="statistic",
            n="pairs",
            digits=2,
        ),
    )


FEW = gettext_lazy(
    "Scores run from 1 to 5. Below 5 people answering at both times there are too few"
    " answers to say, and the figures are left empty (–)."
)


def _training(filters: Filters) -> Table:
    registrations = in_ring_or_organisation(
        Registration.objects.filter(
            session__course__team__in=filters.team_ids,
            session__cancelled_at__isnull=True,
            session__first_day__range=(filters.start, filters.end),
        ),
        filters,
        "organisation",
    )
    means, tier_of = person_means(registrations)
    rows: list[dict[str, Raw]] = []
    # Each "all courses" row is the total of the tiers' rows after it: outside the team,
    # when one of those is hidden, it shows only what they show (`tables.disclose`).
    total_of: dict[int, tuple[dict[str, Raw], ...]] = {}
    for to, when in (
        ("after", _("Straight after the course")),
        ("later", _("Three months after the course")),
    ):
        first = len(rows)
        for value, tier in [("", _("all courses")), *Course.Tier.choices]:
            places = sorted(r for r, held in tier_of.items() if not value or held == value)
            before, after, _moved = change_from_before(means, places, to)
            label = _("%(when)s: %(tier)s") % {"when": when, "tier": tier}
            rows.append(change_row(label, before, after))
        total_of[first] = tuple(rows[first + 1 :])
    return Table(
        key="training",
        caption=_("Confidence before a course and after it"),
        columns=_columns(_("When, and which courses")),
        rows=rows,
        total_of=total_of,
        note=_(
            "Each person's score at a time is their mean over the course's statements. Only "
            "people who attended their session and answered before and at the later time "
            "count, once for each course they took."
        )
        + " "
        + str(FEW),
    )


def _feedback(filters: Filters) -> list[QuerySet[Any]]:
    """The feedback on the consultations and group sessions counted."""
    held = Feedback.objects.filter(
        record__team__in=filters.team_ids,
        record__held_on__range=(filters.start, filters.end),
    )
    # A booked consultation keeps the practitioner's organisation on its booking; a duty
    # call on its record.
    consultations = in_ring_or_organisation(
        held, filters, "record__organisation"
    ) | in_ring_or_organisation(held, filters, "record__booking__organisation")
    groups = in_ring_or_organisation(
        GroupFeedback.objects.filter(
            place__session__series__team__in=filters.team_ids,
            place__session__starts_at__date__range=(filters.start, filters.end),
        ),
        filters,
        "place__organisation",
    )
    return [consultations, groups]


def _consultation(filters: Filters) -> list[Table]:
    fields = [
        "wellbeing",
        *(f"{item}_{time}" for item in CONFIDENCE_ITEMS for time in ("before", "after")),
    ]
    answers: list[dict[str, int]] = []
    for query in _feedback(filters):
        answers += [dict(zip(fields, values, strict=True)) for values in query.values_list(*fields)]
    rows = [
        change_row(
            str(words),
            [a[f"{item}_before"] for a in answers],
            [a[f"{item}_after"] for a in answers],
        )
        for item, words in CONFIDENCE_ITEMS.items()
    ]
    change_table = Table(
        key="consultation",
        caption=_("Confidence before and after a consultation or a reflective practice group"),
        columns=_columns(_("Confidence in")),
        rows=rows,
        note=_(
            "Practitioners say, after a consultation or a group session, how confident they "
            "were before it and are now. Each piece of feedback counts once."
        )
        + " "
        + str(FEW),
    )
    wellbeing_table = Table(
        key="wellbeing",
        caption=_("Effect on wellbeing at work, as practitioners said"),
        columns=(
            Column("label", _("Effect"), kind="label"),
            Column("answers", _("Answers")),
            Column("share", _("Answers (%)"), kind="percent", of=("answers", "all")),
            Column("all", _("All answers"), summed=False),
        ),
        rows=[
            {
                "label": str(words),
                "answers": sum(1 for a in answers if a["wellbeing"] == value),
                "all": len(answers),
            }
            for value, words in reversed(Wellbeing.choices)
        ],
    )
    return [change_table, wellbeing_table]


def build(filters: Filters) -> list[Table]:
    return [_training(filters), *_consultation(filters)]


register(
    Page(
        slug="confidence",
        title=gettext_lazy("Practitioners' confidence"),
        question="change",
        summary=gettext_lazy(
            "How confident practitioners were before and after the training of the teams"
            " chosen (courses whose session began in the period) and after their"
            " consultations and reflective practice groups (held in the period): the mean"
            " change for the people who answered at both times, its 95% confidence interval"
            " and its effect size (Cohen's d for paired scores: about 0.2 is small, 0.5"
            " medium, 0.8 large)."
        ),
        build=build,
        charts=(
            ChartSpec(
                table="consultation",
                label="label",
                values=("before", "after"),
                title=gettext_lazy("Mean confidence before and after a consultation (1 to 5)"),
            ),
        ),
        order=10,
    )
)
