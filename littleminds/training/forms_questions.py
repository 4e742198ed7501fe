"""The forms of training questionnaires: a statement of the course's questionnaire, and a
person's answers (with the course feedback straight after the course). A missing answer is
named in the error summary by its statement; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from littleminds.core.validation import LimitsExplained, explain_limits
from littleminds.training.models_questions import (
    FEEDBACK_LIMIT,
    ITEM_LIMIT,
    ITEM_SHORTEST,
    SCALE,
    QuestionnaireItem,
)
from littleminds.training.services_questions import Given


class ItemForm(LimitsExplained, forms.Form):
    text = forms.CharField(
        label=_("Statement"),
        help_text=_(
            "Something a person agrees or disagrees with, for example “I know how to talk "
            "with a parent about their baby’s feelings”"
        ),
        max_length=ITEM_LIMIT,
        min_length=ITEM_SHORTEST,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Enter the statement"),
            "min_length": _("The statement must be at least 5 characters long"),
        },
    )


class NumberedItemForm(ItemForm):
    """A statement of the list, labelled by its place in it ("Statement 2"), so that each box
    is told apart, on the page and by a screen reader."""

    def __init__(self, *args: Any, number: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Statement %(number)d") % {"number": number}


class ActionForm(forms.Form):
    """A button's action on a statement (move, retire): nothing to fill in, only a refusal
    to show in the error summary."""


def item_field_name(item: QuestionnaireItem) -> str:
    return f"item_{item.code.hex}"


class AnswersForm(forms.Form):
    """One question a statement, answered on the five-point scale in words."""

    def __init__(
        self, *args: Any, items: list[QuestionnaireItem], feedback: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            # The statement is in the words its trainer wrote (English): said so to screen
            # readers on a page in another language.
            self.fields[item_field_name(item)] = forms.TypedChoiceField(
                label=format_html('<span lang="en" dir="ltr">{}</span>', item.text),
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how much you agree with “%(statement)s”")
                    % {"statement": item.text},
                    "invalid_choice": _("Choose how much you agree with “%(statement)s”")
                    % {"statement": item.text},
                },
            )
        if feedback:
            self.fields["helped"] = forms.CharField(
                label=_("What helped?"),
                help_text=_("About the course: what helped you learn (optional)"),
                max_length=FEEDBACK_LIMIT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields["change"] = forms.CharField(
                label=_("What should we change?"),
                help_text=_("About the course: what would make it better (optional)"),
                max_length=FEEDBACK_LIMIT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        explain_limits(self)

    @property
    def given(self) -> Given:
        data = self.cleaned_data
        return Given(
            scores={str(item.code): data[item_field_name(item)] for item in self.items},
            helped=data.get("helped", ""),
            change=data.get("change", ""),
        )
