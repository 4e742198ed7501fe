from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from littleminds.accounts.models import User
from littleminds.audit.chain import GENESIS, hash_of
from littleminds.audit.models import AuditEvent
from littleminds.audit.selectors import audit_chain_verify
from littleminds.audit.services import audit_read, audit_record

pytestmark = pytest.mark.django_db


def _write_events(user: User, count: int) -> list[AuditEvent]:
    return [
        audit_record(by=user, action="test.happened", target=user, detail={"n": n})
        for n in range(count)
    ]


def _raw(sql: str, params: list[str | int]) -> None:
    """Tamper with the table directly, as someone with database access could."""
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", AuditEvent._meta.db_table), params)


def _rewrite(sequence: int, detail: dict[str, int], through: int | None = None) -> None:
    """Change one event's detail and recompute its hash and every later event's link and
    hash (up to `through`, or to the end), as someone with database access could."""
    previous = ""
    for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if through is not None and event.sequence > through:
            break
        if event.sequence == sequence:
            event.detail = detail
        else:
            event.previous_hash = previous
        previous = hash_of(event)
        _raw(
            "UPDATE {table} SET detail = %s, previous_hash = %s, hash = %s WHERE sequence = %s",
            [json.dumps(event.detail), event.previous_hash, previous, event.sequence],
        )


def test_it_links_each_event_to_the_one_before(clinician: User) -> None:
    first, second, third = _write_events(clinician, 3)

    assert first.sequence + 1 == second.sequence == third.sequence - 1
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_it_starts_the_chain_from_the_genesis_hash(clinician: User) -> None:
    (first,) = _write_events(clinician, 1)

    assert first.sequence == 1
    assert first.previous_hash == GENESIS


def test_it_stores_who_did_what_to_which_record(clinician: User, team) -> None:
    event = audit_record(
        by=clinician, action="user.invited", target=clinician, team=team, detail={"why": "x"}
    )
    event.refresh_from_db()

    assert event.actor_code == clinician.code
    assert event.actor_label == "clinician@test.example"
    assert event.target_type == "accounts.user"
    assert event.target_code == str(clinician.code)
    assert event.team_code == team.code
    assert event.detail == {"why": "x"}
    assert hash_of(event) == event.hash


def test_it_records_reads_as_viewed_events(manager: User, clinician: User) -> None:
    event = audit_read(by=manager, target=clinician)

    assert event.action == "user.viewed"
    assert event.actor_code == manager.code


def test_it_records_system_actions_without_an_actor() -> None:
    event = audit_record(by=None, action="system.started")

    assert event.actor_code is None
    assert event.actor_label == "system"


def test_it_verifies_an_intact_chain(clinician: User, capsys: pytest.CaptureFixture[str]) -> None:
    events = _write_events(clinician, 4)

    call_command("audit", "verify")

    out = capsys.readouterr().out
    count = AuditEvent.objects.count()
    head = f"{events[-1].sequence}:{events[-1].hash}"
    assert f"Audit trail intact: {count} events, head {head}." in out


def test_it_catches_an_altered_event(clinician: User) -> None:
    events = _write_events(clinician, 5)
    _raw(
        "UPDATE {table} SET detail = %s WHERE sequence = %s",
        ['{"n": 99}', events[2].sequence],
    )

    with pytest.raises(CommandError, match=rf"broken at event #{events[2].sequence}: its content"):
        call_command("audit", "verify")


def test_it_catches_an_altered_actor(clinician: User) -> None:
    events = _write_events(clinician, 3)
    _raw(
        "UPDATE {table} SET actor_label = %s WHERE sequence = %s",
        ["someone.else@test.example", events[1].sequence],
    )

    report = audit_chain_verify()

    assert not report.ok
    assert report.broken_sequence == events[1].sequence


def test_it_catches_a_deleted_event(clinician: User) -> None:
    events = _write_events(clinician, 5)
    _raw("DELETE FROM {table} WHERE sequence = %s", [events[1].sequence])

    with pytest.raises(CommandError, match=rf"event #{events[1].sequence} is missing"):
        call_command("audit", "verify")


def test_it_catches_a_rehashed_event_by_its_broken_link(clinician: User) -> None:
    """Someone who alters an event and recomputes its hash still breaks the next link, and
    the report names the event they changed, not the one after it."""
    events = _write_events(clinician, 4)
    _rewrite(events[1].sequence, {"n": 1000}, through=events[1].sequence)

    report = audit_chain_verify()

    assert report.broken_sequence == events[1].sequence
    assert (report.events, report.head) == (1, events[0].hash)
    assert "changed and its hash recomputed" in report.problem
    assert f"event #{events[2].sequence} still holds its old hash" in report.problem
    with pytest.raises(CommandError, match=rf"broken at event #{events[1].sequence}: its content"):
        call_command("audit", "verify")


def test_it_names_a_changed_link(clinician: User) -> None:
    events = _write_events(clinician, 4)
    _raw(
        "UPDATE {table} SET previous_hash = %s WHERE sequence = %s",
        ["f" * 64, events[2].sequence],
    )

    report = audit_chain_verify()

    assert report.broken_sequence == events[2].sequence
    assert f"its link to event #{events[1].sequence} was changed" in report.problem


def test_it_names_a_first_event_that_does_not_start_from_the_genesis_hash(
    clinician: User,
) -> None:
    (first, _second) = _write_events(clinician, 2)
    _raw("UPDATE {table} SET previous_hash = %s WHERE sequence = %s", ["e" * 64, first.sequence])

    with pytest.raises(
        CommandError, match=r"broken at event #1: it does not start from the genesis"
    ):
        call_command("audit", "verify")


def test_it_names_every_missing_event_of_a_gap(clinician: User) -> None:
    events = _write_events(clinician, 6)
    _raw("DELETE FROM {table} WHERE sequence IN (%s, %s)", [events[2].sequence, events[3].sequence])

    with pytest.raises(
        CommandError,
        match=rf"events #{events[2].sequence} to #{events[3].sequence} are missing "
        rf"\(the next is #{events[4].sequence}\)",
    ):
        call_command("audit", "verify")


def test_it_says_a_chain_rewritten_from_the_middle_was_rewritten_not_cut_short(
    clinician: User, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone with the database re-hashes every event from one in the middle to the end:
    the chain is consistent, and only the head kept elsewhere shows it."""
    events = _write_events(clinician, 5)
    call_command("audit", "verify")
    kept = capsys.readouterr().out.split(", head ")[1].rstrip(".\n")
    assert kept == f"{events[-1].sequence}:{events[-1].hash}"
    _rewrite(events[2].sequence, {"n": 1000})

    call_command("audit", "verify")  # consistent in itself
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", "--expect-head", kept)

    message = str(refused.value)
    assert f"Event #{events[-1].sequence}, the kept head, now has another hash" in message
    assert f"rewritten from event #{events[-1].sequence} or an earlier one" in message
    assert "removed" not in message


def test_it_says_which_events_were_removed_from_the_end(
    clinician: User, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _write_events(clinician, 5)
    call_command("audit", "verify")
    kept = capsys.readouterr().out.split(", head ")[1].rstrip(".\n")
    _raw("DELETE FROM {table} WHERE sequence >= %s", [events[3].sequence])

    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", "--expect-head", kept)

    message = str(refused.value)
    assert (
        f"events #{events[3].sequence} to #{events[4].sequence} have been removed from its end"
        in message
    )
    assert f"The trail now ends at event #{events[2].sequence}" in message


def test_it_says_what_a_kept_head_without_its_number_cannot_tell(clinician: User) -> None:
    events = _write_events(clinician, 4)
    _rewrite(events[1].sequence, {"n": 1000})

    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", "--expect-head", events[-1].hash)

    message = str(refused.value)
    assert "events at its end were removed, or it was rewritten" in message
    assert "have been removed" not in message


def test_it_catches_a_trail_cut_short_against_a_kept_head(clinician: User) -> None:
    events = _write_events(clinician, 4)
    kept_head = f"{events[-1].sequence}:{events[-1].hash}"
    _raw("DELETE FROM {table} WHERE sequence = %s", [events[-1].sequence])

    call_command("audit", "verify")  # the shorter chain is consistent in itself…
    with pytest.raises(CommandError, match=rf"event #{events[-1].sequence} has been removed"):
        call_command("audit", "verify", "--expect-head", kept_head)  # …but not with the head


def test_it_accepts_a_kept_head_that_later_events_follow(clinician: User) -> None:
    events = _write_events(clinician, 2)
    _write_events(clinician, 2)

    call_command("audit", "verify", "--expect-head", f"{events[-1].sequence}:{events[-1].hash}")
    call_command("audit", "verify", "--expect-head", events[-1].hash)  # kept without its number


def test_it_refuses_to_change_or_delete_events(clinician: User) -> None:
    (event,) = _write_events(clinician, 1)

    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test.happened").exists()


def test_it_keeps_the_request_id_of_the_request(client, sign_in, manager: User) -> None:
    sign_in(client, manager)
    person = User.objects.create_user("someone@test.example", full_name="Some One")

    response = client.get(f"/people/{person.code}/", HTTP_X_REQUEST_ID="req-1234567890")

    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-1234567890"
    event = AuditEvent.objects.get(action="user.viewed", target_code=str(person.code))
    assert event.request_id == "req-1234567890"
