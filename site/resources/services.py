"""Public resources: which documents need an accessible alternative, and the index listing."""
from branding.files import describe_file, extension

# File types that many screen readers and phones handle badly, so the page must also give
# the content as HTML or plain text (WCAG 2.2: information must be perceivable).
NEEDS_ALTERNATIVE = {"pdf"}

MISSING_ALTERNATIVE = (
    "This file is a PDF, so add an accessible version: write the content in the HTML version, "
    "or give a plain-text version."
)


def needs_accessible_alternative(document):
    return document is not None and extension(document.file.name) in NEEDS_ALTERNATIVE


def accessible_alternative_error(document, body, text_version):
    """The message to show when a PDF has neither an HTML version (`body`) nor a plain-text
    version, or None when the resource is fine."""
    has_alternative = bool(body and len(body)) or bool((text_version or "").strip())
    if needs_accessible_alternative(document) and not has_alternative:
        return MISSING_ALTERNATIVE
    return None


def document_description(document):
    """ "PDF, 120 KB" for a Wagtail document (its stored size; no query, no file access)."""
    if document is None:
        return ""
    return describe_file(document.file.name, document.file_size)


def resources_in(index_page):
    """The live, public resources under `index_page`, with their documents, in tree order.
    A fixed number of queries however many there are."""
    from .models import ResourcePage

    return (ResourcePage.objects.child_of(index_page).live().public()
            .select_related("document").order_by("path"))
