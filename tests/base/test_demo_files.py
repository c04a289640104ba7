"""The demo's hand-written files are well formed and the same every time: the PDFs (every
cross-reference offset points at its object, long text runs onto more pages, text escaped), the
Word and PowerPoint packages, and the PNG logo."""
import io
import re
import zipfile

from PIL import Image

from base.demo.files import make_docx, make_pdf, make_png, make_pptx


def check_structure(data):
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[xref_at:].startswith(b"xref\n")
    size = int(re.search(rb"xref\n0 (\d+)\n", data[xref_at:]).group(1))
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf]) \n", data[xref_at:])
    assert len(entries) == size
    for number, (offset, _, kind) in enumerate(entries[1:], start=1):
        assert kind == b"n"
        assert data[int(offset):].startswith(b"%d 0 obj\n" % number)
    for length, body in re.findall(rb"<< /Length (\d+) >>\nstream\n(.*?)\nendstream", data, re.S):
        assert int(length) == len(body)


def test_a_one_page_pdf_with_its_text_escaped():
    data = make_pdf("Highlight report (November 2020)", [("heading", "Costs"), ("text", "Costs £43,400 \\ 100%")])
    check_structure(data)
    assert b"/Count 1" in data
    assert b"(Highlight report \\(November 2020\\))" in data  # brackets escaped
    assert b"(Costs \xa343,400 \\\\ 100%)" in data  # the pound sign in WinAnsiEncoding, backslash escaped
    assert b"/Title <FEFF" in data and b"/Lang (en-GB)" in data  # its title and language for screen readers


def test_long_text_flows_onto_more_pages():
    data = make_pdf("Guide – colours", [("heading", "Logo"), ("text", "Use it as supplied. " * 200)])
    check_structure(data)
    assert b"/Count 2" in data


def test_office_files_are_valid_packages():
    for data, main_part in [(make_docx("Title", [("Normal", "Text & more")]), "word/document.xml"),
                            (make_pptx("Title", "Text & more"), "ppt/slides/slide1.xml")]:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            assert package.namelist()[0] == "[Content_Types].xml"
            assert "Text &amp; more" in package.read(main_part).decode()


def test_the_logo_is_a_png():
    image = Image.open(io.BytesIO(make_png("Walsall Together")))
    assert (image.format, image.size) == ("PNG", (600, 200))


def test_the_same_input_gives_the_same_bytes():
    assert make_pdf("A", [("text", "B")]) == make_pdf("A", [("text", "B")])
    assert make_pptx("A", "B") == make_pptx("A", "B")
    assert make_docx("A", [("Normal", "B")]) == make_docx("A", [("Normal", "B")])
    assert make_pdf("A", [("text", "B")]) != make_pdf("A", [("text", "C")])
