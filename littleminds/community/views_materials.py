"""The materials' pages: the team's (under /community/materials/) and the families' leaflets
(under /leaflets/, in the family's language). Every page works without JavaScript."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.community import languages, uploads
from littleminds.community import selectors_materials as selectors
from littleminds.community import services_materials as services
from littleminds.community.forms_materials import FilterForm, MaterialForm, VersionForm
from littleminds.community.models import Material, MaterialVersion
from littleminds.core.decorators import public


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# The team's pages --------------------------------------------------------------------------


@permission_required(Permission.COMMUNITY_VIEW)
@require_GET
def materials(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FilterForm(request.GET)
    found: list[Material] = []
    if form.is_valid():
        data = form.cleaned_data
        found = selectors.materials(
            user,
            selectors.Filters(
                kind=data["kind"],
                language=data["language"],
                due=data["due"],
                waiting=data["waiting"],
            ),
        )
    return render(
        request,
        "community/materials/list.html",
        {
            "form": form,
            "materials": found,
            "manages": bool(selectors.managed_teams(user)),
            "teams": selectors.managed_teams(user),
        },
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def material_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = selectors.managed_teams(user)
    if not teams:
        raise Http404
    form = MaterialForm(_posted(request), team=teams[0])
    if form.is_valid():
        made = services.material_create(by=user, team=teams[0], **form.cleaned_data)
        messages.success(
            request, _("Material added: %(title)s. Now add its files") % {"title": made.title}
        )
        return redirect("community:material", code=made.code)
    return render(request, "community/materials/form.html", {"form": form, "material": None})


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def material_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.team_material(user, code)
    form = MaterialForm(_posted(request), team=found.team, material=found)
    if form.is_valid():
        services.material_update(by=user, material=found, **form.cleaned_data)
        messages.success(request, _("Material changed: %(title)s") % {"title": found.title})
        return redirect("community:material", code=found.code)
    return render(request, "community/materials/form.html", {"form": form, "material": found})


@permission_required(Permission.COMMUNITY_VIEW)
@require_http_methods(["GET", "POST"])
def material(request: HttpRequest, code: UUID) -> HttpResponse:
    """The material's page, with its versions; for the team, the upload form (POST)."""
    user = _user(request)
    found = selectors.material_for(user, code)
    manages = found.team in selectors.managed_teams(user)
    if request.method == "POST" and not manages:
        raise Http404
    form = VersionForm(request.POST, request.FILES) if request.method == "POST" else VersionForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = services.version_add(
                    by=user,
                    material=found,
                    language=data["language"],
                    upload=data["file"],
                    title=data["title"],
                )
            except uploads.Refused as refused:
                form.add_error("file", refused.message)
            else:
                messages.success(
                    request,
                    _("File added in %(language)s") % {"language": version.get_language_display()},
                )
                return redirect("community:material", code=found.code)
        status = 400
    return render(
        request,
        "community/materials/material.html",
        {
            "material": found,
            "versions": [_shown(v) for v in found.versions.all()],
            "form": form if manages else None,
            "manages": manages,
            "may_approve": manages and services.may_approve(user, found),
            "due": found.due_for_review(),
        },
        status=status,
    )


def _act(request: HttpRequest, code: UUID, act: Any, done: str) -> HttpResponse:
    user = _user(request)
    found = selectors.team_material(user, code)
    try:
        act(by=user, material=found)
    except services.MaterialRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("community:material", code=found.code)


@permission_required(Permission.COMMUNITY_MANAGE)
@require_POST
def material_approve(request: HttpRequest, code: UUID) -> HttpResponse:
    return _act(request, code, services.material_approve, _("Material approved"))


@permission_required(Permission.COMMUNITY_MANAGE)
@require_POST
def material_publish(request: HttpRequest, code: UUID) -> HttpResponse:
    return _act(
        request, code, services.material_publish, _("Material published on the leaflets page")
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_POST
def material_unpublish(request: HttpRequest, code: UUID) -> HttpResponse:
    return _act(
        request,
        code,
        services.material_unpublish,
        _("Material taken off the leaflets page"),
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def version_remove(request: HttpRequest, code: UUID, language: str) -> HttpResponse:
    """Asks first (GET), then removes the file (POST)."""
    user = _user(request)
    version = selectors.team_version(user, code, language)
    if request.method == "GET":
        material = version.material
        return render(
            request,
            "community/materials/remove.html",
            {
                "material": material,
                "version": version,
                "last": material.versions.count() == 1,
            },
        )
    services.version_remove(by=user, version=version)
    messages.success(
        request, _("File removed: %(language)s") % {"language": version.get_language_display()}
    )
    return redirect("community:material", code=code)


@permission_required(Permission.COMMUNITY_VIEW)
@require_GET
def material_file(request: HttpRequest, code: UUID, language: str) -> HttpResponse:
    version = selectors.staff_version(_user(request), code, language)
    return _file(request, version)


# The families' pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A version as a page shows it: its language named in its own words, with `lang` and
    `dir` for that language, its title, and its kind and size in words."""

    version: MaterialVersion
    language: str
    own_name: str
    direction: str
    title: str
    kind: str
    size: str

    @property
    def details(self) -> list[str]:
        """Its kind and size, for the `listed` filter: joined in the page's language."""
        return [self.kind, self.size]

    @property
    def is_video(self) -> bool:
        return self.version.content_type == uploads.MP4


def _shown(version: MaterialVersion) -> Shown:
    language = version.language
    return Shown(
        version=version,
        language=language,
        own_name=languages.OWN_NAMES.get(language, language),
        direction="rtl" if language in languages.RIGHT_TO_LEFT else "ltr",
        title=version.title or version.material.title,
        kind=uploads.kind_in_words(version.content_type),
        size=uploads.size_in_words(version.size),
    )


def _in_page_language(material: Material) -> tuple[Shown, list[Shown]]:
    """The version in the page's language when there is one (English otherwise, or the
    first), and the others."""
    versions = [_shown(v) for v in material.versions.all()]
    wanted = languages.FROM_PAGE_LANGUAGE.get((translation.get_language() or "").lower(), "en")
    first = next(
        (v for v in versions if v.language == wanted),
        next((v for v in versions if v.language == "en"), versions[0]),
    )
    return first, [v for v in versions if v is not first]


@public
@require_GET
def leaflets(request: HttpRequest) -> HttpResponse:
    shown = []
    for found in selectors.public_materials():
        first, others = _in_page_language(found)
        shown.append({"material": found, "first": first, "others": others})
    return render(request, "community/leaflets/list.html", {"leaflets": shown})


@public
@require_GET
def leaflet(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.public_material(code)
    first, others = _in_page_language(found)
    return render(
        request,
        "community/leaflets/leaflet.html",
        {"material": found, "first": first, "all_versions": [first, *others]},
    )


@public
@require_GET
def leaflet_file(request: HttpRequest, code: UUID, language: str) -> HttpResponse:
    return _file(request, selectors.public_version(code, language))


def safe_filename(title: str, language: str, extension: str) -> str:
    """A file's name made from its title and language: plain letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:80].strip("-")
    return f"{words or 'material'}-{language}.{extension}"


def _file(request: HttpRequest, version: MaterialVersion) -> HttpResponse:
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = uploads.EXTENSIONS.get(version.content_type, ("bin",))[0]
    response = FileResponse(
        handle,
        content_type=version.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=safe_filename(version.material.title, version.language, extension),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Streamed from storage: a FileResponse is not an HttpResponse to the type checker, but
    # every view decorator here passes it through unchanged.
    return cast("HttpResponse", response)
