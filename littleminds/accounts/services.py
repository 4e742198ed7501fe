"""Writes for accounts, organisations and teams. Each runs in one transaction and records
its audit event in it; e-mail goes out only once the transaction has committed."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from littleminds.accounts.backends import lockout_name
from littleminds.accounts.emails import AccountEmail
from littleminds.accounts.emails import password_set_link as password_set_link
from littleminds.accounts.models import Organisation, RoleAssignment, Team, User
from littleminds.accounts.roles import ROLES, Role, Scope
from littleminds.accounts.rules import may_grant
from littleminds.accounts.selectors import SESSION_RENEWED_AT
from littleminds.accounts.signals import account_email_due
from littleminds.audit.services import audit_record
from littleminds.core.background import run_in_background

RoleGrant = tuple[Role, Team | None]


@dataclass(frozen=True)
class RoleChange:
    added: list[RoleGrant]
    removed: list[RoleGrant]


def _describe(grants: Iterable[RoleGrant]) -> list[str]:
    return sorted(f"{role}@{team.code}" if team else str(role) for role, team in grants)


def _check_grants(grants: Iterable[RoleGrant], organisation: Organisation | None) -> None:
    for role, team in grants:
        scope = ROLES[role].scope
        if scope is Scope.TEAM and team is None:
            raise ValidationError(
                _("Choose the team for the role %(role)s.") % {"role": role.label}
            )
        if scope is not Scope.TEAM and team is not None:
            raise ValidationError(
                _("The role %(role)s is not held for a team.") % {"role": role.label}
            )
        if scope is Scope.ORGANISATION and organisation is None:
            raise ValidationError(
                _("A practitioner must belong to an organisation. Choose their organisation.")
            )


def organisation_create(
    *,
    by: User | None,
    name: str,
    description: str = "",
    website: str = "",
    code: uuid.UUID | None = None,
) -> Organisation:
    """`code` keeps an id given from outside (an Open Referral organisation's id)."""
    with transaction.atomic():
        organisation = Organisation(
            code=code or uuid.uuid4(), name=name.strip(), description=description, website=website
        )
        organisation.full_clean()
        organisation.save()
        audit_record(
            by=by, action="organisation.created", target=organisation, detail={"name": name}
        )
    return organisation


def organisation_set_kind(*, by: User | None, organisation: Organisation, kind: str) -> bool:
    """Say which kind of organisation it is (the system map groups services by it); returns
    whether anything changed."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = organisation.kind
        if kind == before:
            return False
        organisation.kind = kind
        organisation.full_clean()
        organisation.save(update_fields=["kind"])
        audit_record(
            by=by,
            action="organisation.kind_set",
            target=organisation,
            # In words, as the audit trail shows them (the kinds' codes are for the data).
            detail={
                "name": organisation.name,
                "from": str(Organisation.Kind(before).label) if before else "",
                "to": organisation.get_kind_display(),
            },
        )
    return True


def team_create(*, by: User | None, organisation: Organisation, name: str) -> Team:
    with transaction.atomic():
        team = Team(organisation=organisation, name=name.strip())
        team.full_clean()
        team.save()
        audit_record(by=by, action="team.created", target=team, team=team, detail={"name": name})
    return team


def team_set_up(
    *, by: User, name: str, organisation: Organisation | None, new_organisation: str = ""
) -> Team:
    """A new team, for an organisation in the list or a new one, in one transaction."""
    with transaction.atomic():
        if organisation is None:
            organisation = organisation_create(by=by, name=new_organisation)
        return team_create(by=by, organisation=organisation, name=name)


def user_create(
    *,
    by: User | None,
    email: str,
    full_name: str,
    password: str | None,
    organisation: Organisation | None = None,
    job_title: str = "",
    roles: Iterable[RoleGrant] = (),
) -> User:
    """Create an account that can sign in at once (demonstration data, the first
    administrator). People joining a live service are invited instead (`user_invite`)."""
    grants = list(roles)
    _check_grants(grants, organisation)
    with transaction.atomic():
        user = User(
            email=User.objects.normalize_email(email).strip().lower(),
            full_name=full_name.strip(),
            job_title=job_title,
            organisation=organisation,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        for role, team in grants:
            RoleAssignment.objects.create(user=user, role=role, team=team, granted_by=by)
        audit_record(by=by, action="user.created", target=user, detail={"roles": _describe(grants)})
    return user


def _email_due(user: User, email: AccountEmail) -> None:
    """Hand an account e-mail to the notifications outbox, in the caller's transaction: it
    is stored with the change and sent after the commit, never while the request waits."""
    answers = account_email_due.send(sender=User, user=user, email=email)
    if not answers:
        # An account e-mail must never vanish because nothing listens.
        raise ImproperlyConfigured("Nothing sends account e-mails: is notifications installed?")


def user_invite(
    *,
    by: User,
    email: str,
    full_name: str,
    organisation: Organisation | None,
    roles: Iterable[RoleGrant],
    job_title: str = "",
) -> User:
    """Create an account without a password and e-mail its holder a link to choose one."""
    grants = list(roles)
    for role, team in grants:
        if not may_grant(by, role, team):
            raise PermissionDenied
    _check_grants(grants, organisation)
    with transaction.atomic():
        user = User(
            email=User.objects.normalize_email(email).strip().lower(),
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            organisation=organisation,
            invited_at=timezone.now(),
            invited_by=by,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
        for role, team in grants:
            RoleAssignment.objects.create(user=user, role=role, team=team, granted_by=by)
        audit_record(by=by, action="user.invited", target=user, detail={"roles": _describe(grants)})
        _email_due(user, AccountEmail.INVITATION)
    return user


def user_request_password_reset_soon(*, email: str) -> None:
    """Ask for a link to choose a new password, as the "forgotten your password" page does:
    the account is looked up, and its e-mail queued, away from the request (ADR 0017), so
    that the request does the same work, in the same time, whether or not an account has
    this address."""
    run_in_background("password reset", partial(user_request_password_reset, email=email))


def user_request_password_reset(*, email: str) -> None:
    """Send a link to choose a new password, if an active account has this address. Says
    nothing either way, so that it cannot be used to find out who has an account: the
    e-mail is queued and sent after the commit (ADR 0017), and an unknown address leaves
    nothing behind."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    with transaction.atomic():
        audit_record(by=user, action="user.password_reset_requested", target=user)
        _email_due(user, AccountEmail.PASSWORD_RESET)


def user_set_password(*, user: User, password: str) -> None:
    """Set the password from an invitation or reset link, or from the account page."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(by=user, action="user.password_set", target=user)


def user_set_roles(*, by: User, user: User, roles: Iterable[RoleGrant]) -> RoleChange:
    """Make `user` hold exactly `roles`, among the roles that `by` may give and take away.
    Roles outside that reach are left as they are."""
    wanted = set(roles)
    current = {(Role(a.role), a.team): a for a in user.role_assignments()}
    added = [grant for grant in wanted - current.keys() if may_grant(by, *grant)]
    removed = [grant for grant in current.keys() - wanted if may_grant(by, *grant)]
    if len(added) != len(wanted - current.keys()):
        raise PermissionDenied
    _check_grants(added, user.organisation)
    with transaction.atomic():
        for grant in removed:
            current[grant].delete()
        for role, team in added:
            RoleAssignment.objects.create(user=user, role=role, team=team, granted_by=by)
        if added or removed:
            audit_record(
                by=by,
                action="user.roles_changed",
                target=user,
                detail={"added": _describe(added), "removed": _describe(removed)},
            )
    user.forget_roles()
    return RoleChange(added=added, removed=removed)


def user_deactivate(*, by: User, user: User, reason: str) -> None:
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    with transaction.atomic():
        user.is_active = False
        user.deactivated_at = timezone.now()
        user.deactivated_by = by
        user.full_clean()
        user.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        audit_record(
            by=by, action="user.deactivated", target=user, detail={"reason": reason.strip()}
        )


def user_reactivate(*, by: User, user: User) -> None:
    if user.is_active:
        raise ValidationError(_("This account is already active."))
    with transaction.atomic():
        user.is_active = True
        user.deactivated_at = None
        user.deactivated_by = None
        user.full_clean()
        user.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        audit_record(by=by, action="user.reactivated", target=user)


def session_started(*, user: User) -> None:
    """A person has signed in with the right password: their account's failed attempts are
    cleared (ADR 0006). Only the account's own: clearing the address's too, as django-axes'
    `AXES_RESET_ON_SUCCESS` does, would let anyone with an account wipe the count of
    failures against someone else's by signing in to their own from the same address."""
    with transaction.atomic():
        axes_reset(username=lockout_name(user.email))
        audit_record(by=user, action="auth.signed_in", target=user)


def session_ended(*, user: User, reason: str) -> None:
    with transaction.atomic():
        audit_record(by=user, action="auth.signed_out", target=user, detail={"reason": reason})


def session_renew(*, session: SessionBase, always: bool = False) -> bool:
    """Renews a signed-in session's idle timeout when it is due, and says whether it did.

    Renewing marks the session to be saved at the end of the request, which moves its end
    to SESSION_COOKIE_AGE from then, and records when (ADR 0061). It is due when the last
    renewal was SESSION_RENEW_SECONDS or more ago, never recorded, or recorded in the future
    (the clock moved back); when the request has changed the session, which saves it all the
    same; and `always` for the warning's "Stay signed in". Saving on every request, as
    before, cost each signed-in page a database write and a commit."""
    now = int(time.time())
    renewed_at = session.get(SESSION_RENEWED_AT)
    due = (
        always
        or session.modified
        or not isinstance(renewed_at, int)
        or not 0 <= now - renewed_at < settings.SESSION_RENEW_SECONDS
    )
    if due:
        session[SESSION_RENEWED_AT] = now
    return due


def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows. Asking again keeps the
    same secret until it is confirmed, so a reload does not invalidate a scanned QR code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Authenticator app"), confirmed=False
            )
            audit_record(by=user, action="auth.second_factor_enrolment_started", target=user)
    return device


class CodeCheck(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    # django-otp makes each wrong code double the wait before the next try.
    TOO_SOON = "too_soon"


def _check_code(device: TOTPDevice, token: str) -> CodeCheck:
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.TOO_SOON
    return CodeCheck.ACCEPTED if device.verify_token(token) else CodeCheck.WRONG


def second_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> CodeCheck:
    """Confirm the device if `token` is its current code; retire any earlier device."""
    if device.user_id != user.pk:
        return CodeCheck.WRONG
    with transaction.atomic():
        result = _check_code(device, token)
        if result is CodeCheck.ACCEPTED:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_record(by=user, action="auth.second_factor_enrolled", target=user)
    return result


def second_factor_reset(*, by: User, user: User) -> None:
    """Remove a person's second factor (a lost phone); they enrol again at next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(by=by, action="auth.second_factor_reset", target=user)


def second_factor_verify(*, user: User, device: TOTPDevice, token: str) -> CodeCheck:
    """Check a sign-in code; every attempt, right or wrong, is in the audit trail."""
    if device.user_id != user.pk:
        return CodeCheck.WRONG
    with transaction.atomic():
        result = _check_code(device, token)
        audit_record(
            by=user,
            action="auth.second_factor_verified"
            if result is CodeCheck.ACCEPTED
            else "auth.second_factor_failed",
            target=user,
            detail={} if result is CodeCheck.ACCEPTED else {"reason": str(result)},
        )
    return result
