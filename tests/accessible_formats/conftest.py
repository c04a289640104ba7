import datetime
import uuid

import pytest

from accessible_formats import services
from base.models import SectionIndexPage
from reports.models import HighlightReportIndexPage, HighlightReportPage
from tests.factories import make_page


def make_publication(home):
    """A published highlight report (a publication type that offers other formats)."""
    publications = make_page(home, SectionIndexPage, title="Publications", slug="publications")
    index = make_page(publications, HighlightReportIndexPage, title="Highlight reports", slug="highlight-reports")
    return make_page(index, HighlightReportPage, title="November 2026 highlight report", slug="november-2026",
                     month=datetime.date(2026, 11, 1), summary="What the Board decided.")


def answers(**overrides):
    """The form's answers, as the service receives them (cleaned)."""
    data = {"format": "large_print", "language": "", "details": "", "name": "Sam Carer", "reply_by": "email",
            "email": "Sam.Carer@Example.org", "phone": "", "address": "", "keep_need": False}
    data.update(overrides)
    return data


def ask(publication, **overrides):
    """A request for `publication` in another format, sent through the service."""
    token = overrides.pop("submission_token", uuid.uuid4())
    return services.request_format(publication, answers(**overrides), submission_token=token)


@pytest.fixture
def publication(home_page):
    return make_publication(home_page)
