"""Rich text links expanded together for the whole page (base/prefetch.py) read exactly as
Wagtail writes them one block at a time."""
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from base.models import SectionIndexPage, StandardPage
from base.prefetch import ExpandedRichText, prefetch_page_content
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_links_in_every_block_point_where_they_did(client, home_page):
    about = make_page(home_page, SectionIndexPage, title="About us", slug="about")
    partners = make_page(about, StandardPage, title="Our partners", slug="partners")
    gone = make_page(about, StandardPage, title="Old page", slug="old")
    document = get_document_model()(title="Annual report")
    document.file.save("annual-report.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    gone_id = gone.pk
    gone.delete()
    body = [
        {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{about.pk}">about us</a>.</p>'},
        {"type": "quote", "value": {"quote": "Working together", "attribution": ""}},
        {"type": "paragraph", "value": f'<p><a linktype="page" id="{partners.pk}">Partners</a> and '
                                       f'<a linktype="document" id="{document.pk}">the report</a>.</p>'},
        {"type": "paragraph", "value": f'<p>A <a linktype="page" id="{gone_id}">missing page</a>.</p>'},
        {"type": "paragraph", "value": '<p>A <a href="https://www.nhs.uk/">web link</a>.</p>'},
    ]
    page = make_page(home_page, StandardPage, title="Links", slug="links", body=body)

    html = client.get(page.url).content.decode()

    links = {a.get_text(): a.get("href") for a in BeautifulSoup(html, "html.parser").select("main p a")}
    assert links == {"about us": "/about/", "Partners": "/about/partners/", "the report": document.url,
                     "missing page": None, "web link": "https://www.nhs.uk/"}


def test_the_stored_rich_text_is_unchanged(home_page):
    page = make_page(home_page, StandardPage, title="Links", slug="links", body=[
        {"type": "paragraph", "value": f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>'},
    ])
    page = StandardPage.objects.get(pk=page.pk)
    prefetch_page_content(page)
    value = page.body[0].value
    assert isinstance(value, ExpandedRichText)
    assert value.source == f'<p><a linktype="page" id="{home_page.pk}">Home</a></p>'
    assert 'href="/"' in value.__html__()
    assert page.body.get_prep_value()[0]["value"] == value.source
    assert value == RichText(value.source)
