"""Closing the loop in a real browser: a resident responds to an open engagement and asks to hear
back; Healthwatch staff approve and redact the response, build a theme and publish an action; the
resident's "we did" e-mail arrives and its link shows the action. axe-core checks the exercise,
the form's question pages, an error state, check your answers, the confirmation and the "You said,
we did" pages; every question page fits about two phone screens."""
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import HEALTHWATCH_STAFF
from engagement.models import Response, Theme, YouSaidWeDidIndexPage
from tests.browser.conftest import assert_accessible
from tests.engagement.conftest import make_exercise
from tests.factories import UserFactory, make_home_page, make_page
from tests.privacy.conftest import activate_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "response_form"
WORDS = "My name is Sandra Smith. The community nurse visits every week and that keeps me out of hospital."


@pytest.fixture
def exercise():
    from base.models import SectionIndexPage
    from engagement.models import EngagementIndexPage

    home = make_home_page()
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved", show_in_menus=True)
    index = make_page(get_involved, EngagementIndexPage, title="Have your say", slug="have-your-say")
    make_page(index, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    return make_exercise(index, title="Care in Walsall", slug="care-in-walsall")


def staff_client():
    client = Client()
    client.force_login(activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF])))
    return client


def shoot(page, name):
    """Keep a full-page screenshot in var/screenshots/response_form/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def go_on(page):
    page.get_by_role("button", name="Continue").click()


def test_a_resident_hears_what_was_done_about_what_they_said(page, exercise, mailoutbox, live_server):
    page.goto(exercise.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Care in Walsall")
    assert_accessible(page)
    page.get_by_role("link", name="Give your views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give your views")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    # One question a page. Errors first: the required question left empty.
    expect(page.get_by_text("Question 1 of 16")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("What matters most to you about care in Walsall?")
    assert_accessible(page)
    shoot(page, "1-first-question")
    go_on(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Answer the question: What matters most to you about care in Walsall?")
    expect(page).to_have_title(re.compile(r"^Error: What matters most"))
    assert_accessible(page)
    shoot(page, "2-error")
    summary.get_by_role("link", name=re.compile("Answer the question")).click()
    expect(page.get_by_label("What matters most to you about care in Walsall?")).to_be_focused()
    page.get_by_label("What matters most to you about care in Walsall?").fill(WORDS)
    go_on(page)
    go_on(page)  # which services: none chosen
    page.get_by_label("Good", exact=True).check()
    go_on(page)
    go_on(page)  # anything else: nothing
    go_on(page)  # where you live: not said
    page.get_by_label("Yes, quote my words without my name").check()
    go_on(page)

    # The e-mail address without the tick box: the address typed is kept beside the error.
    page.get_by_label("Your e-mail address (optional)").fill("sandra@example.org")
    go_on(page)
    expect(page.get_by_role("alert")).to_contain_text("Tick the box if you would like us to e-mail you")
    expect(page.get_by_label("Your e-mail address (optional)")).to_have_value("sandra@example.org")
    assert_accessible(page)
    page.get_by_label(re.compile("tell me what happens as a result")).check()
    go_on(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality questions")
    assert_accessible(page)
    page.get_by_role("button", name="Skip the equality questions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you send your response")
    expect(page.get_by_text("You chose not to answer")).to_be_visible()
    assert_accessible(page)
    shoot(page, "3-check-your-answers")
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
    assert_accessible(page)
    response = Response.objects.get()
    assert response.email == "sandra@example.org" and response.wants_updates

    # Healthwatch staff: approve with the suggested redaction, plus one of their own (with a reason).
    staff = staff_client()
    answer = response.answers.get(quotable=True)
    detail = staff.get(reverse("feedback-responses:inspect", args=[response.pk])).content.decode()
    assert "My name is [name removed]. The community nurse" in detail
    staff.post(reverse("feedback-responses:approve", args=[response.pk]), {
        f"public_text_{answer.pk}": "My name is [name removed]. The community nurse visits [removed] and that keeps "
                                    "me out of hospital.",
        "reason": "Removed how often, which could identify her"})
    answer.refresh_from_db()
    assert answer.public_text.endswith("visits [removed] and that keeps me out of hospital.")

    # A theme, the response linked to it, and a published action.
    staff.post(reverse("feedback-themes:add"), {"exercise": exercise.pk, "title": "Care at home keeps people well",
                                                "summary": "", "sort_order": "0", "is_published": "on"})
    theme = Theme.objects.get()
    staff.post(reverse("feedback-responses:themes", args=[response.pk]), {"themes": [theme.pk]})
    staff.post(reverse("feedback-actions:add"), {
        "exercise": exercise.pk, "themes": [theme.pk], "title": "More community nurses in every locality",
        "description": "", "partner": "", "status": "in_progress", "not_possible_reason": "", "starts_on": "",
        "due_on": "", "completed_on": "", "sort_order": "0", "is_published": "on", "update_note": "",
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
        "evidence_links-MIN_NUM_FORMS": "0", "evidence_links-MAX_NUM_FORMS": "1000"})

    # The resident's e-mail (after the acknowledgement) and its link.
    we_did = [message for message in mailoutbox if message.subject.startswith("You said, we did")]
    assert len(we_did) == 1 and we_did[0].to == ["sandra@example.org"]
    body = we_did[0].body
    assert "Care at home keeps people well" in body and "More community nurses in every locality" in body
    link = re.search(r"http://\S+/you-said-we-did/", body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(page.get_by_role("heading", name="You said: Care at home keeps people well")).to_be_visible()
    expect(page.get_by_text("More community nurses in every locality")).to_be_visible()
    expect(page.get_by_text("In progress").first).to_be_visible()
    expect(page.get_by_text("visits [removed] and that keeps me out of hospital")).to_be_visible()
    assert "Sandra" not in page.content()
    assert_accessible(page)

    page.goto(YouSaidWeDidIndexPage.objects.get().url)
    # The honest headline: what is being done, in words, not a percentage that reads as "all done".
    expect(page.get_by_text("We are doing something about 1 of them now.")).to_be_visible()
    assert_accessible(page)


def test_the_form_on_a_phone_without_javascript(browser, exercise, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    phone = context.new_page()
    phone.goto(f"{exercise.url}respond/")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_label("What matters most to you about care in Walsall?").fill("Shorter waits.")
    go_on(phone)
    for _ in range(4):  # the other questions, where you live: not answered
        go_on(phone)
    phone.get_by_label("No, do not quote my words").check()
    go_on(phone)
    go_on(phone)  # no e-mail
    phone.get_by_role("button", name="Skip the equality questions").click()
    # Changing an answer from the check page comes back to it.
    phone.get_by_role("link", name="Change part of walsall").click()
    phone.get_by_label("North").check()
    go_on(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your answers before you send your response")
    phone.get_by_role("button", name="Send my response").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Response sent")
    context.close()
    response = Response.objects.get()
    assert (response.publish_consent, response.locality) == ("no", "north")


def test_every_question_page_fits_a_phone_and_is_accessible(phone_page, exercise):
    phone_page.goto(exercise.get_parent().url)
    expect(phone_page.get_by_role("heading", name="Open now")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.goto(f"{exercise.url}respond/")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Start now").click()
    assert_accessible(phone_page)
    shoot(phone_page, "1-first-question")
    go_on(phone_page)
    expect(phone_page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(phone_page)
    shoot(phone_page, "2-error")
    phone_page.get_by_label("What matters most to you about care in Walsall?").fill("Shorter waits.")
    heights = {}
    while "/check/" not in phone_page.url:
        heading = phone_page.locator("h1").first.inner_text()
        heights[heading] = phone_page.evaluate("document.documentElement.scrollHeight")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, heading
        if heading == "May we quote what you wrote?" or "Quoting" in heading:
            phone_page.get_by_label("Yes, quote my words without my name").check()
        if heading == "What is your age?":
            phone_page.get_by_label("45 to 54").check()
        if heading == "What is your ethnic group?":
            phone_page.get_by_label("White", exact=True).check()
        if heading.endswith("White background?"):
            phone_page.get_by_label("Any other White background").check()
        if heading == "Equality questions":
            shoot(phone_page, "equality-questions")
        if "/equality-consent/" in phone_page.url:
            phone_page.get_by_role("checkbox").check()
        go_on(phone_page)
    # No page is taller than about two phone screens (the answer box grows only if someone writes more).
    assert heights and {heading: height for heading, height in heights.items() if height >= 2 * 844} == {}
    assert_accessible(phone_page)
    shoot(phone_page, "3-check-your-answers")
