"""This part of casework's pages: a clinician's week (their contacts Monday to Sunday) and
their private calendar feed behind a secret link they can reset (fetched by calendar apps
with no session: the secret is the only key, and a wrong or reset one gets 404); the
family's people and babies; and a case opened without a referral."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.casework import calendar, selectors, selectors_week, services, services_week
from littleminds.casework.forms_week import BabyForm, NewCaseForm, PersonForm
from littleminds.casework.models import Case
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.referrals import eligibility


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _monday(request: HttpRequest) -> date:
    """The Monday of the week asked for (`?week=2026-12-07`, any day of it), else this one."""
    asked = request.GET.get("week", "")
    try:
        day = date.fromisoformat(asked) if asked else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2099:  # no week of contacts lies outside; 9999 has no next
        day = timezone.localdate()
    return selectors_week.monday_of(day)


@permission_required(Permission.CASES_VIEW)
@require_GET
def week(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    shown = selectors_week.week_of(by=user, monday=_monday(request))
    # The secret is shown once, just after it is made (it is kept nowhere else).
    secret = request.session.pop("calendar_feed_secret", "")
    feed_url = (
        request.build_absolute_uri(reverse("casework:week-feed", kwargs={"secret": secret}))
        if secret
        else ""
    )
    return render(
        request,
        "casework/week.html",
        {
            "week": shown,
            "today": timezone.localdate(),
            "now": timezone.now(),
            "this_monday": selectors_week.monday_of(timezone.localdate()),
            "feed_url": feed_url,
        },
    )


@permission_required(Permission.CASES_VIEW)
@require_http_methods(["GET", "POST"])
def feed_reset(request: HttpRequest) -> HttpResponse:
    """Make the calendar link, or a new one in place of the old (asks first)."""
    user = _person(request)
    if request.method == "POST":
        secret = services_week.calendar_feed_reset(by=user)
        request.session["calendar_feed_secret"] = secret
        messages.success(request, _("Your calendar link is ready. Copy it now: it is shown once."))
        return redirect(reverse("casework:week") + "#calendar")
    return render(
        request,
        "casework/week_feed_reset.html",
        {"feed_made": selectors_week.feed_made(user)},
    )


@public
@rate_limited("calendar_feed", methods=("GET", "HEAD"))
@never_cache
@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    contacts = selectors_week.feed_contacts(secret=secret)
    body = calendar.feed(contacts, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="little-minds.ics"'
    return response


# The family's people and babies --------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _family_url(found: Case) -> str:
    return reverse("casework:case", kwargs={"code": found.code}) + "#family"


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    form = PersonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services_week.person_add(by=user, case=found, **form.values())
        messages.success(request, _("The person is added to the family."))
        return redirect(_family_url(found))
    return render(request, "casework/person.html", {"case": found, "form": form, "person": None})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def person_change(request: HttpRequest, code: UUID, person: UUID) -> HttpResponse:
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    chosen = selectors_week.person_for_case(case=found, code=person)
    form = PersonForm(_posted(request), initial=PersonForm.initial_from(chosen))
    if request.method == "POST" and form.is_valid():
        services_week.person_change(by=user, person=chosen, **form.values())
        messages.success(request, _("The person's details are saved."))
        return redirect(_family_url(found))
    return render(request, "casework/person.html", {"case": found, "form": form, "person": chosen})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def baby_add(request: HttpRequest, code: UUID) -> HttpResponse:
    """Another baby on the case: a twin, or a baby born while the case is open."""
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    if not found.is_open:
        messages.error(request, _("The case is closed: nothing can be added to it."))
        return redirect("casework:case", code=found.code)
    form = BabyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_week.baby_add(by=user, case=found, **form.baby())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The baby is added to the family."))
            return redirect(_family_url(found))
    return render(request, "casework/baby_add.html", {"case": found, "form": form})


# A case without a referral ---------------------------------------------------------------


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case for a family met without a referral (at a group, say): the same checks as
    a referral (age and area on the day, with what could help instead when the service
    cannot see them), and the family's open case offered first."""
    user = _person(request)
    form = NewCaseForm(_posted(request), by=user)
    context: dict[str, Any] = {"form": form, "matches": [], "result": None}
    if request.method == "POST" and form.is_valid():
        baby = form.baby()
        postcode = form.cleaned_data["postcode"]
        result = eligibility.check(
            eligibility.Family(
                unborn=baby["unborn"],
                expected_delivery_date=baby["due_date"],
                child_date_of_birth=baby["date_of_birth"],
                postcode=postcode,
                on=timezone.localdate(),
                concerns=tuple(form.cleaned_data["worries"]),
            )
        )
        teams = user.teams_with(Permission.CASES_EDIT)
        if result.eligible and result.intake is not None and result.intake.team not in teams:
            result.problems["postcode"] = _(
                "%(postcode)s is in the area of another team, %(team)s: refer the family there."
            ) % {"postcode": str(postcode), "team": result.intake.team.name}
        if not result.eligible or result.problems:
            context["result"] = result
            return render(request, "casework/case_new.html", context, status=200)
        assert result.intake is not None
        team = result.intake.team
        matches = selectors.matching_open_cases_for(
            team_id=team.pk,
            nhs_number=baby["nhs_number"],
            postcode=str(postcode),
            unborn=baby["unborn"],
            date_of_birth=baby["date_of_birth"],
            due_date=baby["due_date"],
        )
        if matches and request.POST.get("different") != "yes":
            context["matches"] = matches
            return render(request, "casework/case_new.html", context)
        try:
            case = services_week.case_open_without_referral(
                by=user,
                team=team,
                lead=form.chosen_lead(),
                baby=baby,
                parent=form.parent(),
                postcode=str(postcode),
                worries=form.cleaned_data["worries"],
                worries_detail=form.cleaned_data["worries_detail"],
            )
        except services.NotAllowed:
            form.add_error("lead", _("Choose one of the clinicians of %(team)s") % {"team": team})
        else:
            messages.success(request, _("The case is open."))
            return redirect("casework:case", code=case.code)
    return render(request, "casework/case_new.html", context)
