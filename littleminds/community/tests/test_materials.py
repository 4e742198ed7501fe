"""The team's materials: the services (approval, publishing, versions), the staff pages, the
review flag and its count on "Your work", and who may do what."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.accounts.work import work_for
from littleminds.audit.models import AuditEvent
from littleminds.community import services_materials as services
from littleminds.community.languages import Language
from littleminds.community.models import Material, MaterialVersion
from littleminds.community.tests import factories
from littleminds.community.tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def pdf(name: str = "leaflet.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def draft(community_worker: User, team: Team) -> Material:
    return factories.material(community_worker, team, approved=False, title="Crying babies")


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


# Services ---------------------------------------------------------------------------------


def test_a_material_is_made_and_changed_with_an_audit_trail(
    community_worker: User, team: Team
) -> None:
    made = services.material_create(
        by=community_worker,
        team=team,
        kind=Material.Kind.POSTER,
        title="Talk to your bump",
        summary="Babies hear you before they are born.",
        review_by=timezone.localdate() + timedelta(days=200),
    )
    services.material_update(by=community_worker, material=made, title="Talk to your baby")
    made.refresh_from_db()
    assert made.title == "Talk to your baby"
    assert actions() == ["community.material_created", "community.material_changed"]
    changed = AuditEvent.objects.get(action="community.material_changed")
    assert changed.detail == {"title": "Talk to your baby"}


def test_a_campaign_of_another_team_is_refused(
    community_worker: User, team: Team, other_team: Team, draft: Material
) -> None:
    theirs = factories.campaign(community_worker, other_team)
    with pytest.raises(services.MaterialRefused):
        services.material_update(by=community_worker, material=draft, campaign=theirs)
    draft.refresh_from_db()
    assert draft.campaign is None
    ours = factories.campaign(community_worker, team)
    services.material_update(by=community_worker, material=draft, campaign=ours)
    draft.refresh_from_db()
    assert draft.campaign == ours


def test_a_version_is_kept_with_its_type_and_size(community_worker: User, draft: Material) -> None:
    version = services.version_add(
        by=community_worker, material=draft, language=Language.URDU, upload=pdf(), title="بچے"
    )
    assert version.content_type == "application/pdf"
    assert version.size == len(pdf_bytes())
    assert version.file.name == (f"community/materials/{draft.code}/{version.code}.pdf")
    assert version.file.read() == pdf_bytes()
    assert "community.version_added" in actions()


def test_a_file_that_is_not_what_it_says_is_not_kept(
    community_worker: User, draft: Material
) -> None:
    before = stored_files()
    fake = SimpleUploadedFile("leaflet.pdf", b"just words, no PDF", content_type="application/pdf")
    with pytest.raises(services.uploads.Refused):
        services.version_add(by=community_worker, material=draft, language="en", upload=fake)
    assert not MaterialVersion.objects.exists()
    assert stored_files() == before
    assert "community.version_added" not in actions()


def test_adding_again_in_a_language_replaces_the_file_and_deletes_the_old_one(
    community_worker: User, draft: Material, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = services.version_add(
            by=community_worker, material=draft, language="en", upload=pdf()
        )
    old = first.file.name
    assert old in stored_files()
    image = SimpleUploadedFile("poster.png", png_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_add(
            by=community_worker, material=draft, language="en", upload=image
        )
    assert MaterialVersion.objects.filter(material=draft).count() == 1
    assert second.content_type == "image/png"
    assert second.file.name != old
    assert old not in stored_files()
    assert second.file.name in stored_files()
    assert "community.version_replaced" in actions()


def test_removing_a_version_deletes_its_file_after_commit(
    community_worker: User, draft: Material, django_capture_on_commit_callbacks: Any
) -> None:
    version = services.version_add(by=community_worker, material=draft, language="en", upload=pdf())
    name = version.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.version_remove(by=community_worker, version=version)
    assert not MaterialVersion.objects.exists()
    assert name not in stored_files()


def test_the_maker_cannot_approve_their_own_material(
    community_worker: User, draft: Material
) -> None:
    factories.version(draft)
    with pytest.raises(services.MaterialRefused):
        services.material_approve(by=community_worker, material=draft)
    draft.refresh_from_db()
    assert draft.approved_at is None


def test_another_community_worker_of_the_team_approves(
    community_worker: User, draft: Material, team: Team
) -> None:
    factories.version(draft)
    colleague = UserFactory.create(
        email="colleague@test.example", roles=[(Role.COMMUNITY_WORKER, team)]
    )
    services.material_approve(by=colleague, material=draft)
    draft.refresh_from_db()
    assert draft.approved_by == colleague
    assert draft.approved_at is not None
    assert "community.material_approved" in actions()


def test_the_service_manager_approves(manager: User, draft: Material) -> None:
    factories.version(draft)
    services.material_approve(by=manager, material=draft)
    draft.refresh_from_db()
    assert draft.approved_by == manager


@pytest.mark.parametrize("persona", ["clinician", "trainer", "other_clinician"])
def test_people_who_only_read_cannot_approve(
    persona: str, draft: Material, request: pytest.FixtureRequest
) -> None:
    factories.version(draft)
    with pytest.raises(services.MaterialRefused):
        services.material_approve(by=request.getfixturevalue(persona), material=draft)


def test_a_material_without_files_is_not_approved(manager: User, draft: Material) -> None:
    with pytest.raises(services.MaterialRefused):
        services.material_approve(by=manager, material=draft)


def test_publishing_needs_approval(manager: User, community_worker: User, draft: Material) -> None:
    factories.version(draft)
    with pytest.raises(services.MaterialRefused):
        services.material_publish(by=community_worker, material=draft)
    services.material_approve(by=manager, material=draft)
    services.material_publish(by=community_worker, material=draft)
    draft.refresh_from_db()
    assert draft.published_at is not None
    services.material_unpublish(by=community_worker, material=draft)
    draft.refresh_from_db()
    assert draft.published_at is None
    assert actions()[-2:] == ["community.material_published", "community.material_unpublished"]


def test_a_new_file_withdraws_the_approval_and_the_publishing(
    community_worker: User, team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published)
    services.version_add(
        by=community_worker, material=published, language=Language.POLISH, upload=pdf()
    )
    published.refresh_from_db()
    assert published.approved_at is None
    assert published.approved_by is None
    assert published.published_at is None


def test_removing_the_last_file_unpublishes(community_worker: User, team: Team) -> None:
    published = factories.material(community_worker, team)
    version = factories.version(published)
    services.version_remove(by=community_worker, version=version)
    published.refresh_from_db()
    assert published.published_at is None


# Review ------------------------------------------------------------------------------------


def test_a_material_past_its_review_date_is_flagged_and_counted(
    community_worker: User, team: Team, as_persona: Any
) -> None:
    overdue = factories.material(
        community_worker,
        team,
        title="Old leaflet",
        review_by=timezone.localdate() - timedelta(days=1),
    )
    factories.material(community_worker, team, title="New leaflet")
    assert overdue.due_for_review()
    counted = {item.key: item for item in work_for(community_worker)}
    item = counted["community_materials_due"]
    assert item.number == 1
    assert item.url == reverse("community:materials") + "?due=on"
    page = as_persona("community_worker").get(item.url).content.decode()
    assert "Old leaflet" in page
    assert "New leaflet" not in page
    assert "Due for review" in page


def test_nothing_due_is_not_counted(community_worker: User, team: Team, clinician: User) -> None:
    factories.material(community_worker, team)
    assert "community_materials_due" not in {i.key for i in work_for(community_worker)}
    factories.material(community_worker, team, review_by=timezone.localdate() - timedelta(days=1))
    # A clinician reads materials, and does not review them.
    assert "community_materials_due" not in {i.key for i in work_for(clinician)}


# Staff pages -------------------------------------------------------------------------------


def date_parts(day: Any) -> dict[str, str]:
    return {
        "review_by_day": str(day.day),
        "review_by_month": str(day.month),
        "review_by_year": str(day.year),
    }


def test_a_community_worker_adds_a_material(as_persona: Any, team: Team) -> None:
    client = as_persona("community_worker")
    future = timezone.localdate() + timedelta(days=100)
    response = client.post(
        reverse("community:material-new"),
        {
            "kind": "leaflet",
            "title": "Sleep",
            "summary": "Sleep and feelings.",
            **date_parts(future),
        },
    )
    made = Material.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:material", kwargs={"code": made.code})
    assert made.team == team
    assert made.review_by == future


def test_the_material_form_explains_each_mistake(as_persona: Any) -> None:
    client = as_persona("community_worker")
    past = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("community:material-new"),
        {"kind": "scroll", "title": "x" * 201, "summary": "", **date_parts(past)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert "Choose a kind of material from the list" in page
    assert "Title must be 200 characters or fewer" in page
    assert "Enter a summary of the material" in page
    assert "The review date must be in the future" in page
    assert not Material.objects.exists()


def test_an_unchanged_past_review_date_may_stay(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    past = timezone.localdate() - timedelta(days=3)
    overdue = factories.material(community_worker, team, review_by=past)
    response = as_persona("community_worker").post(
        reverse("community:material-edit", kwargs={"code": overdue.code}),
        {"kind": "leaflet", "title": "Fixed typo", "summary": "S.", **date_parts(past)},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.title == "Fixed typo"


def test_the_list_filters_by_kind_and_language(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    leaflet = factories.material(community_worker, team, title="Urdu leaflet")
    factories.version(leaflet, Language.URDU)
    factories.material(community_worker, team, title="A poster", kind=Material.Kind.POSTER)
    client = as_persona("community_worker")
    by_language = client.get(reverse("community:materials"), {"language": "ur"}).content.decode()
    assert "Urdu leaflet" in by_language
    assert "A poster" not in by_language
    by_kind = client.get(reverse("community:materials"), {"kind": "poster"}).content.decode()
    assert "A poster" in by_kind
    assert "Urdu leaflet" not in by_kind
    wrong = client.get(reverse("community:materials"), {"kind": "scroll"}).content.decode()
    assert "Choose a kind of material from the list" in wrong


def test_the_material_page_shows_versions_in_words_and_uploads(
    as_persona: Any, community_worker: User, draft: Material
) -> None:
    factories.version(draft, Language.URDU)
    client = as_persona("community_worker")
    url = reverse("community:material", kwargs={"code": draft.code})
    page = client.get(url).content.decode()
    assert "PDF document, 1 KB" in page
    assert f'accept="{services.uploads.ACCEPT}"' in page
    assert "Adding a file withdraws the material" in page
    response = client.post(url, {"language": "pl", "file": pdf()})
    assert response.status_code == 302
    assert draft.versions.filter(language="pl").exists()


def test_a_bad_upload_shows_its_error_in_the_summary_and_keeps_nothing(
    as_persona: Any, draft: Material
) -> None:
    before = stored_files()
    response = as_persona("community_worker").post(
        reverse("community:material", kwargs={"code": draft.code}),
        {"language": "en", "file": SimpleUploadedFile("leaflet.pdf", png_bytes())},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "nhsuk-error-summary" in page
    assert "The selected file is not a PDF, although its name ends in .pdf" in page
    assert not draft.versions.exists()
    assert stored_files() == before


def test_no_file_and_no_language_are_each_explained(as_persona: Any, draft: Material) -> None:
    response = as_persona("community_worker").post(
        reverse("community:material", kwargs={"code": draft.code}), {}
    )
    page = response.content.decode()
    assert "Select a file" in page
    assert "Choose the language of the file" in page


def test_approve_and_publish_by_the_pages(
    as_persona: Any, draft: Material, community_worker: User
) -> None:
    factories.version(draft)
    worker = as_persona("community_worker")
    code = {"code": draft.code}
    # The maker is told someone else must approve, and is refused.
    page = worker.get(reverse("community:material", kwargs=code)).content.decode()
    assert "Someone else in your team must approve this material" in page
    worker.post(reverse("community:material-approve", kwargs=code))
    draft.refresh_from_db()
    assert draft.approved_at is None
    manager = as_persona("manager")
    manager.post(reverse("community:material-approve", kwargs=code))
    manager.post(reverse("community:material-publish", kwargs=code))
    draft.refresh_from_db()
    assert draft.approved_at is not None
    assert draft.published_at is not None


def test_staff_file_view_serves_the_file(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published, Language.URDU)
    draft = factories.material(community_worker, team, approved=False)
    factories.version(draft, Language.URDU)
    clinician = as_persona("clinician")
    other = as_persona("other_clinician")
    for client in (clinician, other):
        response = client.get(
            reverse("community:material-file", kwargs={"code": published.code, "language": "ur"})
        )
        assert response.status_code == 200
        assert response.getvalue() == pdf_bytes()
    unpublished = reverse("community:material-file", kwargs={"code": draft.code, "language": "ur"})
    # The team sees its own unpublished material; others do not.
    assert as_persona("community_worker").get(unpublished).status_code == 200
    assert clinician.get(unpublished).status_code == 404
    assert other.get(unpublished).status_code == 404


# Access ------------------------------------------------------------------------------------

READERS = {"manager", "clinician", "other_clinician", "trainer", "community_worker", "practitioner"}
MANAGERS = {"manager", "community_worker"}


@pytest.mark.parametrize(
    "persona",
    [
        "manager",
        "clinician",
        "other_clinician",
        "trainer",
        "community_worker",
        "practitioner",
        "analyst",
        "researcher",
        "sysadmin",
    ],
)
def test_who_may_open_each_staff_page(
    persona: str, as_persona: Any, community_worker: User, team: Team, other_team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published)
    draft = factories.material(community_worker, team, approved=False)
    elsewhere_maker = UserFactory.create(
        email="elsewhere@test.example", roles=[(Role.COMMUNITY_WORKER, other_team)]
    )
    elsewhere = factories.material(elsewhere_maker, other_team, approved=False)
    client = as_persona(persona)

    def status(name: str, material: Material) -> int:
        return client.get(reverse(name, kwargs={"code": material.code})).status_code

    reads = persona in READERS
    manages = persona in MANAGERS
    assert client.get(reverse("community:materials")).status_code == (200 if reads else 404)
    assert status("community:material", published) == (200 if reads else 404)
    assert status("community:material", draft) == (200 if manages else 404)
    assert status("community:material-edit", draft) == (200 if manages else 404)
    # Nobody outside the other team sees its draft.
    assert status("community:material", elsewhere) == 404
    assert status("community:material-edit", elsewhere) == 404
    before = Material.objects.filter(pk=elsewhere.pk).values().get()
    refused = client.post(reverse("community:material-approve", kwargs={"code": elsewhere.code}))
    assert refused.status_code == 404
    assert Material.objects.filter(pk=elsewhere.pk).values().get() == before


def test_someone_who_only_reads_cannot_upload(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published)
    response = as_persona("clinician").post(
        reverse("community:material", kwargs={"code": published.code}),
        {"language": "pl", "file": pdf()},
    )
    assert response.status_code == 404
    assert not published.versions.filter(language="pl").exists()


def test_a_signed_out_visitor_is_sent_to_sign_in() -> None:
    response = Client().get(reverse("community:materials"))
    assert response.status_code == 302


def test_a_large_upload_streams_through_a_temporary_file(as_persona: Any, draft: Material) -> None:
    """Past FILE_UPLOAD_MAX_MEMORY_SIZE the upload is a temporary file on disk, and the checks
    read it there as well."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3)).save(buffer, "PNG")
    data = buffer.getvalue()
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = as_persona("community_worker").post(
        reverse("community:material", kwargs={"code": draft.code}),
        {"language": "en", "file": SimpleUploadedFile("poster.png", data)},
    )
    assert response.status_code == 302
    kept = draft.versions.get()
    assert kept.content_type == "image/png"
    assert kept.size == len(data)


# Walk's fixes (issue 15) -------------------------------------------------------------------


def test_materials_waiting_for_approval_are_counted_for_who_may_approve(
    community_worker: User, manager: User, team: Team, other_team: Team, as_persona: Any
) -> None:
    waiting = factories.material(community_worker, team, approved=False, title="Waiting one")
    factories.version(waiting)
    # Not counted: no file yet, already approved, or of another team.
    factories.material(community_worker, team, approved=False, title="Empty one")
    approved = factories.material(community_worker, team, title="Approved one")
    factories.version(approved)
    elsewhere_maker = UserFactory.create(
        email="elsewhere@test.example", roles=[(Role.COMMUNITY_WORKER, other_team)]
    )
    factories.version(factories.material(elsewhere_maker, other_team, approved=False))
    counted = {item.key: item for item in work_for(manager)}
    item = counted["community_materials_waiting"]
    assert item.label == "Materials waiting for approval"
    assert item.number == 1
    assert item.url == reverse("community:materials") + "?waiting=on"
    page = as_persona("manager").get(item.url).content.decode()
    assert "Waiting one" in page
    assert "Empty one" not in page
    assert "Approved one" not in page
    # The maker may not approve their own, so it is not their work.
    assert "community_materials_waiting" not in {i.key for i in work_for(community_worker)}
    mine = as_persona("community_worker").get(item.url).content.decode()
    assert "Waiting one" not in mine


def test_a_clinician_has_no_materials_waiting(
    community_worker: User, clinician: User, team: Team
) -> None:
    factories.version(factories.material(community_worker, team, approved=False))
    assert "community_materials_waiting" not in {i.key for i in work_for(clinician)}


def test_removing_a_file_asks_first(as_persona: Any, community_worker: User, team: Team) -> None:
    published = factories.material(community_worker, team, title="Crying babies")
    factories.version(published)
    factories.version(published, Language.URDU)
    client = as_persona("community_worker")
    url = reverse("community:version-remove", kwargs={"code": published.code, "language": "ur"})
    material_page = client.get(
        reverse("community:material", kwargs={"code": published.code})
    ).content.decode()
    assert f'href="{url}"' in material_page
    assert "Removing a file keeps the material's approval" in material_page
    asked = client.get(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Remove the Urdu file of Crying babies?" in page
    assert "Remove the file</button>" in page
    # Asking changes nothing.
    assert published.versions.filter(language="ur").exists()
    assert client.post(url).status_code == 302
    assert not published.versions.filter(language="ur").exists()
    published.refresh_from_db()
    # Removing adds nothing unchecked: the approval and the publishing stay (ADR 0037).
    assert published.approved_at is not None
    assert published.published_at is not None


def test_removing_the_only_file_says_it_unpublishes(
    as_persona: Any, community_worker: User, team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published)
    url = reverse("community:version-remove", kwargs={"code": published.code, "language": "en"})
    page = as_persona("community_worker").get(url).content.decode()
    assert "the material is taken off the leaflets page" in page


@pytest.mark.parametrize("persona", ["clinician", "other_clinician", "practitioner"])
def test_only_the_team_is_asked_to_remove_a_file(
    persona: str, as_persona: Any, community_worker: User, team: Team
) -> None:
    published = factories.material(community_worker, team)
    factories.version(published)
    url = reverse("community:version-remove", kwargs={"code": published.code, "language": "en"})
    assert as_persona(persona).get(url).status_code == 404
    assert as_persona(persona).post(url).status_code == 404
    assert published.versions.exists()


def test_the_upload_hint_says_the_limits_from_settings(
    as_persona: Any, draft: Material, settings: Any
) -> None:
    settings.MATERIAL_MAX_MB = 7
    settings.MATERIAL_VIDEO_MAX_MB = 70
    page = (
        as_persona("community_worker")
        .get(reverse("community:material", kwargs={"code": draft.code}))
        .content.decode()
    )
    assert "of up to 7 MB" in page
    assert "MP4 video of up to 70 MB" in page
