"""The branding library page: everyone sees the list; only partner staff get download links."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import PARTNER_STAFF
from tests.factories import UserFactory


def test_signed_out_visitors_see_the_assets_and_sign_in_links(client, library_page, make_asset):
    asset = make_asset(description="For letters about Walsall Together work.", version="2.1")
    response = client.get(library_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<h2>Templates</h2>" in html
    assert "Letter template" in html
    assert "For letters about Walsall Together work." in html
    assert "Word document, 1 KB" in html
    assert "2.1" in html
    assert asset.file_updated_at.astimezone().strftime("%-d %B %Y") in html
    assert "Sign in to download" in html
    assert f'href="/accounts/login/?next=/branding/assets/{asset.pk}/download/"' in html
    assert f'href="{asset.download_url}"' not in html


def test_partner_staff_see_download_links(client, library_page, asset):
    client.force_login(UserFactory(groups=[PARTNER_STAFF]))
    html = client.get(library_page.url).content.decode()
    assert f'<a href="{asset.download_url}">Download Letter template (Word document, 1 KB)</a>' in html
    assert "Sign in to download" not in html


def test_signed_in_users_without_a_staff_group_are_told_why_they_cannot_download(client, library_page, asset):
    client.force_login(UserFactory())
    html = client.get(library_page.url).content.decode()
    assert "You need a partner staff account to download these files." in html
    assert f'href="{asset.download_url}"' not in html


def test_library_page_is_never_stored_in_a_shared_cache(client, library_page, asset):
    response = client.get(library_page.url)
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_empty_library_says_so(client, library_page):
    assert "There are no files in the library yet." in client.get(library_page.url).content.decode()


def _queries_for_library_page(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("groups", [None, [PARTNER_STAFF]])
def test_library_page_queries_do_not_grow_with_the_number_of_assets(client, library_page, make_asset, groups):
    if groups is not None:
        client.force_login(UserFactory(groups=groups))
    for number in range(3):
        make_asset(title=f"Asset {number}", filename=f"asset-{number}.docx")
    _queries_for_library_page(client, library_page)  # warm caches (site root, settings)
    with_3 = _queries_for_library_page(client, library_page)
    for number in range(3, 30):
        make_asset(title=f"Asset {number}", filename=f"asset-{number}.pptx")
    with_30 = _queries_for_library_page(client, library_page)
    assert with_3 == with_30
