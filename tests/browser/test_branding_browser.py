"""A partner staff member downloads a template from the branding library in a real browser."""
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from base.models import SectionIndexPage
from branding.models import BrandingAsset, BrandingLibraryPage
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
TEMPLATE_BYTES = b"PK\x03\x04 the letter template"


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def library(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    home = make_home_page()
    publications = make_page(home, SectionIndexPage, title="Publications", slug="publications", show_in_menus=True)
    page = make_page(publications, BrandingLibraryPage, title="Branding templates and style guide",
                     slug="branding", summary="Templates, logos and the style guide for partner staff.",
                     introduction="<p>A range of templates is available for staff across the partnership.</p>")
    assets = {}
    for title, filename, content, category in [
        ("Letter template", "letter-template.docx", TEMPLATE_BYTES, BrandingAsset.Category.TEMPLATES),
        ("Walsall Together logo", "logo.png", b"\x89PNG logo", BrandingAsset.Category.LOGOS),
    ]:
        asset = BrandingAsset(title=title, category=category, version="1.0", description=f"The {title.lower()}.")
        asset.file = ContentFile(content, name=filename)
        asset.save()
        assets[title] = asset
    return page, assets


def test_partner_staff_member_signs_in_and_downloads_a_template(page, live_server, library):
    library_page, assets = library
    user = UserFactory(groups=["Partner staff"])

    page.goto(library_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Branding templates and style guide")
    expect(page.get_by_text("Word document, 1 KB")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sign in to download Letter template").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign in")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Sign in").click()
    download = download_info.value
    assert download.suggested_filename == "letter-template.docx"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == TEMPLATE_BYTES
    assets["Letter template"].refresh_from_db()
    assert assets["Letter template"].download_count == 1

    # Signed in, the library offers direct downloads.
    page.goto(library_page.url)
    link = page.get_by_role("link", name="Download Walsall Together logo (PNG image, 1 KB)")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "logo.png"


def test_signed_out_request_for_the_file_is_refused(page, live_server, library):
    _, assets = library
    url = assets["Letter template"].download_url
    response = page.request.get(url, max_redirects=0)
    assert response.status == 302
    assert response.headers["location"] == f"/accounts/login/?next={url}"
    assert TEMPLATE_BYTES not in response.body()
    assets["Letter template"].refresh_from_db()
    assert assets["Letter template"].download_count == 0


def test_signed_in_user_without_partner_access_sees_a_clear_refusal(page, live_server, library):
    _, assets = library
    user = UserFactory()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    response = page.goto(assets["Letter template"].download_url)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You need a partner staff account")
    assert_accessible(page)


def test_library_page_is_accessible_on_a_phone(phone_page, library):
    library_page, _ = library
    phone_page.goto(library_page.url)
    expect(phone_page.get_by_role("link", name="Sign in to download Letter template")).to_be_visible()
    assert_accessible(phone_page)
