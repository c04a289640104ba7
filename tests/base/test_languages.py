"""Pages in other languages: addresses per language, lang and dir, the language switcher,
hreflang alternates in the page and the sitemap, search in the language of the query."""
import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Locale, Page

from base.models import StandardPage
from tests.factories import make_page

pytestmark = pytest.mark.django_db


def translate(page, language_code, **fields):
    """The page copied into another language (Wagtail's copy for translation) and published. (A
    transactional test's flush removes the Locales the migrations make: they are made again.)"""
    locale, _made = Locale.objects.get_or_create(language_code=language_code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@pytest.fixture
def leaflet(home_page):
    return make_page(home_page, StandardPage, title="Our leaflet", slug="our-leaflet",
                     summary="What the partnership does.")


def test_every_language_has_a_locale_from_the_migration():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes >= {"en-gb", "en-x-easyread", "pa", "ur", "pl", "bn"}
    assert Locale.get_default().language_code == "en-gb"


def test_english_pages_keep_their_addresses_and_have_no_switcher(client, leaflet):
    assert leaflet.url == "/our-leaflet/"
    html = client.get("/our-leaflet/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert '<html lang="en-GB" dir="ltr"' in html  # the address decides, not the browser
    assert "wt-language-switcher" not in html
    assert 'rel="alternate" hreflang' not in html


def test_a_translation_has_its_own_address_language_and_direction(client, leaflet):
    translate(leaflet, "ur", title="ہمارا کتابچہ")
    response = client.get("/ur/our-leaflet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl"' in html
    assert "ہمارا کتابچہ" in html
    english = client.get("/our-leaflet/").content.decode()
    assert '<html lang="en-GB" dir="ltr"' in english and "Our leaflet" in english


def test_easy_read_is_a_language_of_its_own_with_an_address(client, leaflet):
    translate(leaflet, "en-x-easyread", title="Our leaflet: Easy Read")
    html = client.get("/en-x-easyread/our-leaflet/").content.decode()
    assert '<html lang="en-x-easyread" dir="ltr"' in html
    assert "Our leaflet: Easy Read" in html


def test_the_switcher_names_each_language_in_its_own_language(client, leaflet):
    for code, title in [("pl", "Nasza ulotka"), ("ur", "ہمارا کتابچہ"), ("pa", "ਸਾਡਾ ਪਰਚਾ"),
                        ("en-x-easyread", "Our leaflet: Easy Read")]:
        translate(leaflet, code, title=title)
    html = client.get("/pl/our-leaflet/").content.decode()
    switcher = html[html.index('class="wt-language-switcher"'):html.index("</nav>", html.index("wt-language-switcher"))]
    # In settings.LANGUAGES order; the page shown is marked, not linked.
    names = ["English", "Easy Read", "ਪੰਜਾਬੀ", "اردو", "Polski"]
    assert [switcher.index(name) for name in names] == sorted(switcher.index(name) for name in names)
    assert 'href="/our-leaflet/" lang="en-GB" hreflang="en-GB" dir="ltr">English</a>' in switcher
    assert 'href="/ur/our-leaflet/" lang="ur" hreflang="ur" dir="rtl">اردو</a>' in switcher
    assert 'lang="pl" dir="ltr" aria-current="true">Polski</span>' in switcher
    assert "বাংলা" not in switcher  # no Bengali version: not offered
    assert '<link rel="alternate" hreflang="ur" href="http://testserver/ur/our-leaflet/">' in html
    assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/our-leaflet/">' in html


def test_a_draft_translation_is_not_offered(client, leaflet):
    draft = translate(leaflet, "pl", title="Nasza ulotka")
    Page.objects.get(pk=draft.pk).specific.unpublish()
    assert "wt-language-switcher" not in client.get("/our-leaflet/").content.decode()


def test_the_sitemap_lists_each_version_with_its_alternates(client, leaflet):
    translate(leaflet, "ur", title="ہمارا کتابچہ")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/our-leaflet/</loc>" in xml
    assert "<loc>http://testserver/ur/our-leaflet/</loc>" in xml
    alternates = ('<xhtml:link rel="alternate" hreflang="en-GB" href="http://testserver/our-leaflet/"/>'
                  '<xhtml:link rel="alternate" hreflang="ur" href="http://testserver/ur/our-leaflet/"/>')
    assert xml.count(alternates) == 2  # on both versions
    # The Urdu home page is only an alias of the English one (English words): not listed.
    assert "<loc>http://testserver/ur/</loc>" not in xml


def test_search_finds_pages_in_the_language_of_the_search(client, leaflet):
    translate(leaflet, "pl", title="Nasza ulotka", summary="Co robi partnerstwo.")
    polish = client.get("/pl/search/", {"q": "ulotka"}).content.decode()
    assert "/pl/our-leaflet/" in polish
    english = client.get("/search/", {"q": "leaflet"}).content.decode()
    assert 'href="/our-leaflet/"' in english and "/pl/our-leaflet/" not in english
    assert "/pl/our-leaflet/" not in client.get("/search/", {"q": "ulotka"}).content.decode()


def test_views_without_a_page_are_in_the_language_of_their_address(client):
    # Search and the error pages are the site's own words (locale/): in Polish under /pl/, and in
    # plain English under an Easy Read address (Easy Read pages are written by people).
    html = client.get("/pl/search/", {"q": "ulotka"}).content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    easy_read = client.get("/en-x-easyread/search/", {"q": "leaflet"}).content.decode()
    assert '<html lang="en-GB" dir="ltr"' in easy_read


def test_search_results_in_another_language_than_the_page_say_their_language(client, leaflet):
    # An Easy Read search's own words are plain English (<html lang="en-GB">), so each Easy Read
    # result says it is Easy Read (WCAG 3.1.2). An Urdu search is Urdu throughout: its results need
    # no mark of their own.
    translate(leaflet, "en-x-easyread", title="Our easy leaflet", summary="What we do.")
    translate(leaflet, "ur", title="ہمارا کتابچہ", summary="شراکت داری کیا کرتی ہے۔")
    easy_read = client.get("/en-x-easyread/search/", {"q": "easy"}).content.decode()
    assert '<li lang="en-x-easyread" dir="ltr">\n          <a href="/en-x-easyread/our-leaflet/">Our easy leaflet</a>' in easy_read
    urdu = client.get("/ur/search/", {"q": "کتابچہ"}).content.decode()
    assert '<html lang="ur" dir="rtl"' in urdu
    assert '<li>\n          <a href="/ur/our-leaflet/">ہمارا کتابچہ</a>' in urdu
    english = client.get("/search/", {"q": "leaflet"}).content.decode()
    assert '<li>\n          <a href="/our-leaflet/">Our leaflet</a>' in english


def test_search_in_another_language_does_not_list_english_alias_copies(client, home_page):
    # Translating a page makes aliases of its untranslated parents (English words at /ur/...):
    # they are not Urdu results.
    from base.models import SectionIndexPage

    services = make_page(home_page, SectionIndexPage, title="Walsall services", slug="walsall-services")
    leaflet = make_page(services, StandardPage, title="Our Walsall leaflet", slug="our-leaflet")
    translate(leaflet, "ur", title="والسال کتابچہ", summary="شراکت داری کیا کرتی ہے۔")
    assert Page.objects.filter(locale__language_code="ur", alias_of__isnull=False, slug="walsall-services").exists()
    html = client.get("/ur/search/", {"q": "walsall"}).content.decode()
    assert 'href="/ur/walsall-services/"' not in html and "Walsall services" not in html
    urdu = client.get("/ur/search/", {"q": "کتابچہ"}).content.decode()
    assert 'href="/ur/walsall-services/our-leaflet/"' in urdu
