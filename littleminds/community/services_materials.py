"""Writes to a team's materials and their language versions, each audited in its own
transaction (ADR 0037).

Approval is a second pair of eyes: someone who runs the team's community messaging
(`COMMUNITY_MANAGE` of the material's team), other than the person who made the material.
A material is published only once approved and with at least one version. A new or
replaced file has not been checked by anyone, so it withdraws the approval, and with it the
publishing, until someone approves the material again.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.community import uploads
from littleminds.community.models import Campaign, Material, MaterialVersion

MATERIAL_FIELDS = ("kind", "title", "summary", "review_by", "campaign")


class MaterialRefused(Exception):
    """The change is not allowed; the message says why."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def _detail(material: Material) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for name in MATERIAL_FIELDS:
        value = getattr(material, name)
        if isinstance(value, Campaign):
            value = str(value.code)
        elif isinstance(value, date):
            value = value.isoformat()
        detail[name] = value
    return detail


def _same_team(material: Material) -> None:
    if material.campaign is not None and material.campaign.team_id != material.team_id:
        raise MaterialRefused(_("Choose a campaign of your team"))


def _locked(material: Material) -> Material:
    return Material.objects.select_for_update().get(pk=material.pk)


@transaction.atomic
def material_create(
    *,
    by: User,
    team: Team,
    kind: str,
    title: str,
    summary: str,
    review_by: date,
    campaign: Campaign | None = None,
) -> Material:
    material = Material(
        team=team,
        created_by=by,
        kind=kind,
        title=title,
        summary=summary,
        review_by=review_by,
        campaign=campaign,
    )
    _same_team(material)
    material.full_clean()
    material.save()
    audit_record(
        by=by,
        action="community.material_created",
        target=material,
        team=team,
        detail=_detail(material),
    )
    return material


@transaction.atomic
def material_update(*, by: User, material: Material, **fields: Any) -> Material:
    unknown = set(fields) - set(MATERIAL_FIELDS)
    assert not unknown, unknown
    material = _locked(material)
    before = _detail(material)
    for name, value in fields.items():
        setattr(material, name, value)
    _same_team(material)
    material.full_clean()
    material.save()
    changed = {k: v for k, v in _detail(material).items() if before[k] != v}
    audit_record(
        by=by,
        action="community.material_changed",
        target=material,
        team=material.team,
        detail=changed,
    )
    return material


def may_approve(user: User, material: Material) -> bool:
    """Someone who runs the team's community messaging, but not who made the material."""
    return (
        material.team in user.teams_with(Permission.COMMUNITY_MANAGE)
        and material.created_by_id != user.pk
    )


@transaction.atomic
def material_approve(*, by: User, material: Material) -> Material:
    material = _locked(material)
    if not may_approve(by, material):
        raise MaterialRefused(
            _("Someone else in your team must approve this material: not the person who made it")
        )
    if not material.versions.exists():
        raise MaterialRefused(_("Add a file in at least one language before approving"))
    if material.approved_at is None:
        material.approved_by = by
        material.approved_at = timezone.now()
        material.full_clean()
        material.save(update_fields=["approved_by", "approved_at"])
        audit_record(
            by=by,
            action="community.material_approved",
            target=material,
            team=material.team,
            detail={"versions": sorted(material.versions.values_list("language", flat=True))},
        )
    return material


@transaction.atomic
def material_publish(*, by: User, material: Material) -> Material:
    material = _locked(material)
    if material.approved_at is None:
        raise MaterialRefused(_("Approve the material before publishing it"))
    if not material.versions.exists():
        raise MaterialRefused(_("Add a file in at least one language before publishing"))
    if material.published_at is None:
        material.published_at = timezone.now()
        material.full_clean()
        material.save(update_fields=["published_at"])
        audit_record(
            by=by,
            action="community.material_published",
            target=material,
            team=material.team,
            detail={},
        )
    return material


@transaction.atomic
def material_unpublish(*, by: User, material: Material) -> Material:
    material = _locked(material)
    if material.published_at is not None:
        material.published_at = None
        material.save(update_fields=["published_at"])
        audit_record(
            by=by,
            action="community.material_unpublished",
            target=material,
            team=material.team,
            detail={},
        )
    return material


def _delete_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def version_add(
    *, by: User, material: Material, language: str, upload: Any, title: str = ""
) -> MaterialVersion:
    """Keeps the file as the material's version in `language`, replacing the file of one
    already there (whose old file is deleted once this is committed). The file is checked
    first (`uploads.check`): a file refused is not kept, and nothing changes. Approval, and
    with it publishing, is withdrawn: nobody has checked the new file yet."""
    checked = uploads.check(upload)
    material = _locked(material)
    version = material.versions.filter(language=language).first()
    old_name = ""
    if version is None:
        version = MaterialVersion(material=material, language=language, uploaded_by=by)
    else:
        old_name = version.file.name or ""
        # A new code names the new file, so that the old one is never overwritten.
        version.code = uuid.uuid4()
        version.uploaded_by = by
        version.uploaded_at = timezone.now()
    version.title = title
    version.content_type = checked.content_type
    version.size = checked.size
    version.file.save(f"upload.{checked.extension}", upload, save=False)
    saved = version.file.name or ""
    # Should anything below fail, the transaction is rolled back: the new file goes too.
    try:
        version.full_clean()
        version.save()
        withdrawn = material.approved_at is not None
        if withdrawn:
            material.approved_at = None
            material.approved_by = None
            material.published_at = None
            material.save(update_fields=["approved_at", "approved_by", "published_at"])
        audit_record(
            by=by,
            action="community.version_replaced" if old_name else "community.version_added",
            target=material,
            team=material.team,
            detail={
                "language": language,
                "content_type": checked.content_type,
                "size": checked.size,
                "approval_withdrawn": withdrawn,
            },
        )
    except BaseException:
        default_storage.delete(saved)
        raise
    _delete_after_commit(old_name)
    return version


@transaction.atomic
def version_remove(*, by: User, version: MaterialVersion) -> Material:
    """Removes one language's version and, once committed, its file. A published material
    left with no version is taken off the public pages."""
    material = _locked(version.material)
    version = MaterialVersion.objects.get(pk=version.pk, material=material)
    name = version.file.name or ""
    language = version.language
    version.delete()
    unpublished = material.published_at is not None and not material.versions.exists()
    if unpublished:
        material.published_at = None
        material.save(update_fields=["published_at"])
    audit_record(
        by=by,
        action="community.version_removed",
        target=material,
        team=material.team,
        detail={"language": language, "unpublished": unpublished},
    )
    _delete_after_commit(name)
    return material
