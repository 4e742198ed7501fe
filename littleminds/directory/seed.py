"""The needs taxonomy every instance starts with: the concerns of DOMAIN.md §6 and the risk
factors of §3. Service managers can edit it afterwards. The navigator's concern codes are
these terms' codes. The names are marked for translation (the public pages show them in
the family's language through `NeedTerm.label`); the database keeps them in English.

The migration that seeds a new database and the tests both call `seed_needs`, passing the
model classes (the migration's are historical), so the list is written once.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

TAXONOMY = {
    "name": "Little Minds needs",
    "description": "What a family may need help with: relationship concerns between a parent "
    "and their baby, and other concerns that put a baby's mental health at risk.",
}

TERMS = [
    (
        "bonding",
        gettext_noop("Bonding and attachment"),
        "Worries about how close a parent and baby feel, or about their attachment.",
        "relationship",
    ),
    (
        "baby_regulation",
        gettext_noop("Crying, sleeping and feeding"),
        "A baby's crying, sleeping or feeding is affecting the relationship.",
        "relationship",
    ),
    (
        "trauma_loss",
        gettext_noop("Trauma or loss"),
        "Trauma or loss, such as a difficult birth or bereavement, is affecting the relationship.",
        "relationship",
    ),
    (
        "parenting_confidence",
        gettext_noop("Confidence as a parent"),
        "A parent has low confidence in caring for their baby.",
        "relationship",
    ),
    (
        "parent_mental_health",
        gettext_noop("A parent's mental health"),
        "A parent's own mental health, in pregnancy or after the birth.",
        "other",
    ),
    (
        "domestic_abuse",
        gettext_noop("Domestic abuse"),
        "Domestic abuse in the family, now or in the past.",
        "other",
    ),
    (
        "substance_use",
        gettext_noop("Drugs or alcohol"),
        "A parent's use of drugs or alcohol.",
        "other",
    ),
    (
        "housing",
        gettext_noop("Housing and homelessness"),
        "Housing problems, including homelessness.",
        "other",
    ),
    (
        "money",
        gettext_noop("Money, debt and benefits"),
        "Money worries, debt and welfare benefits.",
        "other",
    ),
    (
        "refugee_asylum",
        gettext_noop("Refugee and asylum support"),
        "Families who are refugees or seeking asylum.",
        "other",
    ),
]


def seed_needs(Taxonomy: Any, NeedTerm: Any) -> Any:
    taxonomy, _created = Taxonomy.objects.get_or_create(
        name=TAXONOMY["name"], defaults={"description": TAXONOMY["description"], "version": "1"}
    )
    for term, name, description, group in TERMS:
        NeedTerm.objects.get_or_create(
            taxonomy=taxonomy,
            term=term,
            defaults={"name": name, "description": description, "group": group},
        )
    return taxonomy
