"""The transcripts part's pages: the list, uploading, reviewing the names, reading a ready
transcript by segment, its kept original, and deleting."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.evaluation.forms_transcripts import ReviewForm, UploadForm
from littleminds.evaluation.models import Transcript
from littleminds.evaluation.pseudonymise import fingerprint, propose
from littleminds.evaluation.segments import pieces_of
from littleminds.evaluation.selectors import is_lead, study_for_researcher
from littleminds.evaluation.selectors_transcripts import (
    may_review,
    names_to_find,
    original_for,
    segments_to_read,
    transcript_for_review,
    transcript_of,
    transcripts_of,
)
from littleminds.evaluation.services_transcripts import (
    may_delete,
    transcript_apply_review,
    transcript_delete,
    transcript_upload,
)
from littleminds.evaluation.views import signed_in


def coding_url(study_code: UUID, transcript: Transcript) -> str | None:
    """The coding page of a ready transcript, once the coding part provides one."""
    try:
        return reverse(
            "evaluation:transcript-code",
            kwargs={"code": study_code, "transcript": transcript.code},
        )
    except NoReverseMatch:
        return None


@login_required
@require_GET
def transcript_list(request: HttpRequest, code: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    transcripts = list(transcripts_of(study))
    lead = is_lead(user, study)
    return render(
        request,
        "evaluation/transcript_list.html",
        {
            "study": study,
            "transcripts": transcripts,
            "lead": lead,
            # As `may_review`, without a query a row.
            "reviewable": {t.pk for t in transcripts if lead or t.uploaded_by_id == user.pk},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transcript_upload_view(request: HttpRequest, code: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    form = UploadForm(request.POST or None, request.FILES or None, study=study)
    if request.method == "POST" and form.is_valid():
        assert form.read is not None
        data = form.cleaned_data
        try:
            transcript = transcript_upload(
                by=user,
                study=study,
                title=data["title"],
                time_point=data["time_point"],
                method=data["method"],
                participants=data["participants"],
                source_format=form.read.source_format,
                text=form.read.text,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The transcript is uploaded. Check the names to replace in it.")
            )
            return redirect(
                "evaluation:transcript-review", code=study.code, transcript=transcript.code
            )
    return render(
        request,
        "evaluation/transcript_upload.html",
        {"study": study, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def transcript_review(request: HttpRequest, code: UUID, transcript: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = transcript_for_review(user, study, transcript)
    if found.status != Transcript.Status.REVIEW:
        messages.info(request, _("The names in this transcript have already been replaced."))
        return redirect("evaluation:transcript", code=study.code, transcript=found.code)
    proposals = propose(found.text, names_to_find(study))
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        proposals=proposals,
        fingerprint=fingerprint(proposals),
    )
    if request.method == "POST" and form.is_valid():
        replacements, listed = form.replacements()
        try:
            transcript_apply_review(
                by=user, transcript=found, replacements=replacements, listed=listed
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s replacement made. The transcript is ready to code.",
                    "%(count)s replacements made. The transcript is ready to code.",
                    len(replacements),
                )
                % {"count": len(replacements)},
            )
            return redirect("evaluation:transcript", code=study.code, transcript=found.code)
    return render(
        request,
        "evaluation/transcript_review.html",
        {
            "study": study,
            "transcript": found,
            "form": form,
            "listed_count": sum(1 for p in proposals if p.listed),
            "candidate_count": sum(1 for p in proposals if not p.listed),
            "pieces": [found.text[piece.start : piece.end] for piece in pieces_of(found.text)],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def transcript_view(request: HttpRequest, code: UUID, transcript: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = transcript_of(study, transcript)
    ready = found.status == Transcript.Status.READY
    return render(
        request,
        "evaluation/transcript.html",
        {
            "study": study,
            "transcript": found,
            "segments": [
                (segment, found.text[segment.start : segment.end])
                for segment in (segments_to_read(user, found) if ready else [])
            ],
            "ready": ready,
            "may_review": not ready and may_review(user, found),
            "may_delete": may_delete(user, found),
            "lead": is_lead(user, study),
            "coding_url": coding_url(study.code, found) if ready else None,
        },
    )


@login_required
@require_GET
def transcript_original(request: HttpRequest, code: UUID, transcript: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = original_for(user, study, transcript)
    return render(
        request,
        "evaluation/transcript_original.html",
        {"study": study, "transcript": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
def transcript_delete_view(request: HttpRequest, code: UUID, transcript: UUID) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = transcript_of(study, transcript)
    if not may_delete(user, found):
        raise Http404
    if request.method == "POST":
        transcript_delete(by=user, transcript=found)
        messages.success(request, _("The transcript is deleted."))
        return redirect("evaluation:transcript-list", code=study.code)
    return render(
        request,
        "evaluation/transcript_delete.html",
        {"study": study, "transcript": found, "codings": found.codings.count()},
    )
