"""The Content-Security-Policy breaks nothing: a real browser reports no violation on any demo
page, the forms, the sign-in page, the admin (dashboard, page editor, preview) or a public page
seen by signed-in staff (Wagtail's user bar)."""
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from events.models import EventPage
from tests.browser.conftest import signed_in_browser
from tests.factories import UserFactory, ensure_wagtail_roots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's init scripts run whatever the page's policy says, so this listener sees every
# violation, including ones the browser only reports as an event.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
                              + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


@pytest.fixture
def demo_site():
    ensure_wagtail_roots()
    call_command("load_demo_content", "--no-users", verbosity=0)


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from events and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return console + page.evaluate("window.__cspViolations || []")

    page.violations = violations
    return page


def visit(page, path, problems):
    response = page.goto(path)
    assert response.status < 500, path
    assert "content-security-policy" in response.all_headers(), path
    page.wait_for_load_state("load")
    problems.extend(sorted({f"{path}: {violation}" for violation in page.violations()} - set(problems)))


def sign_in_as_staff(page, live_server):
    """A session for an administrator (with two-factor set up), given to the browser as a cookie."""
    signed_in_browser(page, live_server, UserFactory(is_superuser=True, is_staff=True, mfa=True))


def test_public_pages_and_forms_have_no_policy_violations(watched, demo_site):
    page = watched
    xml = page.request.get("/sitemap.xml").text()
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]
    assert len(paths) >= 15
    event = EventPage.objects.live().first()
    paths += [f"{event.url}book/", "/accounts/login/", "/accounts/signup/", "/search/?q=care", "/no-such-page/"]
    problems = []
    for path in paths:
        visit(page, path, problems)
    assert problems == []

    # The scripts did run: NHS.UK frontend's enhancements are on.
    page.goto("/")
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
    page.get_by_role("link", name="Contact us").first.click()
    page.get_by_role("button", name=re.compile("Send")).click()  # errors shown by the server, no script needed
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.violations() == []


def test_the_admin_and_staff_views_of_public_pages_have_no_policy_violations(watched, demo_site, live_server):
    page = watched
    sign_in_as_staff(page, live_server)
    event = EventPage.objects.live().first()
    home = Page.objects.get(depth=2, locale=Locale.get_default())  # the English home page
    problems = []
    for path in ["/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/", f"/admin/pages/{event.pk}/edit/",
                 "/admin/documents/", "/admin/images/"]:
        visit(page, path, problems)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The page editor's preview panel frames a preview of the page from the admin.
    page.goto(f"/admin/pages/{event.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.frame_locator("iframe[title='Preview']").last.locator("h1")).to_have_text(event.title)
    problems.extend(f"preview: {violation}" for violation in page.violations())

    # Signed-in staff see Wagtail's user bar on public pages, under the public policy.
    visit(page, event.url, problems)
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    assert problems == []
