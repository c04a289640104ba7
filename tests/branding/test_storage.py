"""Asset files are private: outside MEDIA_ROOT, without a URL, never served from /media/."""
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.urls import re_path
from django.views.static import serve

from branding.checks import check_private_media_root
from branding.storage import PrivateFileUrlError, private_storage
from config.urls import urlpatterns as site_urlpatterns


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's URLs with /media/ served, as config.urls does when DEBUG is on.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]


def test_files_are_stored_under_private_media_root(asset, private_media):
    path = Path(private_storage().path(asset.file.name))
    assert path.read_bytes().startswith(b"PK")
    assert path.is_relative_to(private_media)
    assert not path.is_relative_to(settings.MEDIA_ROOT)


def test_storage_name_does_not_contain_the_file_name(asset):
    assert asset.file.name.startswith("branding/")
    assert "letter-template" not in asset.file.name
    assert asset.file.name.endswith(".docx")
    assert asset.original_filename == "letter-template.docx"


def test_private_files_have_no_url(asset):
    with pytest.raises(PrivateFileUrlError):
        asset.file.url


@pytest.mark.urls(__name__)
def test_guessed_media_urls_are_not_found(client, asset, settings):
    settings.DEBUG = True
    # The route does serve what is in MEDIA_ROOT...
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    Path(settings.MEDIA_ROOT, "public.txt").write_text("public")
    assert client.get("/media/public.txt").status_code == 200
    # ...but nothing of an asset's, however the address is guessed.
    guesses = [
        f"/media/{asset.file.name}",
        f"/media/branding/{asset.original_filename}",
        f"/media/{asset.original_filename}",
        f"/media/private/{asset.file.name}",
        f"/media/../private/{asset.file.name}",
        f"/media/%2e%2e/private/{asset.file.name}",
    ]
    client.raise_request_exception = False  # a path outside MEDIA_ROOT is a 400, as on the live site
    for url in guesses:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert b"pretend Word document" not in response.content


def test_check_fails_when_private_media_root_is_inside_media_root(settings, tmp_path):
    assert check_private_media_root(None) == []
    settings.PRIVATE_MEDIA_ROOT = os.path.join(settings.MEDIA_ROOT, "private")
    errors = check_private_media_root(None)
    assert [error.id for error in errors] == ["branding.E001"]


def test_system_checks_pass():
    assert [message for message in run_checks() if message.id.startswith("branding.")] == []
