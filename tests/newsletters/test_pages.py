import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import HomePage, SectionIndexPage, StandardPage
from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from tests.factories import make_page

pytestmark = pytest.mark.django_db


def make_issue(archive, date, **fields):
    fields.setdefault("title", f"Newsletter {date}")
    fields.setdefault("slug", f"issue-{date}")
    return make_page(archive, NewsletterIssuePage, date=date, **fields)


def test_issue_page_shows_its_stories(client, archive, picture, home_page):
    get_involved = make_page(home_page, StandardPage, title="Get involved", slug="get-involved")
    issue = make_issue(
        archive, "2020-10-15", title="Stakeholder newsletter: October 2020",
        introduction="Welcome to the October issue.",
        stories=[
            {"type": "heading", "value": "Join our Respiratory Virtual Workshop"},
            {"type": "text", "value": "<p>On Thursday 19 November 2020 at 11am, for people living with COPD.</p>"},
            {"type": "image", "value": {"image": picture.pk, "alt_text": "Seven people around a table",
                                        "decorative": False, "caption": "Partners working together"}},
            {"type": "image", "value": {"image": picture.pk, "alt_text": "", "decorative": True, "caption": ""}},
            {"type": "call_to_action", "value": {"text": "Find out how to take part", "page": get_involved.pk,
                                                 "external_url": ""}},
            {"type": "call_to_action", "value": {"text": "Read the booklet", "page": None,
                                                 "external_url": "https://example.org/booklet.pdf"}},
        ],
    )

    html = client.get(issue.url).content.decode()

    assert html.count("<h1") == 1
    assert "Issue date: <time datetime=\"2020-10-15\">15 October 2020</time>" in html
    assert "Welcome to the October issue." in html
    assert "<h2>Join our Respiratory Virtual Workshop</h2>" in html
    assert "people living with COPD" in html
    assert 'alt="Seven people around a table"' in html
    assert "Partners working together" in html
    assert len(re.findall(r'<img[^>]*alt=""', html)) == 1  # the decorative image
    story_picture = re.search(r'<img[^>]*alt="Seven people around a table"[^>]*>', html).group(0)
    assert 'srcset="' in story_picture and 'loading="lazy"' in story_picture  # renditions sized for the column
    assert 'width="40"' in story_picture and 'height="20"' in story_picture
    assert 'href="/get-involved/"' in html and "Find out how to take part" in html
    assert 'href="https://example.org/booklet.pdf"' in html


def test_call_to_action_links_to_a_page_only_while_it_is_live(archive, home_page):
    target = make_page(home_page, StandardPage, title="Workshop", slug="workshop")
    issue = make_issue(archive, "2020-11-12", stories=[
        {"type": "call_to_action", "value": {"text": "Go", "page": target.pk, "external_url": ""}},
    ])
    value = NewsletterIssuePage.objects.get(pk=issue.pk).stories[0].value
    assert value.link_url() == "/workshop/"
    assert value.absolute_url() == "http://testserver/workshop/"  # SITE_URL

    target.unpublish()
    value = NewsletterIssuePage.objects.get(pk=issue.pk).stories[0].value
    assert value.link_url() == "" and value.absolute_url() == ""


def years_and_links(html):
    """[(h2 text or link text)] in page order, from the archive's main content."""
    main = html.split('id="maincontent"', 1)[1]
    return re.findall(r'<h2 id="year-\d+">(\d+)</h2>|<a class="nhsuk-link" href="[^"]+">([^<]+)</a>', main)


def test_archive_groups_issues_by_year_newest_first(client, archive):
    for date in ["2020-10-15", "2019-12-05", "2021-01-14", "2020-12-10"]:
        make_issue(archive, date, title=f"Issue of {date}")
    draft = NewsletterIssuePage(title="Draft issue", slug="draft", date=datetime.date(2021, 2, 1), live=False)
    archive.add_child(instance=draft)

    response = client.get(archive.url)
    html = response.content.decode()

    assert years_and_links(html) == [
        ("2021", ""), ("", "Issue of 2021-01-14"),
        ("2020", ""), ("", "Issue of 2020-12-10"), ("", "Issue of 2020-10-15"),
        ("2019", ""), ("", "Issue of 2019-12-05"),
    ]
    assert '<time datetime="2020-12">December 2020</time>' in html
    assert '<time datetime="2020-10">October 2020</time>' in html
    assert "Draft issue" not in html


def test_archive_filters_by_year_and_ignores_bad_values(client, archive):
    for date in ["2020-10-15", "2020-12-10", "2021-01-14"]:
        make_issue(archive, date, title=f"Issue of {date}")

    html = client.get(archive.url, {"year": "2020"}).content.decode()
    assert years_and_links(html) == [("2020", ""), ("", "Issue of 2020-12-10"), ("", "Issue of 2020-10-15")]
    assert '<option value="2020" selected>2020</option>' in html
    assert "Showing newsletters from 2020." in html

    for bad in ["abc", "1999", "", "2020abc", "-1", "9" * 40]:
        response = client.get(archive.url, {"year": bad})
        assert response.status_code == 200
        assert len(years_and_links(response.content.decode())) == 5, bad


def test_year_filter_form_works_without_javascript(client, archive):
    make_issue(archive, "2020-10-15")
    html = client.get(archive.url).content.decode()
    assert "<select" not in html  # nothing to choose from with one year

    make_issue(archive, "2021-01-14")
    html = client.get(archive.url).content.decode()
    assert f'<form method="get" action="{archive.url}"' in html
    assert '<label class="nhsuk-label" for="newsletter-year">Show newsletters from</label>' in html
    assert '<button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">' in html


def archive_queries(client, archive, count):
    NewsletterIssuePage.objects.child_of(archive).delete()
    for number in range(count):
        make_issue(archive, datetime.date(2015 + number % 10, number % 12 + 1, 1), title=f"Issue {number}",
                   slug=f"issue-{number}", summary="Updates from the partnership.")
    client.get(archive.url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(archive.url)
    assert response.content.decode().count('class="nhsuk-link"') == count
    return len(queries)


def test_archive_query_count_does_not_grow_with_issues(client, archive):
    assert archive_queries(client, archive, 3) == archive_queries(client, archive, 30)


def test_words_in_stories_are_found_by_site_search(client, archive):
    make_issue(archive, "2020-12-10", title="Stakeholder newsletter: December 2020", stories=[
        {"type": "heading", "value": "A recovery booklet"},
        {"type": "text", "value": "<p>Helping you to recover from breathlessness after COVID-19.</p>"},
    ])
    html = client.get("/search/", {"q": "breathlessness"}).content.decode()
    assert "Stakeholder newsletter: December 2020" in html
    assert '>Newsletters</h3>' in html and '1 result for "breathlessness"' in html


def test_home_page_shows_the_latest_newsletter(client, archive, home_page):
    make_issue(archive, "2020-11-12", title="November issue")
    make_issue(archive, "2020-12-10", title="December issue")
    html = client.get(home_page.url).content.decode()
    section = html.split("Latest newsletter", 1)[1]
    assert "December issue" in section and "November issue" not in section
    assert f'<a href="{archive.url}">All newsletters</a>' in section


def test_page_type_rules():
    assert NewsletterIssuePage.allowed_parent_page_models() == [NewsletterIndexPage]
    assert NewsletterIndexPage.allowed_subpage_models() == [NewsletterIssuePage]
    assert NewsletterIssuePage.allowed_subpage_models() == []
    assert set(NewsletterIndexPage.allowed_parent_page_models()) == {SectionIndexPage, HomePage}
