"""The active Wagtail Locale is looked up at most once a request (base.locales), without changing
Wagtail's classes: rich text page links go to the reader's language, and nothing is kept between
requests."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import features

from base import locales
from base.rich_text import LocalisedPageLinkHandler
from base.models import SectionIndexPage, StandardPage
from tests.base.test_languages import translate
from tests.factories import make_page

pytestmark = pytest.mark.django_db


def links_to(pages):
    return "".join(f'<p><a linktype="page" id="{page.pk}">{page.title}</a></p>' for page in pages)


@pytest.fixture
def section(home_page):
    return make_page(home_page, SectionIndexPage, title="About us", slug="about")


def test_wagtails_locale_is_not_patched():
    assert Locale.get_active.__func__.__module__ == "wagtail.models.i18n"
    assert features.get_link_types()["page"] is LocalisedPageLinkHandler


def test_rich_text_links_go_to_the_page_in_the_readers_language(client, section):
    translated, untranslated = (make_page(section, StandardPage, title=f"Linked {n}", slug=f"linked-{n}")
                                for n in (1, 2))
    page = make_page(section, StandardPage, title="Links", slug="links",
                     body=[{"type": "paragraph", "value": links_to([translated, untranslated])}])
    translate(page, "pl", title="Linki")
    translate(translated, "pl", title="Powiązana")
    polish = client.get("/pl/about/links/").content.decode()
    assert '<a href="/pl/about/linked-1/">' in polish  # its Polish version
    assert '<a href="/about/linked-2/">' in polish  # no Polish version: the English page
    english = client.get("/about/links/").content.decode()
    assert '<a href="/about/linked-1/">' in english and "/pl/" not in english.split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("code", ["en-gb", "pl"])
def test_the_locale_is_looked_up_once_a_request_whatever_the_links(client, section, code):
    counts = []
    for n in (2, 8):
        linked = [make_page(section, StandardPage, title=f"Page {n}-{i}", slug=f"page-{n}-{i}") for i in range(n)]
        page = make_page(section, StandardPage, title=f"Links {n}", slug=f"links-{n}",
                         body=[{"type": "paragraph", "value": links_to(linked)}])
        if code != "en-gb":
            translate(page, code)
        prefix = "" if code == "en-gb" else f"/{code}"
        client.get(f"{prefix}/about/links-{n}/")  # warm per-process caches
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{prefix}/about/links-{n}/").status_code == 200
        counts.append(sum('FROM "wagtailcore_locale"' in query["sql"] for query in context.captured_queries))
    assert counts[0] == counts[1] <= 2  # Wagtail's routing looks it up once, the page's links once


def test_outside_a_request_each_call_looks_the_locale_up(home_page):
    with translation.override("pl"):
        assert locales.active_locale().language_code == "pl"
    with translation.override("ur"):
        assert locales.active_locale().language_code == "ur"


def test_nothing_is_kept_between_requests(client, home_page):
    client.get("/pl/no-such-page/")
    assert locales._memo.get() is None
    # A language staff remove is gone at once: no process keeps the old Locale.
    Locale.objects.filter(language_code="bn").delete()
    with translation.override("bn"):
        assert locales.active_locale() == Locale.get_default()
