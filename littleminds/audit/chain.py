"""The hash chain that makes the audit trail tamper-evident.

hash(event) = SHA-256 of the canonical JSON of its fields and the previous event's hash.
The canonical form fixes key order, separators and the text of every value, so the same
event hashes the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail as it will read back from the database: plain JSON values only."""
    result: dict[str, Any] = json.loads(json.dumps(detail, default=str, sort_keys=True))
    return result


def compute_hash(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_code: str,
    actor_label: str,
    action: str,
    target_type: str,
    target_code: str,
    team_code: str,
    detail: dict[str, Any],
    request_id: str,
    previous_hash: str,
) -> str:
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_code": actor_code,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_code": target_code,
        "team_code": team_code,
        "detail": detail,
        "request_id": request_id,
        "previous_hash": previous_hash,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(event: Any) -> str:
    """Recompute the hash of a stored event from its fields."""
    return compute_hash(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_code=str(event.actor_code or ""),
        actor_label=event.actor_label,
        action=event.action,
        target_type=event.target_type,
        target_code=event.target_code,
        team_code=str(event.team_code or ""),
        detail=event.detail,
        request_id=event.request_id,
        previous_hash=event.previous_hash,
    )
