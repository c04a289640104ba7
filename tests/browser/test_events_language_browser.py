"""Booking a workshop in Urdu in a real browser, at phone width: every question page and the check
page are in Urdu, right to left, WCAG 2.2 AA clean (axe) and never scroll sideways; a wrong answer
gets its error in Urdu and keeps what was typed; the confirmation e-mail arrives in Urdu."""
import email
import email.policy

import pytest
from django.conf import settings
from playwright.sync_api import expect
from wagtail.models import Locale

from engagement.demo_translations import translate_with_strings
from events.demo_translations import TRANSLATIONS
from events.models import Booking
from mailer.models import OutgoingEmail
from tests.browser.conftest import assert_accessible
from tests.browser.test_events_browser import mail_dir, workshop  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URDU_TITLE = TRANSLATIONS["ur"]["Respiratory workshop: living with COPD"]
EMAIL = "amina.begum@example.org"
CONTINUE = "جاری رکھیں"


@pytest.fixture
def urdu_workshop(workshop):  # noqa: F811
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:  # a transactional test's flush removes them
        Locale.objects.get_or_create(language_code=code)
    translate_with_strings(workshop, "ur", TRANSLATIONS["ur"])
    return workshop.get_translation(Locale.objects.get(language_code="ur"))


def sent_emails(mail_dir):  # noqa: F811
    """The messages the file backend wrote, parsed as bytes (their text parts are 8-bit UTF-8)."""
    return [email.message_from_bytes(raw.strip(), policy=email.policy.default)
            for path in sorted(mail_dir.glob("*.log")) for raw in path.read_bytes().split(b"-" * 79) if raw.strip()]


def in_urdu_and_fits(page):
    """Urdu, right to left, accessible, and no sideways scrolling at 390 px."""
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"
    assert_accessible(page)


def test_booking_in_urdu_on_a_phone(phone_page, urdu_workshop, mail_dir):  # noqa: F811
    page = phone_page
    page.goto(urdu_workshop.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(URDU_TITLE)
    expect(page.get_by_text("30 جگہیں باقی")).to_be_visible()
    in_urdu_and_fits(page)

    page.get_by_role("link", name="جگہ بک کریں").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کی تفصیلات")
    expect(page.get_by_text("سوال 1 از 5: آپ کے بارے میں")).to_be_visible()
    in_urdu_and_fits(page)

    # One wrong answer: the name left out. The error is in Urdu and the address typed is kept.
    page.locator('input[name="email"]').fill(EMAIL)
    page.get_by_role("button", name=CONTINUE).click()
    expect(page.get_by_role("alert")).to_contain_text("اپنا پورا نام لکھیں")
    expect(page.locator('input[name="email"]')).to_have_value(EMAIL)
    in_urdu_and_fits(page)
    page.get_by_label("پورا نام").fill("Amina Begum")
    page.get_by_role("button", name=CONTINUE).click()

    # Each later question, in Urdu, and its answer.
    for heading, answer in [
        ("کون سی بات آپ کو سب سے بہتر بیان کرتی ہے؟", page.get_by_label("میں اس بیماری والے کسی شخص کی دیکھ بھال کرتا/کرتی ہوں")),
        ("کیا آپ کسی کو ساتھ لا رہے ہیں؟", page.get_by_label("نہیں، صرف میں")),
        ("حصہ لینے میں مدد", page.get_by_label("برٹش سائن لینگویج (BSL) کا ترجمان")),
        ("ہم آپ کی تفصیلات کیسے استعمال کرتے ہیں", page.locator('input[name="consent"]')),  # base.forms' wording
    ]:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        in_urdu_and_fits(page)
        answer.check()
        page.get_by_role("button", name=CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("بکنگ سے پہلے اپنے جوابات دیکھ لیں")
    expect(page.get_by_text("30 جگہیں باقی ہیں، اس لیے آپ کو جگہ مل جائے گی۔")).to_be_visible()
    in_urdu_and_fits(page)
    page.get_by_role("button", name="میری جگہ بک کریں").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کی جگہ بک ہو گئی ہے")
    in_urdu_and_fits(page)
    booking = Booking.objects.get()
    assert (booking.language, booking.event_id, booking.access_needs) == ("ur", urdu_workshop.original.pk, ["bsl"])

    # The e-mail that arrives is in Urdu, marked right to left.
    confirmation = next(message for message in sent_emails(mail_dir) if message["To"] == EMAIL)
    subject = f"آپ کی بکنگ ہو گئی ہے: {URDU_TITLE}"
    assert OutgoingEmail.objects.get(to=EMAIL).subject == subject
    assert confirmation["Subject"].strip() == subject  # encoded and folded, it starts on the next line
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert text.startswith("محترم/محترمہ Amina Begum،")
    assert f"{URDU_TITLE} کی بکنگ کا شکریہ۔" in text and "برٹش سائن لینگویج (BSL) کا ترجمان" in text
    assert "/ur/events/respiratory-workshop/booking/" in text
    assert '<html lang="ur" dir="rtl">' in OutgoingEmail.objects.get(to=EMAIL).body_html
