"""The forms of closing, reopening and destroying a case (NHS error summary, limits with
words, never a silent cut)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.casework.models import TEXT_LIMIT
from littleminds.casework.models_closure import ADDRESS_LIMIT, REASON_NOTE_LIMIT, Closure
from littleminds.core.validation import LimitsExplained


def _stripped(form: forms.Form, name: str, missing: Any) -> str:
    text = str(form.cleaned_data.get(name) or "").strip()
    if not text:
        raise forms.ValidationError(missing, code="required")
    return text


class CloseForm(LimitsExplained, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the case closing?"),
        choices=Closure.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why the case is closing"),
            "invalid_choice": _("Choose one of the reasons shown"),
        },
    )
    reason_note = forms.CharField(
        label=_("The reason in your words"),
        help_text=_("Only for another reason"),
        required=False,
        max_length=REASON_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    summary = forms.CharField(
        label=_("Closing summary"),
        help_text=_(
            "What the work was and how the family is now. The referrer and the GP or health "
            "visitor read it in the closing letter."
        ),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter the closing summary"),
            "max_length": _("Enter the closing summary in 5,000 characters or fewer"),
        },
    )
    gp_name = forms.CharField(
        label=_("GP or health visitor (optional)"),
        help_text=_("Where known: they are sent a closing letter too"),
        required=False,
        max_length=120,
    )
    gp_address = forms.CharField(
        label=_("Their address (optional)"),
        required=False,
        max_length=ADDRESS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, confirm: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confirm:
            # Only when something is still open on the case (the page lists it above).
            self.fields["dealt_with"] = forms.BooleanField(
                label=_(
                    "I have dealt with what is still open, listed above. The planned "
                    "contacts will be cancelled by the service and the open tasks closed "
                    "with the case."
                ),
                error_messages={
                    "required": _("Confirm that you have dealt with what is still open")
                },
            )

    def clean_summary(self) -> str:
        return _stripped(self, "summary", _("Enter the closing summary"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        note = str(data.get("reason_note") or "").strip()
        # One message a box: a box already in error (too long) is not told more.
        if (
            data.get("reason") == Closure.Reason.OTHER
            and not note
            and "reason_note" not in self.errors
        ):
            self.add_error("reason_note", _("Say why the case is closing"))
        if (
            data.get("gp_address", "").strip()
            and not data.get("gp_name", "").strip()
            and "gp_name" not in self.errors
        ):
            self.add_error("gp_name", _("Enter the name of the GP or health visitor"))
        return data


class ReopenForm(LimitsExplained, forms.Form):
    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        max_length=REASON_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the case is reopened"),
            "max_length": _("Enter why the case is reopened in 1,000 characters or fewer"),
        },
    )

    def clean_reason(self) -> str:
        return _stripped(self, "reason", _("Say why the case is reopened"))


class DestroyForm(LimitsExplained, forms.Form):
    """The second confirmation: the manager types the case's code."""

    code = forms.CharField(
        label=_("Type the case's code to confirm"),
        max_length=36,
        error_messages={"required": _("Type the case's code to confirm")},
    )

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_code(self) -> str:
        typed = str(self.cleaned_data["code"]).strip().lower()
        if typed != self.expected.lower():
            raise forms.ValidationError(
                _("The code typed is not the case's code: nothing was destroyed"), code="wrong"
            )
        return typed
