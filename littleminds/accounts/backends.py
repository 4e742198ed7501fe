from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class EmailBackend(ModelBackend):
    """Sign-in by e-mail address (any letter case) and password; inactive accounts cannot.

    Permissions are not Django's model permissions but the platform's roles and rules
    (roles.py, rules.py), which `User.has_perm` asks directly.
    """

    def has_perm(self, user_obj: object, perm: str, obj: object | None = None) -> bool:
        return False


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account that django-axes counts a sign-in attempt against (`AXES_USERNAME_CALLABLE`).

    The sign-in view authenticates with `email=`, so the credentials every backend and the
    `user_login_failed` signal see carry the address under the user model's own field name.
    It is compared without letter case, as at sign-in, so `Name@Example.org` and
    `name@example.org` share one count; otherwise changing the case would start a new one.
    """
    given = credentials or {}
    # `username=` is Django's usual name, which a caller other than the sign-in view may use.
    email = given.get("email", given.get("username"))
    if email is None:
        email = request.POST.get("email")
    return lockout_name(str(email)) if email else None


def lockout_name(email: str) -> str:
    """An address as django-axes records it: without surrounding spaces, in lower case."""
    return email.strip().lower()
