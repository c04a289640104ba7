"""Security headers: a strict Content-Security-Policy on public pages, the admin's own relaxed
policy, and no inline scripts, event handlers or style attributes in our public templates."""
import re
from pathlib import Path

import pytest
from django.test import Client

from accounts.roles import COMMS_TEAM
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def policy(response):
    """{directive: [sources]} from the Content-Security-Policy header."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy_and_the_other_headers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_and_the_health_check_get_the_strict_policy_too(client, home_page):
    assert policy(client.get("/no-such-page/"))["script-src"] == ["'self'"]
    assert policy(client.get("/health/"))["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy(home_page):
    staff = Client()
    staff.force_login(UserFactory(groups=[COMMS_TEAM], mfa=True))
    response = staff.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    # Wagtail 8 writes inline scripts and styles and frames its own previews.
    assert csp["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


TEMPLATES = ROOT / "templates"
# E-mails need inline styles; staff-only admin screens are under the admin policy.
NOT_PUBLIC = ("email", "admin", "wagtailadmin")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


def public_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if not set(path.relative_to(TEMPLATES).parts[:-1]) & set(NOT_PUBLIC):
            yield path


def test_public_templates_have_no_inline_scripts_event_handlers_or_style_attributes():
    templates = list(public_templates())
    assert len(templates) > 50
    problems = [
        f"{path.relative_to(ROOT)}: {kind}"
        for path in templates
        for kind, pattern in (("inline script", INLINE_SCRIPT), ("event handler", EVENT_HANDLER),
                              ("style attribute", STYLE_ATTRIBUTE))
        if pattern.search(path.read_text())
    ]
    assert problems == []
