"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, plus axe-core.

These tests never skip: without Chromium they fail, so CI cannot pass silently.
"""
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# How long a step or an expectation waits for the page on a shared, loaded CI machine before it
# fails (Playwright's own are 30 s for steps and 5 s for expectations: a slow POST outlasted 5 s).
PATIENCE_MS = 15_000
expect.set_options(timeout=PATIENCE_MS)


@pytest.fixture(scope="session")
def browser():
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), (
        f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make browser)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    yield page
    context.close()


_axe = Axe()


# Brings every finite animation to its end at once, so axe measures what a person sees once the
# page has settled: never the colours of a message half-way through fading in (and no waiting out
# Wagtail's 25-second "ping" on a badge). A looping animation cannot end and is left running.
_SETTLE = """() => document.getAnimations().forEach(animation => {
    try { animation.finish(); } catch (error) { /* infinite: nothing to finish */ }
})"""


def assert_accessible(page):
    """Fail on any WCAG 2.2 A or AA violation axe-core finds on the current page (once it has
    settled)."""
    page.evaluate(_SETTLE)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def signed_in_browser(page, live_server, user):
    """Give the browser a session for `user` (a member of staff with two-factor set up), as a
    cookie: for journeys that start after signing in (signing in itself has its own tests)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
                               "url": live_server.url}])
    return user


def sign_in_with_two_factor(page, user, next_path="/admin/"):
    """The real sign-in, as staff do it: password, then the code from an authenticator app (TOTP,
    set up here for `user`), landing on `next_path`."""
    import re
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
    from playwright.sync_api import expect

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")  # tests.factories.UserFactory's
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))
