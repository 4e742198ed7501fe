"""UK postcodes: validate, normalise and take apart (DOMAIN.md §10).

The six formats of the outward code (A9, A99, A9A, AA9, AA99, AA9A) with an inward code of
a digit and two letters, written with one space between. ZZ99 pseudo-postcodes (ZZ99 3VZ:
no fixed abode; ZZ99 3WZ: address not known; and the rest of the ZZ99 family) are accepted
and flagged: they never place a family outside an area, so a homeless family can get help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Letters the Royal Mail does not use in each position of a postcode.
_OUTWARD = re.compile(
    r"^(?:"
    r"[A-PR-UWYZ][0-9]{1,2}"  # A9, A99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AA9, AA99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AA9A
    r")$"
)
_INWARD = re.compile(r"^[0-9][ABD-HJLNP-UW-Z]{2}$")
_PSEUDO = re.compile(r"^ZZ99[0-9][A-Z]{2}$")

NO_FIXED_ABODE = "ZZ99 3VZ"
NOT_KNOWN = "ZZ99 3WZ"


class InvalidPostcode(ValueError):
    """The text is not a UK postcode; the message says what is wrong, for the person."""


@dataclass(frozen=True)
class Postcode:
    outward: str
    inward: str
    is_pseudo: bool = False

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward

    @property
    def district(self) -> str:
        """The outward code: "BD7" of "BD7 1DP"."""
        return self.outward

    @property
    def sector(self) -> str:
        """The district and the first digit of the inward code: "BD7 1" of "BD7 1DP"."""
        return f"{self.outward} {self.inward[:1]}" if self.inward else ""

    @property
    def is_full(self) -> bool:
        return bool(self.inward)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def parse_postcode(text: str, *, allow_district: bool = False) -> Postcode:
    """Read a postcode typed by a person, in any case and spacing.

    With `allow_district`, an outward code alone ("BD7") is accepted too, for searches
    that need only the district.
    """
    squashed = _squash(text)
    if not squashed:
        raise InvalidPostcode(_("Enter a postcode"))
    if _PSEUDO.match(squashed):
        return Postcode(squashed[:-3], squashed[-3:], is_pseudo=True)
    if allow_district:
        if _OUTWARD.match(squashed):
            return Postcode(squashed, "")
        try:
            return parse_postcode(text)
        except InvalidPostcode as error:
            raise InvalidPostcode(
                _("Enter a real UK postcode, like BD7 1DP, or its first part, like BD7")
            ) from error
    if len(squashed) < 5 or len(squashed) > 7:
        raise InvalidPostcode(_("Enter a full UK postcode, like BD7 1DP"))
    outward, inward = squashed[:-3], squashed[-3:]
    if not (_OUTWARD.match(outward) and _INWARD.match(inward)):
        raise InvalidPostcode(_("Enter a real UK postcode, like BD7 1DP"))
    return Postcode(outward, inward)


def normalise_postcode(text: str) -> str:
    """ "bd71dp" → "BD7 1DP"; raises InvalidPostcode with a message for the person."""
    return str(parse_postcode(text))
