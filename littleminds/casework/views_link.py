"""Questionnaire links (ADR 0025). The team's pages to make and withdraw a link (the team's
clinicians and managers only; everyone else gets 404), and the family's public page at
/questionnaire/<token>/: no sign-in, rate-limited, not indexed, never stored by the browser,
and nothing about the family on it."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.roles import Permission
from littleminds.casework import selectors_link, services, services_link
from littleminds.casework.forms_link import LinkForm, QuestionnaireForm
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.views import _case_to_edit, _closed, _posted
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.measures.scoring import InvalidAnswers
from littleminds.measures.wording import wording_of


def _measures_url(code: UUID) -> str:
    return reverse("casework:case", kwargs={"code": code}) + "#questionnaire-links"


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def link_new(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    form = LinkForm(
        _posted(request),
        people=list(found.people.all()),
        waiting=selectors_link.waiting_links_for_case(found),
    )
    if request.method == "POST" and form.is_valid():
        person = form.chosen_person()
        assert person is not None
        try:
            made = services_link.link_create(
                by=user,
                case=found,
                measure=form.cleaned_data["measure"],
                answerer=person,
                language=form.cleaned_data["language"],
                send_by=form.cleaned_data["send_by"],
                replace_waiting=form.cleaned_data.get("replace_waiting", False),
            )
        except services_link.LinkStillWaiting as still:
            # Made meanwhile, by someone else: the form says so, with the box to tick.
            form = LinkForm(
                request.POST,
                people=list(found.people.all()),
                waiting=selectors_link.waiting_links_for_case(found),
            )
            if form.is_valid():
                form.refuse_waiting(still.link)
        except services.NotAllowed:
            messages.error(request, _("Nothing was made: the case changed meanwhile."))
            return redirect(_measures_url(found.code))
        else:
            # The address waits in the session for the one page that shows it, so that
            # reloading that page makes no second link; the page takes it out of the session
            # as it shows it.
            request.session[_made_key(made.link.code)] = made.url
            return redirect("casework:link-made", code=found.code, questionnaire=made.link.code)
    return render(request, "casework/link_new.html", {"case": found, "form": form})


def _made_key(questionnaire: UUID) -> str:
    return f"questionnaire-link-made:{questionnaire}"


@permission_required(Permission.CASES_EDIT)
@never_cache
@require_http_methods(["GET"])
def link_made(request: HttpRequest, code: UUID, questionnaire: UUID) -> HttpResponse:
    """The new link, shown once: a second visit says it was shown and cannot be again."""
    _, found = _case_to_edit(request, code)
    link = selectors_link.link_for_case(case=found, code=questionnaire)
    url = request.session.pop(_made_key(link.code), "")
    return render(
        request,
        "casework/link_made.html",
        {
            "case": found,
            "made": services_link.MadeLink(link=link, url=url),
            "person": link.answerer,
        },
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def link_withdraw(request: HttpRequest, code: UUID, questionnaire: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    link = selectors_link.link_for_case(case=found, code=questionnaire)
    if link.state != QuestionnaireLink.State.WAITING:
        messages.error(request, _("This link is not waiting any more: nothing to withdraw."))
        return redirect(_measures_url(found.code))
    if request.method == "POST":
        try:
            services_link.link_withdraw(by=user, link=link)
        except services.NotAllowed:
            messages.error(request, _("This link is not waiting any more: nothing to withdraw."))
        else:
            messages.success(request, _("The link is withdrawn: it no longer works."))
        return redirect(_measures_url(found.code))
    return render(request, "casework/link_withdraw.html", {"case": found, "link": link})


# The family's page -------------------------------------------------------------------------


def _family_page(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    # Not for search engines, even should a link be posted somewhere public.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@public
@never_cache
@rate_limited("questionnaire", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors_link.link_by_token(key)
    if found is None:
        raise Http404
    # The link's language, unless the family chose another with the language switch.
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        language = services_link.language_code(found.language)
        translation.activate(language)
        request.LANGUAGE_CODE = language
    if found.state != QuestionnaireLink.State.WAITING:
        return _unavailable(request, found.state)
    wording = wording_of(found.measure)
    form = QuestionnaireForm(_posted(request), wording=wording)
    if request.method == "POST" and form.is_valid():
        try:
            administration = services_link.link_answer(token=key, items=form.items)
        except services_link.LinkUnknown:
            raise Http404 from None
        except services_link.LinkUnavailable as unavailable:
            return _unavailable(request, unavailable.state)
        except (InvalidAnswers, services.NotAllowed):
            # Cannot happen with a valid form; the family is told nothing was saved.
            form.add_error(None, _("Your answers have not been sent. Try again."))
        else:
            return _family_page(
                request, "casework/questionnaire/thanks.html", {"risk": bool(administration.risk)}
            )
    return _family_page(
        request,
        "casework/questionnaire/form.html",
        {"form": form, "wording": wording},
        status=400 if form.errors else 200,
    )


def _unavailable(request: HttpRequest, state: QuestionnaireLink.State) -> HttpResponse:
    return _family_page(
        request, "casework/questionnaire/unavailable.html", {"state": state.value}, status=410
    )
