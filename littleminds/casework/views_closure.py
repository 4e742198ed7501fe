"""Closing a case, its letters (a page that prints, and a PDF), reopening it, and
destroying a case's records after their retention date (service managers, confirmed twice).
The practitioner a letter was sent to reads it from their referral's page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.roles import Permission
from littleminds.casework import selectors, selectors_closure, services, services_closure
from littleminds.casework.forms_closure import CloseForm, DestroyForm, ReopenForm
from littleminds.casework.models_closure import ClosingLetter
from littleminds.casework.views import _case_to_edit, _person, _posted


def _case_url(code: Any, anchor: str = "") -> str:
    return reverse("casework:case", kwargs={"code": code}) + anchor


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        messages.info(request, _("The case is already closed."))
        return redirect(_case_url(found.code, "#closing"))
    still_open = selectors_closure.closing_loose_ends(found)
    form = CloseForm(_posted(request), confirm=still_open.to_confirm)
    # While a risk task is open the case is not closed: the page says so and offers no form.
    if request.method == "POST" and not still_open.risk_tasks and form.is_valid():
        try:
            services_closure.case_close(by=user, case=found, **form.cleaned_data)
        except services.NotAllowed:
            messages.error(
                request, _("Nothing was changed: the case was closed or changed meanwhile.")
            )
        except ValidationError:
            # Something opened on the case since the page was drawn: it lists it now.
            messages.error(request, _("Nothing was changed: check what is still open."))
            return redirect("casework:close", code=found.code)
        else:
            messages.success(request, _("The case is closed. Its letters are ready to send."))
        return redirect(_case_url(found.code, "#letters"))
    return render(
        request,
        "casework/close.html",
        {
            "case": found,
            "form": form,
            "still_open": still_open,
            "measures": selectors_closure.closing_measures(found, user),
        },
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, code: UUID) -> HttpResponse:
    """Reopen a case closed 3 months ago or less; after that, the page says a new case
    starts."""
    user, found = _case_to_edit(request, code)
    section = selectors_closure.closure_section(found, user)
    if found.is_open or section["closure"] is None:
        return redirect(_case_url(found.code))
    form = ReopenForm(_posted(request))
    if section["may_reopen"] and request.method == "POST" and form.is_valid():
        try:
            services_closure.case_reopen(by=user, case=found, reason=form.cleaned_data["reason"])
        except (services.NotAllowed, ValidationError):
            messages.error(request, _("Nothing was changed: the case can no longer be reopened."))
        else:
            messages.success(request, _("The case is open again."))
        return redirect(_case_url(found.code))
    return render(request, "casework/reopen.html", {"case": found, "form": form, **section})


def _letter_context(letter: ClosingLetter) -> dict[str, Any]:
    closure = letter.closure
    return {"letter": letter, "closure": closure, "team": closure.case.team}


def _pdf(request: HttpRequest, letter: ClosingLetter) -> HttpResponse:
    # Imported here: WeasyPrint loads its fonts and libraries when first imported, which
    # only the letters' PDFs need.
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("casework/letter_pdf.html", _letter_context(letter), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="closing-letter-{letter.code}.pdf"'
    return response


@permission_required(Permission.CASES_VIEW)
@require_GET
def letter(request: HttpRequest, code: UUID, letter: UUID) -> HttpResponse:
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    shown = selectors_closure.letter_for_team(by=user, case=found, code=letter)
    pdf_url = reverse("casework:letter-pdf", kwargs={"code": found.code, "letter": shown.code})
    return render(
        request,
        "casework/letter.html",
        {
            **_letter_context(shown),
            "case": found,
            "pdf_url": pdf_url,
            "back_url": _case_url(found.code, "#letters"),
        },
    )


@permission_required(Permission.CASES_VIEW)
@require_GET
def letter_pdf(request: HttpRequest, code: UUID, letter: UUID) -> HttpResponse:
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    return _pdf(request, selectors_closure.letter_for_team(by=user, case=found, code=letter))


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def referrer_letter(request: HttpRequest, letter: UUID) -> HttpResponse:
    """The closing letter sent to the practitioner who referred: the letter, nothing else
    of the case."""
    shown = selectors_closure.letter_for_referrer(by=_person(request), code=letter)
    back = (
        reverse("referrals:referral", kwargs={"code": shown.referral.code})
        if shown.referral
        else reverse("referrals:mine")
    )
    return render(
        request,
        "casework/letter.html",
        {
            **_letter_context(shown),
            "case": None,
            "pdf_url": reverse("casework:referrer-letter-pdf", kwargs={"letter": shown.code}),
            "back_url": back,
        },
    )


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def referrer_letter_pdf(request: HttpRequest, letter: UUID) -> HttpResponse:
    return _pdf(request, selectors_closure.letter_for_referrer(by=_person(request), code=letter))


@permission_required(Permission.CASES_DESTROY)
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    """The team's closed cases past their retention date, and the cases destroyed."""
    user = _person(request)
    return render(
        request,
        "casework/retention.html",
        {
            "due": list(selectors_closure.retention_due_for(user)[:200]),
            "destroyed": [
                (
                    record,
                    [(selectors_closure.kind_in_words(k), n) for k, n in record.counts.items()],
                )
                for record in selectors_closure.destroyed_for(user)[:200]
            ],
        },
    )


@permission_required(Permission.CASES_DESTROY)
@require_GET
def destroy(request: HttpRequest, code: UUID) -> HttpResponse:
    """The first confirmation: what destroying the case removes, for ever."""
    found, closure = selectors_closure.case_to_destroy(by=_person(request), code=code)
    return render(
        request,
        "casework/destroy.html",
        {"case": found, "closure": closure, "holdings": selectors_closure.holdings(found)},
    )


@permission_required(Permission.CASES_DESTROY)
@require_http_methods(["GET", "POST"])
def destroy_confirm(request: HttpRequest, code: UUID) -> HttpResponse:
    """The second confirmation: the manager types the case's code."""
    user = _person(request)
    found, closure = selectors_closure.case_to_destroy(by=user, code=code)
    form = DestroyForm(_posted(request), expected=str(found.code))
    if request.method == "POST" and form.is_valid():
        try:
            services_closure.case_destroy(
                by=user, case=found, confirm_code=form.cleaned_data["code"]
            )
        except services.NotAllowed:
            messages.error(request, _("Nothing was destroyed: the case has changed meanwhile."))
        else:
            messages.success(
                request, _("The case's records are destroyed. The record of it is kept below.")
            )
        return redirect("casework:retention")
    return render(
        request, "casework/destroy_confirm.html", {"case": found, "closure": closure, "form": form}
    )
