"""Forms of the rule editor and its test bench: one rule at a time, with a box to tick for
each answer a condition allows, so that no manager ever edits the stored JSON by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.core.postcodes import Postcode
from littleminds.core.validation import LimitsExplained
from littleminds.directory.forms import PostcodeField
from littleminds.pathway.engine import FACTS, Route
from littleminds.pathway.labels import (
    CONCERN_LABELS,
    FACT_LABELS,
    IMPACT_LABELS,
    ROUTE_LABELS,
    VALUE_LABELS,
)
from littleminds.pathway.models import Scenario
from littleminds.pathway.services import ScenarioFields

ROUTE_CHOICES = [(route.value, ROUTE_LABELS[route]) for route in Route]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _encode(value: Any) -> str:
    """A fact's value as a form sends it: yes or no for true or false."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _decode(fact: str, text: str) -> Any:
    for value in FACTS[fact]:
        if _encode(value) == text:
            return value
    raise forms.ValidationError(_("Choose from the list"))


def fact_field_name(fact: str) -> str:
    return f"fact_{fact}"


class ConditionsForm(LimitsExplained, forms.Form):
    """A box for each answer of each fact: the rule applies when every fact with a box
    ticked has one of the ticked answers. A fact with nothing ticked does not matter."""

    name = forms.CharField(
        label=_("Name of the rule"),
        max_length=100,
        help_text=_("A few words for managers, like “child aged two or over”"),
        error_messages={"required": _("Enter a name for the rule")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for fact, values in FACTS.items():
            self.fields[fact_field_name(fact)] = forms.MultipleChoiceField(
                label=FACT_LABELS[fact],
                choices=[(_encode(v), VALUE_LABELS[fact][v]) for v in values],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[fact_field_name(fact)] for fact in FACTS]

    def conditions(self) -> list[dict[str, Any]]:
        found = []
        for fact in FACTS:
            chosen = self.cleaned_data.get(fact_field_name(fact)) or []
            if chosen:
                found.append({"fact": fact, "values": [_decode(fact, text) for text in chosen]})
        return found

    @classmethod
    def initial_from(cls, rule: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": rule.get("name", "")}
        for condition in rule.get("conditions") or []:
            if condition.get("fact") in FACTS:
                initial[fact_field_name(condition["fact"])] = [
                    _encode(value) for value in condition.get("values") or []
                ]
        for key in ("route", "reason"):
            if key in rule:
                initial[key] = rule[key]
        for key in ("also", "with_routes"):
            initial[key] = list(rule.get(key) or [])
        return initial


class RuleForm(ConditionsForm):
    route = forms.ChoiceField(
        label=_("Route it gives"),
        choices=ROUTE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the route the rule gives")},
    )
    also = forms.MultipleChoiceField(
        label=_("Also offer (optional)"),
        choices=ROUTE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("The reason, in plain words"),
        max_length=1000,
        help_text=_("The person asking reads this with the answer, so write it for them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason, in plain words")},
    )

    def __init__(
        self,
        *args: Any,
        last: bool = False,
        before: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The last rule must apply to everyone, so that every family gets an answer.
        self.last = last
        if before is not None:
            self.fields["before"] = forms.ChoiceField(
                label=_("Where it goes"),
                choices=before,
                help_text=_("The first rule that applies gives the route"),
                error_messages={"required": _("Choose where the rule goes")},
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.last and self.conditions():
            self.add_error(
                None,
                _(
                    "The last rule must apply to every family, so that everyone gets an "
                    "answer: untick every answer, or add a rule after it first"
                ),
            )
        if data.get("route") and data.get("route") in (data.get("also") or []):
            self.add_error("also", _("Do not offer the rule's own route again"))
        return data

    def to_rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        rule: dict[str, Any] = {
            "name": data["name"].strip(),
            "conditions": self.conditions(),
            "route": data["route"],
            "reason": data["reason"].strip(),
        }
        if data["also"]:
            rule["also"] = list(data["also"])
        return rule


class SecondaryRuleForm(ConditionsForm):
    with_routes = forms.MultipleChoiceField(
        label=_("Only beside these main routes"),
        choices=ROUTE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one main route it goes beside")},
    )
    also = forms.MultipleChoiceField(
        label=_("Routes it adds"),
        choices=ROUTE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one route to add")},
    )
    reason = forms.CharField(
        label=_("The reason, in plain words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason, in plain words")},
    )

    def to_rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "conditions": self.conditions(),
            "with_routes": list(data["with_routes"]),
            "also": list(data["also"]),
            "reason": data["reason"].strip(),
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class ActiveForm(forms.Form):
    active = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])


class ScenarioForm(LimitsExplained, forms.ModelForm):
    """A family's answers, as the navigator asks for them, on a fixed day, and the route
    the rules must give. The answers are checked as the navigator checks them."""

    name = forms.CharField(
        label=_("Name of the scenario"),
        max_length=200,
        help_text=_("What it tests, like “child aged exactly 24 months: signposted”"),
        error_messages={"required": _("Enter a name for the scenario")},
    )
    note = forms.CharField(
        label=_("Why it is on the bench (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    asker = forms.ChoiceField(
        label=_("Who is asking?"),
        choices=list(VALUE_LABELS["asker"].items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who is asking")},
    )
    pregnant = forms.BooleanField(label=_("The family is expecting a baby"), required=False)
    expected_delivery_date = forms.DateField(
        label=_("Expected date of delivery (if expecting)"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Enter a real date, like 2027-03-01")},
    )
    child_date_of_birth = forms.DateField(
        label=_("The baby's date of birth (if born)"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Enter a real date, like 2026-05-01")},
    )
    postcode = PostcodeField(
        label=_("The family's home postcode"),
        help_text=_("Like BD7 1DP; ZZ99 3VZ for no fixed abode, ZZ99 3WZ if not known"),
        error_messages={"required": _("Enter the family's postcode")},
    )
    concerns = forms.MultipleChoiceField(
        label=_("What is worrying the family? (optional)"),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    impact = forms.ChoiceField(
        label=_("How much does it affect the family?"),
        choices=[("", _("No worry, so not asked")), *IMPACT_LABELS.items()],
        widget=forms.RadioSelect,
        required=False,
    )
    immediate_risk = forms.BooleanField(
        label=_("Someone may be at risk of harm now"), required=False
    )
    practitioner_involved = forms.BooleanField(
        label=_("A practitioner is already working with the family"), required=False
    )
    on_date = forms.DateField(
        label=_("The day the answers are given"),
        help_text=_("Ages and areas are worked out for this day, so the scenario never changes"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Enter the day the answers are given"),
            "invalid": _("Enter a real date, like 2026-11-28"),
        },
    )
    expected_route = forms.ChoiceField(
        label=_("The route the rules must give"),
        choices=ROUTE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the route the rules must give")},
    )
    check_also = forms.BooleanField(
        label=_("Check the routes offered as well, exactly as ticked below"), required=False
    )
    expected_also = forms.MultipleChoiceField(
        label=_("Routes offered as well"),
        choices=ROUTE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none, with the box above ticked, to check that nothing else is offered"),
    )

    class Meta:
        model = Scenario
        fields = [
            "name",
            "note",
            "asker",
            "pregnant",
            "expected_delivery_date",
            "child_date_of_birth",
            "postcode",
            "concerns",
            "impact",
            "immediate_risk",
            "practitioner_involved",
            "on_date",
            "expected_route",
            "expected_also",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            self.initial["check_also"] = instance.expected_also is not None
            self.initial["expected_also"] = list(instance.expected_also or [])
        # The check box comes just before the boxes it governs.
        order = list(self.fields)
        order.remove("check_also")
        order.insert(order.index("expected_also"), "check_also")
        self.order_fields(order)

    def clean_postcode(self) -> str:
        postcode: Postcode = self.cleaned_data["postcode"]
        return str(postcode)

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The scenario's own checks run on what is left of a box already refused (a postcode
        # too long is then no postcode at all): the box keeps its first, truer message.
        if hasattr(errors, "error_dict"):
            refused = getattr(self, "_errors", None) or {}
            for name in [name for name in errors.error_dict if name in refused]:
                del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["expected_also"] = (
            list(data.get("expected_also") or []) if data.get("check_also") else None
        )
        return data

    def to_fields(self) -> ScenarioFields:
        data = self.cleaned_data
        return ScenarioFields(
            name=data["name"].strip(),
            note=data["note"].strip(),
            asker=data["asker"],
            pregnant=data["pregnant"],
            expected_delivery_date=data["expected_delivery_date"],
            child_date_of_birth=data["child_date_of_birth"],
            postcode=data["postcode"],
            concerns=[code for code in CONCERN_LABELS if code in set(data["concerns"])],
            impact=data["impact"] or "",
            immediate_risk=data["immediate_risk"],
            practitioner_involved=data["practitioner_involved"],
            on_date=data["on_date"],
            expected_route=data["expected_route"],
            expected_also=data["expected_also"],
        )
