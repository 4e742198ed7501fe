"""factory_boy factories for accounts. Every name and address is invented."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import factory

from littleminds.accounts.models import Organisation, RoleAssignment, Team, User
from littleminds.accounts.roles import Role

PASSWORD = "Correct-Horse-Battery-9"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Organisation {n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test Team {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A person with no role. Pass `roles=[(Role.CLINICIAN, team), ...]` to give roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(
        obj: User, create: bool, extracted: list[tuple[Role, Team | None]] | None, **_: Any
    ) -> None:
        for role, team in extracted or []:
            RoleAssignment.objects.create(user=obj, role=role, team=team)
        obj.forget_roles()


class DeactivatedUserFactory(UserFactory):
    is_active = False
    deactivated_at = factory.Faker("past_datetime", tzinfo=UTC)


class InvitedUserFactory(UserFactory):
    password = factory.django.Password(None)
    invited_at = factory.Faker("past_datetime", tzinfo=UTC)
