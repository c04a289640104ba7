"""Every page of the demo site, as a resident sees it, passes axe-core (WCAG 2.2 AA)."""
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import ensure_wagtail_roots
from tests.seed_details import FORBIDDEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site():
    ensure_wagtail_roots()
    call_command("load_demo_content", "--no-users", verbosity=0)


def sitemap_paths(page):
    xml = page.request.get("/sitemap.xml").text()
    return [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]


def test_every_demo_page_is_accessible_and_has_one_h1_and_the_footer_reaches_its_pages(page, demo_site):
    # One test, so the demo (about 10 CPU-seconds to load) is loaded once for both walks.
    page.goto("/")
    footer = page.get_by_role("contentinfo")
    for name in ("Accessibility statement", "Privacy notice", "Cookie statement", "Contact us"):
        footer.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.go_back()

    paths = sitemap_paths(page)
    assert len(paths) >= 15
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("a.nhsuk-skip-link")).to_have_count(1)  # in the page's own language
        expect(page.get_by_role("contentinfo")).to_contain_text("Privacy notice")
        body = page.content().lower()
        for private in FORBIDDEN:
            assert private not in body, f"{path} shows a personal contact detail"
        assert_accessible(page)
