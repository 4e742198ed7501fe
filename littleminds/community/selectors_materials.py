"""Reads of the materials. Who may see which is decided here only: the team that runs a
material sees it at every stage; anyone else who reads community messaging
(`COMMUNITY_VIEW`) sees the published ones of every team; families see the published ones.
Anyone else gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.community.models import Material, MaterialVersion


def managed_teams(user: Any) -> list[Team]:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return []
    return user.teams_with(Permission.COMMUNITY_MANAGE)


def _with_versions(materials: QuerySet[Material]) -> QuerySet[Material]:
    return materials.select_related(
        "team", "campaign", "approved_by", "created_by"
    ).prefetch_related(Prefetch("versions", queryset=MaterialVersion.objects.order_by("language")))


def visible_to(user: Any) -> QuerySet[Material]:
    """The materials `user` may read on the staff pages."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(Permission.COMMUNITY_VIEW):
        return Material.objects.none()
    visible = Q(published_at__isnull=False)
    teams = managed_teams(user)
    if teams:
        visible |= Q(team__in=teams)
    return Material.objects.filter(visible)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    language: str = ""
    due: bool = False
    waiting: bool = False


def _waiting_for(user: Any, teams: list[Team]) -> QuerySet[Material]:
    """The materials `user` may approve and nobody has yet: of the teams they run community
    messaging for, with at least one file, and made by someone else (ADR 0037)."""
    return (
        Material.objects.filter(team__in=teams, approved_at__isnull=True)
        .filter(Exists(MaterialVersion.objects.filter(material=OuterRef("pk"))))
        .exclude(created_by=user)
    )


def materials(user: Any, filters: Filters) -> list[Material]:
    """The staff list: the team's materials, and others' published ones, filtered."""
    found = visible_to(user)
    if filters.waiting:
        found = found.filter(pk__in=_waiting_for(user, managed_teams(user)).values("pk"))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.language:
        found = found.filter(versions__language=filters.language)
    if filters.due:
        found = found.filter(review_by__lt=timezone.localdate())
    return list(_with_versions(found.distinct()).order_by("title", "pk"))


def material_for(user: Any, code: Any) -> Material:
    found = _with_versions(visible_to(user)).filter(code=code).first()
    if found is None:
        raise Http404
    return found


def team_material(user: Any, code: Any) -> Material:
    """A material of a team `user` runs community messaging for; 404 otherwise."""
    found = _with_versions(Material.objects.filter(team__in=managed_teams(user), code=code)).first()
    if found is None:
        raise Http404
    return found


def team_version(user: Any, code: Any, language: str) -> MaterialVersion:
    material = team_material(user, code)
    for version in material.versions.all():
        if version.language == language:
            return version
    raise Http404


def staff_version(user: Any, code: Any, language: str) -> MaterialVersion:
    material = material_for(user, code)
    for version in material.versions.all():
        if version.language == language:
            return version
    raise Http404


def due_for_review(user: Any) -> int:
    """How many of the team's materials are past their review date."""
    teams = managed_teams(user)
    if not teams:
        return 0
    return Material.objects.filter(team__in=teams, review_by__lt=timezone.localdate()).count()


def waiting_for_approval(user: Any) -> int:
    """How many materials wait for `user`'s approval (`_waiting_for`)."""
    teams = managed_teams(user)
    if not teams:
        return 0
    return _waiting_for(user, teams).count()


# Families ----------------------------------------------------------------------------------


def published() -> QuerySet[Material]:
    return _with_versions(Material.objects.filter(published_at__isnull=False))


def public_materials() -> list[Material]:
    """Published materials with at least one version, by title."""
    return [m for m in published().order_by("title", "pk") if m.versions.all()]


def public_material(code: Any) -> Material:
    found = published().filter(code=code).first()
    if found is None or not found.versions.all():
        raise Http404
    return found


def public_version(code: Any, language: str) -> MaterialVersion:
    for version in public_material(code).versions.all():
        if version.language == language:
            return version
    raise Http404
