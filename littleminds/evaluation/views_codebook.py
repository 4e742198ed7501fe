"""The codebook's pages, for the study's researchers: the codes as a tree with their counts
and memos; adding, changing, moving, merging and removing a code; a memo on a code."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.evaluation.forms_coding import CodeForm, MemoForm, MergeForm
from littleminds.evaluation.models import Code, Study
from littleminds.evaluation.selectors import study_for_researcher
from littleminds.evaluation.selectors_coding import code_in
from littleminds.evaluation.selectors_coding import codebook as codebook_of
from littleminds.evaluation.services_coding import (
    Merged,
    code_change,
    code_create,
    code_merge,
    code_move,
    code_remove,
    memo_add,
)
from littleminds.evaluation.views import signed_in


def _errors_to(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, found in error.error_dict.items():
            form.add_error(name if name in form.fields else None, found)
    else:
        form.add_error(None, error)


def _to_codebook(study: Study, anchor: str = "") -> str:
    url = reverse("evaluation:codebook", kwargs={"code": study.code})
    return f"{url}#{anchor}" if anchor else url


def _codebook_page(
    request: HttpRequest, study: Study, memo_form: MemoForm | None = None, node: Any = None
) -> HttpResponse:
    user = signed_in(request)
    return render(
        request,
        "evaluation/codebook.html",
        {
            "study": study,
            "nodes": codebook_of(study, user),
            "memo_form": memo_form,
            "memo_for": node,
        },
        status=400 if memo_form is not None and memo_form.errors else 200,
    )


@login_required
@require_GET
def codebook(request: HttpRequest, code: str) -> HttpResponse:
    return _codebook_page(request, study_for_researcher(signed_in(request), code))


@login_required
@require_http_methods(["GET", "POST"])
def codebook_new(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    tree = codebook_of(study, user)
    initial = {}
    if request.method == "GET" and request.GET.get("parent"):
        initial["parent"] = request.GET["parent"]
    form = CodeForm(request.POST or None, tree=tree, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = code_create(
                by=user,
                study=study,
                name=data["name"],
                description=data["description"],
                colour=data["colour"],
                parent=form.chosen_parent(),
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("“%(name)s” is in the codebook.") % {"name": made.name})
            return redirect(_to_codebook(study, f"node-{made.code}"))
    return render(
        request,
        "evaluation/code_form.html",
        {"study": study, "form": form, "node": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook_edit(request: HttpRequest, code: str, node: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = code_in(study, node)
    tree = codebook_of(study, user)
    form = CodeForm(
        request.POST or None,
        tree=tree,
        node=found,
        initial={
            "name": found.name,
            "description": found.description,
            "colour": found.colour,
            "parent": str(found.parent.code) if found.parent else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code_change(
                by=user,
                node=found,
                name=data["name"],
                description=data["description"],
                colour=data["colour"],
                parent=form.chosen_parent(),
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("“%(name)s” is changed.") % {"name": found.name})
            return redirect(_to_codebook(study, f"node-{found.code}"))
    return render(
        request,
        "evaluation/code_form.html",
        {"study": study, "form": form, "node": found},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook_move(request: HttpRequest, code: str, node: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = code_in(study, node)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        code_move(by=user, node=found, up=direction == "up")
    return redirect(_to_codebook(study, f"node-{found.code}"))


def _merged_message(source: Code, into: Code, merged: Merged) -> str:
    """What a merge did, each count with its own singular or plural."""
    codings = ngettext(
        "%(count)d coding moved", "%(count)d codings moved", merged.codings_moved
    ) % {"count": merged.codings_moved}
    dropped = ngettext(
        "%(count)d that was already there dropped",
        "%(count)d that were already there dropped",
        merged.codings_dropped,
    ) % {"count": merged.codings_dropped}
    children = ngettext("%(count)d sub-code", "%(count)d sub-codes", merged.sub_codes_moved) % {
        "count": merged.sub_codes_moved
    }
    memos = ngettext("%(count)d memo moved", "%(count)d memos moved", merged.memos_moved) % {
        "count": merged.memos_moved
    }
    return _(
        "“%(source)s” is merged into “%(into)s”: %(codings)s (%(dropped)s), %(children)s and "
        "%(memos)s."
    ) % {
        "source": source.name,
        "into": into.name,
        "codings": codings,
        "dropped": dropped,
        "children": children,
        "memos": memos,
    }


@login_required
@require_http_methods(["GET", "POST"])
def codebook_merge(request: HttpRequest, code: str, node: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = code_in(study, node)
    form = MergeForm(request.POST or None, tree=codebook_of(study, user), node=found)
    if request.method == "POST" and form.is_valid():
        into = form.chosen()
        try:
            merged = code_merge(by=user, source=found, into=into)
        except ValidationError as error:
            form.add_error("into", error)
        else:
            messages.success(request, _merged_message(found, into, merged))
            return redirect(_to_codebook(study, f"node-{into.code}"))
    return render(
        request,
        "evaluation/code_merge.html",
        {"study": study, "form": form, "node": found},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook_remove(request: HttpRequest, code: str, node: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    found = code_in(study, node)
    codings = found.codings.count()
    children = found.children.count()
    problem = ""
    if request.method == "POST":
        try:
            code_remove(by=user, node=found)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("“%(name)s” is removed.") % {"name": found.name})
            return redirect(_to_codebook(study))
    return render(
        request,
        "evaluation/code_remove.html",
        {
            "study": study,
            "node": found,
            "codings": codings,
            "children": children,
            "memos": found.memos.count(),
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook_memo_new(request: HttpRequest, code: str, node: str) -> HttpResponse:
    user = signed_in(request)
    study = study_for_researcher(user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = code_in(study, node)
    form = MemoForm(request.POST)
    if form.is_valid():
        try:
            memo_add(by=user, study=study, text=form.cleaned_data["text"], on_code=found)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The memo is kept."))
            return redirect(_to_codebook(study, f"node-{found.code}"))
    return _codebook_page(request, study, memo_form=form, node=found)
