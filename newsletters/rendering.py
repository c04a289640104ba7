"""A newsletter issue as an e-mail: HTML with its CSS inlined (css-inline) and a plain-text
alternative, both made from the issue page's stories.

The e-mail is rendered once per campaign and stored once (mailer.create_shared_content); what
differs per person is filled in at send time from merge tags: `%%preferences_url%%` and
`%%unsubscribe_url%%`. Every link and image uses an absolute address on SITE_URL, because
an e-mail has no page to be relative to.
"""
import re
from dataclasses import dataclass

import css_inline
from bs4 import BeautifulSoup, NavigableString
from django.conf import settings
from django.template.loader import render_to_string

from mailer.services import render_plain_text

from . import links

PREFERENCES_TAG = "%%preferences_url%%"
UNSUBSCRIBE_TAG = "%%unsubscribe_url%%"
# RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button that POSTs to this address.
MARKETING_HEADERS = {
    "List-Unsubscribe": f"<{UNSUBSCRIBE_TAG}>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}
# href="/..." or src="/..." (not "//host"): made absolute with SITE_URL.
RELATIVE_URL = re.compile(r'(\s(?:href|src))="/(?!/)')
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_issue(issue, mailing_list):
    """The e-mail for `issue` sent to `mailing_list`, with merge tags for each person's links."""
    context = {
        "issue": issue,
        "mailing_list": mailing_list,
        "issue_url": links.page_url(issue),
        "site_url": settings.SITE_URL,
        "preferences_url": PREFERENCES_TAG,
        "unsubscribe_url": UNSUBSCRIBE_TAG,
        "text_stories": [story_text(block) for block in issue.stories],
    }
    html = absolute_urls(render_to_string("newsletters/email/issue.html", context))
    text = render_plain_text("newsletters/email/issue.txt", context)
    return RenderedEmail(subject=issue.title, text=_tidy_text(text), html=INLINER.inline(html))


def absolute_urls(html):
    """Every root-relative link and image address in `html` made absolute with SITE_URL."""
    return RELATIVE_URL.sub(rf'\1="{settings.SITE_URL}/', html)


def story_text(block):
    """One story block as plain text (headings underlined, links written out), or ""."""
    value = block.value
    if block.block_type == "heading":
        return f"{value}\n{'-' * len(str(value))}"
    if block.block_type == "text":
        return html_to_text(str(value))
    if block.block_type == "image":
        if value.get("decorative"):
            return value.get("caption") or ""
        return f"[Picture: {value.get('alt_text')}]" + (f"\n{value['caption']}" if value.get("caption") else "")
    if block.block_type == "call_to_action":
        url = value.link_url()
        return f"{value['text']}: {_absolute(url)}" if url else ""
    return ""


def html_to_text(html):
    """Story rich text (paragraphs, bold, italic, lists and links only: see blocks.STORY_TEXT_FEATURES)
    as plain text. Links are written as "words (address)"."""
    soup = BeautifulSoup(html, "html.parser")
    paragraphs = []
    for element in soup.children:
        if isinstance(element, NavigableString):
            if element.strip():
                paragraphs.append(element.strip())
        elif element.name in ("ul", "ol"):
            items = element.find_all("li", recursive=False)
            paragraphs.append("\n".join(
                f"{f'{number}.' if element.name == 'ol' else '-'} {_inline_text(item)}"
                for number, item in enumerate(items, start=1)
            ))
        else:
            paragraphs.append(_inline_text(element))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _inline_text(element):
    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString):
            if not any(parent.name == "a" for parent in node.parents if parent is not element):
                parts.append(str(node))
        elif node.name == "a":
            words = node.get_text()
            url = _absolute(node.get("href", ""))
            parts.append(f"{words} ({url})" if url and url != words else words)
        elif node.name == "br":
            parts.append("\n")
    return " ".join("".join(parts).split(" ")).strip()


def _absolute(url):
    return f"{settings.SITE_URL}{url}" if url.startswith("/") and not url.startswith("//") else url


def _tidy_text(text):
    """At most one empty line in a row, no spaces at line ends."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"
