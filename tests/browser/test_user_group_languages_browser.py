"""Joining the User Group in Urdu in a real browser: every question page in Urdu, right to left,
a wrong answer explained in Urdu with what was typed kept, axe WCAG 2.2 AA clean on each page,
and the acknowledgement e-mail in Urdu."""
import pytest
from playwright.sync_api import expect

from base.models import SectionIndexPage, Topic
from engagement.models import UserGroupApplication, UserGroupApplicationPage
from mailer.models import OutgoingEmail
from tests.base.test_languages import translate
from tests.browser.conftest import assert_accessible
from tests.factories import make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTINUE = "جاری رکھیں"


@pytest.fixture
def urdu_join_url():
    home = make_home_page()
    # A transactional test's flush removes the topics the migrations seed.
    Topic.objects.get_or_create(kind=Topic.Kind.PATHWAY, name="Diabetes", defaults={"slug": "pathway-diabetes"})
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved")
    page = make_page(get_involved, UserGroupApplicationPage, title="Join the User Group", slug="join",
                     introduction="<p>Help shape health and care in Walsall.</p>")
    return translate(page, "ur", title="یوزر گروپ میں شامل ہوں",
                     introduction="<p>والسال میں صحت اور نگہداشت کو بہتر بنانے میں مدد کریں۔</p>").url


def expect_urdu(page):
    """The page is marked as Urdu, right to left, and passes axe's WCAG 2.2 A and AA rules."""
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)


def next_page(page):
    page.get_by_role("button", name=CONTINUE).click()


def test_a_resident_applies_in_urdu_through_the_question_pages(page, urdu_join_url):
    page.goto(urdu_join_url)
    expect(page.get_by_role("heading", name="شروع کرنے سے پہلے")).to_be_visible()  # "Before you start"
    expect_urdu(page)
    page.get_by_role("button", name="ابھی شروع کریں").click()  # "Start now"

    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کے رابطے کی تفصیلات")
    expect(page.get_by_text("سوال 1 از")).to_be_visible()  # "Question 1 of ..."
    expect_urdu(page)
    page.get_by_label("آپ کا پورا نام").fill("عائشہ بیگم")
    page.locator("#id_email").fill("aisha.begum@example.org")
    page.get_by_role("group", name="آپ کیسے چاہیں گے کہ ہم آپ سے رابطہ کریں؟").get_by_label("ای میل").check()
    next_page(page)

    # One wrong answer: explained in Urdu, and what was typed is still there to correct.
    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کہاں رہتے ہیں")
    page.locator("#id_postcode").fill("WS1 ABC")
    next_page(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("ایک مسئلہ ہے")  # "There is a problem"
    expect(summary).to_contain_text("برطانیہ کا اصل پوسٹ کوڈ درج کریں، جیسے WS1 1AA")
    expect(page.locator("#id_postcode")).to_have_value("WS1 ABC")
    expect_urdu(page)
    page.locator("#id_postcode").fill("ws1 3eg")
    next_page(page)

    expect(page.get_by_role("group", name="آپ کو صحت اور نگہداشت کی کن خدمات میں سب سے زیادہ دلچسپی ہے؟")).to_be_visible()
    expect_urdu(page)
    page.get_by_label("Diabetes").check()  # the services' names, as staff keep them
    next_page(page)
    expect_urdu(page)
    next_page(page)  # areas of our work: none
    page.get_by_label("ہاں، بطور نگہداشت کرنے والا").check()
    expect_urdu(page)
    next_page(page)
    page.get_by_label("اجلاسوں میں آنا").check()  # "Coming to meetings"
    expect_urdu(page)
    next_page(page)
    expect(page.get_by_label("کیا آپ کو حصہ لینے کے لیے کسی مدد کی ضرورت ہے؟")).to_be_visible()
    expect_urdu(page)
    next_page(page)  # support: none needed
    expect_urdu(page)
    next_page(page)  # how you heard: not given

    expect(page.get_by_role("heading", level=1)).to_have_text("مساوات کے سوالات")
    expect_urdu(page)
    page.get_by_role("button", name="مساوات کے سوالات چھوڑ دیں").click()  # skip them all

    expect(page.get_by_role("heading", level=1)).to_have_text("اس بات پر رضامندی کہ ہم آپ کی تفصیلات کیسے استعمال کرتے ہیں")
    expect_urdu(page)
    page.get_by_label("میں رضامند ہوں کہ ہیلتھ واچ والسال میری تفصیلات رکھے", exact=False).check()
    next_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("درخواست دینے سے پہلے اپنے جوابات چیک کریں")
    expect(page.get_by_text("ہاں، بطور نگہداشت کرنے والا")).to_be_visible()
    expect_urdu(page)
    page.get_by_role("button", name="درخواست بھیجیں").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("درخواست بھیج دی گئی")  # "Application sent"
    expect_urdu(page)

    application = UserGroupApplication.objects.get()
    assert application.language == "ur" and application.name == "عائشہ بیگم"
    email = OutgoingEmail.objects.get(to="aisha.begum@example.org")
    assert email.subject == "ہمیں یوزر گروپ میں شامل ہونے کے لیے آپ کی درخواست مل گئی ہے"
    assert '<html lang="ur" dir="rtl">' in email.body_html
