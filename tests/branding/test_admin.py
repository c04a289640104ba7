"""The Comms team manages assets in the Wagtail admin and sees the download counts."""
import re
from datetime import datetime, timezone as dt_timezone

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import PARTNER_STAFF
from branding.models import BrandingAsset
from tests.factories import UserFactory

INDEX_URL = "/admin/snippets/branding/brandingasset/"


def test_comms_team_sees_download_counts_in_the_listing(comms_user, client, make_asset):
    asset = make_asset()
    make_asset(title="Logo", filename="logo.png", content=b"\x89PNG")
    BrandingAsset.objects.filter(pk=asset.pk).update(download_count=417)
    client.force_login(comms_user)
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Downloads" in html
    assert re.search(r"<td[^>]*>\s*417\s*</td>", html)
    assert "Word document, 1 KB" in html


def test_branding_assets_have_their_own_admin_menu_item(comms_user, client, db):
    client.force_login(comms_user)
    html = client.get("/admin/").content.decode()
    assert "Branding assets" in html
    assert INDEX_URL in html


def test_partner_staff_cannot_open_the_admin_listing(client, make_asset):
    asset = make_asset()
    BrandingAsset.objects.filter(pk=asset.pk).update(download_count=417)
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    response = client.get(INDEX_URL, follow=True)
    assert response.status_code == 403
    assert "Your account does not have permission to see this page." in response.content.decode()
    assert b"417" not in response.content


def test_comms_team_adds_an_asset(comms_user, client, db):
    client.force_login(comms_user)
    upload = SimpleUploadedFile("Brand style guide.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    response = client.post(INDEX_URL + "add/", {
        "title": "Brand style guide", "category": "style_guide", "description": "How to use the brand.",
        "version": "1.2", "file": upload,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    asset = BrandingAsset.objects.get()
    assert asset.original_filename == "Brand style guide.pdf"
    assert asset.file_description == "PDF, 1 KB"


def test_replacing_the_file_in_the_admin_keeps_the_url_and_updates_last_updated(
        comms_user, client, make_asset, django_capture_on_commit_callbacks):
    asset = make_asset(version="1.0")
    BrandingAsset.objects.filter(pk=asset.pk).update(file_updated_at=datetime(2023, 7, 14, tzinfo=dt_timezone.utc))
    url = asset.download_url
    old_name = asset.file.name
    client.force_login(comms_user)

    edit_url = f"{INDEX_URL}edit/{asset.pk}/"
    form = client.get(edit_url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert f'Current file: <a href="{url}">letter-template.docx</a>' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {
            "title": asset.title, "category": asset.category, "description": "", "version": "1.1",
            "file": SimpleUploadedFile("letter-template-v1.1.docx", b"PK\x03\x04 new version"),
        })
    assert response.status_code == 302

    asset.refresh_from_db()
    assert asset.download_url == url
    assert asset.version == "1.1"
    assert asset.original_filename == "letter-template-v1.1.docx"
    assert asset.file_updated_at > datetime(2024, 1, 1, tzinfo=dt_timezone.utc)
    assert not asset.file.storage.exists(old_name)

    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"PK\x03\x04 new version"
    assert 'filename="letter-template-v1.1.docx"' in response["Content-Disposition"]


def test_editing_without_a_new_file_keeps_the_file(comms_user, client, make_asset):
    asset = make_asset()
    name, updated = asset.file.name, asset.file_updated_at
    client.force_login(comms_user)
    response = client.post(f"{INDEX_URL}edit/{asset.pk}/", {
        "title": "Letter template (A4)", "category": asset.category, "description": "", "version": "",
    })
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.title, asset.file.name, asset.file_updated_at) == ("Letter template (A4)", name, updated)


def test_file_types_that_are_not_allowed_are_refused(comms_user, client, db):
    client.force_login(comms_user)
    response = client.post(INDEX_URL + "add/", {
        "title": "Script", "category": "other", "version": "",
        "file": SimpleUploadedFile("run.html", b"<script>alert(1)</script>"),
    })
    assert response.status_code == 200
    assert "File extension “html” is not allowed" in response.content.decode()
    assert not BrandingAsset.objects.exists()
