"""Demo content: a resources page under Publications with the Post COVID-19 booklet (a small
generated PDF and an HTML version of it). Idempotent: pages are published with publish_demo_page
and the document is matched by title, so a second run changes nothing."""
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from base.demo.content import heading, paragraph, paras, warning
from base.demo.files import make_pdf
from base.demo.loader import publish_demo_page, section

from .models import ResourceIndexPage, ResourcePage

INDEX_PAGE = {
    "slug": "resources",
    "title": "Information for patients",
    "summary": "Booklets and leaflets from the partnership, to download or read on the page.",
    "introduction": paras(
        "Booklets and leaflets from Walsall Together for patients, carers and the public. "
        "You can download each one, or read it on its page.",
    ),
}

BOOKLET_TITLE = "Post COVID-19 patient information booklet"
BOOKLET_FILENAME = "post-covid-19-patient-information-booklet.pdf"


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def booklet_body():
    """The booklet as a web page: general NHS self-care advice, in plain English. (Its printed
    "Other formats" section is left out: the page itself offers "Ask for this in another format".)"""
    return [
        heading("About this booklet"),
        paragraph(
            "Some people still have symptoms weeks or months after they had COVID-19. This is sometimes "
            "called long COVID.",
            "This booklet gives general advice to help you recover and manage your symptoms at home. "
            "It does not replace advice from your GP or the health professionals who care for you.",
        ),
        heading("Feeling short of breath"),
        paragraph(
            "It is common to feel out of breath after COVID-19. For most people it gets better slowly, "
            "as they become more active. These things can help:",
            _ul(
                "sit upright, or lean forward slightly with your arms resting on your knees or a table",
                "breathe in gently through your nose and out through your mouth",
                "try to stay calm: feeling anxious can make breathlessness worse",
                "build up your activity slowly, a little more each day",
            ),
        ),
        heading("Feeling very tired (fatigue)"),
        paragraph(
            "Many people feel very tired for a long time after COVID-19, even after small tasks. "
            "These things can help:",
            _ul(
                "plan your day and spread tasks out over the week",
                "rest before you feel exhausted",
                "break big tasks into smaller steps",
                "keep to a regular sleep routine",
                "eat well and drink plenty of fluids",
            ),
        ),
        heading("Looking after your mind"),
        paragraph(
            "It is normal to feel worried or low after being unwell. Talk to people you trust about how you feel.",
            "If you have felt low for more than 2 weeks, speak to your GP.",
        ),
        heading("When to get help"),
        warning(
            "Contact your GP or call 111 if",
            _ul(
                "your symptoms are not getting better, or are getting worse",
                "you are worried about your symptoms",
                "you are finding it hard to cope",
            ),
        ),
        warning(
            "Call 999 if",
            _ul(
                "you are struggling to breathe",
                "you have chest pain that does not go away",
                "you feel confused or very drowsy",
                "your lips or face look blue, or your skin looks pale or grey",
            ),
        ),
    ]


def booklet_pdf():
    return make_pdf(
        "Post COVID-19 patient information booklet",
        [
            ("text", "Helping you to recover and manage your symptoms following COVID-19."),
            ("heading", "About this booklet"),
            ("text", "This booklet gives general advice to help you recover and manage your symptoms at home. "
                     "It does not replace advice from your GP or the health professionals who care for you."),
            ("heading", "Feeling short of breath"),
            ("text", "Sit upright, breathe in gently through your nose and out through your mouth, stay calm "
                     "and build up your activity slowly."),
            ("heading", "Feeling very tired (fatigue)"),
            ("text", "Plan your day, rest before you feel exhausted, break big tasks into smaller steps and keep "
                     "to a regular sleep routine."),
            ("heading", "When to get help"),
            ("text", "Contact your GP or call 111 if your symptoms are not getting better or you are worried. "
                     "Call 999 if you are struggling to breathe or have chest pain that does not go away."),
        ],
    )


def load_demo():
    """Create or update the demo resources. Returns lines to print."""
    with transaction.atomic():
        parent = section("publications")
        index, _ = publish_demo_page(parent, ResourceIndexPage, INDEX_PAGE)
        document, document_status = _booklet_document()
        page, _ = publish_demo_page(index, ResourcePage, {
            "slug": "post-covid-19-patient-information-booklet",
            "title": "Post COVID-19 patient information booklet",
            "summary": "Helping you to recover and manage your symptoms following COVID-19.",
            "document": document,
            "body": booklet_body(),
        })
    return [f"Resources: {index.url}, {page.url} (booklet PDF {document_status})"]


def _booklet_document():
    Document = get_document_model()
    document = Document.objects.filter(title=BOOKLET_TITLE).first()
    if document is not None and document.file and document.file.storage.exists(document.file.name):
        return document, "unchanged"
    status = "created" if document is None else "restored"
    if document is None:
        document = Document(title=BOOKLET_TITLE, collection=Collection.get_first_root_node())
    document.file = ContentFile(booklet_pdf(), name=BOOKLET_FILENAME)
    document._set_document_file_metadata()
    document.save()
    return document, status
