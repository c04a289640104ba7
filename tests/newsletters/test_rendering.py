"""The issue as an e-mail: what a subscriber's mail program receives, HTML and text."""
import re

import pytest

from newsletters.rendering import html_to_text, render_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(issue, lists):
    return render_issue(issue, lists[0])


def test_html_part(rendered, issue):
    html = rendered.html
    assert rendered.subject == "Stakeholder newsletter: October 2020"
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB" dir="ltr">' in html
    assert "<h1" in html and "Join our Respiratory Virtual Workshop</h2>" in html
    assert '<a href="http://testserver/publications/newsletters/october-2020/"' in html
    assert "View this newsletter on the website" in html
    # Every link and image is absolute.
    addresses = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert addresses and all(a.startswith(("http://testserver/", "%%")) for a in addresses), addresses
    assert 'href="http://testserver/get-involved/"' in html  # rich-text page link and call to action
    assert re.search(r'href="http://testserver/documents/\d+/booklet[^"]*\.pdf"', html)
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 2
    assert 'alt="Seven people around a table"' in images[0] and 'alt=""' in images[1]
    assert all(re.search(r'src="http://testserver/media/images/[^"]+"', image) for image in images)
    assert all('width="40"' in image for image in images)  # the rendition's real width (40px test image)
    # Personal links are merge tags, filled in per person at send time.
    assert 'href="%%preferences_url%%"' in html and 'href="%%unsubscribe_url%%"' in html
    assert "unsubscribe from Stakeholder newsletter" in html


def test_css_is_inlined(rendered):
    html = rendered.html
    assert re.search(r'<a class="button" href="[^"]+" style="[^"]*background: #007f3b', html)
    assert re.search(r'<h1 style="[^"]*font-size: 28px', html)
    assert ".wrapper {" not in html  # plain rules were inlined and removed
    assert "@media (max-width: 620px)" in html  # media queries stay in a style tag


def test_text_part(rendered):
    text = rendered.text
    assert text.startswith("Stakeholder newsletter: October 2020\n15 October 2020\n")
    assert "View this newsletter on the website: http://testserver/publications/newsletters/october-2020/" in text
    assert "Join our Respiratory Virtual Workshop\n-------------------------------------" in text
    assert "how to take part (http://testserver/get-involved/)" in text
    assert re.search(r"booklet \(http://testserver/documents/\d+/booklet[^)]*\.pdf\)", text)
    assert "- ask questions\n- share your experience" in text
    assert "[Picture: Seven people around a table]\nPartners together" in text
    assert "Find out how to take part: http://testserver/get-involved/" in text
    assert "Change which e-mails you get: %%preferences_url%%" in text
    assert "Unsubscribe from Stakeholder newsletter: %%unsubscribe_url%%" in text
    assert "<" not in text and "&amp;" not in text
    assert "\n\n\n" not in text


def test_html_to_text_handles_numbered_lists_and_line_breaks():
    html = '<p>One<br/>two</p><ol><li>first</li><li><a href="https://example.org/">second</a></li></ol>'
    assert html_to_text(html) == "One\ntwo\n\n1. first\n2. second (https://example.org/)"
