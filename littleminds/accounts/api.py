from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from littleminds.accounts.models import User
from littleminds.core.api import described

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    team: str | None


class MeOut(Schema):
    code: str
    email: str
    full_name: str
    organisation: str | None
    roles: list[RoleOut]
    permissions: list[str]


@router.get(
    "/me",
    response=described({200: MeOut}, 401),
    auth=django_auth,
    summary="The signed-in person",
)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    return MeOut(
        code=str(user.code),
        email=user.email,
        full_name=user.full_name,
        organisation=user.organisation.name if user.organisation else None,
        roles=[
            RoleOut(role=a.role, team=str(a.team.code) if a.team else None)
            for a in user.role_assignments()
        ],
        permissions=sorted(str(permission) for permission in user.permissions()),
    )
