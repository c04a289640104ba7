"""Uploads in the admin are limited by type and size: documents, images and media."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtailmedia.models import Media

from accounts.roles import COMMS_TEAM
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
# The smallest valid PNG: 1 x 1 pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def comms_client(home_page):
    client = Client()
    client.force_login(UserFactory(groups=[COMMS_TEAM], mfa=True))
    return client


@pytest.fixture
def superuser_client(home_page):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True, mfa=True))
    return client


def file_errors(response):
    return response.context["form"].errors["file"]


def add_document(client, name, content):
    return client.post("/admin/documents/add/", {
        "title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk,
    })


@pytest.mark.parametrize("name, content", [
    ("logo.svg", SVG),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("setup.exe", b"MZ\x90\x00"),
])
def test_a_disallowed_document_type_is_refused(comms_client, name, content):
    response = add_document(comms_client, name, content)
    assert response.status_code == 200  # the form again, with the error beside the file field
    extension = name.rsplit(".", 1)[1]
    assert file_errors(response)[0].startswith(f"File extension “{extension}” is not allowed.")
    assert not get_document_model().objects.exists()


def test_an_allowed_document_is_accepted(comms_client):
    response = add_document(comms_client, "minutes.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "minutes.pdf"


def test_a_document_over_the_size_limit_is_refused(comms_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = add_document(comms_client, "minutes.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert response.status_code == 200
    assert file_errors(response)[0].startswith("This file is too big")
    assert not get_document_model().objects.exists()


def test_an_svg_image_is_refused(comms_client):
    response = comms_client.post("/admin/images/add/", {
        "title": "Logo", "file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        "collection": Collection.get_first_root_node().pk,
    })
    assert response.status_code == 200
    assert file_errors(response)[0].startswith("Not a supported image format.")
    assert not get_image_model().objects.exists()


def test_an_image_over_the_size_limit_is_refused(comms_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50
    response = comms_client.post("/admin/images/add/", {
        "title": "Dot", "file": SimpleUploadedFile("dot.png", PNG, content_type="image/png"),
        "collection": Collection.get_first_root_node().pk,
    })
    assert response.status_code == 200
    assert file_errors(response)[0].startswith("This file is too big")
    assert not get_image_model().objects.exists()


def add_video(client, name, size=64):
    return client.post("/admin/media/video/add/", {
        "title": "Roadshow", "file": SimpleUploadedFile(name, b"\x1aE\xdf\xa3" + b"0" * size),
        "collection": Collection.get_first_root_node().pk, "duration": "0", "width": "", "height": "",
    })


def test_a_video_format_browsers_cannot_play_is_refused(superuser_client):
    response = add_video(superuser_client, "roadshow.avi")
    assert response.status_code == 200
    # wagtailmedia checks the extension in the model, so the error is shown above the form.
    assert response.context["form"].non_field_errors()[0].startswith("File extension “avi” is not allowed.")
    assert not Media.objects.exists()


def test_a_video_over_the_size_limit_is_refused(superuser_client, settings):
    settings.MEDIA_MAX_UPLOAD_SIZE = 1024
    response = add_video(superuser_client, "roadshow.webm", size=2048)
    assert response.status_code == 200
    assert file_errors(response) == ["This file is too big. The largest file you can upload is 1.0\xa0KB."]
    assert not Media.objects.exists()
    assert add_video(superuser_client, "roadshow.webm", size=10).status_code == 302
    assert Media.objects.count() == 1
