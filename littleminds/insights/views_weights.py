"""The embeddedness score's weights: the form that sets new ones (service managers), with
the formula and every earlier set of weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.insights.forms_weights import WeightsForm
from littleminds.insights.score import FORMULA, PARTS, weights_on
from littleminds.insights.selectors_weights import weights_history
from littleminds.insights.services_weights import weights_set


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not user.has_perm(Permission.INSIGHTS_WEIGHTS):
        raise Http404
    current = weights_on(timezone.localdate())
    form = WeightsForm(request.POST or None, current=current.values)
    if request.method == "POST" and form.is_valid():
        weights_set(by=user, weights=form.weights(), note=form.cleaned_data["note"])
        messages.success(request, _("The new weights are in force from now."))
        return redirect("insights:weights")
    return render(
        request,
        "insights/weights.html",
        {
            "form": form,
            "formula": FORMULA,
            "parts": PARTS,
            "current": current,
            "history": weights_history(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
