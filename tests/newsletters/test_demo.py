import pytest
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from base.demo.loader import load_demo_content
from newsletters.demo import load_demo
from base.models import FooterLink
from newsletters.models import MailingList, NewsletterIndexPage, NewsletterIssuePage, Subscriber
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db



@pytest.fixture
def demo(db):
    with override_settings(DEMO_CONTENT_LOADERS=["newsletters.demo.load_demo"]):
        return load_demo_content()


def test_demo_newsletters_are_published_under_publications(demo, client):
    archive = NewsletterIndexPage.objects.get()
    assert archive.get_parent().slug == "publications"
    assert [issue.date.strftime("%B %Y") for issue in NewsletterIssuePage.objects.live().order_by("date")] == [
        "October 2020", "November 2020", "December 2020",
    ]
    assert demo.app_lines[0].startswith("Newsletters: 4 created")
    for page in [archive, *NewsletterIssuePage.objects.all()]:
        html = client.get(page.url).content.decode()
        assert "Walsall Together" in html
        assert not any(word in html.lower() for word in FORBIDDEN)
    october = client.get("/publications/newsletters/october-2020/").content.decode()
    assert "Thursday 19 November 2020 at 11am" in october and "COPD" in october
    assert 'alt="A simple drawing of seven people' in october


def test_demo_images_have_alt_text_or_are_decorative(demo):
    for issue in NewsletterIssuePage.objects.all():
        for block in issue.stories:
            if block.block_type == "image":
                assert block.value["decorative"] or block.value["alt_text"]


def test_loading_again_changes_nothing(demo):
    pages, revisions, images = Page.objects.count(), Revision.objects.count(), get_image_model().objects.count()
    assert load_demo() == [
        "Newsletters: 0 created, 0 updated, 4 unchanged, 0 kept (the archive and 3 issues at /publications/newsletters/).",
        "Newsletter sign-up: page unchanged at /get-involved/sign-up-for-emails/, 0 of 2 mailing lists created.",
    ]
    assert (Page.objects.count(), Revision.objects.count(), get_image_model().objects.count()) == (
        pages, revisions, images)


def test_demo_has_two_lists_a_sign_up_page_in_the_footer_and_no_subscribers(demo, client):
    assert list(MailingList.objects.values_list("name", flat=True)) == [
        "Stakeholder newsletter", "Get involved: engagement opportunities"]
    assert demo.app_lines[1] == ("Newsletter sign-up: page created at /get-involved/sign-up-for-emails/, "
                                 "2 of 2 mailing lists created.")
    home = client.get("/").content.decode()
    assert '<a class="nhsuk-footer__list-item-link" href="/get-involved/sign-up-for-emails/">Sign up for our e-mails</a>' in home
    assert FooterLink.objects.filter(label="Sign up for our e-mails").count() == 1
    html = client.get("/get-involved/sign-up-for-emails/").content.decode()
    assert "Stakeholder newsletter" in html and 'href="/privacy-notice/">privacy notice</a>' in html
    assert 'href="/get-involved/sign-up-for-emails/">Sign up to get our newsletter by e-mail</a>' in client.get(
        "/publications/newsletters/").content.decode()
    assert not Subscriber.objects.exists()
