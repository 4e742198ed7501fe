from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from littleminds.accounts import services
from littleminds.accounts.models import User
from littleminds.accounts.selectors import second_factor_page
from littleminds.core.decorators import is_public

# Pages a person may open after the password step but before the second factor.
_ALLOWED_NAMES = {
    "accounts:two-factor-enrol",
    "accounts:two-factor-verify",
    "accounts:sign-out",
    "accounts:session-extend",
}


class SecondFactorMiddleware:
    """When the instance requires it, people whose roles reach personal data must enrol a
    TOTP device and use it at each sign-in before they can open any other signed-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and isinstance(user, User)
            and user.needs_second_factor
            and not user.second_factor_passed()
            and not self._allowed(request)
        ):
            if request.path.startswith("/api/"):
                # The API's one shape for refusals (ADR 0021).
                message = _("Sign in again with your second factor to use the API")
                return JsonResponse({"errors": {"__all__": message}}, status=401)
            name = second_factor_page(user=user)
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in _ALLOWED_NAMES or is_public(match.func)


class SessionRenewalMiddleware:
    """Renews a signed-in session's idle timeout at most once every SESSION_RENEW_SECONDS,
    rather than saving the session on every request (ADR 0061). It renews before the view,
    so the page's session-timeout warning counts from the renewal, and records the time
    after it too when the request changed the session (signing in, for one), since the
    session is saved then all the same. Anonymous sessions are left alone: they are saved
    only when something is put in them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._signed_in(request):
            services.session_renew(session=request.session)
        response = self.get_response(request)
        if request.session.modified and self._signed_in(request):
            services.session_renew(session=request.session)
        return response

    @staticmethod
    def _signed_in(request: HttpRequest) -> bool:
        # The session too: renewing must never make a session for a request that has none
        # (were anything but the session ever to set request.user).
        return request.user.is_authenticated and SESSION_KEY in request.session
