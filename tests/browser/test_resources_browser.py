"""Public resources in a real browser: the index and a resource page pass axe-core."""
import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.models import Collection

from base.models import SectionIndexPage
from resources.demo import booklet_body, booklet_pdf
from resources.models import ResourceIndexPage, ResourcePage
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booklet(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = make_home_page()
    publications = make_page(home, SectionIndexPage, title="Publications", slug="publications", show_in_menus=True)
    index = make_page(publications, ResourceIndexPage, title="Information for patients", slug="resources",
                      introduction="<p>Booklets and leaflets for patients, carers and the public.</p>")
    document = get_document_model()(title="Post COVID-19 patient information booklet",
                                    collection=Collection.get_first_root_node())
    document.file = ContentFile(booklet_pdf(), name="post-covid-19-booklet.pdf")
    document._set_document_file_metadata()
    document.save()
    page = make_page(index, ResourcePage, title="Post COVID-19 patient information booklet",
                     slug="post-covid-19-patient-information-booklet",
                     summary="Helping you to recover and manage your symptoms following COVID-19.",
                     document=document, body=booklet_body())
    return index, page


def test_resident_finds_the_booklet_and_reads_it_on_the_page(page, booklet):
    index, resource = booklet
    page.goto(index.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Information for patients")
    expect(page.get_by_text("also on the page as text")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Post COVID-19 patient information booklet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post COVID-19 patient information booklet")
    expect(page.get_by_role("link", name="Download Post COVID-19 patient information booklet (PDF, 2 KB)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="When to get help")).to_be_visible()
    assert_accessible(page)


def test_booklet_page_is_accessible_on_a_phone(phone_page, booklet):
    _, resource = booklet
    phone_page.goto(resource.url)
    expect(phone_page.get_by_role("heading", level=2, name="Feeling short of breath")).to_be_visible()
    assert_accessible(phone_page)
