import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from base.models import SectionIndexPage, StandardPage
from newsletters.models import MailingList, NewsletterIndexPage, NewsletterIssuePage, NewsletterSignupPage
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


# Subscriptions and campaigns ----------------------------------------------------------------


@pytest.fixture
def lists(db):
    """The two demo lists: (stakeholder newsletter, get involved)."""
    return (
        MailingList.objects.create(name="Stakeholder newsletter", slug="stakeholder-newsletter", sort_order=1,
                                   description="News from the partnership, about once a month."),
        MailingList.objects.create(name="Get involved: engagement opportunities", slug="get-involved",
                                   sort_order=2),
    )


@pytest.fixture
def signup_page(home_page, lists):
    return make_page(home_page, NewsletterSignupPage, title="Sign up for our e-mails", slug="sign-up",
                     introduction="<p>Choose the e-mails you would like.</p>")


@pytest.fixture
def issue(archive, picture, home_page):
    """A published issue with every kind of story block, linking to a page and a document."""
    get_involved = make_page(home_page, StandardPage, title="Get involved", slug="get-involved")
    document = get_document_model()(title="Booklet")
    document.file.save("booklet.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return make_page(archive, NewsletterIssuePage, title="Stakeholder newsletter: October 2020",
                     slug="october-2020", date="2020-10-15", summary="A workshop and our highlight report.",
                     introduction="Welcome to the October issue.", stories=[
                         {"type": "heading", "value": "Join our Respiratory Virtual Workshop"},
                         {"type": "text", "value": (
                             f'<p>Read <a linktype="page" id="{get_involved.pk}">how to take part</a> or the '
                             f'<a linktype="document" id="{document.pk}">booklet</a>.</p>'
                             "<ul><li>ask questions</li><li>share your <b>experience</b></li></ul>")},
                         {"type": "image", "value": {"image": picture.pk, "alt_text": "Seven people around a table",
                                                     "decorative": False, "caption": "Partners together"}},
                         {"type": "image", "value": {"image": picture.pk, "alt_text": "", "decorative": True,
                                                     "caption": ""}},
                         {"type": "call_to_action", "value": {"text": "Find out how to take part",
                                                              "page": get_involved.pk, "external_url": ""}},
                     ])


def link_in(message, pattern):
    """The first absolute link in an e-mail's text that matches `pattern`, as a path."""
    match = re.search(rf"http://testserver(/subscriptions/{pattern}/[^\s/]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The sign-up form's rate limit counts posts in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
