"""Fuzz the public addresses that take input from the URL rather than a form: the secret links
in e-mails (a booking's pages, newsletter confirm / new link / preferences / unsubscribe, the
engagement "stop sending me updates" link) with bogus tokens, GET and POST; the preferences
form behind a real link; hostile query strings on site search and on every index page with
filters or pages; junk page paths; and raw form bodies that are not even valid UTF-8.

For every example: never a server error, and a bogus link changes nothing (bookings stay
booked, subscriptions as they were, updates still wanted).
"""
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from base.models import ContactPage, SectionIndexPage
from engagement.models import Response, UserGroupApplication, YouSaidWeDidIndexPage
from events.models import Booking
from newsletters import links, subscriptions
from newsletters.models import NewsletterIndexPage, Subscription
from reports.models import HighlightReportIndexPage
from tests.engagement.conftest import PAGE_URL as JOIN_URL
from tests.engagement.conftest import make_application, respond
from tests.events.conftest import book
from tests.factories import make_page

from .fuzzing import (
    FUZZ, NASTY, assert_answered_properly, each_example_alone, field_value, junk_text, raw_query, url_token,
)

pytestmark = pytest.mark.django_db

CLASSIC_TOKENS = ["%00", "abc%00def", "x" * 300, "%ff%fe", "%E2%80%AE"]


def with_classic_tokens(**others):
    """Always try the classic bad tokens first, with GET and POST (`others`: the test's other arguments)."""
    def decorate(test):
        for token in reversed(CLASSIC_TOKENS):
            for method in ("post", "get"):
                test = example(token=token, method=method, **others)(test)
        return test
    return decorate


methods = st.sampled_from(["get", "post"])


# A booking's own pages -------------------------------------------------------------------------

@pytest.fixture
def booking(event):
    return book(event, email="sam@example.org").booking


def booking_states():
    return list(Booking.objects.order_by("pk").values_list("pk", "status", "token"))


@FUZZ
@with_classic_tokens(page="booking/{}/cancel/")
@given(token=url_token, method=methods, page=st.sampled_from(["booking/{}/", "booking/{}/cancel/",
                                                               "booking/{}/calendar/"]))
def test_booking_links_with_bogus_tokens(client, event, booking, token, method, page):
    with each_example_alone():
        before = booking_states()
        response = getattr(client, method)(event.url + page.format(token))
        assert_answered_properly(response)
        assert response.status_code == 404 or token == booking.token
        assert booking_states() == before


# Newsletter links ------------------------------------------------------------------------------

@pytest.fixture
def subscriber(lists):
    subscriptions.sign_up("sam@example.org", [lists[0]], name="Sam")
    subscriber = subscriptions.Subscriber.objects.get()
    subscriptions.confirm(links.read_confirmation_token(links.confirmation_token(subscriber, [lists[0].pk])))
    return subscriber


def subscription_states():
    return list(Subscription.objects.order_by("pk").values_list("pk", "status"))


NEWSLETTER_LINKS = ["confirm/{}/", "confirm/{}/new-link/", "preferences/{}/", "unsubscribe/{}/"]


@FUZZ
@with_classic_tokens(link="unsubscribe/{}/")
@given(token=url_token, method=methods, link=st.sampled_from(NEWSLETTER_LINKS))
def test_newsletter_links_with_bogus_tokens(client, subscriber, token, method, link):
    with each_example_alone():
        before = subscription_states()
        response = getattr(client, method)("/subscriptions/" + link.format(token))
        assert_answered_properly(response)
        assert subscription_states() == before


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["name", "lists", "unsubscribe_all", "extra"]), field_value, max_size=4))
@example(data={"name": "Sam\x00"})
@example(data={"name": "Sam", "lists": ["1e309", "\x00", "-1"]})
@example(data={"name": "n" * 201, "lists": "<first list>"})
def test_newsletter_preferences_form(client, subscriber, lists, data):
    url = links.preferences_url(subscriber.token).removeprefix("http://testserver")
    if data.get("lists") == "<first list>":
        data = {**data, "lists": [str(lists[0].pk)]}
    with each_example_alone():
        before = subscription_states()
        response = client.post(url, data)
        assert_answered_properly(response)
        if response.status_code == 200:  # shown again with its errors: nothing saved
            assert "There is a problem" in response.content.decode()
            assert subscription_states() == before
        else:  # saved: every list the subscriber has is either subscribed or left, none half-way
            assert response.status_code == 302 and response["Location"] == url
            assert {status for _, status in subscription_states()} <= {"subscribed", "unsubscribed"}


# The "stop sending me updates" link -------------------------------------------------------------

@FUZZ
@with_classic_tokens()
@given(token=url_token, method=methods)
def test_stop_updates_link_with_bogus_tokens(client, exercise, token, method):
    respond(exercise, email="sam@example.org", wants_updates=True)
    with each_example_alone():
        response = getattr(client, method)(f"/feedback/updates/stop/{token}/")
        assert_answered_properly(response)
        assert response.status_code in (400, 404)  # not one of our links, or not even a stop link address
        assert Response.objects.filter(updates_stopped_at__isnull=False).count() == 0


@pytest.fixture
def member(db):
    return make_application(status="active", email="kim@example.org")


@FUZZ
@with_classic_tokens()
@given(token=url_token, method=methods)
def test_stop_invitations_link_with_bogus_tokens(client, member, token, method):
    with each_example_alone():
        response = getattr(client, method)(f"/feedback/user-group/invitations/stop/{token}/")
        assert_answered_properly(response)
        assert response.status_code in (400, 404)  # not one of our links, or not even a stop link address
        assert UserGroupApplication.objects.filter(invitations_stopped_at__isnull=False).count() == 0


# Query strings on search and index pages --------------------------------------------------------

@pytest.fixture
def index_pages(home_page, event, exercise, have_your_say):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return {
        "search": "/search/",
        "events": event.get_parent().url,
        "have your say": have_your_say.url,
        "you said we did": make_page(have_your_say, YouSaidWeDidIndexPage, title="You said, we did",
                                     slug="you-said-we-did").url,
        "reports": make_page(publications, HighlightReportIndexPage, title="Highlight reports",
                             slug="highlight-reports").url,
        "newsletters": make_page(publications, NewsletterIndexPage, title="Newsletters", slug="newsletters").url,
    }


PARAMETERS = ["q", "page", "topic", "pathway", "locality", "status", "year", "format"]
PAGES = ["search", "events", "have your say", "you said we did", "reports", "newsletters"]


@FUZZ
@given(page=st.sampled_from(PAGES),
       params=st.dictionaries(st.sampled_from(PARAMETERS), st.one_of(junk_text, st.lists(junk_text, max_size=3)),
                              max_size=4))
@example(page="search", params={"q": "\x00"})
@example(page="search", params={"q": "a\x00b", "page": "\x00"})
@example(page="search", params={"q": "'\"():*&|!<->"})
@example(page="search", params={"q": "x" * 5000})
@example(page="events", params={"page": "1e309", "topic": "\x00"})
@example(page="reports", params={"page": "-1", "year": "99999999999999999999", "topic": "\x00"})
@example(page="have your say", params={"pathway": "\x00", "locality": ["a", "b"]})
@example(page="you said we did", params={"status": "\x00", "pathway": "NaN"})
@example(page="newsletters", params={"year": "2026-02-30"})
def test_index_pages_with_hostile_parameters(client, index_pages, page, params):
    with each_example_alone():
        assert_answered_properly(client.get(index_pages[page], params))


@FUZZ
@given(page=st.sampled_from(PAGES), query=raw_query)
@example(page="search", query="q=%00")
@example(page="search", query="q=%ff%fe&q=%c3%28&page=%ed%a0%80")
@example(page="events", query="page=%00&topic=%")
def test_index_pages_with_raw_query_strings(client, index_pages, page, query):
    with each_example_alone():
        assert_answered_properly(client.get(f"{index_pages[page]}?{query}"))


# Junk page paths (Wagtail's page routing, the redirects middleware on a 404) ---------------------

@FUZZ
@given(token=url_token, under=st.sampled_from(["", "events/", "get-involved/have-your-say/", "search/"]))
@example(token="%00", under="")
@example(token="a%00b", under="events/")
@example(token="%00", under="search/")
def test_junk_page_paths(client, event, exercise, token, under):
    with each_example_alone():
        assert_answered_properly(client.get(f"/{under}{token}/"))
        assert_answered_properly(client.get(f"/{under}{token}"))


# Raw form bodies: not multipart, maybe not even UTF-8 -----------------------------------------------

@pytest.fixture
def form_urls(home_page, event, exercise, signup_page):
    return {"contact": make_page(home_page, ContactPage, title="Contact us", slug="contact").url,
            "booking": f"{event.url}book/", "response": f"{exercise.url}respond/question-1/", "sign-up": signup_page.url,
            "sign-in": "/accounts/login/"}


@FUZZ
@given(form=st.sampled_from(["contact", "booking", "response", "sign-up", "sign-in"]), body=raw_query,
       content_type=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                                     "multipart/form-data", "text/plain", "application/json"]))
@example(form="contact", body="name=%00&email=%ff&message=%c3%28", content_type="application/x-www-form-urlencoded")
@example(form="booking", body="--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\x00\r\n--xyz--",
         content_type="multipart/form-data; boundary=xyz")
@example(form="sign-up", body="garbage", content_type="multipart/form-data; boundary=xyz")
def test_raw_form_bodies(client, form_urls, form, body, content_type):
    with each_example_alone():
        assert_answered_properly(client.post(form_urls[form], data=body, content_type=content_type))


@FUZZ
@given(text=st.sampled_from(NASTY))
def test_user_group_question_page_with_junk_only(client, join_page, text):
    """A question page of the application with nothing but junk: shown again with its errors."""
    with each_example_alone():
        response = client.post(f"{JOIN_URL}contact-details/", {"name": text, "email": text, "preferred_contact": text})
        assert_answered_properly(response)
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
