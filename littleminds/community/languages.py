"""The languages community messaging works in (DOMAIN.md §2): the district's languages, not
only the four the public pages speak.

Each language has its name in the page's language (marked for translation) and its name in
its own words, for a family who reads that language and not the page's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")
    PUNJABI = "pa", _("Punjabi")
    BENGALI = "bn", _("Bengali")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    SLOVAK = "sk", _("Slovak")
    ARABIC = "ar", _("Arabic")


# Each language named in its own words (never translated), and whether it is written right
# to left.
OWN_NAMES: dict[str, str] = {
    "en": "English",
    "ur": "اردو",
    "pa": "ਪੰਜਾਬੀ",
    "bn": "বাংলা",
    "pl": "Polski",
    "ro": "Română",
    "sk": "Slovenčina",
    "ar": "العربية",
}
RIGHT_TO_LEFT = frozenset({"ur", "ar"})

# The page's language (Django's code) as a community language, to show a family the
# material's version in their language first.
FROM_PAGE_LANGUAGE = {"en-gb": "en", "en": "en", "ur": "ur", "pl": "pl", "ro": "ro"}
