"""The coding part's forms: a code of the codebook, merging one code into another, choosing a
passage and the codes to apply to it, and a memo.

A passage is chosen one of two ways. With a mouse, `coding.js` turns the text selected on
the page into code-point offsets and fills `start` and `end`. By keyboard alone, without
JavaScript, the researcher chooses the segment it starts in and the one it ends in and,
optionally, the exact words within them.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.core.validation import LimitsExplained
from littleminds.evaluation.models import Code
from littleminds.evaluation.selectors_coding import Node, SegmentView
from littleminds.evaluation.services_coding import COLOUR

WORDS_LIMIT = 1000
MEMO_LIMIT = 5000


def words_in(text: str, start: int, end: int, words: str) -> tuple[int, int] | None:
    """Where `words` first occur within `text[start:end]`, ignoring case and taking any run
    of spaces as one space, as code-point offsets into `text`; None when they do not."""
    parts = words.split()
    if not parts:
        return None
    pattern = re.compile(r"\s+".join(re.escape(part) for part in parts), re.IGNORECASE)
    found = pattern.search(text, start, end)
    return (found.start(), found.end()) if found else None


def _indent(node: Node) -> str:
    return "— " * node.depth + node.code.name


class CodeForm(LimitsExplained, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter the code's name")},
    )
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        help_text=gettext_lazy("What the code means, and when to use it"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    colour = forms.CharField(
        label=gettext_lazy("Colour"),
        help_text=gettext_lazy("Shown beside the code's name wherever it is used, like #005EB8"),
        initial="#005EB8",
        max_length=7,
        error_messages={
            "required": gettext_lazy("Choose the code's colour"),
            "max_length": gettext_lazy(
                "Enter the colour as # and six hexadecimal digits, like #005EB8"
            ),
        },
        widget=forms.TextInput(attrs={"type": "color", "class": "lm-colour"}),
    )
    parent = forms.ChoiceField(
        label=gettext_lazy("Theme"),
        required=False,
        help_text=gettext_lazy("The code it is a sub-code of; none for a theme of its own"),
        error_messages={"invalid_choice": gettext_lazy("Choose a theme from the list")},
    )

    def __init__(self, *args: Any, tree: list[Node], node: Code | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # A code cannot go under itself or its own sub-codes: they are not offered (and
        # the service refuses them too).
        banned: set[int] = set()
        if node is not None:
            banned.add(node.pk)
            for item in tree:
                if item.code.parent_id in banned:
                    banned.add(item.code.pk)
        self.parents = {
            str(item.code.code): item.code for item in tree if item.code.pk not in banned
        }
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ChoiceField)
        parent_field.choices = [("", _("None: a theme of its own"))] + [
            (str(item.code.code), _indent(item)) for item in tree if item.code.pk not in banned
        ]

    def clean_colour(self) -> str:
        colour = str(self.cleaned_data.get("colour") or "").strip()
        if not COLOUR.match(colour):
            raise ValidationError(
                _("Enter the colour as # and six hexadecimal digits, like #005EB8")
            )
        return colour.upper()

    def chosen_parent(self) -> Code | None:
        return self.parents.get(self.cleaned_data.get("parent") or "")


class MergeForm(forms.Form):
    into = forms.ChoiceField(
        label=gettext_lazy("Merge it into"),
        error_messages={
            "required": gettext_lazy("Choose the code to merge it into"),
            "invalid_choice": gettext_lazy("Choose the code to merge it into from the list"),
        },
    )

    def __init__(self, *args: Any, tree: list[Node], node: Code, **kwargs: Any):
        super().__init__(*args, **kwargs)
        banned = {node.pk}
        for item in tree:
            if item.code.parent_id in banned:
                banned.add(item.code.pk)
        self.codes = {str(item.code.code): item.code for item in tree if item.code.pk not in banned}
        into = self.fields["into"]
        assert isinstance(into, forms.ChoiceField)
        into.choices = [("", _("Choose a code"))] + [
            (str(item.code.code), _indent(item)) for item in tree if item.code.pk not in banned
        ]

    def chosen(self) -> Code:
        return self.codes[self.cleaned_data["into"]]


class MemoForm(LimitsExplained, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Memo"),
        max_length=MEMO_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the memo")},
    )


def segment_label(view: SegmentView, text: str) -> str:
    segment = view.segment
    said = text[segment.start : min(segment.end, segment.start + 61)]
    words = said if segment.end - segment.start <= 60 else said[:59] + "…"
    return f"{segment.index + 1}. {words}"


class SegmentField(forms.ChoiceField):
    """A choice of segment. Its options' labels are written only when the form is shown: a
    long transcript has hundreds, and applying codes (which must be quick) needs none."""

    keys: frozenset[str] = frozenset()

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.keys


PASSAGE_FIELDS = ("start", "end", "from_segment", "to_segment", "words")


class PassageForm(LimitsExplained, forms.Form):
    """A passage of the transcript (by offsets from the mouse, or by segments and words from
    the keyboard), the codes to apply to it and a memo on it."""

    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    from_segment = SegmentField(
        label=gettext_lazy("From segment"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a segment from the list")},
    )
    to_segment = SegmentField(
        label=gettext_lazy("To segment"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a segment from the list")},
    )
    words = forms.CharField(
        label=gettext_lazy("Exact words (optional)"),
        help_text=gettext_lazy(
            "Copy the words of the passage from those segments; leave empty to code the "
            "segments whole"
        ),
        max_length=WORDS_LIMIT,
        required=False,
    )
    codes = forms.MultipleChoiceField(
        label=gettext_lazy("Codes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose codes from the list")},
    )
    memo = forms.CharField(
        label=gettext_lazy("Memo on the passage (optional)"),
        max_length=MEMO_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        text: str,
        segments: list[SegmentView],
        tree: list[Node],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.text = text
        # Withdrawn participants' words cannot be coded: their segments are not offered.
        self.segments = {str(view.segment.index): view for view in segments if not view.withdrawn}
        keys = frozenset(self.segments)
        labels: list[tuple[str, str]] = []

        def choices() -> list[tuple[str, str]]:
            if not labels:
                labels.append(("", _("Choose a segment")))
                labels.extend(
                    (key, segment_label(view, text)) for key, view in self.segments.items()
                )
            return labels

        for name in ("from_segment", "to_segment"):
            field = self.fields[name]
            assert isinstance(field, SegmentField)
            field.keys = keys
            field.choices = choices
        self.tree = tree
        self.by_key = {str(node.code.code): node.code for node in tree}
        codes = self.fields["codes"]
        assert isinstance(codes, forms.MultipleChoiceField)
        codes.choices = [(key, node.name) for key, node in self.by_key.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Every problem is said at once: the passage is checked unless its own boxes are
        # already wrong, and the codes unless they or the memo are.
        if not any(name in self.errors for name in PASSAGE_FIELDS):
            start, end = data.get("start"), data.get("end")
            if start is not None and end is not None:
                if 0 <= start < end <= len(self.text):
                    data["passage"] = (start, end)
                else:
                    self.add_error(None, _("Choose a passage within the transcript"))
            else:
                self._passage_from_segments(data)
        if (
            "codes" not in self.errors
            and "memo" not in self.errors
            and not data.get("codes")
            and not (data.get("memo") or "").strip()
        ):
            self.add_error("codes", _("Choose at least one code, or write a memo"))
        return data

    def _passage_from_segments(self, data: dict[str, Any]) -> None:
        first = self.segments.get(data.get("from_segment") or "")
        last = self.segments.get(data.get("to_segment") or "")
        if first is None:
            self.add_error("from_segment", _("Choose the segment the passage starts in"))
        if last is None:
            self.add_error("to_segment", _("Choose the segment the passage ends in"))
        if first is None or last is None:
            return
        if last.segment.index < first.segment.index:
            self.add_error(
                "to_segment", _("The passage must end in the segment it starts in, or a later one")
            )
            return
        start, end = first.segment.start, last.segment.end
        words = (data.get("words") or "").strip()
        if words:
            found = words_in(self.text, start, end, words)
            if found is None:
                self.add_error(
                    "words",
                    _(
                        "The exact words are not in the segments you chose: copy them from "
                        "the text, or leave the box empty to code the segments whole"
                    ),
                )
                return
            start, end = found
        data["passage"] = (start, end)

    def segment_fields(self) -> list[Any]:
        return [self["from_segment"], self["to_segment"]]

    def chosen_codes(self) -> list[Code]:
        return [self.by_key[key] for key in self.cleaned_data.get("codes") or []]
