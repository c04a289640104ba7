"""A small, valid PDF 1.4 of plain text, for the demo reports' downloads.

Written by hand (a few dozen lines) rather than adding a PDF library as a dependency: the demo
only needs a real file that opens in any reader. Output is deterministic (no timestamps), so
the demo loader can tell from the file hash whether a report's PDF has changed.
"""
import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 11
TITLE_SIZE = 16
LEADING = 15
WRAP_AT = 84  # characters per line of 11pt Helvetica across the text width
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING) // LEADING


def text_pdf(title, paragraphs):
    """A PDF whose first line is `title` (larger) followed by `paragraphs` (plain strings,
    wrapped; an empty string is a blank line). Text outside Windows-1252 becomes "?"."""
    lines = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, WRAP_AT) or [""])
    pages = [lines[start:start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)] or [[]]

    # Object numbers: 1 catalog, 2 page tree, 3 regular font, 4 bold font, 5 info,
    # then a page object and its content stream for each page.
    page_numbers = [6 + 2 * index for index in range(len(pages))]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % n for n in page_numbers)
           + b"] /Count %d >>" % len(pages),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: b"<< /Title " + _string(title) + b" /Producer (Walsall Together) >>",
    }
    for index, (number, page_lines) in enumerate(zip(page_numbers, pages, strict=True)):
        stream = _content_stream(title if index == 0 else None, page_lines)
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
            + b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        objects[number + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref_at)
    return bytes(out)


def _content_stream(title, lines):
    parts = [b"BT", b"%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN)]
    if title:
        parts += [b"/F2 %d Tf" % TITLE_SIZE, _string(title) + b" Tj", b"0 -%d Td" % (2 * LEADING)]
    parts += [b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING]
    for line in lines:
        parts.append(_string(line) + b" Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def _string(text):
    """A PDF literal string in WinAnsiEncoding, with its special characters escaped."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
