import pytest
from django.core.exceptions import ValidationError

from newsletters.blocks import CallToActionBlock, StoryImageBlock

pytestmark = pytest.mark.django_db


def clean_image(picture, **value):
    block = StoryImageBlock()
    return block.clean(block.to_python({"image": picture.pk, "caption": "", **value}))


def test_image_needs_alt_text_unless_decorative(picture):
    with pytest.raises(ValidationError) as error:
        clean_image(picture, alt_text="  ", decorative=False)
    assert "alt_text" in error.value.block_errors

    assert clean_image(picture, alt_text="Seven people around a table", decorative=False)["alt_text"]
    assert clean_image(picture, alt_text="", decorative=True)["decorative"] is True


def clean_link(**value):
    block = CallToActionBlock()
    return block.clean(block.to_python({"text": "Find out more", "page": None, "external_url": "", **value}))


def test_call_to_action_needs_a_page_or_a_web_address_but_not_both(home_page):
    with pytest.raises(ValidationError):
        clean_link()
    with pytest.raises(ValidationError):
        clean_link(page=home_page.pk, external_url="https://example.org/")
    assert clean_link(page=home_page.pk).link_url() == "/"
    assert clean_link(external_url="https://example.org/").link_url() == "https://example.org/"
