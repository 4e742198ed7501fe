"""Casework pages for the team's clinicians and managers: caseloads, opening a case from an
accepted referral, the case page, contacts, notes and allocation. Everyone else gets 404."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.casework import selectors, selectors_closure, selectors_records, services
from littleminds.casework.forms import (
    AddendumForm,
    BornForm,
    CaseloadForm,
    ClinicianForm,
    ContactPlanForm,
    ContactRecordForm,
    FromReferralForm,
    MyCaseloadForm,
    NoteForm,
    TeamCaseloadForm,
)
from littleminds.casework.models import Case
from littleminds.casework.rows import (
    CaseRow,
    case_summary,
    caseload_rows_html,
    contact_rows,
    event_rows,
    notes_with_addenda,
)
from littleminds.casework.selectors_care import care_page
from littleminds.core.listing import Listing, filtered_listing
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals.lifecycle import Status


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST (even an empty one: its errors are shown), else None."""
    return request.POST if request.method == "POST" else None


def _rows(page: Any) -> list[CaseRow]:
    today = timezone.localdate()
    now = timezone.now()
    return [CaseRow.of(case, today, now) for case in (page or ())]


def _drawn(page: Any, *, mine: bool) -> dict[str, Any]:
    """A caseload's rows, and their HTML (drawn in Python: ADR 0056)."""
    rows = _rows(page)
    return {"rows": rows, "drawn_rows": caseload_rows_html(rows, mine=mine)}


def _filtered_to(form: Any) -> list[str]:
    return form.filtered_to() if isinstance(form, CaseloadForm) else []


@permission_required(Permission.CASES_VIEW)
@require_GET
def caseload_mine(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    listing = filtered_listing(
        request, MyCaseloadForm, partial(selectors.caseload_mine, user), form_kwargs={"by": user}
    )
    return render(
        request,
        "casework/caseload.html",
        listing.context(
            **_drawn(listing.page, mine=True),
            mine=True,
            filtered_to=_filtered_to(listing.form),
            change_summary=_change_of(listing),
        ),
    )


def _change_of(listing: Listing) -> dict[str, selectors_records.CaseloadChange]:
    """The change table of the cases listed, over every page, with the caseload's filters
    (none when the search itself is wrong and nothing is listed)."""
    if listing.page is None:
        return {}
    listed = listing.page.paginator.object_list
    assert isinstance(listed, QuerySet)
    return selectors_records.caseload_change(listed)


@permission_required(Permission.CASES_VIEW)
@require_GET
def caseload_team(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    listing = filtered_listing(
        request,
        TeamCaseloadForm,
        partial(selectors.caseload_team, user),
        form_kwargs={"by": user},
    )
    return render(
        request,
        "casework/caseload.html",
        listing.context(
            **_drawn(listing.page, mine=False),
            mine=False,
            filtered_to=_filtered_to(listing.form),
            carrying=selectors.who_carries(user),
            teams=selectors.case_teams(user),
            change_summary=_change_of(listing),
        ),
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def from_referral(request: HttpRequest, reference: str) -> HttpResponse:
    """Where accepting a referral leads: open a case for the family, or add the referral
    to their open case when the same baby already has one (the clinician confirms)."""
    user = _person(request)
    referral = selectors.referral_to_open(by=user, reference=reference)
    existing = selectors.case_of_referral(referral)
    if existing is not None:
        return redirect("casework:case", code=existing.code)
    if referral.status != Status.ACCEPTED:
        messages.error(request, _("Only an accepted referral opens a case. Accept it first."))
        return redirect("triage:referral", code=referral.code)
    assert referral.team_id is not None
    matches = selectors.matching_open_cases(referral)
    form = FromReferralForm(_posted(request), matches=matches, team_id=referral.team_id)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_case()
        try:
            if chosen is not None:
                case = services.case_join_referral(by=user, referral=referral, case=chosen)
                messages.success(request, _("The referral is added to the family's case."))
            else:
                case = services.case_open_from_referral(
                    by=user, referral=referral, lead=form.chosen_lead()
                )
                messages.success(request, _("The case is open."))
        except services.NotAllowed:
            messages.error(
                request,
                _("Nothing was changed: someone may have opened a case for it meanwhile."),
            )
            return redirect("casework:from-referral", reference=referral.reference)
        return redirect("casework:case", code=case.code)
    return render(
        request,
        "casework/from_referral.html",
        {
            "form": form,
            "referral": referral,
            "matches": matches,
            "worries": [str(CONCERN_LABELS.get(c, c)) for c in referral.concerns or ()],
        },
    )


@permission_required(Permission.CASES_VIEW)
@require_GET
def case(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _person(request)
    found, notes = selectors.case_for_page(by=user, code=code)
    page = selectors.case_page(found, by=user, notes=notes)
    today = timezone.localdate()
    now = timezone.now()
    return render(
        request,
        "casework/case.html",
        {
            "case": found,
            "page": page,
            "summary": case_summary(page, today, now),
            "contacts": contact_rows(page.contacts, now),
            "notes": notes_with_addenda(page.notes),
            "events": event_rows(page.events),
            "may_edit": found.team in user.teams_with(Permission.CASES_EDIT),
            **selectors_closure.closure_section(found, user, page.sections),
            "care": care_page(found, by=user, present=page.sections),
            **selectors_records.records_context(found, by=user, present=page.sections),
        },
    )


def _case_list_context(
    request: HttpRequest, code: UUID, found_list: Any, per_page: int
) -> tuple[User, Case, Any, dict[str, Any]]:
    user = _person(request)
    found = selectors.case_for_team(by=user, code=code)
    page = Paginator(found_list(found), per_page).get_page(request.GET.get("page"))
    context = {
        "case": found,
        "page": page,
        "baby": found.babies.order_by("pk").values_list("name", flat=True).first() or "",
        "may_edit": found.team in user.teams_with(Permission.CASES_EDIT),
    }
    return user, found, page, context


@permission_required(Permission.CASES_VIEW)
@require_GET
def case_contacts(request: HttpRequest, code: UUID) -> HttpResponse:
    """All the case's contacts, newest first, 50 a page; `?state=not_recorded` lists only
    the past ones not recorded yet (any other value lists them all)."""
    state = "not_recorded" if request.GET.get("state") == "not_recorded" else ""
    _user, _found, page, context = _case_list_context(
        request,
        code,
        partial(selectors.case_contacts, state=state),
        selectors.ALL_CONTACTS_PER_PAGE,
    )
    return render(
        request,
        "casework/case_contacts.html",
        {
            **context,
            "contacts": contact_rows(list(reversed(page.object_list)), timezone.now()),
            "state": state,
            "query": f"state={state}" if state else "",
        },
    )


@permission_required(Permission.CASES_VIEW)
@require_GET
def case_notes(request: HttpRequest, code: UUID) -> HttpResponse:
    """All the case's notes with their addenda, newest first, 20 a page (each page's notes
    audited as read)."""
    user, found, page, context = _case_list_context(
        request, code, selectors.case_notes, selectors.ALL_NOTES_PER_PAGE
    )
    shown = selectors.case_notes_read(found, list(page.object_list), by=user)
    return render(
        request, "casework/case_notes.html", {**context, "notes": notes_with_addenda(shown)}
    )


@permission_required(Permission.CASES_VIEW)
@require_GET
def case_history(request: HttpRequest, code: UUID) -> HttpResponse:
    """The case's whole history, newest first, 50 a page."""
    _user, _found, page, context = _case_list_context(
        request, code, selectors.case_events, selectors.ALL_EVENTS_PER_PAGE
    )
    return render(
        request,
        "casework/case_history.html",
        {**context, "events": event_rows(list(reversed(page.object_list)))},
    )


def _case_to_edit(request: HttpRequest, code: UUID) -> tuple[User, Case]:
    user = _person(request)
    return user, selectors.case_for_team(by=user, code=code)


def _closed(request: HttpRequest, found: Case) -> HttpResponse:
    messages.error(request, _("The case is closed: nothing can be added to it."))
    return redirect("casework:case", code=found.code)


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def contact_plan(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    people = list(found.people.all())
    form = ContactPlanForm(_posted(request), case=found, people=people, by=user)
    if request.method == "POST" and form.is_valid():
        services.contact_plan(
            by=user,
            case=found,
            clinician=form.chosen_clinician(),
            starts_at=form.starts_at(),
            minutes=form.cleaned_data["minutes"],
            place=form.cleaned_data["place"],
            invited=form.chosen_invited(),
        )
        messages.success(request, _("The contact is planned."))
        return redirect(reverse("casework:case", kwargs={"code": found.code}) + "#contacts")
    return render(request, "casework/contact_plan.html", {"case": found, "form": form})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def contact_record(request: HttpRequest, code: UUID, contact: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    planned = selectors.contact_for_case(case=found, code=contact)
    case_url = reverse("casework:case", kwargs={"code": found.code}) + "#contacts"
    if planned.is_recorded:
        messages.error(request, _("This contact is already recorded."))
        return redirect(case_url)
    if timezone.localtime(planned.starts_at).date() > timezone.localdate():
        messages.error(request, _("A contact is recorded on its day or after it."))
        return redirect(case_url)
    people = list(found.people.all())
    form = ContactRecordForm(_posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_record(
                by=user,
                contact=planned,
                outcome=form.cleaned_data["outcome"],
                came=form.chosen_came(),
                note=form.cleaned_data["note"],
            )
        except services.NotAllowed:
            messages.error(request, _("Nothing was saved: the contact was recorded meanwhile."))
        else:
            messages.success(request, _("What happened is recorded."))
        return redirect(case_url)
    return render(
        request,
        "casework/contact_record.html",
        {"case": found, "contact": planned, "form": form},
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    form = NoteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.note_add(by=user, case=found, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved and signed."))
        return redirect(reverse("casework:case", kwargs={"code": found.code}) + "#notes")
    return render(request, "casework/note.html", {"case": found, "form": form, "note": None})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def addendum_add(request: HttpRequest, code: UUID, note: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    original = selectors.note_for_case(by=user, case=found, code=note)
    if original.addendum_to_id is not None:
        messages.error(request, _("Add an addendum to the note itself."))
        return redirect(reverse("casework:case", kwargs={"code": found.code}) + "#notes")
    form = AddendumForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.addendum_add(by=user, note=original, text=form.cleaned_data["text"])
        messages.success(request, _("The addendum is saved and signed."))
        return redirect(reverse("casework:case", kwargs={"code": found.code}) + "#notes")
    return render(request, "casework/note.html", {"case": found, "form": form, "note": original})


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def allocation(request: HttpRequest, code: UUID) -> HttpResponse:
    user, found = _case_to_edit(request, code)
    if not found.is_open:
        return _closed(request, found)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    lead_form = ClinicianForm(
        request.POST if action == "lead" else None,
        case=found,
        label=_("New lead clinician"),
        prefix="lead",
    )
    add_form = ClinicianForm(
        request.POST if action == "add" else None,
        case=found,
        label=_("Clinician to allocate"),
        prefix="add",
    )
    bound = lead_form if action == "lead" else add_form if action == "add" else None
    if bound is not None and bound.is_valid():
        try:
            if action == "lead":
                services.lead_change(by=user, case=found, clinician=bound.chosen())
                messages.success(request, _("The lead clinician is changed."))
            else:
                services.allocation_add(by=user, case=found, clinician=bound.chosen())
                messages.success(request, _("The clinician is allocated."))
        except services.NotAllowed:
            bound.add_error("clinician", _("That clinician is already allocated to the case"))
        else:
            return redirect(reverse("casework:case", kwargs={"code": found.code}) + "#allocation")
    current = selectors.current_allocations(found)
    return render(
        request,
        "casework/allocation.html",
        {
            "case": found,
            "lead": next((a for a in current if a.is_lead), None),
            "others": [a for a in current if not a.is_lead],
            "lead_form": lead_form,
            "add_form": add_form,
            "form": bound,
        },
    )


@permission_required(Permission.CASES_EDIT)
@require_http_methods(["GET", "POST"])
def baby_born(request: HttpRequest, code: UUID, baby: UUID) -> HttpResponse:
    """A baby who was due is born: the same record gets the date of birth."""
    user, found = _case_to_edit(request, code)
    chosen = selectors.baby_for_case(case=found, code=baby)
    case_url = reverse("casework:case", kwargs={"code": found.code}) + "#family"
    if not chosen.unborn or chosen.due_date is None:
        messages.error(request, _("The baby's date of birth is already recorded."))
        return redirect(case_url)
    form = BornForm(_posted(request), due=chosen.due_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.baby_born(by=user, baby=chosen, date_of_birth=form.cleaned_data["born"])
        except services.NotAllowed:
            messages.error(request, _("The baby's date of birth is already recorded."))
        else:
            messages.success(request, _("The date of birth is saved."))
        return redirect(case_url)
    return render(request, "casework/born.html", {"case": found, "baby": chosen, "form": form})
