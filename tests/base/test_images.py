"""Images in page bodies: renditions at the column's sizes, with their dimensions, and lazy
loading for every image but one that opens the page."""
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from base.models import StandardPage
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_image(title, width=1500, height=1000):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (76, 44, 105)).save(buffer, format="JPEG")
    image = get_image_model()(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))
    image.save()
    return image


def image_block(image, alt):
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt}}


def body_images(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select("main img")


def test_images_are_renditions_sized_for_the_column_with_their_dimensions(client, home_page):
    photo = make_image("walsall-manor")
    page = make_page(home_page, StandardPage, title="About us", slug="about", body=[
        image_block(photo, "Walsall Manor Hospital"),
        {"type": "paragraph", "value": "<p>Our partners.</p>"},
        image_block(photo, "The care navigation centre"),
    ])
    first, second = body_images(client, page)
    widths = sorted(int(candidate.split()[1].rstrip("w")) for candidate in first["srcset"].split(","))
    assert widths == [400, 800, 1280]  # never the 1500-pixel original
    assert "original" not in first["src"] and ".width-400." in first["src"]
    assert (first["width"], first["height"]) == ("400", "266")  # the ratio of the original
    assert first["sizes"] == "(min-width: 990px) 640px, 100vw"
    assert first["alt"] == "Walsall Manor Hospital"
    assert "loading" not in first.attrs  # it opens the page: fetched at once
    assert second["loading"] == "lazy"
    assert second["alt"] == "The care navigation centre"


def test_an_image_further_down_is_lazy(client, home_page):
    page = make_page(home_page, StandardPage, title="About us", slug="about", body=[
        {"type": "paragraph", "value": "<p>Our partners.</p>"},
        image_block(make_image("partners", 500, 300), "Partners"),
    ])
    (image,) = body_images(client, page)
    assert image["loading"] == "lazy"
    assert (image["width"], image["height"]) == ("400", "240")
    assert "500w" in image["srcset"]  # a small original is not enlarged
