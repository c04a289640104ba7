"""Sign-in and sign-up pages in a real browser: accessible (axe-core, WCAG 2.2 AA) and usable
with real clicks, with and without errors."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, make_home_page

# The live server needs committed data; make_home_page() restores what a flush removes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def home_page(transactional_db):
    """The site's home page, so that base.html's navigation and footer render."""
    return make_home_page()


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_sign_in_page_is_accessible(page):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign in")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    assert_accessible(page)


def test_sign_in_page_is_accessible_on_a_phone(phone_page):
    phone_page.goto("/accounts/login/")
    expect(phone_page.get_by_role("button", name="Sign in")).to_be_visible()
    assert_accessible(phone_page)


def test_empty_sign_in_shows_error_summary(page):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter your e-mail address")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Staff sign in"))
    expect(page.get_by_label("E-mail address")).to_have_attribute("aria-invalid", "true")
    # The summary's links take you to the field.
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    assert_accessible(page)


def test_approver_signs_in_and_reaches_the_admin(page, live_server):
    user = UserFactory(groups=["Comms approvers"])
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)$"))
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("body")).to_contain_text("Walsall Together")
    # Signed in: the public header offers sign-out.
    page.goto("/")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_sign_up_with_non_partner_address_shows_error(page):
    page.goto("/accounts/signup/")
    expect(page.get_by_text("Sign-up is for staff of Walsall Together partner organisations.")).to_be_visible()
    page.get_by_label("Work e-mail address").fill("sam@gmail.com")
    page.get_by_label("Create a password").fill("Walsall-together-2024!")
    page.get_by_label("Confirm your password").fill("Walsall-together-2024!")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    error = page.locator("#id_email-error")
    expect(error).to_contain_text("Use your work e-mail address from a Walsall Together partner organisation")
    expect(page.get_by_label("Work e-mail address")).to_have_value("sam@gmail.com")
    expect(page.get_by_label("Work e-mail address")).to_have_attribute("aria-describedby", re.compile("id_email-error"))
    assert_accessible(page)
