from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_changes_a_password_through_the_audited_service(practitioner: User) -> None:
    with mock.patch("getpass.getpass", side_effect=["A-new-long-pass-77"] * 2):
        call_command("changepassword", "Practitioner@test.example")

    practitioner.refresh_from_db()
    assert practitioner.check_password("A-new-long-pass-77")
    assert AuditEvent.objects.filter(action="user.password_set").count() == 1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["A-new-long-pass-77", "A-new-long-pass-78"], "do not match"),
        (["short", "short"], "too short"),
    ],
)
def test_it_changes_nothing_on_bad_input(practitioner: User, answers, message) -> None:
    with (
        mock.patch("getpass.getpass", side_effect=answers),
        pytest.raises(CommandError, match=message),
    ):
        call_command("changepassword", practitioner.email)

    assert not AuditEvent.objects.filter(action="user.password_set").exists()


def test_it_names_an_unknown_account() -> None:
    with pytest.raises(CommandError, match="No account has the email address"):
        call_command("changepassword", "nobody@test.example")
