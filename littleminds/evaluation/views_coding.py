"""Coding a transcript: the page with the text by segment and the reader's own codings in the
margin, applying codes to a passage (with a memo on it), removing a coding, and memos on a
transcript (changed and removed by their authors only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from littleminds.audit.services import audit_read
from littleminds.evaluation.forms_coding import MemoForm, PassageForm
from littleminds.evaluation.models import Memo, Study, Transcript
from littleminds.evaluation.selectors import study_for_researcher
from littleminds.evaluation.selectors_coding import (
    anchor_at,
    coding_page,
    own_coding,
    own_memo,
    passage_parts,
    ready_transcript,
    segment_anchor,
)
from littleminds.evaluation.services_coding import (
    coding_remove,
    memo_add,
    memo_change,
    memo_remove,
    passage_code,
)
from littleminds.evaluation.views import signed_in
from littleminds.evaluation.views_codebook import _errors_to


def _page_url(study: Study, transcript: Transcript, anchor: str = "") -> str:
    url = reverse(
        "evaluation:transcript-code", kwargs={"code": study.code, "transcript": transcript.code}
    )
    return f"{url}#{anchor}" if anchor else url


def _memo_home(memo: Memo) -> str:
    """Where a memo is shown: its transcript's coding page (at its passage), or the
    codebook (at its code)."""
    if memo.transcript is not None:
        anchor = f"memo-{memo.code}" if memo.start is not None else "memos"
        return _page_url(memo.study, memo.transcript, anchor)
    assert memo.on_code is not None
    url = reverse("evaluation:codebook", kwargs={"code": memo.study.code})
    return f"{url}#node-{memo.on_code.code}"


def _render_page(
    request: HttpRequest,
    study: Study,
    transcript: Transcript,
    form: PassageForm | None = None,
    memo_form: MemoForm | None = None,
) -> HttpResponse:
    user = signed_in(request)
    page = coding_page(user, study, transcript)
    audit_read(by=user, target=transcript, team=study.team)
    if form is None:
        form = PassageForm(text=transcript.text, segments=page.segments, tree=page.codes)
    failed = (form.is_bound and bool(form.errors)) or (
        memo_form is not None and bool(memo_form.errors)
    )
    return render(
        request,
        "evaluation/coding.html",
        {
            "study": study,
            "transcript": transcript,
            "page": page,
            "form": form,
            "memo_form": memo_form or MemoForm(),
        },
        status=400 if failed else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def transcript_code(request: HttpRequest, code: str, transcript: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = ready_transcript(study, transcript)
    if request.method != "POST":
        return _render_page(request, study, found)
    segments, tree = passage_parts(study, found)
    form = PassageForm(request.POST, text=found.text, segments=segments, tree=tree)
    if form.is_valid():
        start, end = form.cleaned_data["passage"]
        try:
            made, memo = passage_code(
                by=user,
                transcript=found,
                start=start,
                end=end,
                codes=form.chosen_codes(),
                memo=form.cleaned_data.get("memo") or "",
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            if made:
                messages.success(
                    request,
                    _("Coded with %(codes)s.")
                    % {"codes": ", ".join(f"“{coding.code.name}”" for coding in made)},
                )
            if memo is not None:
                messages.success(request, _("The memo is kept on the passage."))
            return redirect(_page_url(study, found, anchor_at(segments, start)))
    return _render_page(request, study, found, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def coding_remove_view(request: HttpRequest, code: str, transcript: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = ready_transcript(study, transcript)
    coding = own_coding(user, found, request.POST.get("coding", ""))
    coding_remove(by=user, coding=coding)
    messages.success(request, _("“%(code)s” is removed from the passage.") % {"code": coding.code})
    return redirect(_page_url(study, found, segment_anchor(found, coding.start)))


@login_required
@require_http_methods(["GET", "POST"])
def coding_memo_new(request: HttpRequest, code: str, transcript: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = ready_transcript(study, transcript)
    form = MemoForm(request.POST)
    if form.is_valid():
        try:
            memo_add(by=user, study=study, text=form.cleaned_data["text"], transcript=found)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The memo is kept."))
            return redirect(_page_url(study, found, "memos"))
    return _render_page(request, study, found, memo_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def memo_edit(request: HttpRequest, code: str, memo: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = own_memo(user, study, memo)
    form = MemoForm(request.POST or None, initial={"text": found.text})
    if request.method == "POST" and form.is_valid():
        try:
            memo_change(by=user, memo=found, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The memo is changed."))
            return redirect(_memo_home(found))
    return render(
        request,
        "evaluation/memo_form.html",
        {"study": study, "memo": found, "form": form, "back": _memo_home(found)},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def memo_delete(request: HttpRequest, code: str, memo: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = own_memo(user, study, memo)
    back = _memo_home(found)
    if request.method == "POST":
        memo_remove(by=user, memo=found)
        messages.success(request, _("The memo is removed."))
        return redirect(back.split("#memo-")[0])
    return render(
        request, "evaluation/memo_remove.html", {"study": study, "memo": found, "back": back}
    )
