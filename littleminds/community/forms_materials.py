"""The materials' forms: the staff list's filters, a material, and a file in one language.
Every message is specific and in plain words; bad input changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.community import uploads
from littleminds.community.languages import Language
from littleminds.community.models import SUMMARY_LIMIT, TITLE_LIMIT, Campaign, Material
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained


class FilterForm(forms.Form):
    """The staff list's filters (GET). A bad value is reported, and no filter is applied."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Material.Kind.choices],
        error_messages={"invalid_choice": _("Choose a kind of material from the list")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *Language.choices],
        error_messages={"invalid_choice": _("Choose a language from the list")},
    )
    due = forms.BooleanField(label=_("Only those due for review"), required=False)
    waiting = forms.BooleanField(label=_("Only those waiting for your approval"), required=False)


class MaterialForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of material"),
        choices=Material.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of material"),
            "invalid_choice": _("Choose a kind of material from the list"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_LIMIT,
        error_messages={"required": _("Enter the material's title")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        help_text=_("What it is about, in a sentence or two. Families read this"),
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter a summary of the material")},
    )
    review_by = DatePartsField(
        label=_("Review date"),
        help_text=_("After this day the material is flagged for checking. For example, 31 3 2027"),
        noun=_("The review date"),
        missing=_("Enter the review date"),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign (optional)"),
        queryset=Campaign.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a campaign of your team from the list")},
    )

    def __init__(self, *args: Any, team: Team, material: Material | None = None, **kw: Any):
        self.material = material
        if material is not None and "initial" not in kw:
            kw["initial"] = {
                "kind": material.kind,
                "title": material.title,
                "summary": material.summary,
                "review_by": material.review_by,
                "campaign": material.campaign.code if material.campaign else None,
            }
        super().__init__(*args, **kw)
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.filter(team=team).order_by("-starts", "theme")

    def clean_review_by(self) -> date | None:
        review_by: date | None = self.cleaned_data.get("review_by")
        unchanged = self.material is not None and review_by == self.material.review_by
        if review_by is not None and not unchanged and review_by <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future"))
        return review_by


class VersionForm(LimitsExplained, forms.Form):
    """A file in one language. The file is checked (`uploads.check`) before anything is
    kept."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Choose a language")), *Language.choices],
        error_messages={
            "required": _("Choose the language of the file"),
            "invalid_choice": _("Choose a language from the list"),
        },
    )
    title = forms.CharField(
        label=_("Title in this language (optional)"),
        help_text=_("Families who read this language see it. Leave empty to use the title"),
        max_length=TITLE_LIMIT,
        required=False,
    )
    file = forms.FileField(
        label=_("File"),
        # The limits come from settings, so the words are put together in __init__.
        help_text="",
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a file"),
        },
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["file"].help_text = _(
            "A PDF or an image (PNG, JPEG or WebP) of up to %(most)s MB, or an MP4 video of up "
            "to %(video)s MB"
        ) % {"most": settings.MATERIAL_MAX_MB, "video": settings.MATERIAL_VIDEO_MAX_MB}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            try:
                uploads.check(upload)
            except uploads.Refused as refused:
                raise forms.ValidationError(refused.message) from None
        return upload
