"""Healthwatch staff find a person who gave us only a phone number, in the admin's Personal
data tool, in a real browser: the buttons show their labels with a small icon beside them."""
import pytest
from playwright.sync_api import expect

from base.models import Topic
from tests.browser.test_content_security_policy_browser import sign_in_as_staff
from tests.engagement.conftest import make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_label_beside_a_small_icon(button):
    expect(button).to_be_visible()
    box, icon = button.bounding_box(), button.locator("svg").bounding_box()
    assert box["height"] < 60, box
    assert icon["width"] <= 24 and icon["height"] <= 24, icon


def test_staff_find_export_and_erase_by_phone_number(page, live_server):
    Topic.objects.get_or_create(kind=Topic.Kind.PATHWAY, name="Diabetes", defaults={"slug": "diabetes"})
    make_application(name="Kwame Mensah", email="", phone="07700 900461", preferred_contact="phone")
    sign_in_as_staff(page, live_server)

    page.goto("/admin/personal-data/")
    find = page.get_by_role("button", name="Find personal data")
    assert_label_beside_a_small_icon(find)
    page.get_by_label("E-mail address or phone number").fill("+44 7700 900-461")
    find.click()

    expect(page.get_by_role("heading", name="What we hold about 07700900461")).to_be_visible()
    expect(page.get_by_text("Kwame Mensah")).to_be_visible()
    for name in ("Download as JSON", "Download as CSV", "Erase all of it…"):
        assert_label_beside_a_small_icon(page.get_by_role("button", name=name))

    page.get_by_role("button", name="Erase all of it…").click()
    page.get_by_label("I understand that this erases everything listed above and cannot be undone").check()
    page.get_by_role("button", name="Erase 1 record").click()
    expect(page.get_by_text("held about 077******61")).to_be_visible()
