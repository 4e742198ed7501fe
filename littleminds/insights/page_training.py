"""Training places cancelled, by the reason given (a barrier: issue 16's "training places
cancelled by reason"). Counted from the training registrations themselves: each place
cancelled in the period on a session of the teams counted, by its reason."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.insights.pages import ChartSpec, Filters, Page, register
from littleminds.insights.selectors import in_ring_or_organisation
from littleminds.insights.tables import Column, Raw, Table
from littleminds.training.models import Registration


def build(filters: Filters) -> list[Table]:
    cancelled = Registration.objects.filter(
        status=Registration.Status.CANCELLED,
        session__course__team__in=filters.team_ids,
        cancelled_at__date__range=(filters.start, filters.end),
    )
    cancelled = in_ring_or_organisation(cancelled, filters, "organisation")
    counts = dict(
        cancelled.values_list("cancel_reason")
        .annotate(n=Count("pk"))
        .values_list("cancel_reason", "n")
    )
    rows: list[dict[str, Raw]] = [
        {"reason": str(label), "places": counts.get(value, 0)}
        for value, label in Registration.CancelReason.choices
    ]
    return [
        Table(
            key="cancelled",
            caption=_("Training places cancelled, by reason"),
            columns=(
                Column("reason", _("Reason"), kind="label"),
                Column("places", _("Places cancelled")),
            ),
            rows=rows,
            total_row=True,
        )
    ]


register(
    Page(
        slug="training-cancelled",
        title=gettext_lazy("Training places cancelled"),
        question="helps",
        summary=gettext_lazy(
            "Each training place cancelled in the period, on a course of the teams chosen,"
            " counted once by the reason the person gave."
        ),
        build=build,
        charts=(ChartSpec(table="cancelled", label="reason", values=("places",)),),
        order=90,
    )
)
