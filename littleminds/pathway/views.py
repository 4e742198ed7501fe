"""The navigator's pages: a start page, one question per page, "check your answers", and the
answer with what to do next. They work without JavaScript and keep the answers in a signed
cookie on the person's device (`journey.py`), never on the server."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.core.api import InvalidInput
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited
from littleminds.directory.cards import TakenOver, card
from littleminds.directory.selectors import Match
from littleminds.pathway import journey, selectors, services
from littleminds.pathway.answers import RecommendIn, check
from littleminds.pathway.engine import Route
from littleminds.pathway.labels import route_label
from littleminds.pathway.next_steps import next_steps, taken_over, what_happens_next


def _where_next(journey_data: dict[str, Any], step: journey.Step, returning: bool) -> str:
    """After an answer: the next question, or back to "check your answers" when changing an
    answer (unless the change brought in a question not yet answered)."""
    missing = journey.first_unanswered(journey_data)
    if returning:
        return missing.url(returning=True) if missing else reverse("pathway:check")
    following = journey.step_after(step, journey_data)
    if following is None:
        return missing.url() if missing else reverse("pathway:check")
    return following.url()


@public
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    first = journey.STEPS[0]
    return render(request, "pathway/start.html", {"first_url": first.url()})


@public
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str) -> HttpResponse:
    step = journey.STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    answers = journey.load(request)
    if not step.applies(answers):
        missing = journey.first_unanswered(answers)
        return redirect(missing.url() if missing else reverse("pathway:check"))
    # Questions are answered in order: an earlier one still unanswered comes first.
    missing = journey.first_unanswered(answers)
    in_force = journey.steps_in_force(answers)
    if missing is not None and in_force.index(missing) < in_force.index(step):
        return redirect(missing.url())
    returning = request.GET.get("return") == journey.RETURN_TO_CHECK
    form = step.form(request.POST if request.method == "POST" else None, journey=answers)
    if request.method == "POST" and form.is_valid():
        answers.update(form.answers())
        answers.pop("result", None)  # an answer changed: the answer must be worked out again
        response = redirect(_where_next(answers, step, returning))
        journey.save(response, answers)
        return response
    before = journey.step_before(step, answers)
    if returning:
        back_url = reverse("pathway:check")
    elif before is not None:
        back_url = before.url()
    else:
        back_url = reverse("pathway:start")
    return render(
        request,
        "pathway/question.html",
        {"form": form, "step": step, "back_url": back_url, "returning": returning},
    )


@public
@rate_limited("navigator")
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest) -> HttpResponse:
    """Check your answers; sending them works out the answer, counts it (nothing personal:
    the day, who asked, the route, the rule set, the postcode district) and shows it."""
    answers = journey.load(request)
    missing = journey.first_unanswered(answers)
    if missing is not None:
        return redirect(missing.url())
    problems: dict[str, str] = {}
    if request.method == "POST":
        try:
            checked, postcode = check(RecommendIn(**journey.payload(answers)))
        except InvalidInput as invalid:
            # An answer that was right when given can go wrong later (a due date, weeks on).
            problems = invalid.errors
        else:
            version, decision = selectors.decision_now(checked, postcode)
            services.recommendation_record(
                answers=checked,
                decision=decision,
                rule_set=version,
                postcode=postcode,
                organisation=selectors.asking_organisation(request),
            )
            answers["result"] = {"version": version.number, "on": checked.on_date.isoformat()}
            response = redirect("pathway:answer")
            journey.save(response, answers)
            return response
    rows = journey.summary(answers)
    errors = [
        (f"#change-{row['key']}", message)
        for row in rows
        for key, message in problems.items()
        if row["key"] == key
    ]
    return render(
        request,
        "pathway/check.html",
        {
            "rows": rows,
            "errors": errors,
            "back_url": journey.steps_in_force(answers)[-1].url(),
        },
        status=400 if problems else 200,
    )


@public
@require_GET
def answer(request: HttpRequest) -> HttpResponse:
    """The answer: the route and why, what to do next, the services that fit. It is worked
    out again from the answers with the rule set that first gave it, so it reads the same
    every time (and is not counted again)."""
    answers = journey.load(request)
    if not isinstance(answers.get("result"), dict):
        return redirect("pathway:check" if answers else "pathway:start")
    again = selectors.answer_again(answers)
    if again is None:
        return redirect("pathway:check")
    checked, postcode, decided = again
    version, decision = decided.version, decided.decision
    receiver = selectors.receiving_for(checked, postcode, decision)
    found = selectors.services_for(
        checked,
        postcode,
        decision,
        receiver=receiver.service if receiver else None,
        generation=decided.generation,
    )
    # The receiving service's card gives its intake's number and time to a decision for the
    # way in that the platform's form takes over, not the directory's.
    method = taken_over(decision, checked) if receiver else ""
    over = TakenOver(method, what_happens_next(receiver)) if receiver and method else None
    return render(
        request,
        "pathway/answer.html",
        {
            "answers": checked,
            "decision": decision,
            "route": route_label(decision.route),
            "also": [route_label(route) for route in decision.also],
            "urgent": decision.route is Route.URGENT,
            # Drawn in Python, as the card's template would (ADR 0063).
            "cards": [
                card(
                    Match(service),
                    taken_over=over if receiver and service.pk == receiver.service.pk else None,
                )
                for service in found
            ],
            "next_steps": next_steps(decision, checked, str(postcode), found, receiver=receiver),
            "rows": journey.summary(answers),
            "version": version,
        },
    )


@public
@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    """Forget every answer (the cookie is deleted) and go back to the start."""
    response = redirect("pathway:start")
    journey.clear(response)
    return response
