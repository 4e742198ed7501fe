"""Writing to the audit trail. Every other app's services call `audit_record` inside their
own transaction, so the event and the change it describes are committed together."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import connection, transaction
from django.utils import timezone

from littleminds.audit.chain import GENESIS, canonical_detail, compute_hash
from littleminds.audit.models import AuditEvent
from littleminds.core.middleware import current_request_id

# Any constant will do: it names the one lock that keeps the chain in a single line.
_CHAIN_LOCK_KEY = 0x4C4D_4155_4454  # "LMAUDT"


class Actor(Protocol):
    code: Any
    email: str


class Coded(Protocol):
    code: Any


def _lock_chain() -> None:
    """Serialise writers of the chain until the transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock. SQLite needs nothing more: its
    transactions begin IMMEDIATE (settings.py), so a writer already holds the database lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def target_type_of(target: object) -> str:
    meta = getattr(target, "_meta", None)
    return meta.label_lower if meta is not None else type(target).__name__.lower()


def audit_record(
    *,
    by: Actor | None,
    action: str,
    target: Coded | None = None,
    team: Coded | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the trail. `by` is None for the system itself (a command)."""
    # Without a savepoint of its own: an event that cannot be written must undo the change
    # it describes, so a failure here fails the caller's whole transaction (and two round
    # trips a write are saved).
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        sequence = (last["sequence"] + 1) if last else 1
        previous_hash = last["hash"] if last else GENESIS
        fields: dict[str, Any] = {
            "sequence": sequence,
            "occurred_at": timezone.now(),
            "actor_code": str(by.code) if by is not None else "",
            "actor_label": by.email if by is not None else "system",
            "action": action,
            "target_type": target_type_of(target) if target is not None else "",
            "target_code": str(target.code) if target is not None else "",
            "team_code": str(team.code) if team is not None else "",
            "detail": canonical_detail(detail or {}),
            "request_id": current_request_id(),
            "previous_hash": previous_hash,
        }
        digest = compute_hash(**fields)
        fields["actor_code"] = by.code if by is not None else None
        fields["team_code"] = team.code if team is not None else None
        return AuditEvent.objects.create(hash=digest, **fields)


def audit_read(*, by: Actor, target: Coded, team: Coded | None = None) -> AuditEvent:
    """Record that `by` opened a record holding personal data. Selectors call this for
    every read of a family's record (and of a person's account)."""
    model = target_type_of(target).rsplit(".", 1)[-1]
    return audit_record(by=by, action=f"{model}.viewed", target=target, team=team)
