"""Insights' writes: the audit of every export (who, what, which filters). The weights of
the score, the commissioning bodies and the tallies have their own modules."""

from __future__ import annotations

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.insights.pages import Filters


def filters_detail(filters: Filters) -> dict[str, object]:
    return {
        "from": filters.start.isoformat(),
        "to": filters.end.isoformat(),
        "teams": sorted(str(team.code) for team in filters.teams),
        "ring": filters.ring,
        "organisation": str(filters.organisation.code) if filters.organisation else "",
        "compare": [str(s.code) for s in filters.compare] if filters.compare else [],
    }


def export_audited(
    *, by: User | None, what: str, form: str, filters: Filters, suppressed: bool
) -> None:
    """One audit event a download: `what` is the page's slug (and table's key), `form` the
    file's kind (csv, xlsx, pdf). `by` is None for the system (`littleminds insights
    report`)."""
    audit_record(
        by=by,
        action="insights.exported",
        team=filters.teams[0] if len(filters.teams) == 1 else None,
        detail={"what": what, "form": form, "suppressed": suppressed, **filters_detail(filters)},
    )
