from __future__ import annotations

import pytest
from django.template import Context, Template

from littleminds.core.phones import phone_link, phone_shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+447700900982", "07700 900982"),
        ("+441274123456", "01274 123456"),
        ("01274123456", "01274 123456"),
        ("+33 1 42 68 53 00", "+33 1 42 68 53 00"),
        ("Ask at reception", "Ask at reception"),
        ("", ""),
    ],
)
def test_it_shows_uk_numbers_as_people_write_them(stored: str, shown: str) -> None:
    assert phone_shown(stored) == shown


def test_it_links_to_the_number_in_the_international_format() -> None:
    assert phone_link("01274 123456") == "tel:+441274123456"
    assert phone_link("Ask at reception") == ""


def test_it_gives_templates_both() -> None:
    template = Template('{% load formatting %}<a href="{{ n|phone_link }}">{{ n|phone }}</a>')

    html = template.render(Context({"n": "+447700900982"}))

    assert html == '<a href="tel:+447700900982">07700 900982</a>'
