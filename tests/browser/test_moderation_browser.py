"""Healthwatch staff work through the feedback moderation queue in a real browser: they sign in
with their password and authenticator code, open the queue from the admin dashboard, open the
first response from its row, and each decision (approve, reject with a reason) lands them on the
next one waiting, until the queue says it is empty. A safeguarding flag e-mails the safeguarding
lead, and the history says so in words. Then an action's page shows its timeline and publishes
it. axe-core checks each admin screen of this journey; screenshots go to SCREENSHOT_DIR if set."""
import os

import pytest
from playwright.sync_api import expect

from accounts.roles import HEALTHWATCH_STAFF
from base.models import SectionIndexPage
from engagement.models import EngagementIndexPage, Response, YouSaidWeDidIndexPage
from engagement.services import loop, moderation
from mailer.models import OutgoingEmail
from tests.browser.conftest import assert_accessible, sign_in_with_two_factor
from tests.engagement.conftest import make_exercise, respond
from tests.factories import UserFactory, make_home_page, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "walsall.together.safeguarding@walsallhealthcare.nhs.uk"


@pytest.fixture
def exercise():
    home = make_home_page()
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved", show_in_menus=True)
    index = make_page(get_involved, EngagementIndexPage, title="Have your say", slug="have-your-say")
    make_page(index, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    return make_exercise(index, title="Care in Walsall", slug="care-in-walsall")


def screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_staff_work_through_the_moderation_queue(page, exercise, live_server):
    first = respond(exercise, "I'm Margaret Jones. The community nurse keeps me out of hospital.")
    second = respond(exercise, "Buy cheap watches at our website")
    third = respond(exercise, "Something worrying is happening to my neighbour.")
    fourth = respond(exercise, "The bus to the Manor takes too long.")
    staff = UserFactory(groups=[HEALTHWATCH_STAFF])

    sign_in_with_two_factor(page, staff)
    dashboard_link = page.get_by_role("link", name="4 feedback responses waiting for moderation")
    expect(dashboard_link).to_be_visible()
    screenshot(page, "1-dashboard")
    dashboard_link.click()

    # The queue: oldest first, each row with an excerpt (suggested redactions taken out).
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation queue: Oldest first")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Moderation queue")
    expect(page.get_by_text("I'm [name removed]. The community nurse keeps me out of hospital.")).to_be_visible()
    expect(page.get_by_text("Margaret")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "2-queue")
    page.get_by_role("link", name=first.reference, exact=True).click()

    # The first response: its name highlighted and taken out of the text to publish.
    expect(page.get_by_role("heading", name=f"Response {first.reference}")).to_be_visible()
    expect(page.locator("mark[title='Looks like a name']")).to_have_text("(possible name:) Margaret Jones")
    expect(page.get_by_label("Text to publish: What matters most to you about care in Walsall?")).to_have_value(
        "I'm [name removed]. The community nurse keeps me out of hospital.")
    expect(page.get_by_role("link", name="Next in the queue")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "3-response")
    page.get_by_role("button", name="Approve", exact=True).click()

    # Approved: on the second one.
    expect(page.get_by_text(f"{first.reference} approved. This is the next response waiting in the queue.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Response {second.reference}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "4-next-after-approve")
    reject = page.locator("form", has=page.get_by_role("button", name="Reject"))
    reject.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()  # no reason: stays here
    expect(page.get_by_role("heading", name=f"Response {second.reference}")).to_be_visible()
    reject.get_by_label("Reason").fill("Advertising")
    reject.get_by_role("button", name="Reject").click()

    # Rejected: on the third one, which staff flag for safeguarding.
    expect(page.get_by_text(f"{second.reference} rejected.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Response {third.reference}")).to_be_visible()
    expect(page.get_by_text(f"Flagging e-mails the safeguarding lead ({LEAD})")).to_be_visible()
    page.get_by_label("What is the concern?").fill("Possible adult at risk: neighbour")
    page.get_by_role("button", name="Flag for safeguarding").click()
    expect(page.get_by_text("Flagged for safeguarding. The safeguarding lead has been e-mailed.")).to_be_visible()
    history = page.locator("section", has=page.get_by_role("heading", name="History"))
    expect(history.get_by_role("row").nth(1)).to_contain_text("Flagged for safeguarding")
    expect(history).to_contain_text("Possible adult at risk: neighbour")
    expect(history).not_to_contain_text("flag_safeguarding")
    assert_accessible(page)
    screenshot(page, "5-flagged")
    alert = OutgoingEmail.objects.get(to=LEAD)
    assert third.reference in alert.body_text and f"/admin/feedback-responses/{third.pk}/" in alert.body_text
    assert "Something worrying" not in alert.body_text

    # "Next in the queue" from the flagged one; the last decision says the queue is empty.
    page.get_by_role("link", name="Next in the queue").click()
    expect(page.get_by_role("heading", name=f"Response {fourth.reference}")).to_be_visible()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text(f"{fourth.reference} approved. No more responses are waiting: "
                            "the moderation queue is empty.")).to_be_visible()
    expect(page.get_by_role("link", name="Next in the queue")).to_have_count(0)
    history = page.locator("section", has=page.get_by_role("heading", name="History"))
    expect(history).to_contain_text("Approved")
    screenshot(page, "6-queue-empty")

    page.goto("/admin/")
    page.get_by_role("link", name="0 feedback responses waiting for moderation").click()
    expect(page.get_by_text("No responses are waiting for moderation: the queue is empty.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "7-empty-queue")
    assert list(Response.objects.order_by("pk").values_list("status", flat=True)) == [
        "approved", "rejected", "new", "approved"]
    assert Response.objects.get(pk=third.pk).is_flagged

    # An action: its row opens its page, with the timeline and the publish button.
    theme = moderation.create_theme(exercise, "Care at home keeps people out of hospital", responses=[first],
                                    published=True)
    action = loop.create_action(exercise, [theme], "We added evening community nursing")
    page.goto("/admin/feedback-actions/")
    page.get_by_role("link", name="We added evening community nursing").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action (we did)")
    expect(page.get_by_role("link", name="Edit")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "8-action")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.locator("section", has=page.get_by_role("heading", name="Timeline"))).to_contain_text("Published")
    action.refresh_from_db()
    assert action.is_published
    page.goto(f"{exercise.url}you-said-we-did/")
    expect(page.get_by_text("We added evening community nursing")).to_be_visible()
