"""Shared test fixtures: the personas every app's tests speak of.

- `team`: the Parent–Infant Clinical Team of a test NHS trust; `other_team`: another
  provider's team, whose people are outsiders to `team`'s records.
- `manager` (service manager of `team`), `clinician` (of `team`), `other_clinician` (of
  `other_team`), `trainer`, `community_worker`, `practitioner` (a health visitor), `analyst`,
  `researcher`, `sysadmin`, and `anonymous` (a visitor who has not signed in).
- `sign_in(client, user)`: a signed-in test client, with the second factor already passed
  for roles that need one, so tests exercise the real middleware, and the session's
  renewal recorded as the real sign-in records it (ADR 0061).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.services import session_renew
from littleminds.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from littleminds.core.background import background_running, wait_for_background


@pytest.fixture
def trust() -> Organisation:
    return OrganisationFactory.create(name="Test District NHS Trust")


@pytest.fixture
def team(trust: Organisation) -> Team:
    return TeamFactory.create(organisation=trust, name="Parent–Infant Clinical Team")


@pytest.fixture
def other_team() -> Team:
    return TeamFactory.create(
        organisation=OrganisationFactory.create(name="Other Charity"), name="Other Team"
    )


@pytest.fixture
def health_visiting() -> Organisation:
    return OrganisationFactory.create(name="Test Health Visiting Service")


@pytest.fixture
def manager(team: Team) -> User:
    return UserFactory.create(
        email="manager@test.example",
        full_name="Maya Manager",
        organisation=team.organisation,
        roles=[(Role.SERVICE_MANAGER, team)],
    )


@pytest.fixture
def clinician(team: Team) -> User:
    return UserFactory.create(
        email="clinician@test.example",
        full_name="Cal Clinician",
        organisation=team.organisation,
        roles=[(Role.CLINICIAN, team)],
    )


@pytest.fixture
def other_clinician(other_team: Team) -> User:
    return UserFactory.create(
        email="other.clinician@test.example",
        full_name="Olu Outsider",
        organisation=other_team.organisation,
        roles=[(Role.CLINICIAN, other_team)],
    )


@pytest.fixture
def trainer(team: Team) -> User:
    return UserFactory.create(email="trainer@test.example", roles=[(Role.TRAINER, team)])


@pytest.fixture
def community_worker(team: Team) -> User:
    return UserFactory.create(email="community@test.example", roles=[(Role.COMMUNITY_WORKER, team)])


@pytest.fixture
def practitioner(health_visiting: Organisation) -> User:
    return UserFactory.create(
        email="practitioner@test.example",
        full_name="Pip Practitioner",
        organisation=health_visiting,
        roles=[(Role.PRACTITIONER, None)],
    )


@pytest.fixture
def analyst() -> User:
    return UserFactory.create(email="analyst@test.example", roles=[(Role.ANALYST, None)])


@pytest.fixture
def researcher() -> User:
    return UserFactory.create(email="researcher@test.example", roles=[(Role.RESEARCHER, None)])


@pytest.fixture
def sysadmin() -> User:
    return UserFactory.create(email="admin@test.example", roles=[(Role.SYSTEM_ADMIN, None)])


@pytest.fixture
def anonymous() -> Client:
    return Client()


def pass_second_factor(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with a real device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def sign_in() -> Callable[[Client, User], Client]:
    def _sign_in(client: Client, user: User) -> Client:
        client.force_login(user, backend="littleminds.accounts.backends.EmailBackend")
        # As the real sign-in's answer does, record the session's save as its renewal, so
        # that the first page within a minute does not save it again (ADR 0061).
        session = client.session
        session_renew(session=session, always=True)
        session.save()
        if user.needs_second_factor:
            pass_second_factor(client, user)
        return client

    return _sign_in


PERSONAS = [
    "manager",
    "clinician",
    "other_clinician",
    "trainer",
    "community_worker",
    "practitioner",
    "analyst",
    "researcher",
    "sysadmin",
]


@pytest.fixture
def as_persona(
    request: pytest.FixtureRequest, sign_in: Callable[[Client, User], Client]
) -> Callable[[str], Client]:
    """`as_persona("clinician")`: a fresh client signed in as that persona."""

    def _as(name: str) -> Client:
        user = request.getfixturevalue(name)
        return sign_in(Client(), user)

    return _as


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _background_finished(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that used the database, the background worker runs what it was given
    and stops, closing its connection, before the test's database is rolled back or
    emptied: nothing a test started writes into the next one's."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        yield
        return
    # Set up now, if not already, so that it is torn down after this fixture.
    request.getfixturevalue("_django_db_helper")
    yield
    if background_running():
        wait_for_background()


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language and leaves it so: a request in another
    language (the language switch, a family's link) activates it in the thread, and it
    would otherwise stay active for the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _cache_emptied() -> None:
    """Each test starts with an empty cache (the local-memory one of each process, under
    the tests): a test's database is rolled back to the same directory generation, which
    would otherwise find the cached searches of the test before (ADR 0046)."""
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _uploads_kept_apart(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files the tests upload (community materials) go to a directory of the run's own,
    never into the project's `var/media`."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
