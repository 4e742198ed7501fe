"""Reads of accounts. A read of one person's record is audited; a person the reader may not
manage is "not found"."""

from __future__ import annotations

import time
from uuid import UUID

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from littleminds.accounts.models import RoleAssignment, Team, User
from littleminds.accounts.roles import ROLES, Permission, Role, Scope
from littleminds.audit.selectors import AuditScope
from littleminds.audit.services import audit_read

# When a signed-in session was last renewed (saved, which moves its end to SESSION_COOKIE_AGE
# later), in whole seconds since the epoch (ADR 0061).
SESSION_RENEWED_AT = "_renewed_at"

_INSTANCE_ROLES = [role for role, spec in ROLES.items() if spec.scope is Scope.INSTANCE]


def people_visible_to(*, by: User) -> QuerySet[User]:
    """The accounts `by` may see and manage: everyone for a system administrator; for a
    service manager, the people of their teams, the practitioners, and accounts with no
    role yet."""
    people = User.objects.select_related("organisation").prefetch_related("roles__team")
    if by.has_role(Role.SYSTEM_ADMIN):
        return people
    teams = by.teams_with(Permission.PEOPLE_MANAGE)
    if not teams:
        return people.none()
    outside = RoleAssignment.objects.filter(
        Q(team__isnull=False) & ~Q(team__in=teams) | Q(role__in=_INSTANCE_ROLES)
    ).values("user_id")
    return people.exclude(pk=by.pk).exclude(pk__in=outside)


def people_search(*, by: User, text: str = "", role: str = "", status: str = "") -> QuerySet[User]:
    people = people_visible_to(by=by)
    if text:
        people = people.filter(Q(full_name__icontains=text) | Q(email__icontains=text))
    if role:
        people = people.filter(roles__role=role).distinct()
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "deactivated":
        people = people.filter(is_active=False)
    return people.order_by("full_name", "email")


def person_get(*, by: User, code: UUID) -> User:
    """One person's account, for someone who manages them; the read is audited."""
    person = people_visible_to(by=by).filter(code=code).first()
    if person is None or not by.has_perm("accounts.manage_person", person):
        raise Http404
    audit_read(by=by, target=person)
    return person


def person_for_password_link(*, code: UUID) -> User | None:
    """The active account a password link names; the token is checked by the caller."""
    return User.objects.filter(code=code, is_active=True).first()


def team_members(*, team: Team) -> list[tuple[User, list[str]]]:
    """The active people of a team, each with the names of the roles they hold in it."""
    members: dict[int, tuple[User, list[str]]] = {}
    assignments = (
        RoleAssignment.objects.filter(team=team, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "role")
    )
    # Each role's name in words once a call, not once a row: `get_role_display` looks the
    # name up and translates it again for every row (about 70 µs each, ADR 0062).
    names = {value: str(label) for value, label in Role.choices}
    for assignment in assignments:
        _user, roles = members.setdefault(assignment.user_id, (assignment.user, []))
        roles.append(names.get(assignment.role, assignment.role))
    return list(members.values())


def teams_for_granting(*, by: User) -> list[Team]:
    if by.has_role(Role.SYSTEM_ADMIN):
        return list(Team.objects.select_related("organisation").order_by("name"))
    return sorted(by.teams_with(Permission.PEOPLE_MANAGE), key=lambda team: team.name)


def teams_overview() -> QuerySet[Team]:
    """Every team with its organisation and how many active people hold a role in it."""
    return (
        Team.objects.select_related("organisation")
        .annotate(
            people=Count(
                "assignments__user", filter=Q(assignments__user__is_active=True), distinct=True
            )
        )
        .order_by("organisation__name", "name")
    )


def second_factor_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_page(*, user: User) -> str:
    """Where a person passes the second factor: the code page if they have a device,
    otherwise the page that sets one up."""
    if second_factor_device(user=user):
        return "accounts:two-factor-verify"
    return "accounts:two-factor-enrol"


def audit_scope_for(*, by: User) -> AuditScope:
    """Which part of the audit trail `by` may search (see audit.selectors.AuditScope)."""
    if by.has_role(Role.SYSTEM_ADMIN):
        return AuditScope(everything=True)
    teams = by.teams_with(Permission.AUDIT_VIEW)
    people = User.objects.filter(roles__team__in=teams).values_list("code", flat=True)
    return AuditScope(
        team_codes=frozenset(team.code for team in teams), people_codes=frozenset(people)
    )


def session_remaining_seconds(*, session: SessionBase) -> int:
    """The seconds a signed-in session has left, as of now, before it ends for inactivity:
    its age less the time since it was last renewed (ADR 0061). The recorded time is rounded
    down and the server's expiry is set a moment after it, so this is never more than the
    session really has."""
    age = settings.SESSION_COOKIE_AGE
    renewed_at = session.get(SESSION_RENEWED_AT)
    if not isinstance(renewed_at, int):
        return age
    return max(0, min(age, age - (int(time.time()) - renewed_at)))
