"""API tokens: how a partner system (a GP practice's or a health visiting service's own
software) calls the API on behalf of its organisation.

A token is a random secret shown once, when it is made; only its SHA-256 hash is kept, so a
copy of the database gives nobody a working token. A revoked token stops working at once.
Making and revoking a token are audited; `littleminds api-token` does both.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import ApiToken, Organisation, User
from littleminds.audit.services import audit_record

# What every secret starts with, so that one pasted by mistake (into a ticket, a log) is
# easy to recognise and search for.
PREFIX = "lm_"
# How often `last_used_at` is written: once a minute is enough to see whether a token is in
# use, and keeps a busy partner from writing on every call.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never kept


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, by: User | None, organisation: Organisation, name: str) -> NewToken:
    """A new token for `organisation`; the secret in the answer is the only copy."""
    name = name.strip()
    if not name:
        raise ValueError("a token needs a name that says which system uses it")
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            organisation=organisation, name=name, token_hash=_hash(secret), created_by=by
        )
        token.full_clean()
        token.save()
        audit_record(
            by=by,
            action="accounts.api_token_created",
            target=token,
            detail={"organisation": organisation.name, "name": name},
        )
    return NewToken(token=token, secret=secret)


def api_token_revoke(*, by: User | None, token: ApiToken) -> ApiToken:
    """Stop the token working, from the next request on. Revoking twice changes nothing."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            by=by,
            action="accounts.api_token_revoked",
            target=locked,
            detail={"organisation": locked.organisation.name, "name": locked.name},
        )
    return locked


def api_token_for(secret: str) -> ApiToken | None:
    """The working token whose secret this is, or None (unknown, or revoked)."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
