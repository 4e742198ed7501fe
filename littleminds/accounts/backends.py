from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign-in by e-mail address (any letter case) and password; inactive accounts cannot.

    Permissions are not Django's model permissions but the platform's roles and rules
    (roles.py, rules.py), which `User.has_perm` asks directly.
    """

    def has_perm(self, user_obj: object, perm: str, obj: object | None = None) -> bool:
        return False
