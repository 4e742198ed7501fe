"""The forms of the transcripts part: uploading a transcript, and reviewing the names
pseudonymisation proposes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.core.validation import LimitsExplained, explain_limits
from littleminds.evaluation import uploads
from littleminds.evaluation.models import (
    Participant,
    Participation,
    Study,
    TimePoint,
    Transcript,
)
from littleminds.evaluation.pseudonymise import Proposal, Replacement

REPLACEMENT_LIMIT = 40


class ParticipantChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Participant)
        if obj.withdrawn:
            return str(_("%(code)s (withdrawn)") % {"code": obj.label})
        return obj.label


class UploadForm(LimitsExplained, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Interview P07, time 1. Do not use anyone's name"),
        error_messages={"required": _("Enter the transcript's title")},
    )
    time_point = forms.ModelChoiceField(
        label=_("Time point"),
        queryset=TimePoint.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a time point"),
        error_messages={
            "required": _("Choose the time point of the interview or focus group"),
            "invalid_choice": _("Choose a time point from the list"),
        },
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Participation.Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether it was an interview or a focus group"),
            "invalid_choice": _("Choose whether it was an interview or a focus group"),
        },
    )
    participants = ParticipantChoices(
        label=_("Participants in the transcript (optional)"),
        queryset=Participant.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A turn whose speaker is a participant's code is theirs; in an interview with one "
            "participant, every turn that is not the interviewer's is theirs"
        ),
        error_messages={"invalid_choice": _("Choose participants from the list")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A .txt file (UTF-8), a Word document (.docx) or subtitles (.vtt or .srt), of up "
            "to %(most)s MB"
        )
        % {"most": uploads.MAX_MB},
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The file is empty"),
            "invalid": _("Select a file"),
        },
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        time_point = self.fields["time_point"]
        assert isinstance(time_point, forms.ModelChoiceField)
        time_point.queryset = study.time_points.all()
        participants = self.fields["participants"]
        assert isinstance(participants, forms.ModelMultipleChoiceField)
        participants.queryset = study.participants.all()
        self.read: uploads.Read | None = None

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if Transcript.objects.filter(study=self.study, title__iexact=title).exists():
            raise forms.ValidationError(_("The study already has a transcript with this title"))
        return title

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size is not None and upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(
                _("The file must be smaller than %(most)s MB") % {"most": uploads.MAX_MB}
            )
        data = upload.read(uploads.MAX_BYTES + 1)
        try:
            self.read = uploads.read_upload(upload.name or "", data)
        except uploads.Refused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


class ReviewForm(LimitsExplained, forms.Form):
    """One checkbox a proposal ("take-<start>-<end>"), checked for listed names; a candidate
    also has a box for what replaces it ("with-<start>-<end>")."""

    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Open the review page again and check the replacements")},
    )

    def __init__(self, *args: Any, proposals: list[Proposal], fingerprint: str, **kw: Any):
        super().__init__(*args, initial={"fingerprint": fingerprint}, **kw)
        self.proposals = proposals
        self.expected_fingerprint = fingerprint
        for proposal in proposals:
            self.fields[f"take-{proposal.key}"] = forms.BooleanField(
                label=_("Replace “%(found)s”") % {"found": proposal.found},
                required=False,
                initial=proposal.listed,
            )
            if not proposal.listed:
                self.fields[f"with-{proposal.key}"] = forms.CharField(
                    label=_("Replace “%(found)s” with") % {"found": proposal.found},
                    max_length=REPLACEMENT_LIMIT,
                    required=False,
                    initial=proposal.replacement,
                    # Its own "too long": the label ("Replace “X” with") does not start one.
                    error_messages={
                        "max_length": _(
                            "What replaces “%(found)s” must be %(limit)s characters or fewer"
                        )
                        % {"found": proposal.found, "limit": f"{REPLACEMENT_LIMIT:,}"}
                    },
                )
        # Again after the fields are made, so the boxes added here have "too long" in words.
        explain_limits(self)

    def rows(self) -> list[tuple[Proposal, forms.BoundField, forms.BoundField | None]]:
        return [
            (
                proposal,
                self[f"take-{proposal.key}"],
                None if proposal.listed else self[f"with-{proposal.key}"],
            )
            for proposal in self.proposals
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fingerprint") and data["fingerprint"] != self.expected_fingerprint:
            raise forms.ValidationError(
                _(
                    "The names listed for the study changed while you were reviewing: check "
                    "the replacements again"
                )
            )
        for proposal in self.proposals:
            if proposal.listed or not data.get(f"take-{proposal.key}"):
                continue
            name = f"with-{proposal.key}"
            if name in self.errors:
                continue
            replacement = " ".join((data.get(name) or "").split())
            if not replacement:
                self.add_error(
                    name,
                    _("Enter what replaces “%(found)s”, or leave it unticked")
                    % {"found": proposal.found},
                )
            else:
                data[name] = replacement
        return data

    def replacements(self) -> tuple[list[Replacement], int]:
        """The accepted replacements, and how many of them are listed names."""
        data = self.cleaned_data
        chosen: list[Replacement] = []
        listed = 0
        for proposal in self.proposals:
            if not data.get(f"take-{proposal.key}"):
                continue
            if proposal.listed:
                listed += 1
                chosen.append(Replacement(proposal.start, proposal.end, proposal.replacement))
            else:
                chosen.append(
                    Replacement(proposal.start, proposal.end, data[f"with-{proposal.key}"])
                )
        return chosen, listed
