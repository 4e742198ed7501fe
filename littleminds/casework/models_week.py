"""A clinician's private calendar feed: the secret link calendar apps fetch their week from.

Only a hash of the secret is kept, so a copy of the database cannot be used to read anyone's
calendar; making a new secret replaces the hash, and the old link stops working at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["CalendarFeed"]


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # SHA-256 of the secret, in hex.
    secret_hash = models.CharField(max_length=64, unique=True)
    made_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
