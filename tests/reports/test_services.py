"""Listing, filtering, grouping and the latest report, tested through the services."""
import datetime

import pytest
from django.http import QueryDict

from reports import services

from .conftest import make_report, update

pytestmark = pytest.mark.django_db


def listing(index, query=""):
    return services.report_listing(index, QueryDict(query))


def months(result):
    return [(year, [report.month.month for report in reports]) for year, reports in result.years]


def test_reports_are_newest_first_and_grouped_by_year(index):
    for year, month in [(2020, 9), (2021, 1), (2020, 11), (2019, 12)]:
        make_report(index, year, month)
    assert months(listing(index)) == [(2021, [1]), (2020, [11, 9]), (2019, [12])]


def test_filter_by_year_and_topic(index):
    make_report(index, 2020, 9, updates=[update("north-locality")])
    make_report(index, 2020, 10, updates=[update("respiratory"), update("north-locality")])
    make_report(index, 2021, 1, updates=[update("north-locality")])

    result = listing(index, "topic=north-locality&year=2020")
    assert months(result) == [(2020, [10, 9])]
    assert result.filters["year"] == 2020 and result.filters["topic"].slug == "north-locality"
    assert months(listing(index, "topic=respiratory")) == [(2020, [10])]
    assert months(listing(index, "year=2021")) == [(2021, [1])]


def test_filter_choices_are_the_years_and_topics_in_use(index):
    make_report(index, 2020, 9, updates=[update("north-locality"), update("workforce")])
    make_report(index, 2021, 1, updates=[update("respiratory")])
    form = listing(index).form
    assert form.fields["year"].choices == [("", "All years"), (2021, "2021"), (2020, "2020")]
    assert form.fields["topic"].choices == [
        ("", "All topics"),
        ("Programme areas", [("workforce", "Workforce")]),
        ("Priority pathways", [("respiratory", "Respiratory")]),
        ("Localities", [("north-locality", "North")]),
    ]


@pytest.mark.parametrize("query", [
    "year=abc", "year=1999", "year=2020.5", "topic=not-a-topic", "topic=diabetes", "topic=", "year=",
    "year=2020&year=1800", "page=abc", "page=-1", "page=0", "topic=%00", "year=99999999999999999999",
])
def test_invalid_filter_values_are_ignored(index, query):
    make_report(index, 2020, 9)
    make_report(index, 2020, 10)
    result = listing(index, query)
    assert months(result) == [(2020, [10, 9])]


def test_twelve_a_page_and_a_page_past_the_end_shows_the_last(index):
    for number in range(14):
        make_report(index, 2019 + number // 12, number % 12 + 1)
    first = listing(index)
    assert len(first.page) == 12 and first.page.paginator.num_pages == 2
    assert months(first)[0] == (2020, [2, 1])
    last = listing(index, "page=99")
    assert last.page.number == 2
    assert months(last) == [(2019, [2, 1])]


def test_only_live_public_reports_under_the_index_are_listed(index):
    make_report(index, 2020, 9)
    draft = make_report(index, 2020, 10)
    draft.unpublish()
    assert months(listing(index)) == [(2020, [9])]
    assert services.latest_report().month == datetime.date(2020, 9, 1)


def test_latest_report_is_the_newest_month_not_the_newest_page(index):
    assert services.latest_report() is None
    make_report(index, 2020, 11)
    make_report(index, 2020, 9)
    assert services.latest_report().title == "Highlight report November 2020"


def test_report_sections_group_updates_by_kind_of_topic(index):
    report = make_report(index, 2020, 11, updates=[
        update("north-locality", "North"), update("respiratory", "Breathing"),
        update("workforce", "Training"), update("east-locality", "East"),
    ])
    sections = services.report_sections(report)
    assert [(heading, [item["heading"] for item in items]) for heading, items in sections.update_groups] == [
        ("Programme areas", ["Training"]),
        ("Priority pathways", ["Breathing"]),
        ("Localities", ["North", "East"]),
    ]


def test_document_summary(pdf):
    pdf.file_size = 24 * 1024 + 5
    assert services.document_summary(pdf) == "PDF, 25 KB"
    pdf.file_size = 300
    assert services.document_summary(pdf) == "PDF, 1 KB"
    pdf.file_size = int(2.5 * 1024 * 1024)
    assert services.document_summary(pdf) == "PDF, 2.5 MB"
