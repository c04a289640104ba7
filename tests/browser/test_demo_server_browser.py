"""The demo as `make run` serves it (development settings, DEBUG off, runserver on a port other
than 8000, with SITE_URL following the port as the Makefile sets it), in a real browser."""
import email as email_parser
import email.policy
import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import dev_env
from tests.test_deployment import ROOT, manage

# One test process starts the demo for both tests (module-scoped, so they must share a process).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo_server"), pytest.mark.own_database]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_var):
    """A fresh demo: migrated, demo content loaded, and runserver with its task worker's work
    done on demand (the test runs `db_worker --batch` when it wants e-mails sent)."""
    var = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = dev_env(var, DEBUG="", SITE_URL=f"http://127.0.0.1:{port}", RATE_LIMIT_ENABLED="false")
    demo_var(var)  # as `make run`'s first start leaves it; its `migrate` now follows this SITE_URL
    result = manage("migrate", "--noinput", env=env, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**manage_env(), **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until it answers (it loads the whole site first)
            try:
                requests.get(f"{url}/robots.txt", timeout=5)
                break
            except requests.ConnectionError:
                assert server.poll() is None, "runserver stopped"
                time.sleep(0.2)
        yield url, env, var
    finally:
        server.terminate()
        server.wait(timeout=30)


def manage_env():
    return {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_a_missing_page_is_the_sites_own_404_page_on_a_phone(browser, demo):
    url, _, _ = demo
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    response = page.goto(f"{url}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found - Walsall Together")
    assert "URLconf" not in page.content()  # not Django's debug page listing every URL pattern
    expect(page.get_by_role("banner").get_by_role("link", name="Walsall Together", exact=True)).to_be_visible()
    # Styled: NHS.UK frontend's stylesheet arrived (served by whitenoise with DEBUG off).
    header_colour = page.locator("header.nhsuk-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(76, 44, 105)"  # Walsall Together purple, from the site's own stylesheet
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert_accessible(page)
    context.close()


def test_the_demo_on_another_port_emails_links_to_that_port(browser, demo):
    """`make run PORT=...`: the confirmation link in the e-mail, the sitemap and robots.txt all
    use the port the demo runs on, and the link works."""
    url, env, var = demo
    assert not url.endswith(":8000")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/get-involved/sign-up-for-emails/")
    page.get_by_label("E-mail address", exact=True).fill("pat.resident@example.org")
    page.get_by_label("Stakeholder newsletter").check()
    page.get_by_label("I agree that Walsall Together").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    worker = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
    assert worker.returncode == 0, worker.stderr
    texts = [
        email_parser.message_from_string(raw.strip(), policy=email.policy.default)
        .get_body(preferencelist=("plain",)).get_content()
        for path in (var / "mail").glob("*.log") for raw in path.read_text().split("-" * 79) if raw.strip()
    ]
    [link] = [found for text in texts for found in re.findall(r"(http://\S+/subscriptions/confirm/\S+/)", text)]
    assert link.startswith(f"{url}/subscriptions/confirm/")
    page.goto(link)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")

    assert f"Sitemap: {url}/sitemap.xml" in requests.get(f"{url}/robots.txt", timeout=30).text
    sitemap = requests.get(f"{url}/sitemap.xml", timeout=30).text
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) > 20 and all(location.startswith(f"{url}/") for location in locations)
    context.close()
