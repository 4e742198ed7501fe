"""The exchange part's forms: importing a REFI-QDA project or codebook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from littleminds.core.validation import LimitsExplained
from littleminds.evaluation import exchange_import
from littleminds.evaluation.models import Participation, Study, TimePoint
from littleminds.evaluation.uploads import Refused


class ImportForm(LimitsExplained, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A REFI-QDA project (.qdpx) or codebook (.qdc), of up to %(most)s MB")
        % {"most": settings.EVALUATION_IMPORT_MAX_MB},
        widget=forms.FileInput(attrs={"accept": exchange_import.ACCEPT}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The file is empty"),
            "invalid": _("Select a file"),
        },
    )
    time_point = forms.ModelChoiceField(
        label=_("Time point of the imported transcripts"),
        queryset=TimePoint.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Choose a time point"),
        help_text=_("Needed for a project with transcripts; not for a codebook"),
        error_messages={"invalid_choice": _("Choose a time point from the list")},
    )
    method = forms.ChoiceField(
        label=_("Method of the imported transcripts"),
        choices=Participation.Method.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Needed for a project with transcripts; not for a codebook"),
        error_messages={
            "invalid_choice": _("Choose whether they were interviews or focus groups"),
        },
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        time_point = self.fields["time_point"]
        assert isinstance(time_point, forms.ModelChoiceField)
        time_point.queryset = study.time_points.all()
        self.plan: exchange_import.Plan | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        most = exchange_import.max_bytes()
        if upload.size is not None and upload.size > most:
            raise forms.ValidationError(
                _("The file must be smaller than %(most)s MB")
                % {"most": settings.EVALUATION_IMPORT_MAX_MB}
            )
        try:
            self.plan = exchange_import.read_import(upload.name or "", upload.read(most + 1))
        except Refused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.plan is not None and self.plan.sources:
            if not data.get("time_point") and "time_point" not in self.errors:
                self.add_error(
                    "time_point", _("Choose the time point of the project's transcripts")
                )
            if not data.get("method") and "method" not in self.errors:
                self.add_error(
                    "method",
                    _("Choose whether the project's transcripts are interviews or focus groups"),
                )
        return data
