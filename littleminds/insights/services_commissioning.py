"""Commissioning bodies' writes, by a system administrator (`commissioning.manage`): set one
up, change its name, the teams it funds and its members (people holding the analyst role),
or remove it. Each in one transaction, audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.audit.services import audit_record
from littleminds.insights.models import CommissioningBody


def _checked(name: str, members: Iterable[User], body: CommissioningBody | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the commissioning body's name"))
    clash = CommissioningBody.objects.filter(name__iexact=name)
    if body is not None:
        clash = clash.exclude(pk=body.pk)
    if clash.exists():
        raise ValidationError(
            _("There is already a commissioning body called “%(name)s”") % {"name": name}
        )
    for member in members:
        if not member.has_role(Role.ANALYST):
            raise ValidationError(
                _("%(name)s is not an analyst: only analysts can be members")
                % {"name": member.full_name or member.email}
            )
    return name


def _detail(body: CommissioningBody) -> dict[str, Any]:
    return {
        "name": body.name,
        "teams": sorted(str(team.code) for team in body.teams.all()),
        "members": sorted(str(member.code) for member in body.members.all()),
    }


def commissioner_create(
    *, by: User, name: str, teams: Iterable[Team], members: Iterable[User]
) -> CommissioningBody:
    teams, members = list(teams), list(members)
    with transaction.atomic():
        body = CommissioningBody(name=_checked(name, members, None))
        body.full_clean()
        body.save()
        body.teams.set(teams)
        body.members.set(members)
        audit_record(
            by=by, action="insights.commissioner_created", target=body, detail=_detail(body)
        )
    return body


def commissioner_change(
    *,
    by: User,
    body: CommissioningBody,
    name: str,
    teams: Iterable[Team],
    members: Iterable[User],
) -> CommissioningBody:
    teams, members = list(teams), list(members)
    with transaction.atomic():
        before = _detail(body)
        body.name = _checked(name, members, body)
        body.full_clean()
        body.save(update_fields=["name"])
        body.teams.set(teams)
        body.members.set(members)
        audit_record(
            by=by,
            action="insights.commissioner_changed",
            target=body,
            detail={"before": before, "after": _detail(body)},
        )
    return body


def commissioner_remove(*, by: User, body: CommissioningBody) -> None:
    """Its members no longer see the teams it funded (unless another body funds them)."""
    with transaction.atomic():
        audit_record(
            by=by, action="insights.commissioner_removed", target=body, detail=_detail(body)
        )
        body.delete()
