import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from base.models import SectionIndexPage, Topic
from reports.models import HighlightReportIndexPage, HighlightReportPage
from base.demo.files import make_pdf
from tests.factories import make_page


@pytest.fixture
def index(home_page):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, HighlightReportIndexPage, title="Board highlight reports", slug="highlight-reports")


@pytest.fixture
def pdf(db):
    document = get_document_model()(title="Highlight report November 2020")
    document.file.save("highlight-report-2020-11.pdf", ContentFile(make_pdf("Highlight report", [("text", "Hello")])), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def topic(slug):
    return Topic.objects.get(slug=slug)


def update(topic_slug, heading="An update", text="<p>Something changed.</p>", block_type="update"):
    return {"type": block_type, "value": {"topic": topic(topic_slug).pk, "heading": heading, "text": text}}


def make_report(index, year, month, *, updates=None, **fields):
    """A published report for `month`/`year`, by default with one Respiratory update."""
    day = datetime.date(year, month, 1)
    fields.setdefault("title", f"Highlight report {day:%B %Y}")
    fields.setdefault("summary", f"What the Board did in {day:%B %Y}.")
    if updates is None:
        updates = [update("respiratory")]
    return make_page(index, HighlightReportPage, slug=f"{day:%B-%Y}".lower(), month=day, updates=updates, **fields)
