"""The navigator's questions: one form per page, each asking one thing (the GOV.UK and
NHS "one thing per page" pattern). The page's question is its field's label, drawn as the
page heading. Each form reads and writes its part of the answers (`KEYS`), under the names
the API uses, so the answers can be checked and decided exactly as the API does."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.core.forms import DatePartsField, PostcodeField
from littleminds.core.postcodes import NO_FIXED_ABODE, Postcode
from littleminds.pathway.labels import CONCERN_LABELS, IMPACT_DESCRIPTIONS, impact_descriptions
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
NONE_OF_THESE = "none"


def _yes_no(value: Any) -> str | None:
    return None if value is None else ("yes" if value else "no")


class QuestionForm(forms.Form):
    """One question page. `journey` is everything answered so far: a question can depend
    on an earlier answer (who is asking, whether the parent is pregnant)."""

    KEYS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, journey: dict[str, Any], **kwargs: Any) -> None:
        self.journey = journey
        kwargs.setdefault("initial", self.initial_from(journey))
        super().__init__(*args, **kwargs)
        self.parent = journey.get("asker") == "parent"
        for field in self.fields.values():
            field.page_heading = True  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {key: journey[key] for key in cls.KEYS if key in journey}

    def answers(self) -> dict[str, Any]:
        """The cleaned answer, as JSON-able values under the API's names."""
        return {key: self.cleaned_data[key] for key in self.KEYS}


class AskerForm(QuestionForm):
    KEYS = ("asker",)
    asker = forms.ChoiceField(
        label=_("Who are you?"),
        choices=[
            ("parent", _("I am a parent or carer, or I am expecting a baby")),
            ("practitioner", _("I work with families (for example a health visitor or midwife)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you are a parent or you work with families")},
    )


class PregnancyForm(QuestionForm):
    KEYS = ("pregnant",)
    pregnant = forms.ChoiceField(
        label=_("Is the family expecting a baby?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if the family is expecting a baby")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.parent:
            self.fields["pregnant"].label = _("Are you expecting a baby?")
            self.fields["pregnant"].error_messages["required"] = _(
                "Select yes if you are expecting a baby"
            )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"pregnant": _yes_no(journey.get("pregnant"))}

    def answers(self) -> dict[str, Any]:
        return {"pregnant": self.cleaned_data["pregnant"] == "yes"}


class DueDateForm(QuestionForm):
    KEYS = ("expected_delivery_date",)
    expected_delivery_date = DatePartsField(
        label=_("When is the baby due?"),
        help_text=_("For example, 15 3 2027"),
        noun=_("Due date"),
        missing=_("Enter the date the baby is due"),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        given = journey.get("expected_delivery_date")
        return {"expected_delivery_date": date.fromisoformat(given) if given else None}

    def clean_expected_delivery_date(self) -> date:
        due: date = self.cleaned_data["expected_delivery_date"]
        problem = delivery_date_problem(due, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return due

    def answers(self) -> dict[str, Any]:
        return {"expected_delivery_date": self.cleaned_data["expected_delivery_date"].isoformat()}


class BirthDateForm(QuestionForm):
    """The baby's date of birth: needed unless the family is expecting (then it is the
    youngest child's, if there is one, since a child of two or over changes nothing)."""

    KEYS = ("child_date_of_birth",)
    child_date_of_birth = DatePartsField(
        label=_("What is the baby's date of birth?"),
        help_text=_("For example, 27 3 2026"),
        noun=_("Date of birth"),
        missing=_("Enter the baby's date of birth"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child_date_of_birth"]
        if self.journey.get("pregnant"):
            field.required = False
            field.label = _(
                "If the family has a baby or young child already, what is their date of birth?"
            )
            field.help_text = _(
                "The youngest child's. Leave this empty if this will be the family's first "
                "baby. For example, 27 3 2025"
            )
        elif self.parent:
            field.label = _("What is your baby's date of birth?")

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        given = journey.get("child_date_of_birth")
        return {"child_date_of_birth": date.fromisoformat(given) if given else None}

    def clean_child_date_of_birth(self) -> date | None:
        born: date | None = self.cleaned_data["child_date_of_birth"]
        problem = born and birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born

    def answers(self) -> dict[str, Any]:
        born = self.cleaned_data["child_date_of_birth"]
        return {"child_date_of_birth": born.isoformat() if born else None}


class PostcodeForm(QuestionForm):
    KEYS = ("postcode",)
    postcode = PostcodeField(
        label=_("What is the family's home postcode?"),
        error_messages={"required": _("Enter the family's home postcode")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["postcode"]
        field.help_text = gettext(
            "For example, BD7 1DP. If the family has no fixed address, enter %(code)s."
        ) % {"code": NO_FIXED_ABODE}
        if self.parent:
            field.label = _("What is your home postcode?")
            field.help_text = gettext(
                "For example, BD7 1DP. If you have no fixed address, enter %(code)s."
            ) % {"code": NO_FIXED_ABODE}
            field.error_messages["required"] = _("Enter your home postcode")

    def answers(self) -> dict[str, Any]:
        postcode: Postcode = self.cleaned_data["postcode"]
        return {"postcode": str(postcode)}


class ConcernsForm(QuestionForm):
    """What worries them: relationship worries first, then the others, and "none of these"
    (exclusive: with JavaScript, ticking it clears the others; without, we say so)."""

    KEYS = ("concerns",)
    concerns = forms.MultipleChoiceField(
        label=_("What is worrying the family?"),
        help_text=_("Select all that apply."),
        choices=[
            *[(code, CONCERN_LABELS[code]) for code in CONCERN_LABELS],
            (NONE_OF_THESE, _("None of these")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what is worrying the family, or none of these")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["concerns"]
        field.exclusive = NONE_OF_THESE  # type: ignore[attr-defined]
        if self.parent:
            field.label = _("What is worrying you?")
            field.error_messages["required"] = _("Select what is worrying you, or none of these")

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        if "concerns" not in journey:
            return {}
        return {"concerns": journey["concerns"] or [NONE_OF_THESE]}

    def clean_concerns(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["concerns"]
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                _("Select the worries, or select none of these, but not both")
            )
        return [code for code in chosen if code != NONE_OF_THESE]

    def answers(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data["concerns"])
        return {"concerns": [code for code in CONCERN_LABELS if code in chosen]}


class ImpactForm(QuestionForm):
    KEYS = ("impact",)
    impact = forms.ChoiceField(
        label=_("How much does it affect the family?"),
        choices=list(IMPACT_DESCRIPTIONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how much it affects the family")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.parent:
            impact = self.fields["impact"]
            assert isinstance(impact, forms.ChoiceField)
            impact.choices = list(impact_descriptions(parent=True).items())
            self.fields["impact"].label = _("How much does it affect you and your baby?")
            self.fields["impact"].error_messages["required"] = _(
                "Select how much it affects you and your baby"
            )


class RiskForm(QuestionForm):
    KEYS = ("immediate_risk",)
    immediate_risk = forms.ChoiceField(
        label=_("Is anyone at risk of harm now?"),
        help_text=_("The parent, the baby, or anyone else in the family."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if anyone is at risk of harm now")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.parent:
            self.fields["immediate_risk"].label = _(
                "Are you, your baby or anyone in your family at risk of harm now?"
            )
            self.fields["immediate_risk"].help_text = ""

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"immediate_risk": _yes_no(journey.get("immediate_risk"))}

    def answers(self) -> dict[str, Any]:
        return {"immediate_risk": self.cleaned_data["immediate_risk"] == "yes"}


class InvolvedForm(QuestionForm):
    KEYS = ("practitioner_involved",)
    practitioner_involved = forms.ChoiceField(
        label=_("Are you already working with the family?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you are already working with the family")},
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"practitioner_involved": _yes_no(journey.get("practitioner_involved"))}

    def answers(self) -> dict[str, Any]:
        return {"practitioner_involved": self.cleaned_data["practitioner_involved"] == "yes"}
