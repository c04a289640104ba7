"""Joining the User Group in a real browser, with and without the equality questions, then
Healthwatch staff making an applicant a member and the reach dashboard counting them."""
import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import HEALTHWATCH_STAFF
from base.models import SectionIndexPage, Topic
from engagement.models import UserGroupApplication, UserGroupApplicationPage
from engagement.services import reach
from engagement.services.reach import seed_default_targets
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, make_home_page, make_page
from tests.privacy.conftest import activate_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHWAYS = ["Respiratory", "Cardiology", "Diabetes", "End of life care", "Mental health outpatients",
            "0 to 19 children's services"]


@pytest.fixture
def join_url():
    home = make_home_page()
    # A transactional test's flush removes the topics and targets the migrations seed.
    for order, name in enumerate(PATHWAYS):
        Topic.objects.get_or_create(kind=Topic.Kind.PATHWAY, name=name,
                                    defaults={"slug": f"pathway-{order}", "sort_order": order})
    seed_default_targets()
    get_involved = make_page(home, SectionIndexPage, title="Get involved", slug="get-involved", show_in_menus=True)
    page = make_page(get_involved, UserGroupApplicationPage, title="Join the User Group", slug="join",
                     introduction="<p>Help shape health and care in Walsall.</p>",
                     what_happens_next="<p>We will contact you within 10 working days.</p>")
    return page.url


def answer_questions(page, name, email, postcode):
    """The questions before the equality section, one page each, as a resident answers them."""
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("E-mail address (optional)").fill(email)
    page.get_by_role("group", name="How would you like us to contact you?").get_by_label("E-mail").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Postcode (optional)").fill(postcode)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Diabetes").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # areas of our work: none
    page.get_by_label("Yes, as a carer").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Coming to meetings").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # support: none needed
    page.get_by_role("button", name="Continue").click()  # how you heard: not given


def test_the_form_is_accessible_on_a_phone(phone_page, join_url):
    phone_page.goto(join_url)
    phone_page.get_by_role("button", name="Start now").click()
    expect(phone_page.get_by_role("button", name="Continue")).to_be_visible()
    assert_accessible(phone_page)
    # No question page is taller than about two phone screens.
    assert phone_page.evaluate("document.documentElement.scrollHeight") < 2 * 844
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_residents_apply_with_and_without_equality_monitoring_then_staff_make_one_a_member(page, join_url):
    page.goto(join_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the User Group")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    # Errors first: nothing filled in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contact details")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your full name")
    expect(summary).to_contain_text("Enter an e-mail address or a phone number")
    expect(page).to_have_title("Error: Your contact details - Join the User Group - Walsall Together")
    assert_accessible(page)
    summary.get_by_role("link", name="Choose how you would like us to contact you").click()
    expect(page.get_by_label("E-mail", exact=True)).to_be_focused()

    # A resident who answers the equality questions, one page each.
    answer_questions(page, "Aisha Begum", "aisha.begum@example.org", "ws1 3eg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality questions")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("35 to 44").check()
    page.get_by_role("button", name="Continue").click()
    for _ in range(2):  # sex, gender identity: not answered
        page.get_by_role("button", name="Continue").click()
    # The ethnic group on two short pages: the group, then the background within it.
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your ethnic group?")
    page.get_by_label("Asian, Asian British or Asian Welsh").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which of these best describes your Asian, Asian British or Asian Welsh background?")
    page.get_by_role("group", name="Asian, Asian British or Asian Welsh").get_by_label("Bangladeshi").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    for _ in range(2):  # disability, sexual orientation
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Muslim").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # unpaid carer
    # Answers that say something about the person need their own consent, on its own page.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to agree that we can use your equality answers")
    page.get_by_label("I agree that Healthwatch Walsall can use my answers").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I agree that Healthwatch Walsall can keep my details").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you apply")
    expect(page.get_by_text("South (from your postcode: change it if this is wrong)")).to_be_visible()
    assert_accessible(page)
    # Change one answer: back to the check page afterwards.
    page.get_by_role("link", name="Change how you would like to take part").click()
    page.get_by_label("Online surveys").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you apply")
    expect(page.get_by_text("Coming to meetings, Online surveys")).to_be_visible()
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    expect(page.get_by_text("We have recorded that you live in the South locality.")).to_be_visible()
    assert_accessible(page)

    # Another resident who skips the equality questions in one press, on a phone-sized screen
    # without JavaScript.
    context = page.context.browser.new_context(base_url=page.url.split("/get-involved")[0],
                                               viewport={"width": 390, "height": 844}, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(join_url)
    phone.get_by_role("button", name="Start now").click()
    answer_questions(phone, "Joe Bloggs", "joe.bloggs@example.org", "WS3 2PN")
    phone.get_by_role("button", name="Skip the equality questions").click()
    phone.get_by_label("I agree that Healthwatch Walsall can keep my details").check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("You chose not to answer")).to_be_visible()
    phone.get_by_role("button", name="Send application").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Application sent")
    context.close()  # (axe needs JavaScript: the phone-width check is above)

    aisha = UserGroupApplication.objects.get(email="aisha.begum@example.org")
    joe = UserGroupApplication.objects.get(email="joe.bloggs@example.org")
    assert aisha.equality.ethnic_group == "bangladeshi"
    assert not hasattr(joe, "equality")
    assert str(reach.build_dashboard().totals["members"]) == "0"

    # Healthwatch staff (with MFA set up) move Aisha's application to "active member".
    staff = Client()
    staff.force_login(activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF])))
    for status in ("contacted", "induction_booked", "active"):
        response = staff.post(reverse("user-group-applications:status", args=[aisha.pk]), {"status": status})
        assert response.status_code == 302
    aisha.refresh_from_db()
    assert aisha.status == "active"

    dashboard = reach.build_dashboard(include_equality=True)
    assert str(dashboard.totals["members"]) == "1"  # a total is shown in full; groups are not
    south = next(r for r in dashboard.sections[0].rows if r.value == "south")
    assert south.text("members") == "fewer than 5"

    # The dashboard page in the browser, signed in as that member of staff.
    page.context.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value,
                               "url": page.url.split("/get-involved")[0]}])
    page.goto(reverse("user-group-reach:index"))
    expect(page.get_by_role("heading", name="Totals")).to_be_visible()
    expect(page.locator("dl").first).to_contain_text("Active members")
    expect(page.get_by_role("heading", name="Ethnic group")).to_be_visible()
    expect(page.get_by_text("Members fewer than 5").first).to_be_visible()
