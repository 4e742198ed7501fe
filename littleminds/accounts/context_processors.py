from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.roles import Permission
from littleminds.accounts.selectors import session_remaining_seconds


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    # A piece of work of a role (shown as a card on "Your work"), not a page everyone has.
    task: bool


# The header navigation, declared once: each item shows only to people who hold its
# permission (None: everyone signed in). Later apps add their items here.
_NAVIGATION: list[tuple[Any, str, Permission | None]] = [
    (_("Your work"), "accounts:dashboard", None),
    (_("Find support"), "directory:search", None),
    (_("Navigator"), "pathway:start", None),
    (_("Your referrals"), "referrals:mine", Permission.REFERRALS_CREATE),
    (_("Triage"), "triage:queue", Permission.REFERRALS_TRIAGE),
    (_("Cases"), "casework:mine", Permission.CASES_VIEW),
    (_("Consultations"), "consultations:home", Permission.CONSULTATIONS_VIEW),
    (_("Training"), "training:finder", None),
    (_("Manage training"), "training:manage", Permission.TRAINING_MANAGE),
    (_("Community"), "community:home", Permission.COMMUNITY_VIEW),
    # The team's own figures, or those of the teams one's commissioning body funds: one
    # item, however many of the two a person holds.
    (_("Insights"), "insights:home", Permission.INSIGHTS_VIEW),
    (_("Insights"), "insights:home", Permission.INSIGHTS_COMMISSIONED),
    # The evaluation workbench: researchers work in it; managers see their teams' studies.
    (_("Evaluation"), "evaluation:home", Permission.EVALUATION_WORK),
    (_("Evaluation"), "evaluation:home", Permission.EVALUATION_OVERVIEW),
    (_("Intakes"), "intakes:list", Permission.INTAKES_MANAGE),
    (_("Directory"), "directory:manage", Permission.DIRECTORY_MANAGE),
    (_("Navigator rules"), "pathway:rules", Permission.PATHWAY_MANAGE),
    (_("People"), "accounts:people", Permission.PEOPLE_MANAGE),
    (_("Teams"), "accounts:teams", Permission.TEAMS_MANAGE),
    (_("Audit trail"), "audit:search", Permission.AUDIT_VIEW),
    (_("Notifications"), "notifications:list", Permission.NOTIFICATIONS_VIEW),
    (_("Your account"), "accounts:account", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation": navigation_for(request)}


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """The figures of the warning before an idle session ends (accounts/session_timeout.html,
    drawn on signed-in pages only). The seconds left are a function, which the template calls
    only when it draws the warning."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_remaining_seconds": lambda: session_remaining_seconds(session=request.session),
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }


def navigation_for(request: HttpRequest) -> list[NavItem]:
    """The header navigation for the person signed in (none for a visitor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    visible: list[tuple[Any, str, Permission | None]] = []
    for label, url_name, permission in _NAVIGATION:
        url = reverse(url_name)
        if (permission is None or user.has_perm(permission)) and all(
            url != seen for _l, seen, _p in visible
        ):
            visible.append((label, url, permission))
    # The page is under the longest matching address ("/directory/manage/" is Directory,
    # not Find support at "/directory/").
    matching = [url for _label, url, _p in visible if request.path.startswith(url)]
    current = max(matching, key=len, default=None)
    return [
        NavItem(str(label), url, url == current, permission is not None)
        for label, url, permission in visible
    ]
