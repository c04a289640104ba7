"""Demo content: the branding library page under Publications and four small assets.

Idempotent: assets are matched by title and only created when missing (or given their file
back when it has gone from storage), so a second run changes nothing.
"""
from django.core.files.base import ContentFile
from django.db import transaction

from base.demo.content import paras
from base.demo.loader import publish_demo_page, section

from base.demo import files as demo_files
from .models import BrandingAsset, BrandingLibraryPage

LIBRARY_PAGE = {
    "slug": "branding",
    "title": "Branding templates and style guide",
    "summary": "Templates, logos and the style guide for staff across the partnership to use in Walsall Together work.",
    "introduction": paras(
        "A range of templates is available for staff across the partnership to use in their Walsall Together work.",
        "A style guide has also been produced to help you use the branding correctly. "
        "Please read it before you use the logo or the templates.",
        "If you cannot sign in, e-mail "
        '<a href="mailto:walsall.together@walsallhealthcare.nhs.uk">walsall.together@walsallhealthcare.nhs.uk</a> '
        "for a copy.",
    ),
}

Category = BrandingAsset.Category


def _letter():
    return demo_files.make_docx("Walsall Together letter", [
        ("Heading1", "Heading"),
        ("Normal", "Write your letter here in Arial, size 12. Keep sentences short and use plain English."),
        ("Normal", "Walsall Together: health and care organisations in Walsall working as one team."),
    ])


def _presentation():
    return demo_files.make_pptx("Walsall Together", "Presentation title: change this text")


def _logo():
    return demo_files.make_png("Walsall Together")


def _style_guide():
    return demo_files.make_pdf("Walsall Together brand style guide", [
        ("heading", "Why the brand matters"),
        ("text", "Walsall Together is a partnership of health, care, housing and community organisations. "
                 "Using one look helps residents recognise information from the partnership, whichever "
                 "organisation it comes from."),
        ("heading", "Our logo"),
        ("text", "Use the logo as it is supplied. Do not stretch it, change its colours or add effects. "
                 "Leave clear space around it."),
        ("heading", "Colours"),
        ("text", "Our main colour is purple (#4C2C69). White text on this purple is easy to read."),
        ("heading", "Fonts and writing"),
        ("text", "Use Arial. Write in plain English, in short sentences, and explain any abbreviations."),
        ("heading", "Templates"),
        ("text", "Use the Word and PowerPoint templates from the branding library for letters, reports "
                 "and presentations about Walsall Together work."),
    ])


# (title, category, version, description, file name, function that makes the file)
ASSETS = [
    ("Letter and report template", Category.TEMPLATES, "1.0",
     "A Word template for letters and short reports about Walsall Together work.",
     "walsall-together-letter-template.docx", _letter),
    ("Presentation template", Category.TEMPLATES, "2.1",
     "A PowerPoint template for presentations about Walsall Together work, for staff of every partner.",
     "walsall-together-presentation-template.pptx", _presentation),
    ("Walsall Together logo", Category.LOGOS, "1.0",
     "The partnership logo for screens, in white on purple. Read the style guide before you use it.",
     "walsall-together-logo.png", _logo),
    ("Brand style guide", Category.STYLE_GUIDE, "1.2",
     "How to use the logo, colours, fonts and templates correctly.",
     "walsall-together-brand-style-guide.pdf", _style_guide),
]


def load_demo():
    """Create or update the demo branding library. Returns lines to print."""
    with transaction.atomic():
        page, status = publish_demo_page(section("publications"), BrandingLibraryPage, LIBRARY_PAGE)
        page_line = f"Branding: {status} {page.url}" + (" (edited by staff)" if status == "kept" else "")
        counts = {"created": 0, "restored": 0, "unchanged": 0}
        for spec in ASSETS:
            counts[_load_asset(*spec)] += 1
    return [page_line, "Branding assets: " + ", ".join(f"{n} {status}" for status, n in counts.items())]


def _load_asset(title, category, version, description, filename, make_file):
    """An asset that exists is left as it is (the Comms team may have edited it), except
    that a file missing from storage is put back."""
    asset = BrandingAsset.objects.filter(title=title).first()
    if asset is None:
        asset = BrandingAsset(title=title, category=category, version=version, description=description)
        status = "created"
    elif not asset.file or not asset.file.storage.exists(asset.file.name):
        status = "restored"
    else:
        return "unchanged"
    asset.file = ContentFile(make_file(), name=filename)
    asset.full_clean()
    asset.save()
    return status
