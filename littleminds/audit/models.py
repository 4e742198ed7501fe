from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk changes are refused as well as single ones: the trail only grows."""

    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit events are append-only; they cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only; they cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, when, within which team.

    Append-only. Each event stores the hash of the one before it, so an event altered or
    removed after the fact breaks the chain (`littleminds audit verify`). The event holds
    plain values (codes and labels), not foreign keys, so it outlives the records it names
    and the recording core of the audit app depends on no other app.
    See docs/adr/0003-audit-chain.md.
    """

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), editable=False)
    actor_code = models.UUIDField(null=True, blank=True, editable=False)
    actor_label = models.CharField(_("who"), max_length=254, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=64, editable=False)
    target_type = models.CharField(max_length=64, blank=True, editable=False)
    target_code = models.CharField(_("record"), max_length=64, blank=True, editable=False)
    team_code = models.UUIDField(null=True, blank=True, editable=False)
    detail = models.JSONField(default=dict, blank=True, editable=False)
    request_id = models.CharField(max_length=64, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["actor_code", "-sequence"], name="audit_actor"),
            models.Index(fields=["target_type", "target_code"], name="audit_target"),
            models.Index(fields=["team_code", "-sequence"], name="audit_team"),
            models.Index(fields=["occurred_at"], name="audit_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only; they cannot be deleted.")
