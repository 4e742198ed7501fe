from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from littleminds.accounts import selectors, services
from littleminds.accounts.context_processors import navigation_for
from littleminds.accounts.decorators import permission_required
from littleminds.accounts.forms import (
    ChangePasswordForm,
    DeactivateForm,
    InviteForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    PeopleSearchForm,
    RolesForm,
    SignInForm,
    TeamForm,
    TokenForm,
)
from littleminds.accounts.models import User
from littleminds.accounts.roles import ROLES, Permission, Role
from littleminds.accounts.work import work_for
from littleminds.core.decorators import public
from littleminds.core.listing import filtered_listing


def _next_url(request: HttpRequest, default: str = "accounts:dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _second_factor_step(request: HttpRequest, user: User) -> str | None:
    """Where a person must go before the page they asked for, if anywhere."""
    if not (settings.REQUIRE_2FA and user.needs_second_factor):
        return None
    name = selectors.second_factor_page(user=user)
    return f"{reverse(name)}?next={_next_url(request)}"


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # `email=`, the user model's own field, is the name under which django-axes finds
        # the account in the credentials (`AXES_USERNAME_CALLABLE`); under `username=` it
        # found none, and counted every failure against one empty account.
        user = authenticate(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            # The same words whether the address or the password was wrong, so the form
            # cannot be used to find out who has an account.
            form.add_error(
                None,
                _("Enter a correct email address and password. The password is case-sensitive."),
            )
        else:
            assert isinstance(user, User)
            login(request, user, backend="littleminds.accounts.backends.EmailBackend")
            services.session_started(user=user)
            return redirect(_second_factor_step(request, user) or _next_url(request))
    timed_out = request.GET.get("reason") == "timeout"
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "timed_out": timed_out},
    )


def locked_out(request: HttpRequest, original_response: Any, credentials: Any) -> HttpResponse:
    """django-axes calls this when an account or address has failed too many sign-ins."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    reason = "timeout" if request.POST.get("reason") == "timeout" else "signed_out"
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        services.session_ended(user=request.user, reason=reason)
    logout(request)
    if reason == "timeout":
        return redirect(f"{reverse('accounts:sign-in')}?reason=timeout")
    messages.success(request, _("You have signed out."))
    return redirect("core:home")


@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """The session-timeout warning's "Stay signed in": renews the session whenever the last
    renewal was, so that it has its whole idle time again (ADR 0061)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    services.session_renew(session=request.session, always=True)
    return HttpResponse(status=204)


def _code_error(result: services.CodeCheck) -> str:
    if result is services.CodeCheck.TOO_SOON:
        return _("Too many codes were not correct. Wait a minute, then enter the newest code")
    return _("The security code is not correct. Check the app and try the newest code")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    # Someone who has only the password must not be able to replace an enrolled device.
    if selectors.second_factor_device(user=user) and not user.second_factor_passed():
        return redirect(f"{reverse('accounts:two-factor-verify')}?next={_next_url(request)}")
    device = services.second_factor_enrolment_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_confirm(
            user=user, device=device, token=form.cleaned_data["code"]
        )
        if result is services.CodeCheck.ACCEPTED:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect(_next_url(request))
        form.add_error("code", _code_error(result))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": image.to_string(encoding="unicode"),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    device = selectors.second_factor_device(user=user)
    if device is None:
        return redirect(f"{reverse('accounts:two-factor-enrol')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_verify(
            user=user, device=device, token=form.cleaned_data["code"]
        )
        if result is services.CodeCheck.ACCEPTED:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _code_error(result))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@public
@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_request_password_reset_soon(email=form.cleaned_data["email"])
        return render(
            request, "accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/password_forgotten.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, code: UUID, token: str) -> HttpResponse:
    """Choose a password from an invitation or a reset link. The link works once: setting
    the password changes what its token was made from."""
    user = selectors.person_for_password_link(code=code)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/set_password_invalid.html", status=404)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(user=user, password=form.cleaned_data["new_password"])
        messages.success(request, _("Your password is set. You can now sign in."))
        return redirect("accounts:sign-in")
    return render(request, "accounts/set_password.html", {"form": form, "person": user})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ChangePasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(user=user, password=form.cleaned_data["new_password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a signed-in person lands: the work of their roles."""
    user = request.user
    assert isinstance(user, User)
    teams = [
        (team, selectors.team_members(team=team)) for team in user.teams_with(Permission.TEAM_VIEW)
    ]
    roles = [(assignment, ROLES[Role(assignment.role)]) for assignment in user.role_assignments()]
    tasks = [item for item in navigation_for(request) if item.task]
    return render(
        request,
        "accounts/dashboard.html",
        {"teams": teams, "roles": roles, "tasks": tasks, "work": work_for(user)},
    )


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "accounts/account.html",
        {
            "device": selectors.second_factor_device(user=user),
            "roles": user.role_assignments(),
        },
    )


@permission_required(Permission.PEOPLE_MANAGE)
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    listing = filtered_listing(
        request, PeopleSearchForm, lambda **filters: selectors.people_search(by=user, **filters)
    )
    return render(request, "accounts/people.html", listing.context())


@permission_required(Permission.PEOPLE_MANAGE)
@require_http_methods(["GET", "POST"])
def person_invite(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    teams = selectors.teams_for_granting(by=user)
    form = InviteForm(request.POST or None, by=user, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.user_invite(
                by=user,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                roles=data["roles"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
            return redirect("accounts:person", code=person.code)
    return render(request, "accounts/person_invite.html", {"form": form})


@permission_required(Permission.PEOPLE_MANAGE)
@require_GET
def person(request: HttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = selectors.person_get(by=user, code=code)
    return render(
        request,
        "accounts/person.html",
        {"person": person, "device": selectors.second_factor_device(user=person)},
    )


@permission_required(Permission.PEOPLE_MANAGE)
@require_http_methods(["GET", "POST"])
def person_roles(request: HttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = selectors.person_get(by=user, code=code)
    teams = selectors.teams_for_granting(by=user)
    form = RolesForm(request.POST or None, by=user, person=person, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_roles(by=user, user=person, roles=form.cleaned_data["roles"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Roles updated."))
            return redirect("accounts:person", code=person.code)
    return render(request, "accounts/person_roles.html", {"form": form, "person": person})


@permission_required(Permission.PEOPLE_MANAGE)
@require_http_methods(["GET", "POST"])
def person_deactivate(request: HttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = selectors.person_get(by=user, code=code)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_deactivate(by=user, user=person, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account is deactivated. They can no longer sign in."))
            return redirect("accounts:person", code=person.code)
    return render(request, "accounts/person_deactivate.html", {"form": form, "person": person})


@permission_required(Permission.PEOPLE_MANAGE)
@require_POST
def person_reactivate(request: HttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = selectors.person_get(by=user, code=code)
    try:
        services.user_reactivate(by=user, user=person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The account is active again."))
    return redirect("accounts:person", code=person.code)


@permission_required(Permission.PEOPLE_MANAGE)
@require_POST
def person_second_factor_reset(request: HttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = selectors.person_get(by=user, code=code)
    services.second_factor_reset(by=user, user=person)
    messages.success(
        request, _("Two-factor sign-in is reset. They will set it up again when they next sign in.")
    )
    return redirect("accounts:person", code=person.code)


@permission_required(Permission.TEAMS_MANAGE)
@require_GET
def teams(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/teams.html", {"teams": selectors.teams_overview()})


@permission_required(Permission.TEAMS_MANAGE)
@require_http_methods(["GET", "POST"])
def team_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_set_up(
                by=user,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                new_organisation=form.cleaned_data["new_organisation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(team)s is set up.") % {"team": team.name})
            return redirect("accounts:teams")
    return render(request, "accounts/team_new.html", {"form": form})
