"""What residents see: the index, a report, the feed, the home page and search."""
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from base.search import search_pages

from .conftest import make_report, update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_index_lists_reports_by_year_with_a_filter_form_and_feed_link(client, index):
    make_report(index, 2020, 11)
    make_report(index, 2019, 12)
    html = client.get(index.url).content.decode()
    assert re.findall(r"<h2 id=\"year-\d+\">(\d+)</h2>", html) == ["2020", "2019"]
    assert html.index("Highlight report November 2020") < html.index("Highlight report December 2019")
    assert '<form method="get" action="/publications/highlight-reports/"' in html
    assert '<label class="nhsuk-label" for="id_year">Year</label>' in html
    assert '<label class="nhsuk-label" for="id_topic">Topic</label>' in html
    assert 'type="submit">Show reports</button>' in html
    assert ('<link rel="alternate" type="application/atom+xml" title="Board highlight reports (Atom feed)" '
            'href="/publications/highlight-reports/feed/">') in html


def test_filtered_index_keeps_the_choice_and_says_what_is_shown(client, index):
    make_report(index, 2020, 11, updates=[update("north-locality")])
    make_report(index, 2020, 10)
    response = client.get(index.url, {"topic": "north-locality"})
    html = response.content.decode()
    assert '<option value="north-locality" selected>North</option>' in html
    assert "1 report about North locality." in html
    assert "Highlight report October 2020" not in html
    assert "<title>Board highlight reports: North locality - Walsall Together</title>" in html


@pytest.mark.parametrize("query", ["?year=nope&topic=%3Cscript%3E", "?page=abc", "?page=999", "?year=-1&page=0"])
def test_bad_query_strings_show_the_reports(client, index, query):
    make_report(index, 2020, 11)
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert "Highlight report November 2020" in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>")[1]


def test_pagination_links_keep_the_filters(client, index):
    for number in range(13):
        make_report(index, 2019 + number // 12, number % 12 + 1)
    html = client.get(index.url, {"year": "2019"}).content.decode()
    assert "nhsuk-pagination" not in html  # 12 reports in 2019: one page
    html = client.get(index.url).content.decode()
    assert 'class="nhsuk-pagination nhsuk-pagination--numbered"' in html
    assert 'href="?page=2" class="nhsuk-pagination__next" rel="next"' in html
    assert 'aria-label="Page 1" aria-current="page"' in html
    html = client.get(index.url, {"page": "2", "topic": "respiratory"}).content.decode()
    assert 'href="?page=1&amp;topic=respiratory" class="nhsuk-pagination__previous" rel="prev"' in html
    assert "(page 2 of 2)" in html


def test_report_page_shows_the_pdf_and_grouped_updates(client, index, pdf):
    report = make_report(
        index, 2020, 11, pdf=pdf,
        key_decisions=[update("governance", "Alliance Agreement approved", block_type="decision")],
        updates=[update("respiratory", "Breathing workshop"), update("north-locality", "North team")],
        risks=[{"type": "risk", "value": {"topic": None, "risk": "Winter pressure", "description": "",
                                          "mitigation": "Care co-ordination"}}],
        next_steps=[{"type": "next_step", "value": {"topic": None, "text": "Partners approve the agreement"}}],
    )
    html = client.get(report.url).content.decode()
    assert html.count("<h1") == 1
    size = -(-pdf.file_size // 1024)
    assert f'<a href="{pdf.url}" download>Highlight report November 2020 (PDF, {size} KB)</a>' in html
    for heading in ("Key decisions", "Updates", "Risks", "Next steps"):
        assert f">{heading}</h2>" in html
    assert html.index("<h3>Priority pathways</h3>") < html.index("Breathing workshop") < html.index(
        "<h3>Localities</h3>") < html.index("North team")
    assert "North locality</strong>" in html
    assert "<strong>What we are doing about it:</strong> Care co-ordination" in html
    assert client.get(pdf.url).status_code == 200


def test_feed_lists_the_newest_reports(client, index, pdf):
    make_report(index, 2020, 9)
    make_report(index, 2020, 11, pdf=pdf)
    make_report(index, 2020, 10)
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Board highlight reports - Walsall Together"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Highlight report November 2020", "Highlight report October 2020", "Highlight report September 2020",
    ]
    first = entries[0]
    site_url = Site.objects.get(is_default_site=True).root_url  # links use the site's own address
    assert first.find(f"{ATOM}summary").text == "What the Board did in November 2020."
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        site_url + "/publications/highlight-reports/november-2020/")
    assert entries[1].find(f"{ATOM}link[@rel='enclosure']") is None  # October has no PDF
    enclosure = first.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("href") == site_url + pdf.url
    assert enclosure.get("type") == "application/pdf" and enclosure.get("length") == str(pdf.file_size)


def count_queries(client, url):
    client.get(url)  # warm the site and URL caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_index_and_feed_queries_do_not_grow_with_the_reports(client, index, pdf):
    for month in (1, 2, 3):
        make_report(index, 2020, month, pdf=pdf, updates=[update("respiratory"), update("north-locality")])
    urls = [index.url, index.url + "?topic=respiratory&year=2020", index.url + "feed/"]
    with_three = [count_queries(client, url) for url in urls]
    for number in range(27):
        make_report(index, 2017 + number // 12, number % 12 + 1, pdf=pdf,
                    updates=[update("respiratory"), update("workforce")])
    with_thirty = [count_queries(client, url) for url in urls]
    assert with_thirty == with_three


def test_home_page_shows_the_latest_report(client, index):
    make_report(index, 2020, 10)
    make_report(index, 2020, 11)
    html = client.get("/").content.decode()
    section = html[html.index("Latest highlight report"):]
    assert 'href="/publications/highlight-reports/november-2020/">Highlight report November 2020</a>' in section
    assert "October 2020" not in section.split("All highlight reports")[0]
    assert '<a href="/publications/highlight-reports/">All highlight reports</a>' in section


def test_home_page_without_reports_has_no_report_section(client, home_page):
    assert "Latest highlight report" not in client.get("/").content.decode()


def test_site_search_finds_a_report_by_the_text_of_an_update(client, index):
    make_report(index, 2020, 11, updates=[update("respiratory", "Workshop", "<p>People living with COPD told us.</p>")])
    make_report(index, 2020, 10)
    results = search_pages("COPD")
    assert [(label, [page.title for page in pages]) for label, pages in results.groups] == [
        ("Highlight reports", ["Highlight report November 2020"]),
    ]
    assert "Highlight report November 2020" in client.get("/search/", {"q": "COPD"}).content.decode()
