import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from base.demo import content
from base.demo.loader import load_demo_content
from base.demo.users import DEMO_PASSWORD, DEMO_USERS, DemoUsersRefused, load_demo_users
from base.models import ContactPage, HomePage, NewsPage, SectionIndexPage, SiteSettings, StandardPage
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db

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
# Personal contact details in the source documents that must never be published.


@pytest.fixture
def demo_site(db):
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


def test_content_has_no_personal_contact_details():
    texts = _strings({name: value for name, value in vars(content).items() if name.isupper()})
    joined = "\n".join(texts).lower()
    for text in FORBIDDEN:
        assert text not in joined
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", joined))
    assert addresses <= {"walsall.together@walsallhealthcare.nhs.uk"}
    assert not re.search(r"\b0\d{3} ?\d{3} ?\d{4}\b", joined.replace("0303 123 1113", ""))  # only the ICO helpline


def test_demo_users_one_per_group_and_no_duplicates():
    load_demo_users()
    load_demo_users()
    User = get_user_model()
    assert User.objects.count() == len(DEMO_USERS)
    for email, groups, _, _ in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.username == email.split("@")[0]
        assert user.check_password(DEMO_PASSWORD)
        assert sorted(g.name for g in user.groups.all()) == sorted(groups)
        address = EmailAddress.objects.get(user=user)
        assert address.email == email and address.verified and address.primary
    assert User.objects.get(email="admin@example.org").is_superuser
    assert {g for _, groups, _, _ in DEMO_USERS for g in groups} >= {
        COMMS_TEAM, COMMS_APPROVERS, HEALTHWATCH_STAFF, PARTNER_STAFF}


def test_demo_users_can_sign_in(client):
    load_demo_users()
    response = client.post("/accounts/login/", {"login": "partner@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_no_demo_users_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(DemoUsersRefused):
        load_demo_users()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "Demo users: skipped" in out.getvalue()
    assert get_user_model().objects.count() == 0
    assert HomePage.objects.exists()  # the pages are still loaded


def test_command_summary(settings):
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    first = out.getvalue()
    assert f"Pages: {len(PAGE_URLS)} created, 0 updated, 0 unchanged" in first
    assert f"Demo users: {len(DEMO_USERS)} ready" in first

    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert f"Pages: 0 created, 0 updated, {len(PAGE_URLS)} unchanged" in out.getvalue()
    assert get_user_model().objects.count() == len(DEMO_USERS)


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []
