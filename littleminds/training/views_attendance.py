"""Attendance at the door, certificates, and the public check of a certificate's code.

The register is a plain HTML form a person, one button a mark: each tap posts and comes back
to the same person on the page, so it works on a slow connection with no JavaScript.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.models import User
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.training import selectors_attendance as selectors
from littleminds.training import services_attendance as services
from littleminds.training.forms_attendance import CheckForm, MarkForm
from littleminds.training.models import CourseSession
from littleminds.training.models_attendance import Certificate


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _part_number(request: HttpRequest) -> int | None:
    text = request.GET.get("part", "")
    return int(text) if text.isdigit() and len(text) < 4 else None


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    session = selectors.attendance_session(user, code)
    form = MarkForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        register = selectors.attendance_register(session, data["part"])
        if register is None or register.number != data["part"]:
            form.add_error("part", MarkForm.base_fields["part"].error_messages["invalid"])
        else:
            try:
                services.attendance_mark(
                    by=user,
                    session=session,
                    registration=selectors.holder(session, data["person"]),
                    part=register.part,
                    mark=data["mark"],
                )
            except services.NotMarkable as refused:
                form.add_error(None, refused.messages[0])
            else:
                if _fetched(request):
                    return _row(request, session, register.number, data["person"])
                url = reverse("training:attendance", kwargs={"code": session.code})
                return redirect(f"{url}?part={register.number}#person-{data['person']}")
    number = form.cleaned_data.get("part") if form.is_bound and form.errors else None
    register = selectors.attendance_register(session, number or _part_number(request))
    return render(
        request,
        "training/attendance.html",
        {"session": session, "register": register, "form": form},
        # The register's script posts the form again without itself on anything but 200.
        status=400 if _fetched(request) else 200,
    )


def _fetched(request: HttpRequest) -> bool:
    """A tap sent by the register's script, which replaces only the person's row."""
    return request.headers.get("X-Requested-With") == "fetch"


def _row(request: HttpRequest, session: CourseSession, number: int, person: UUID) -> HttpResponse:
    register = selectors.attendance_register(session, number)
    assert register is not None
    row = next(r for r in register.rows if r.registration.code == person)
    return render(request, "training/_attendance_row.html", {"register": register, "row": row})


def _pdf(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    # Imported here, as for casework's letters: WeasyPrint loads its fonts and libraries
    # when first imported, which only the PDFs need.
    from weasyprint import HTML  # type: ignore[import-untyped]

    check_url = request.build_absolute_uri(reverse("training:certificate-check"))
    # A certificate is in English, whoever downloads it, like the names it carries.
    with override("en"):
        html = render_to_string(
            "training/certificate_pdf.html",
            {"certificate": certificate, "check_url": check_url},
        )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.shown_code}.pdf"'
    )
    return response


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, code: UUID) -> HttpResponse:
    return _pdf(request, selectors.certificate_for(_user(request), code))


@public
@require_GET
def public_certificate_pdf(request: HttpRequest, place_key: str) -> HttpResponse:
    """A public registrant's certificate, from the page their emails link to."""
    return _pdf(request, selectors.public_certificate(place_key))


@login_required
@require_GET
def certificates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/certificates.html",
        {"certificates": list(selectors.own_certificates(_user(request)))},
    )


@public
@rate_limited("certificate_check")
@require_http_methods(["GET", "POST"])
def certificate_check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        context["checked"] = True
        context["certificate"] = selectors.certificate_by_check_code(form.cleaned_data["code"])
    return render(request, "training/certificate_check.html", context)
