"""The download view: who gets the file, how it is served, and counting."""
import pytest

from accounts.roles import COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from branding.models import BrandingAsset
from tests.factories import UserFactory

from .conftest import WORD_BYTES

WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(client, asset):
    return client.get(f"/branding/assets/{asset.pk}/download/")


def test_download_url_is_made_from_the_asset_id(asset):
    assert asset.download_url == f"/branding/assets/{asset.pk}/download/"


def test_signed_out_visitor_is_sent_to_sign_in_and_back(client, asset):
    response = download(client, asset)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/branding/assets/{asset.pk}/download/"
    assert WORD_BYTES not in response.content
    asset.refresh_from_db()
    assert asset.download_count == 0


def test_signed_in_user_without_a_staff_group_is_refused(client, asset, library_page):
    client.force_login(UserFactory())
    response = download(client, asset)
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You need a partner staff account</h1>" in html
    assert "You need a partner staff account to download branding templates" in html
    assert library_page.url in html  # a way back
    assert "nhsuk-header" in html  # the site's own page, not a bare error
    assert not hasattr(response, "streaming_content")
    asset.refresh_from_db()
    assert asset.download_count == 0


@pytest.mark.parametrize("groups", [[PARTNER_STAFF], [COMMS_TEAM], [HEALTHWATCH_STAFF]])
def test_staff_get_the_file(client, asset, groups):
    client.force_login(UserFactory(groups=groups))
    response = download(client, asset)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == WORD_BYTES


def test_superuser_gets_the_file(client, asset):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert download(client, asset).status_code == 200


def test_file_is_an_attachment_with_its_own_name_and_type(client, asset):
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    response = download(client, asset)
    assert response["Content-Disposition"] == 'attachment; filename="letter-template.docx"'
    assert response["Content-Type"] == WORD_TYPE
    assert response["Content-Length"] == str(len(WORD_BYTES))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    response.close()


def test_each_download_is_counted_once(client, asset, make_asset):
    other = make_asset(title="Logo", filename="logo.png", content=b"\x89PNG")
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    for _ in range(3):
        b"".join(download(client, asset).streaming_content)
    asset.refresh_from_db()
    other.refresh_from_db()
    assert asset.download_count == 3
    assert other.download_count == 0


def test_a_missing_file_is_not_found_and_not_counted(client, asset):
    asset.file.storage.delete(asset.file.name)
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    response = download(client, asset)
    assert response.status_code == 404
    asset.refresh_from_db()
    assert asset.download_count == 0


def test_unknown_asset_is_not_found(client, db):
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    assert client.get("/branding/assets/999/download/").status_code == 404


def test_only_get_is_allowed(client, asset):
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    assert client.post(asset.download_url).status_code == 405
    assert BrandingAsset.objects.get().download_count == 0
