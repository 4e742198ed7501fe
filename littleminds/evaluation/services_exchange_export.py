"""The exchange part's export writes: the audit of each REFI-QDA download (ADR 0044). The
files themselves are built by `exchange_export`; nothing in the study changes."""

from __future__ import annotations

from django.db import transaction

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.evaluation.models import Study


def codebook_exported(*, by: User, study: Study, file_name: str, codes: int) -> None:
    """Record that `by` downloaded the study's codebook as a `.qdc` file."""
    with transaction.atomic():
        audit_record(
            by=by,
            action="study.codebook_exported",
            target=study,
            team=study.team,
            detail={"form": "qdc", "file": file_name, "codes": codes},
        )


def project_exported(
    *,
    by: User,
    study: Study,
    file_name: str,
    sources: int,
    codings: int,
    memos: int,
    cases: int,
) -> None:
    """Record that `by` downloaded the whole study as a `.qdpx` project: its transcripts'
    text, every researcher's codings and memos, and its participants as cases."""
    with transaction.atomic():
        audit_record(
            by=by,
            action="study.project_exported",
            target=study,
            team=study.team,
            detail={
                "form": "qdpx",
                "file": file_name,
                "sources": sources,
                "codings": codings,
                "memos": memos,
                "cases": cases,
            },
        )
