"""Writes of the clinician's week: the secret of their private calendar feed, made or reset.
Only its hash is kept; the secret itself is shown once, in the link."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.casework.models_week import CalendarFeed
from littleminds.casework.services import NotAllowed


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def calendar_feed_reset(*, by: User) -> str:
    """Make `by`'s calendar feed secret, or a new one in place of the old (whose link stops
    working at once). Returns the secret: it is kept nowhere but in the link."""
    if not by.is_active or not by.teams_with(Permission.CASES_VIEW):
        raise NotAllowed("only the teams' clinicians and managers have a calendar feed")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed, made = CalendarFeed.objects.select_for_update().get_or_create(
            user=by, defaults={"secret_hash": secret_hash(secret)}
        )
        if not made:
            feed.secret_hash = secret_hash(secret)
            feed.made_at = timezone.now()
            feed.full_clean()
            feed.save(update_fields=["secret_hash", "made_at"])
        audit_record(
            by=by,
            action="casework.calendar_feed_made" if made else "casework.calendar_feed_reset",
            target=by,
        )
    return secret
