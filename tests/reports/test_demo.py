"""The demo reports: three months under Publications, each with its PDF, loaded idempotently."""
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from base.demo.loader import DemoLoader
from base.models import Topic
from reports import demo
from reports.models import HighlightReportIndexPage, HighlightReportPage
from reports.services import latest_report
from tests.factories import ensure_wagtail_roots

from tests.base.test_demo_files import check_structure
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_site(db):
    ensure_wagtail_roots()
    DemoLoader().load()


def test_loads_three_reports_with_pdfs_and_is_idempotent(base_site):
    assert demo.load_demo_reports() == [
        "Highlight reports: 3 created, 0 updated, 0 unchanged, 0 kept (at /publications/highlight-reports/)",
        "Highlight report PDFs: 3 created, 0 updated, 0 unchanged",
    ]
    index = HighlightReportIndexPage.objects.get()
    assert index.url == "/publications/highlight-reports/"
    reports = HighlightReportPage.objects.live().order_by("month")
    assert [report.title for report in reports] == [
        "Highlight report September 2020", "Highlight report October 2020", "Highlight report November 2020",
    ]
    assert latest_report().slug == "november-2020"
    for report in reports:
        assert report.pdf is not None and report.topics.exists()
        with report.pdf.open_file() as file:
            check_structure(file.read())

    counts = (Page.objects.count(), Revision.objects.count(), get_document_model().objects.count())
    assert demo.load_demo_reports() == [
        "Highlight reports: 0 created, 0 updated, 3 unchanged, 0 kept (at /publications/highlight-reports/)",
        "Highlight report PDFs: 0 created, 0 updated, 3 unchanged",
    ]
    assert (Page.objects.count(), Revision.objects.count(), get_document_model().objects.count()) == counts


def test_a_changed_text_republishes_that_report_and_replaces_its_pdf(base_site, monkeypatch):
    demo.load_demo_reports()
    november = dict(demo.REPORTS[2], summary="A new summary.")
    monkeypatch.setattr(demo, "REPORTS", [*demo.REPORTS[:2], november])
    assert demo.load_demo_reports() == [
        "Highlight reports: 0 created, 1 updated, 2 unchanged, 0 kept (at /publications/highlight-reports/)",
        "Highlight report PDFs: 0 created, 1 updated, 2 unchanged",
    ]
    report = HighlightReportPage.objects.get(slug="november-2020")
    assert report.summary == "A new summary."
    with report.pdf.open_file() as file:
        assert b"(A new summary.)" in file.read()
    assert get_document_model().objects.count() == 3


def test_reports_staff_have_edited_are_kept(base_site):
    demo.load_demo_reports()
    editor = get_user_model().objects.create_user("editor", "editor@walsallhealthcare.nhs.uk", "x" * 16)
    report = HighlightReportPage.objects.get(slug="october-2020")
    report.summary = "Edited by the comms team."
    report.save_revision(user=editor).publish()
    assert demo.load_demo_reports()[0].startswith("Highlight reports: 0 created, 0 updated, 2 unchanged, 1 kept")
    assert HighlightReportPage.objects.get(slug="october-2020").summary == "Edited by the comms team."


def test_demo_text_has_no_personal_contact_details():
    text = repr([demo.INDEX, demo.REPORTS] + [demo.pdf_paragraphs(spec) for spec in demo.REPORTS]).lower()
    for forbidden in FORBIDDEN:
        assert forbidden not in text
    assert set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)) <= {"walsall.together@walsallhealthcare.nhs.uk"}
    assert not re.search(r"\b0\d{3} ?\d{3} ?\d{4}\b", text)


def test_topics_missing_from_the_database_are_made_again(base_site):
    Topic.objects.filter(slug__in=["governance", "north-locality"]).delete()
    demo.load_demo_reports()
    assert Topic.objects.get(slug="north-locality").name == "North"
    assert HighlightReportPage.objects.get(slug="november-2020").topics.filter(slug="governance").exists()


def test_demo_topics_are_the_seeded_topics(db):
    for slug, (kind, name) in demo.TOPICS.items():
        assert Topic.objects.filter(slug=slug, kind=kind, name=name).exists(), slug
