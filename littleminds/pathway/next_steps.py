"""What to do next, for each route the navigator gives: never a dead end.

Each route becomes one or more buttons: a practitioner's referral opens the platform's own
referral form, which carries the answers over (signing in first), and a family's
self-referral the platform's self-referral, each named after the service that will receive
it (its intake's, `receiving.py`); another service's referral is that service's own way in,
never the platform's form; a practitioner's consultation opens the platform's booking of a
consultation with the receiving service's team (`/consultations/book/?from=navigator`, which
carries the worries over), or else the matching service's own way in; urgent help is a
call; signposting opens the services' pages. Every answer also offers a search of the
directory with the family's age and postcode already filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from littleminds.core.dates import age_in_months
from littleminds.core.phones import phone_shown
from littleminds.directory.models import AccessMethod, Service
from littleminds.pathway.engine import Answers, Decision, Route
from littleminds.pathway.receiving import Receiving


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    hint: str = ""
    # Whether the hint is the service's own words (its way in's instructions, its summary),
    # written by its managers in English rather than taken from the catalogues.
    hint_written: bool = False


# The way into a service that each route asks for, by who is asking.
_ACCESS_FOR = {
    (Route.LMM_REFERRAL, "practitioner"): AccessMethod.PRACTITIONER_REFERRAL,
    (Route.LMM_REFERRAL, "parent"): AccessMethod.SELF_REFERRAL,
    (Route.LMM_CONSULTATION, "practitioner"): AccessMethod.CONSULTATION,
    (Route.LMM_CONSULTATION, "parent"): AccessMethod.SELF_REFERRAL,
}


# The ways in that the platform's own forms take over, carrying the navigator's answers: a
# practitioner's referral (signing in first) and a family's self-referral.
_IN_PLATFORM = {
    AccessMethod.PRACTITIONER_REFERRAL: "referrals:start",
    AccessMethod.SELF_REFERRAL: "self_referral:start",
}


# A practitioner's consultation with the receiving service's team: booked in the platform,
# carrying the navigator's worries over. Not a form the intake's words speak of (those are
# about referrals), so the service's card keeps the directory's words for it.
_BOOKED_IN_PLATFORM = {AccessMethod.CONSULTATION: "consultations:book"}


def _in_platform_url(method: AccessMethod) -> str | None:
    name = _IN_PLATFORM.get(method)
    if name is None:
        return None
    url = reverse(name)
    # The practitioner's form fills in what the navigator was told (DOMAIN.md §7).
    return f"{url}?from=navigator" if method is AccessMethod.PRACTITIONER_REFERRAL else url


def taken_over(decision: Decision, answers: Answers) -> str:
    """The way in that the platform's own form takes over for this answer ("" for none):
    the receiving service's card gives its intake's words for it."""
    for route in (decision.route, *decision.also):
        method = _ACCESS_FOR.get((route, answers.asker))
        if method is not None and method in _IN_PLATFORM:
            return str(method)
    return ""


def what_happens_next(receiver: Receiving) -> str:
    """The receiving team's usual time to a decision and its number, as its intake says,
    in words ("" when the intake says neither)."""
    said = []
    if receiver.decision_days:
        said.append(
            ngettext(
                "The team usually decides within %(days)s working day.",
                "The team usually decides within %(days)s working days.",
                receiver.decision_days,
            )
            % {"days": receiver.decision_days}
        )
    if receiver.phone:
        said.append(
            _("To talk to the team, call %(phone)s.") % {"phone": phone_shown(receiver.phone)}
        )
    return " ".join(said)


def _access_step(
    route: Route, asker: str, services: list[Service], receiver: Receiving | None
) -> NextStep | None:
    """The button for the route's way in. The platform's own form is offered only for the
    service that will receive what it sends (`receiver`), and named after it; any other
    service's way in is its own (its web address, or its page, which says how)."""
    method = _ACCESS_FOR.get((route, asker))
    if method is None:
        return None
    texts = {
        AccessMethod.PRACTITIONER_REFERRAL: _("Start a referral to %(name)s"),
        AccessMethod.SELF_REFERRAL: _("Refer yourself to %(name)s"),
        AccessMethod.CONSULTATION: _("Request a consultation with %(name)s"),
    }
    if receiver is not None and method in _BOOKED_IN_PLATFORM:
        return NextStep(
            texts[method] % {"name": receiver.service.name},
            f"{reverse(_BOOKED_IN_PLATFORM[method])}?from=navigator",
            _("Choose a time from the team's free consultation slots. You sign in first."),
        )
    in_platform = _in_platform_url(method)
    if receiver is not None and in_platform is not None:
        # What the family is told of the team's time to a decision and its number is the
        # intake's (as on the self-referral's pages and messages), never the directory's
        # words for the service's own way in, which may say otherwise.
        return NextStep(
            texts[method] % {"name": receiver.service.name},
            in_platform,
            what_happens_next(receiver),
        )
    # The receiving service's own ways in come first: the route is about it.
    candidates = [receiver.service, *services] if receiver is not None else services
    for service in candidates:
        for way in service.access.all():
            if way.method != method:
                continue
            url = way.url or reverse("directory:service", kwargs={"code": service.code})
            return NextStep(
                texts[method] % {"name": service.name}, url, way.instructions, hint_written=True
            )
    return None


def next_steps(
    decision: Decision,
    answers: Answers,
    postcode: str,
    services: list[Service],
    *,
    receiver: Receiving | None = None,
) -> list[NextStep]:
    """The buttons under the answer, most important first. `receiver` is the service that a
    referral through the platform's forms would go to (`selectors.receiving_for`): with
    none, the platform's forms are not offered."""
    steps: list[NextStep] = []
    if decision.route is Route.URGENT:
        steps.append(
            NextStep(
                _("Call 999 if someone is in danger now"),
                "tel:999",
                _("Or go to A&E."),
            )
        )
        steps.append(
            NextStep(
                _("Call NHS 111 and choose the mental health option"),
                "tel:111",
                _("For urgent help with mental health that is not an emergency."),
            )
        )
    for route in (decision.route, *decision.also):
        step = _access_step(route, answers.asker, services, receiver)
        if step is not None and step not in steps:
            steps.append(step)
    if decision.route in (Route.SIGNPOST, Route.UNIVERSAL) and services:
        # The receiving service, listed first, has its own button already.
        others = [
            service for service in services if receiver is None or service != receiver.service
        ]
        first = (others or services)[0]
        steps.append(
            NextStep(
                _("Open %(name)s") % {"name": first.name},
                reverse("directory:service", kwargs={"code": first.code}),
                first.summary,
                hint_written=True,
            )
        )
    steps.append(
        NextStep(
            _("Search for other services near the family"),
            directory_search_url(answers, postcode),
        )
    )
    return steps


def directory_search_url(answers: Answers, postcode: str) -> str:
    query: dict[str, str] = {"postcode": postcode}
    if answers.pregnant:
        query["pregnant"] = "on"
    elif answers.child_date_of_birth is not None:
        query["age_months"] = str(age_in_months(answers.child_date_of_birth, answers.on_date))
    return f"{reverse('directory:search')}?{urlencode(query)}"
