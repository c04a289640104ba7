import pytest

from resources.services import MISSING_ALTERNATIVE, accessible_alternative_error, document_description

BODY = [{"type": "heading", "value": "Feeling short of breath"}]


@pytest.mark.parametrize("filename, body, text_version, error", [
    ("booklet.pdf", [], "", MISSING_ALTERNATIVE),
    ("booklet.PDF", [], "   ", MISSING_ALTERNATIVE),
    ("booklet.pdf", BODY, "", None),
    ("booklet.pdf", [], "The booklet as plain text.", None),
    ("booklet.docx", [], "", None),
])
def test_a_pdf_needs_an_html_or_plain_text_version(make_document, filename, body, text_version, error):
    document = make_document(filename=filename)
    assert accessible_alternative_error(document, body, text_version) == error


def test_no_document_needs_no_alternative():
    assert accessible_alternative_error(None, [], "") is None


def test_document_description(make_document):
    assert document_description(make_document(content=b"x" * 120 * 1024)) == "PDF, 120 KB"
    assert document_description(make_document(filename="leaflet.docx", content=b"x")) == "Word document, 1 KB"
