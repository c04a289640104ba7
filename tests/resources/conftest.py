import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from base.models import SectionIndexPage
from resources.models import ResourceIndexPage
from tests.factories import make_page


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_document(db):
    def make(title="Booklet", filename="booklet.pdf", content=b"%PDF-1.4 booklet" + b"x" * 4000):
        document = get_document_model()(title=title, collection=Collection.get_first_root_node())
        document.file = ContentFile(content, name=filename)
        document._set_document_file_metadata()
        document.save()
        return document

    return make


@pytest.fixture
def resource_index(home_page):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, ResourceIndexPage, title="Information for patients", slug="resources",
                     summary="Booklets and leaflets.")
