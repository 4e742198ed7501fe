"""The e-mails an account holder gets about their account: an invitation and a link to
choose a new password. The words are templates here; the notifications app stores, sends
and retries them (ADR 0017), and writes each only as it sends it, so that the link's token
is made then and never stored.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from littleminds.accounts.models import User


class AccountEmail(StrEnum):
    # The values are the notifications' template keys.
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - the name of a template


_TEMPLATES = {
    AccountEmail.INVITATION: "accounts/email/invitation.txt",
    AccountEmail.PASSWORD_RESET: "accounts/email/password_reset.txt",
}


def password_set_link(user: User) -> str:
    """A link to choose a password, which works once and for `PASSWORD_RESET_TIMEOUT`."""
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set-password", kwargs={"code": user.code, "token": token})
    return f"{settings.SITE_URL}{path}"


def subject(email: AccountEmail) -> str:
    if email is AccountEmail.INVITATION:
        return _("You have been invited to Little Minds")
    return _("Choose a new Little Minds password")


def body(email: AccountEmail, *, user: User, link: str) -> str:
    return render_to_string(
        _TEMPLATES[email],
        {"user": user, "link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400},
    )
