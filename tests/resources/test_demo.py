from wagtail.documents import get_document_model
from wagtail.models import Revision

from base.models import SectionIndexPage
from resources.demo import load_demo
from resources.models import ResourceIndexPage, ResourcePage
from tests.factories import make_page


def test_demo_resources_load_once_and_again_change_nothing(home_page):
    make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    load_demo()
    index = ResourceIndexPage.objects.get()
    booklet = ResourcePage.objects.get()
    assert index.url == "/publications/resources/"
    assert booklet.title == "Post COVID-19 patient information booklet"
    assert booklet.summary == "Helping you to recover and manage your symptoms following COVID-19."
    assert booklet.document.file_extension == "pdf" and booklet.document.file_size > 0
    headings = [block.value for block in booklet.body if block.block_type == "heading"]
    assert "Feeling short of breath" in headings and "When to get help" in headings
    body = str(booklet.body.raw_data)
    assert "call 111" in body and "Call 999" in body
    assert "Other formats" not in headings  # the page itself offers "Ask for this in another format"

    pages, revisions, documents = ResourcePage.objects.count(), Revision.objects.count(), get_document_model().objects.count()
    lines = load_demo()
    assert "booklet PDF unchanged" in lines[0]
    assert (ResourcePage.objects.count(), Revision.objects.count(), get_document_model().objects.count()) == (
        pages, revisions, documents)
