"""Permission rules (django-rules): role permissions and object-level predicates.

Loaded by `rules.apps.AutodiscoverRulesConfig`. Each rule is registered under the value of a
`Permission` member, so `user.has_perm(Permission.PEOPLE_MANAGE)` asks "does any of my roles
grant this?", and `user.has_perm(Permission.PEOPLE_MANAGE, person)` adds "…over this person?".
"""

from __future__ import annotations

from typing import Any

import rules

from littleminds.accounts.roles import MANAGER_GRANTABLE, ROLES, Permission, Role, Scope


def holds(permission: Permission) -> Any:
    @rules.predicate(name=f"holds:{permission}")
    def predicate(user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and permission in user.permissions())

    return predicate


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN))


@rules.predicate
def manages_person(user: Any, person: Any) -> bool:
    """A service manager manages the people of their teams and the practitioners of the
    system; a system administrator manages everyone. Nobody manages themselves."""
    if person is None:
        return True
    if person.pk == user.pk:
        return False
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    managed_teams = {team.pk for team in user.teams_with(Permission.PEOPLE_MANAGE)}
    if not managed_teams:
        return False
    for assignment in person.role_assignments():
        spec = ROLES[Role(assignment.role)]
        if spec.scope is Scope.TEAM and assignment.team_id not in managed_teams:
            return False
        if spec.scope is Scope.INSTANCE:
            return False
    return True


def may_grant(user: Any, role: Role, team: Any | None) -> bool:
    """Whether `user` may give or take away `role` (for `team`, for a team role)."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    if role not in MANAGER_GRANTABLE:
        return False
    if ROLES[role].scope is Scope.TEAM:
        return team is not None and team in user.teams_with(Permission.PEOPLE_MANAGE)
    return bool(user.teams_with(Permission.PEOPLE_MANAGE))


for _permission in Permission:
    rules.add_perm(str(_permission), holds(_permission))

rules.add_perm("accounts.manage_person", holds(Permission.PEOPLE_MANAGE) & manages_person)
