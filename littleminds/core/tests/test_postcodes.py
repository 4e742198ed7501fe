from __future__ import annotations

import pytest

from littleminds.core.postcodes import InvalidPostcode, normalise_postcode, parse_postcode


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("M1 1AE", "M1 1AE"),  # A9 9AA
        ("b33 8th", "B33 8TH"),  # A99 9AA
        ("W1A0AX", "W1A 0AX"),  # A9A 9AA
        ("  bd7 1dp ", "BD7 1DP"),  # AA9 9AA
        ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
        ("ec1a 1bb", "EC1A 1BB"),  # AA9A 9AA
        ("LS29  8AB", "LS29 8AB"),
    ],
)
def test_it_normalises_all_six_formats(typed: str, normal: str) -> None:
    assert normalise_postcode(typed) == normal


def test_it_takes_a_postcode_apart() -> None:
    postcode = parse_postcode("bd71dp")

    assert (postcode.district, postcode.sector, postcode.inward) == ("BD7", "BD7 1", "1DP")
    assert not postcode.is_pseudo


@pytest.mark.parametrize("typed", ["ZZ99 3VZ", "zz993wz", "ZZ99 3CZ"])
def test_it_accepts_and_flags_pseudo_postcodes(typed: str) -> None:
    postcode = parse_postcode(typed)

    assert postcode.is_pseudo
    assert postcode.district == "ZZ99"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a postcode"),
        ("BD7", "Enter a full UK postcode"),
        ("BD7 1DPXX", "Enter a full UK postcode"),
        ("QD7 1DP", "Enter a real UK postcode"),  # Q never starts a postcode
        ("BD7 1CP", "Enter a real UK postcode"),  # C is not used in the inward code
        ("12345", "Enter a real UK postcode"),
        ("BD7 ;DROP", "Enter"),
    ],
)
def test_it_explains_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(InvalidPostcode, match=message):
        parse_postcode(typed)


def test_it_accepts_a_district_alone_only_when_asked() -> None:
    assert str(parse_postcode("bd7", allow_district=True)) == "BD7"
    assert parse_postcode("bd7", allow_district=True).sector == ""
    with pytest.raises(InvalidPostcode):
        parse_postcode("bd7")


def test_it_says_a_district_would_do_when_one_would() -> None:
    with pytest.raises(InvalidPostcode, match="or its first part, like BD7"):
        parse_postcode("nowhere", allow_district=True)


def test_the_form_field_says_a_long_paste_is_not_a_postcode() -> None:
    from django import forms

    from littleminds.core.forms import PostcodeField

    field = PostcodeField()

    with pytest.raises(forms.ValidationError) as error:
        field.clean("BD7 1DP " * 10)

    assert error.value.messages == [
        str(_explained("BD7 1DP " * 10)),
    ]
    assert "maxlength" not in field.widget.render("postcode", "")


def _explained(typed: str) -> str:
    try:
        parse_postcode(typed)
    except InvalidPostcode as error:
        return str(error)
    raise AssertionError("a postcode")
