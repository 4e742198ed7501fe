"""The figures part's one write: the audit of a download of the study's figures."""

from __future__ import annotations

from django.db import transaction

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.evaluation.models import Study


def figures_exported(*, by: User, study: Study, tables: int) -> None:
    """Record that `by` downloaded the study's embeddedness figures (suppressed) as CSV."""
    with transaction.atomic():
        audit_record(
            by=by,
            action="study.figures_exported",
            target=study,
            team=study.team,
            detail={"form": "csv", "tables": tables, "suppressed": True},
        )
