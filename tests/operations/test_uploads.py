"""Uploads in the admin are limited by type, content and size: documents, images, media and
branding assets."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtailmedia.models import Media

from accounts.roles import COMMS_TEAM
from branding.models import BrandingAsset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
# A PNG's signature and header, with image data that cannot be decoded.
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


# The content is checked too (operations/file_content.py): a file whose name says one thing and
# whose content is another is refused, through the real admin forms, with a message saying what it is.

HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>"


def a_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("minutes.pdf", HTML, "This file is not a real PDF: its content is a web page. Upload the PDF itself."),
    ("minutes.pdf", b"  \n" + HTML, "This file is not a real PDF: its content is a web page."),
    ("minutes.docx", HTML, "This file is not a real Word document: its content is a web page. "
                           "Upload the Word document itself."),
    ("minutes.docx", b"Just some words, not a Word document.",
     "This file is not a real Word document: we cannot tell what is in it."),
    ("chart.png", SVG, "This file is not a real PNG image: its content is an SVG image."),
    ("attendees.csv", HTML, "This file is not a real CSV spreadsheet: its content is a web page."),
    ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00", "This file is not a real text file: its content is a program."),
])
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(comms_client, name, content, message):
    response = add_document(comms_client, name, content)
    assert response.status_code == 200
    assert file_errors(response)[0].startswith(message)
    assert message in response.content.decode()  # shown beside the field
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("name, content", [
    ("minutes.docx", None), ("minutes.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ("attendees.csv", b"name,email\n"),
    ("captions.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome\n"),
])
def test_a_real_document_is_accepted(comms_client, name, content):
    response = add_document(comms_client, name, a_zip() if content is None else content)
    assert response.status_code == 302
    assert get_document_model().objects.get().title == name


@pytest.mark.parametrize("name, content, message", [
    ("logo.png", SVG, "This file is not a real PNG image: its content is an SVG image. Upload the PNG image itself."),
    ("photo.png", HTML, "This file is not a real PNG image: its content is a web page."),
    ("photo.jpg", PNG, "This file is not a real JPEG image: its content is a PNG image."),
])
def test_an_image_whose_content_is_not_what_its_name_says_is_refused(comms_client, name, content, message):
    response = comms_client.post("/admin/images/add/", {
        "title": "Logo", "file": SimpleUploadedFile(name, content, content_type="image/png"),
        "collection": Collection.get_first_root_node().pk,
    })
    assert response.status_code == 200
    assert file_errors(response) == [file_errors(response)[0]] and file_errors(response)[0].startswith(message)
    assert not get_image_model().objects.exists()


def test_a_damaged_image_is_refused_not_a_server_error(comms_client):
    response = comms_client.post("/admin/images/add/", {
        "title": "Dot", "file": SimpleUploadedFile("dot.png", PNG, content_type="image/png"),
        "collection": Collection.get_first_root_node().pk,
    })
    assert response.status_code == 200
    assert file_errors(response) == ["This image is damaged and cannot be read. Save it again from the program "
                                     "that made it, then upload it."]
    assert not get_image_model().objects.exists()


def test_a_real_image_is_accepted(comms_client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), (0, 94, 184)).save(buffer, format="PNG")
    response = comms_client.post("/admin/images/add/", {
        "title": "Dot", "file": SimpleUploadedFile("dot.png", buffer.getvalue(), content_type="image/png"),
        "collection": Collection.get_first_root_node().pk,
    })
    assert response.status_code == 302
    assert get_image_model().objects.get().title == "Dot"


def test_a_web_page_named_as_a_video_is_refused(superuser_client):
    response = superuser_client.post("/admin/media/video/add/", {
        "title": "Roadshow", "file": SimpleUploadedFile("roadshow.mp4", HTML),
        "collection": Collection.get_first_root_node().pk, "duration": "0", "width": "", "height": "",
    })
    assert response.status_code == 200
    assert file_errors(response)[0].startswith("This file is not a real MP4 file: its content is a web page.")
    assert not Media.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("logo.png", HTML, "This file is not a real PNG image: its content is a web page."),
    ("style-guide.pdf", HTML, "This file is not a real PDF: its content is a web page."),
    ("letter.docx", b"%PDF-1.4\n", "This file is not a real Word document: its content is a PDF."),
])
def test_a_branding_asset_whose_content_is_not_what_its_name_says_is_refused(comms_client, name, content, message):
    response = comms_client.post("/admin/snippets/branding/brandingasset/add/", {
        "title": "Logo", "category": "logos", "description": "", "version": "",
        "file": SimpleUploadedFile(name, content),
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BrandingAsset.objects.exists()


def test_an_image_is_edited_and_replaced_through_the_same_checks(comms_client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), (0, 94, 184)).save(buffer, format="PNG")
    comms_client.post("/admin/images/add/", {
        "title": "Dot", "file": SimpleUploadedFile("dot.png", buffer.getvalue(), content_type="image/png"),
        "collection": Collection.get_first_root_node().pk,
    })
    image = get_image_model().objects.get()
    edit_url = f"/admin/images/{image.pk}/"
    form = {"title": "Blue dot", "collection": Collection.get_first_root_node().pk, "tags": "",
            "focal_point_x": "", "focal_point_y": "", "focal_point_width": "", "focal_point_height": ""}
    assert comms_client.post(edit_url, form).status_code == 302  # no new file: the old one stays
    image.refresh_from_db()
    assert image.title == "Blue dot" and image.width == 4
    response = comms_client.post(edit_url, {**form, "file": SimpleUploadedFile("dot.png", SVG)})
    assert response.status_code == 200
    assert file_errors(response)[0].startswith("This file is not a real PNG image: its content is an SVG image.")
