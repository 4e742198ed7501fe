"""The families' leaflets: only published materials, in the page's language first, each
other language named in its own words, and the files served safely."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from littleminds.accounts.models import Team, User
from littleminds.community.languages import Language
from littleminds.community.models import Material
from littleminds.community.tests import factories
from littleminds.community.tests.factories import pdf_bytes, png_bytes
from littleminds.community.views_materials import safe_filename

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaflet(community_worker: User, team: Team) -> Material:
    made = factories.material(community_worker, team, title="Your baby's feelings")
    factories.version(made, Language.ENGLISH)
    urdu = factories.version(made, Language.URDU)
    urdu.title = "آپ کے بچے کے جذبات"
    urdu.save()
    polish = factories.version(made, Language.POLISH)
    polish.title = "Uczucia twojego dziecka"
    polish.save()
    return made


def in_language(code: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def test_only_published_materials_are_listed(
    leaflet: Material, community_worker: User, team: Team
) -> None:
    hidden = factories.material(community_worker, team, approved=False, title="Not yet out")
    factories.version(hidden)
    page = Client().get(reverse("community:leaflets")).content.decode()
    assert "Your baby&#x27;s feelings" in page
    assert "Not yet out" not in page
    assert Client().get(reverse("community:leaflet", kwargs={"code": hidden.code})).status_code == (
        404
    )
    file_url = reverse("community:leaflet-file", kwargs={"code": hidden.code, "language": "en"})
    assert Client().get(file_url).status_code == 404


def test_a_published_material_without_files_is_not_listed(
    community_worker: User, team: Team
) -> None:
    empty = factories.material(community_worker, team, title="Nothing in it")
    assert "Nothing in it" not in Client().get(reverse("community:leaflets")).content.decode()
    assert Client().get(reverse("community:leaflet", kwargs={"code": empty.code})).status_code == (
        404
    )


def test_the_page_language_comes_first_with_its_title(leaflet: Material) -> None:
    page = in_language("ur").get(reverse("community:leaflets")).content.decode()
    first = page.index("آپ کے بچے کے جذبات")
    assert first < page.index("Uczucia twojego dziecka")
    assert 'lang="ur" dir="rtl"' in page
    # The other languages, each named in its own words with its direction.
    assert 'lang="pl" dir="ltr"' in page
    assert ">English:" in page or "English: Your baby" in page


def test_an_english_page_shows_english_first(leaflet: Material) -> None:
    page = in_language("en-gb").get(reverse("community:leaflets")).content.decode()
    assert page.index("Your baby&#x27;s feelings") < page.index("Uczucia twojego dziecka")


def test_a_language_without_a_version_falls_back_to_english(leaflet: Material) -> None:
    page = in_language("ro").get(reverse("community:leaflet", kwargs={"code": leaflet.code}))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 lang="en" dir="ltr">Your baby&#x27;s feelings</h1>' in html
    assert "Uczucia twojego dziecka" in html


def test_the_file_is_served_inline_with_its_kept_type(leaflet: Material) -> None:
    url = reverse("community:leaflet-file", kwargs={"code": leaflet.code, "language": "ur"})
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="your-baby-s-feelings-ur.pdf"'
    assert response.getvalue() == pdf_bytes()


def test_download_is_an_attachment(leaflet: Material) -> None:
    url = reverse("community:leaflet-file", kwargs={"code": leaflet.code, "language": "pl"})
    response = Client().get(url, {"download": "1"})
    assert response["Content-Disposition"] == ('attachment; filename="your-baby-s-feelings-pl.pdf"')


def test_an_image_keeps_its_own_type(community_worker: User, team: Team) -> None:
    poster = factories.material(community_worker, team, kind=Material.Kind.POSTER)
    version = factories.version(poster, content=png_bytes())
    version.content_type = "image/png"
    version.save()
    url = reverse("community:leaflet-file", kwargs={"code": poster.code, "language": "en"})
    response = Client().get(url)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('-en.png"')


@pytest.mark.parametrize("language", ["ro", "xx", "ar"])
def test_an_unknown_or_missing_language_is_404(leaflet: Material, language: str) -> None:
    url = reverse("community:leaflet-file", kwargs={"code": leaflet.code, "language": language})
    assert Client().get(url).status_code == 404


def test_unpublishing_takes_it_off_at_once(leaflet: Material) -> None:
    url = reverse("community:leaflet", kwargs={"code": leaflet.code})
    assert Client().get(url).status_code == 200
    Material.objects.filter(pk=leaflet.pk).update(published_at=None)
    assert Client().get(url).status_code == 404


def test_a_video_is_a_link_with_its_size(community_worker: User, team: Team) -> None:
    video = factories.material(community_worker, team, kind=Material.Kind.VIDEO, title="Film")
    version = factories.version(video)
    version.content_type = "video/mp4"
    version.save()
    page = Client().get(reverse("community:leaflet", kwargs={"code": video.code})).content.decode()
    assert "Watch the video" in page
    assert "MP4 video, 1 KB" in page


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Your baby's feelings", "your-baby-s-feelings-ur.pdf"),
        ('../../etc/passwd"; x', "etc-passwd-x-ur.pdf"),
        ("آپ کے بچے", "material-ur.pdf"),
        ("Ça va, bébé?", "ca-va-bebe-ur.pdf"),
    ],
)
def test_safe_filenames(title: str, expected: str) -> None:
    assert safe_filename(title, "ur", "pdf") == expected


def test_the_public_pages_are_in_urdu_right_to_left(leaflet: Material) -> None:
    for url in (
        reverse("community:leaflets"),
        reverse("community:leaflet", kwargs={"code": leaflet.code}),
    ):
        html = in_language("ur").get(url).content.decode()
        assert '<html lang="ur" dir="rtl">' in html


def test_no_inline_script_or_style(leaflet: Material) -> None:
    for url in (
        reverse("community:leaflets"),
        reverse("community:leaflet", kwargs={"code": leaflet.code}),
    ):
        html: Any = Client().get(url).content.decode()
        assert " style=" not in html
        assert "<script>" not in html


def test_each_link_on_the_leaflets_page_is_named_by_its_material(leaflet: Material) -> None:
    for code in ("en", "ur", "pl", "ro"):
        page = in_language(code).get(reverse("community:leaflets")).content.decode()
        hidden = '<span class="nhsuk-u-visually-hidden">: <span lang="'
        # "Read it" and "Download" each carry the title and language, for screen readers.
        assert page.count(hidden) == 2, code
    page = in_language("ur").get(reverse("community:leaflets")).content.decode()
    assert 'dir="rtl">آپ کے بچے کے جذبات (اردو)</span></span></a>' in page


def test_in_urdu_the_size_and_type_are_isolated_and_joined_in_urdu(leaflet: Material) -> None:
    for url in (
        reverse("community:leaflets"),
        reverse("community:leaflet", kwargs={"code": leaflet.code}),
    ):
        page = in_language("ur").get(url).content.decode()
        isolated = page.split("<bdi>(", 1)[1].split(")</bdi>", 1)[0]
        assert "، " in isolated
        assert ", " not in isolated
        english = in_language("en").get(url).content.decode()
        assert "<bdi>(PDF document, 1 KB)</bdi>" in english
