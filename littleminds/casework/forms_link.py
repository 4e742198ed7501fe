"""Forms of questionnaire links: the clinician's (which measure, for whom, in which
language, sent how) and the family's (one radio group a question)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.casework.models import CasePerson
from littleminds.casework.models_link import LINK_MEASURES, QuestionnaireLink
from littleminds.casework.services_link import ways_to_send
from littleminds.core.validation import LimitsExplained
from littleminds.measures.definitions import measure_of
from littleminds.measures.wording import Wording

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
]

# A person's language as the case records it, in words, to the questionnaire's language.
_LANGUAGE_WORDS = {
    "ur": ("urdu", "اردو"),
    "pl": ("polish", "polski"),
    "ro": ("romanian", "română", "romana"),
}


def link_language(words: str) -> str:
    """The questionnaire's language for a person whose language is recorded as `words`:
    Urdu, Polish or Romanian where it is one of them, English otherwise."""
    text = words.strip().lower()
    for code, names in _LANGUAGE_WORDS.items():
        if any(name in text for name in names):
            return code
    return "en"


def _waiting_words(link: QuestionnaireLink) -> dict[str, str]:
    return {"measure": link.measure_name, "name": link.answerer.name}


class LinkForm(LimitsExplained, forms.Form):
    measure = forms.ChoiceField(
        label=_("Which questionnaire?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the questionnaire"),
            "invalid_choice": _("Choose PHQ-9 or GAD-7"),
        },
    )
    answerer = forms.ChoiceField(
        label=_("Who fills it in?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who fills it in"),
            "invalid_choice": _("Choose a parent or carer of the case"),
        },
    )
    language = forms.ChoiceField(
        label=_("In which language?"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the language"),
            "invalid_choice": _("Choose English, Urdu, Polish or Romanian"),
        },
    )
    send_by = forms.ChoiceField(
        label=_("How does the link reach them?"),
        choices=[
            ("", _("Do not send it: I will copy the link and pass it on")),
            ("email", _("Send it by email")),
            ("text", _("Send it by text message")),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose how the link reaches them")},
    )
    replace_waiting = forms.BooleanField(
        label=_("Withdraw the link still waiting and make a new one"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        people: list[CasePerson],
        waiting: list[QuestionnaireLink] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.code): p for p in people if p.is_parent_or_carer}
        # The links still waiting, by questionnaire and person: a new one for the same is
        # refused unless the clinician ticks the box to withdraw the waiting one.
        self.waiting = {(link.measure, str(link.answerer.code)): link for link in waiting or ()}
        if self.waiting:
            self.fields["replace_waiting"].help_text = gettext("Still waiting: %(links)s.") % {
                "links": "; ".join(
                    gettext("%(measure)s for %(name)s") % _waiting_words(link)
                    for link in self.waiting.values()
                )
            }
        else:
            del self.fields["replace_waiting"]
        self._set_choices("measure", [(c, measure_of(c).name) for c in LINK_MEASURES])
        self._set_choices("answerer", [(c, p.name) for c, p in self.people.items()])
        first = next(iter(self.people.values()), None)
        if first is not None:
            self.initial.setdefault("answerer", str(first.code))
            self.initial.setdefault("language", link_language(first.language))
        self.initial.setdefault("send_by", "")
        self.fields["language"].help_text = "; ".join(
            gettext("%(name)s: %(language)s") % {"name": p.name, "language": p.language}
            for p in self.people.values()
            if p.language
        )
        self.fields["send_by"].help_text = " ".join(self._ways_in_words())

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def _ways_in_words(self) -> list[str]:
        words = []
        for person in self.people.values():
            ways = ways_to_send(person)
            if not ways:
                words.append(
                    gettext("%(name)s: it cannot be sent; copy the link and pass it on.")
                    % {"name": person.name}
                )
            else:
                words.append(
                    gettext("%(name)s: by %(ways)s.")
                    % {
                        "name": person.name,
                        "ways": gettext(" or ").join(
                            str(QuestionnaireLink.Sent(way).label).lower() for way in ways
                        ),
                    }
                )
        return words

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = self.chosen_person()
        way = data.get("send_by") or ""
        if person is not None and way and way not in ways_to_send(person):
            self.add_error(
                "send_by",
                gettext(
                    "The link cannot be sent to %(name)s that way: their details do not "
                    "allow it, or it is not safe"
                )
                % {"name": person.name},
            )
        measure = data.get("measure")
        if person is not None and measure and not data.get("replace_waiting"):
            link = self.waiting.get((measure, str(person.code)))
            if link is not None:
                self.refuse_waiting(link)
        return data

    def refuse_waiting(self, link: QuestionnaireLink) -> None:
        """The error of a new link while `link` waits for the same person and measure."""
        message = gettext(
            "A %(measure)s link for %(name)s is still waiting. Tick the box to withdraw "
            "it and make a new one, or choose another questionnaire or person"
        ) % _waiting_words(link)
        if "replace_waiting" in self.fields:
            self.add_error("replace_waiting", message)
        else:
            self.add_error(None, message)

    def chosen_person(self) -> CasePerson | None:
        code = self.cleaned_data.get("answerer")
        return self.people.get(code) if code else None


class QuestionnaireForm(forms.Form):
    """The family's answers: one radio group a question, each answer's words as its label.
    A missing answer, or a value that is not one of the answers (a changed page), is an
    error on its question; nothing is saved until every question has its answer."""

    def __init__(self, *args: Any, wording: Wording, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(score), label) for score, label in enumerate(wording.options)]
        for number, item in enumerate(wording.items, start=1):
            message = gettext("Choose an answer for question %(number)d") % {"number": number}
            self.fields[f"item_{number}"] = forms.ChoiceField(
                label=gettext("%(number)d. %(item)s") % {"number": number, "item": item},
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )

    @property
    def items(self) -> list[int]:
        return [int(self.cleaned_data[name]) for name in self.fields]
