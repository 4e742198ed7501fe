from __future__ import annotations

import pytest
from django.core.management import call_command

from littleminds.accounts.models import Organisation
from littleminds.demo import organisation_kinds

pytestmark = pytest.mark.django_db


def test_it_gives_every_demonstration_organisation_a_kind(capsys) -> None:
    call_command("demo-data")

    assert list(Organisation.objects.filter(kind="").values_list("name", flat=True)) == []
    assert Organisation.objects.get(name="Kestrel Row Surgery").kind == "primary_care"
    # Every name in the list is an organisation of the demonstration (no name misspelt).
    assert Organisation.objects.filter(name__in=organisation_kinds.KINDS).count() == len(
        organisation_kinds.KINDS
    )


def test_it_keeps_a_kind_a_manager_gave(capsys) -> None:
    call_command("demo-data")
    Organisation.objects.filter(name="Small Hours Trust").update(kind="other")

    assert organisation_kinds.apply() == 0
    assert Organisation.objects.get(name="Small Hours Trust").kind == "other"
