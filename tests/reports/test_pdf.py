"""The hand-written PDF is well formed: every cross-reference offset points at its object."""
import re

from reports.pdf import LINES_PER_PAGE, text_pdf


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
    return size


def test_a_one_page_pdf():
    data = text_pdf("Highlight report (November 2020)", ["Costs £43,400 \\ 100%", "", "Second paragraph"])
    check_structure(data)
    assert b"/Count 1" in data
    assert b"(Highlight report \\(November 2020\\))" in data  # brackets escaped
    assert b"(Costs \xa343,400 \\\\ 100%)" in data  # the pound sign in WinAnsiEncoding, backslash escaped


def test_long_text_flows_onto_more_pages():
    data = text_pdf("Long", [f"Line {number}" for number in range(LINES_PER_PAGE * 2 + 1)])
    check_structure(data)
    assert b"/Count 3" in data


def test_the_same_text_gives_the_same_bytes():
    assert text_pdf("A", ["b"]) == text_pdf("A", ["b"])
