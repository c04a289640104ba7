import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from base.models import SectionIndexPage
from newsletters.models import NewsletterIndexPage
from tests.factories import make_page


@pytest.fixture
def archive(home_page):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, NewsletterIndexPage, title="Stakeholder newsletters", slug="newsletters")


@pytest.fixture
def picture(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (76, 44, 105)).save(buffer, format="PNG")
    image = get_image_model()(title="Partners", file=ImageFile(buffer, name="partners.png"))
    image.save()
    return image
