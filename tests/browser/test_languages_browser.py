"""The User Group page in Urdu and Polish in a real browser: right to left in Urdu, the site's own
words around it (skip link, header, footer, switcher) in the page's language, WCAG 2.2 AA clean
(axe), no sideways scrolling on a phone, and the language switcher leading to the other versions."""
import pytest
from django.conf import settings
from playwright.sync_api import expect
from wagtail.models import Locale

from base.models import SectionIndexPage
from engagement import demo, demo_translations
from engagement.models import UserGroupApplicationPage
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def translated_join_page():
    home = make_home_page()
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:  # a transactional test's flush removes them
        Locale.objects.get_or_create(language_code=code)
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved", show_in_menus=True)
    fields = {name: value for name, value in demo.PAGE.items() if name != "slug"}
    page = make_page(get_involved, UserGroupApplicationPage, slug=demo.PAGE["slug"], **fields)
    demo_translations.load_demo()
    return page


def test_the_urdu_page_reads_right_to_left_and_is_accessible(page, translated_join_page):
    page.goto("/ur/get-involved/join-the-user-group/")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("یوزر گروپ میں شامل ہوں")
    assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
    # The heading starts at the right of the content column, as Urdu readers expect.
    box, column = heading.bounding_box(), page.locator("main").bounding_box()
    assert box["x"] + box["width"] > column["x"] + column["width"] * 0.5
    assert_accessible(page)

    switcher = page.get_by_role("navigation", name="یہ صفحہ دوسری زبانوں میں")
    expect(switcher.get_by_role("link")).to_have_text(["English", "Easy Read", "ਪੰਜਾਬੀ", "Polski"])
    switcher.get_by_role("link", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dołącz do Grupy Użytkowników")


def test_the_urdu_page_fits_a_phone(phone_page, translated_join_page, live_server):
    phone_page.goto(live_server.url + "/ur/get-involved/join-the-user-group/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    # The chrome reads right to left too: the header, the footer and the switcher.
    for chrome in ("header", "footer", "nav.wt-language-switcher"):
        assert phone_page.locator(chrome).first.evaluate("e => getComputedStyle(e).direction") == "rtl", chrome
    expect(phone_page.locator("footer")).to_contain_text("سائٹ کا نقشہ")
    widths = phone_page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"
    assert_accessible(phone_page)


def expect_polish_chrome(page):
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    skip_link = page.locator("a.nhsuk-skip-link")
    expect(skip_link).to_have_text("Przejdź do treści głównej")
    skip_link.focus()
    expect(skip_link).to_be_visible()  # shown when a keyboard reaches it
    expect(page.get_by_role("banner")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("searchbox", name="Przeszukaj tę stronę internetową")).to_be_visible()
    expect(page.get_by_role("link", name="Logowanie dla pracowników")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Mapa strony")
    expect(page.get_by_role("contentinfo")).to_contain_text("Partnerzy:")


def test_the_polish_page_has_its_chrome_in_polish(page, translated_join_page):
    page.goto("/pl/get-involved/join-the-user-group/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dołącz do Grupy Użytkowników")
    expect_polish_chrome(page)
    switcher = page.get_by_role("navigation", name="Ta strona w innych językach")
    expect(switcher.get_by_role("link")).to_have_text(["English", "Easy Read", "ਪੰਜਾਬੀ", "اردو"])
    assert_accessible(page)


def test_a_page_not_found_under_pl_is_in_polish(page, translated_join_page):
    response = page.goto("/pl/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Nie znaleziono strony")
    expect_polish_chrome(page)
    assert_accessible(page)
