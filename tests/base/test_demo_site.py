"""The demo site as `load_demo_content` builds it: loaded once for the module (each test's changes
are rolled back), then loaded again by the tests that check what a second run does."""
import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Revision, Site

from base.demo import content
from base.demo.loader import load_demo_content
from base.models import ContactPage, HomePage, NewsPage, SectionIndexPage, SiteSettings, StandardPage
from tests.conftest import module_data
from tests.seed_details import FORBIDDEN

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_site")]

PAGE_URLS = [
    "/",
    "/about/",
    "/about/our-partners/",
    "/about/model-of-care/",
    "/about/our-four-localities/",
    "/about/priority-pathways/",
    "/about/how-we-are-governed/",
    "/get-involved/",
    "/get-involved/healthwatch-walsall/",
    "/publications/",
    "/news/",
    "/news/nhs-confederation-chief-executive-praises-walsall-together/",
    "/accessibility-statement/",
    "/privacy-notice/",
    "/cookies/",
    "/contact-us/",
]


@module_data
def demo_site():
    return load_demo_content()


def test_loading_twice_adds_no_pages_and_no_revisions(demo_site):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    assert len(demo_site.created) == len(PAGE_URLS)

    again = load_demo_content()

    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert again.created == [] and again.updated == []
    assert len(again.unchanged) == len(PAGE_URLS)
    assert SiteSettings.load().footer_links.count() == 5  # the four footer pages and the newsletter sign-up


def test_a_changed_text_republishes_only_that_page(demo_site, monkeypatch):
    monkeypatch.setitem(content.COOKIES, "summary", "We only use essential cookies.")
    report = load_demo_content()
    assert report.updated == ["cookies"]
    assert StandardPage.objects.get(slug="cookies").summary == "We only use essential cookies."


def test_pages_staff_edited_are_kept_unless_overwrite(demo_site):
    editor = get_user_model().objects.create_user("editor", "editor@walsallhealthcare.nhs.uk", "x" * 16)
    page = StandardPage.objects.get(slug="cookies")
    page.summary = "Edited by the comms team."
    page.save_revision(user=editor).publish()

    report = load_demo_content()
    assert report.kept == ["cookies"]
    assert StandardPage.objects.get(slug="cookies").summary == "Edited by the comms team."

    report = load_demo_content(overwrite=True)
    assert report.updated == ["cookies"]
    assert StandardPage.objects.get(slug="cookies").summary == content.COOKIES["summary"]


def test_tree_and_site(demo_site):
    home = HomePage.objects.get(locale=Locale.get_default())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert (site.hostname, site.port) == ("testserver", 80)  # from SITE_URL
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    menu = [page.title for page in home.get_children().live().in_menu()]
    assert menu == ["About Walsall Together", "Get involved", "Publications", "News"]
    assert SectionIndexPage.objects.get(slug="about").get_children().count() == 5
    assert NewsPage.objects.get().get_parent().slug == "news"
    assert ContactPage.objects.get().show_in_menus is False
    assert home.join_page.slug == "join-the-user-group"  # added by the engagement app's demo loader


@pytest.mark.parametrize("url", PAGE_URLS)
def test_demo_pages_render_without_personal_contact_details(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode().lower()
    for text in FORBIDDEN:
        assert text not in html
    assert 'page="' not in html  # every demo link marker became a real link


def test_home_page_shows_latest_news_and_footer_links(client, demo_site):
    html = client.get("/").content.decode()
    assert "Latest news" in html
    assert "NHS Confederation chief executive praises Walsall Together" in html
    assert "Join the User Group" in html
    for title, url in [("Accessibility statement", "/accessibility-statement/"), ("Privacy notice", "/privacy-notice/"),
                       ("Cookie statement", "/cookies/"), ("Contact us", "/contact-us/")]:
        assert f'href="{url}">{title}</a>' in html


def test_internal_links_point_at_the_demo_pages(client, demo_site):
    html = client.get("/about/priority-pathways/").content.decode()
    assert '<a href="/get-involved/">how to get involved</a>' in html
