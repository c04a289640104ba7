"""Unpublished and private content is never reachable by URL, nor shown anywhere public.

For every public page type (and its sub-routes: an event's booking form and calendar file, an
exercise's response form and "You said, we did" page), each in five states:

- a draft never published, and a page published then unpublished: 404 at its address;
- a live page with a newer draft: visitors see the live title and summary, never the draft's;
- a page behind a password, and one for a group only (Healthwatch staff): the password form or
  the sign-in page, without the page's title or summary (also for staff outside the group);
  with the password, or as a member of the group, the page is there.

Nor is the secret title or summary on the site search (a public page with the same word is
found), sitemap.xml, the page's listing page, the home page, the highlight reports' Atom feed
or the "You said, we did" index.

Also: documents in a private collection and branding assets are not served to anonymous
visitors, and the page cache (base/page_cache.py) never serves a private page to anyone who
may not see it, including a page made private after it was cached.
"""
import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from accounts.roles import HEALTHWATCH_STAFF, PARTNER_STAFF
from base.models import NewsPage, SectionIndexPage, StandardPage
from branding.models import BrandingAsset, BrandingLibraryPage
from engagement.models import EngagementExercisePage, EngagementIndexPage, Theme, YouSaidWeDidIndexPage
from events.models import EventIndexPage, EventPage
from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from reports.models import HighlightReportIndexPage, HighlightReportPage
from resources.models import ResourceIndexPage, ResourcePage
from roadshows.models import RoadshowIndexPage, RoadshowPage
from tests.engagement.conftest import QUESTIONS, days
from tests.factories import UserFactory, make_home_page, make_page

from .conftest import make_user, signed_in

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Confidential merger plans"
SECRET_SUMMARY = "The quokka redundancy list."
LIVE_TITLE = "What we published"
LIVE_SUMMARY = "The version everyone may read."
PASSWORD = "let-me-in-please"
# Refusals send people to sign in: django-allauth's page, or accounts.views.sign_in_or_refuse
# (Wagtail's sign-in addresses), which passes anonymous visitors on to allauth.
SIGN_IN_URL = ("/accounts/login/", "/admin/login/", "/_util/login/")

STATES = ("draft", "unpublished", "newer_draft", "password", "group_only")


# Page types: where each lives, the fields it needs, and its sub-routes ----------------------


def section(home, slug="publications"):
    return make_page(home, SectionIndexPage, title=slug.capitalize(), slug=slug)


def a_document(title="Booklet", collection=None, content=b"Plain words for everyone."):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(f"{title.lower().replace(' ', '-')}.txt", ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


class Kind:
    page_class = None
    sub_routes = ()

    def parent(self, home):
        return section(home)

    def fields(self, number):
        return {}

    def extra_listings(self, home):
        """Other public pages that list pages of this kind."""
        return []


class Standard(Kind):
    page_class = StandardPage

    def fields(self, number):
        return {"body": [{"type": "paragraph", "value": "<p>Our partnership.</p>"}]}


class News(Kind):
    page_class = NewsPage

    def parent(self, home):
        return section(home, "news")

    def fields(self, number):
        return {"date": datetime.date.today()}


class Report(Kind):
    page_class = HighlightReportPage

    def parent(self, home):
        return make_page(section(home), HighlightReportIndexPage, title="Board highlight reports",
                         slug="highlight-reports")

    def fields(self, number):
        return {"month": datetime.date(2020, number, 1)}

    def extra_listings(self, home):
        index = HighlightReportIndexPage.objects.get()
        return [index.feed_url]


class Newsletter(Kind):
    page_class = NewsletterIssuePage

    def parent(self, home):
        return make_page(section(home), NewsletterIndexPage, title="Stakeholder newsletters", slug="newsletters")

    def fields(self, number):
        return {"date": datetime.date(2024, number, 1), "introduction": "Welcome."}


class Roadshow(Kind):
    page_class = RoadshowPage

    def parent(self, home):
        return make_page(section(home), RoadshowIndexPage, title="Staff roadshows", slug="staff-roadshows")

    def fields(self, number):
        return {"date": datetime.date(2021, number, 1)}


class Event(Kind):
    page_class = EventPage
    sub_routes = ("book/", "book/agree/", "calendar/")

    def parent(self, home):
        return make_page(home, EventIndexPage, title="Events and workshops", slug="events")

    def fields(self, number):
        start = timezone.now() + datetime.timedelta(days=10 + number)
        return {"start": start, "end": start + datetime.timedelta(hours=1), "who_for": "Everyone.",
                "format": EventPage.Format.ONLINE, "joining_link": "https://meet.example.org/room", "capacity": 10}


class Resource(Kind):
    page_class = ResourcePage

    def parent(self, home):
        return make_page(section(home), ResourceIndexPage, title="Information for patients", slug="resources")

    def fields(self, number):
        return {"document": a_document(f"Booklet {number}"), "text_version": "Rest often."}


class Exercise(Kind):
    page_class = EngagementExercisePage
    sub_routes = ("respond/", "you-said-we-did/")

    def parent(self, home):
        index = make_page(section(home, "get-involved"), EngagementIndexPage, title="Have your say",
                          slug="have-your-say")
        make_page(index, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
        return index

    def fields(self, number):
        return {"about": "<p>Tell us.</p>", "opens_on": days(-7), "closes_on": days(21), "questions": QUESTIONS,
                "how_responses_are_used": "<p>We read them all.</p>"}

    def extra_listings(self, home):
        return [YouSaidWeDidIndexPage.objects.get().url]


class Branding(Kind):
    page_class = BrandingLibraryPage

    def fields(self, number):
        return {"introduction": "<p>Templates for partner staff.</p>"}


KINDS = {kind.__name__.lower(): kind() for kind in (Standard, News, Report, Newsletter, Roadshow, Event, Resource,
                                                    Exercise, Branding)}


# Making a page in each state ---------------------------------------------------------------


def make_in_state(kind, parent, state):
    fields = kind.fields(number=STATES.index(state) + 1)
    slug = f"page-{state.replace('_', '-')}"
    if state == "draft":
        page = kind.page_class(title=SECRET_TITLE, summary=SECRET_SUMMARY, slug=slug, live=False, **fields)
        parent.add_child(instance=page)
        page.save_revision()
        return page
    if state == "newer_draft":
        page = make_page(parent, kind.page_class, title=LIVE_TITLE, summary=LIVE_SUMMARY, slug=slug, **fields)
        page.title, page.summary = SECRET_TITLE, SECRET_SUMMARY
        page.save_revision()
        return page
    page = make_page(parent, kind.page_class, title=SECRET_TITLE, summary=SECRET_SUMMARY, slug=slug, **fields)
    if state == "unpublished":
        page.unpublish()
    elif state == "password":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD,
                                           password=PASSWORD)
    elif state == "group_only":
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.get(name=HEALTHWATCH_STAFF)])
        if isinstance(page, EngagementExercisePage):
            # With a published theme, so the "You said, we did" index would list the exercise.
            Theme.objects.create(exercise=page, title="Waiting times", is_published=True)
    return page


def address(parent, page):
    return f"{parent.url}{page.slug}/"


def body(response):
    return response.content.decode()


def assert_secret_not_in(response, where):
    html = body(response)
    assert SECRET_TITLE not in html and SECRET_SUMMARY not in html, f"the secret is shown at {where}"


def assert_what_anonymous_visitors_get(state, response, url):
    if state in ("draft", "unpublished"):
        assert response.status_code == 404, url
    elif state == "newer_draft":
        assert response.status_code in (200, 404), url  # 404: a sub-route with nothing to show yet
    elif state == "password":
        assert response.status_code == 200, url
        assert "Password required" in body(response) or 'name="password"' in body(response), url
    elif state == "group_only":
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL), url
    assert_secret_not_in(response, url)


def check_page(state, page, url, kind, visitor):
    response = visitor.get(url)
    assert_what_anonymous_visitors_get(state, response, url)
    if state == "newer_draft":
        assert response.status_code == 200 and LIVE_TITLE in body(response)
    for route in kind.sub_routes:
        assert_what_anonymous_visitors_get(state, visitor.get(url + route), url + route)
    if state == "group_only":
        # Signed-in staff outside the group are sent to sign in too; the group sees the page.
        outsider = signed_in(make_user(PARTNER_STAFF)).get(url)
        assert outsider.status_code == 302
        assert_secret_not_in(outsider, url)
        member = signed_in(make_user(HEALTHWATCH_STAFF)).get(url)
        assert member.status_code == 200 and SECRET_TITLE in body(member)
    if state == "password":
        # The right password shows the page (so the form really stood in its way).
        insider = Client()
        action = insider.get(url).context["action_url"]
        assert insider.post(action, {"password": PASSWORD, "return_url": url}).status_code == 302
        assert SECRET_TITLE in body(insider.get(url))


@pytest.mark.parametrize("kind_name", list(KINDS))
def test_unpublished_and_private_pages_are_not_reachable(kind_name):
    kind = KINDS[kind_name]
    home = make_home_page()
    parent = kind.parent(home)
    pages = {state: make_in_state(kind, parent, state) for state in STATES}
    public = make_page(home, StandardPage, title="Public quokka news", summary="All about the quokka.",
                       slug="quokka-news")
    visitor = Client()

    for state, page in pages.items():
        check_page(state, page, address(parent, page), kind, visitor)

    # Nowhere else public either; the public page with the same word shows that search works.
    search = visitor.get("/search/", {"q": "quokka"})
    assert public.title in body(search)
    assert_secret_not_in(search, "search")
    for listing in [parent.url, "/", "/sitemap.xml", *kind.extra_listings(home)]:
        response = visitor.get(listing)
        assert response.status_code == 200, listing
        assert_secret_not_in(response, listing)
    sitemap = body(visitor.get("/sitemap.xml"))
    for state, page in pages.items():
        if state == "newer_draft":  # the live version is public, and listed
            assert address(parent, page) in sitemap and LIVE_TITLE in body(visitor.get(parent.url))
        else:
            assert address(parent, page) not in sitemap, state


# Files -------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def test_documents_in_a_private_collection_are_not_served_to_anonymous_visitors(media):
    make_home_page()
    staff_only = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN)
    secret = a_document("Staff rota", collection=staff_only, content=b"Secret rota for the ward")
    public = a_document("Public booklet", content=b"Plain words for everyone")

    response = Client().get(secret.url)
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
    assert b"Secret rota" not in response.content
    assert b"Plain words" in b"".join(Client().get(public.url).streaming_content)
    staff = signed_in(make_user(PARTNER_STAFF)).get(secret.url)
    assert staff.status_code == 200 and b"Secret rota" in b"".join(staff.streaming_content)


def test_branding_assets_need_a_partner_sign_in(media):
    home = make_home_page()
    make_page(section(home), BrandingLibraryPage, title="Branding", slug="branding")
    asset = BrandingAsset(title="Letter template", category=BrandingAsset.Category.TEMPLATES)
    asset.file = ContentFile(b"PK\x03\x04 letter template for partners", name="letter.docx")
    asset.save()
    url = f"/branding/assets/{asset.pk}/download/"

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(SIGN_IN_URL)
    assert b"letter template" not in anonymous.content
    # A signed-in account in no staff group is refused too; partner staff get the file.
    nobody = signed_in(UserFactory()).get(url)
    assert nobody.status_code == 403 and b"letter template" not in nobody.content
    partner = signed_in(make_user(PARTNER_STAFF)).get(url)
    assert partner.status_code == 200 and b"letter template" in b"".join(partner.streaming_content)
    # Visitors to the library page are offered the sign-in page, not the file.
    assert f'href="{url}"' not in body(Client().get("/publications/branding/"))


# The page cache ----------------------------------------------------------------------------


def test_a_private_page_seen_by_staff_is_not_then_served_from_the_cache(page_cache_on, commit):
    with commit():
        home = make_home_page()
        about = section(home, "about")
        page = make_in_state(KINDS["standard"], about, "group_only")
    url = address(about, page)
    member = signed_in(make_user(HEALTHWATCH_STAFF))
    for _ in range(2):
        response = member.get(url)
        assert response.status_code == 200 and SECRET_TITLE in body(response)
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 302 and response["X-Page-Cache"] != "hit"
        assert_secret_not_in(response, url)
    assert_secret_not_in(Client().get(about.url), about.url)


def test_a_password_page_opened_with_the_password_is_not_then_served_from_the_cache(page_cache_on, commit):
    with commit():
        home = make_home_page()
        about = section(home, "about")
        page = make_in_state(KINDS["standard"], about, "password")
    url = address(about, page)
    insider = Client()
    action = insider.get(url).context["action_url"]
    insider.post(action, {"password": PASSWORD, "return_url": url})
    assert SECRET_TITLE in body(insider.get(url))
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] != "hit"
        assert_secret_not_in(response, url)


def test_a_page_made_private_after_it_was_cached_is_no_longer_served_from_the_cache(page_cache_on, commit):
    with commit():
        home = make_home_page()
        about = section(home, "about")
        page = make_page(about, StandardPage, title=SECRET_TITLE, summary=SECRET_SUMMARY, slug="plans")
    url = address(about, page)
    for _ in range(2):  # the page and its listing are now in the cache
        assert Client().get(url).status_code == 200
        assert SECRET_TITLE in body(Client().get(about.url))
    assert Client().get(url)["X-Page-Cache"] == "hit"

    with commit():  # as the admin's "Privacy" dialog does
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.get(name=HEALTHWATCH_STAFF)])

    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN_URL)
    assert_secret_not_in(response, url)
    assert_secret_not_in(Client().get(about.url), about.url)


# Guessing a page's password ----------------------------------------------------------------


def test_wrong_page_passwords_from_one_address_are_rate_limited(rate_limit_clock, settings):
    """RATE_LIMITS["page_password"] ("5/5m"): wrong passwords from one internet address; right
    ones are not counted, and another address has its own count."""
    from bs4 import BeautifulSoup

    assert settings.RATE_LIMITS["page_password"] == "5/5m"
    home = make_home_page()
    about = section(home, "about")
    page = make_in_state(KINDS["standard"], about, "password")
    url = address(about, page)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    action = guesser.get(url).context["action_url"]
    wrong = {"password": "not-the-password", "return_url": url}

    for _ in range(4):
        response = guesser.post(action, wrong)
        assert response.status_code == 200 and 'name="password"' in body(response)
        assert_secret_not_in(response, action)
    # Before the limit, the right password still works (and is not counted).
    assert guesser.post(action, {"password": PASSWORD, "return_url": url}).status_code == 302
    guesser.cookies.clear()  # forget that it has passed
    assert guesser.post(action, wrong).status_code == 200  # the fifth wrong one

    for password in ("still-wrong", PASSWORD):  # beyond the limit, even the right one waits
        response = guesser.post(action, {"password": password, "return_url": url})
        assert response.status_code == 429
        assert response["Retry-After"]
        page_html = BeautifulSoup(body(response), "html.parser")
        assert page_html.find("main").h1.get_text(strip=True) == "Too many attempts"
        assert page_html.find(class_="nhsuk-header")  # the site's own 429 page
        assert_secret_not_in(response, action)
    assert SECRET_TITLE not in body(guesser.get(url))
    assert guesser.get(url).status_code == 200  # the page (its password form) still opens

    # Someone at another internet address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert other.post(action, wrong).status_code == 200
    assert other.post(action, {"password": PASSWORD, "return_url": url}).status_code == 302
    assert SECRET_TITLE in body(other.get(url))

    # After the window, the guesser may try again.
    rate_limit_clock.now += 5 * 60
    assert guesser.post(action, {"password": PASSWORD, "return_url": url}).status_code == 302
