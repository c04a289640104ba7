"""CSV files for staff. Every CSV the site offers is written here, so that no cell runs as a
formula when it is opened in Excel or LibreOffice ("CSV injection"); the CSV and XLSX downloads
of Wagtail's own listings and reports (`SpreadsheetExportMixin`: reports, viewsets with
`list_export`, form submissions) go through `safe_cell` too (`neutralise_wagtail_exports`).

A spreadsheet program treats a cell starting with =, +, - or @ (or a tab or carriage return
before one of them) as a formula, which can fetch addresses or run commands. Such a cell is
written with an apostrophe in front: it opens as text, showing the apostrophe. So a phone number
from abroad, +33123456789, reads '+33123456789 in the spreadsheet: still the number, and kept as
text rather than turned into 33123456789.

Exports are streamed (`csv_download`): the rows are an iterator, read from the database in
batches, and the file is sent as it is written, so a download of 50,000 rows takes no more of
the web worker's memory than one of 50. `csv_bytes` is the same file as one value, for small ones.
"""
import csv
import io
from decimal import Decimal
from itertools import islice

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a cell no spreadsheet runs: "" for None, numbers as they are, text starting with
    a formula character behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):  # bool is an int: True and False stay as they are
        return value
    value = str(value)
    return "'" + value if is_formula(value) else value


def is_formula(value):
    """Whether a spreadsheet would run `value` (text starting with a formula character)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


CHUNK_CHARACTERS = 64 * 1024  # how much of the file is sent at a time


class _Line:
    """A file that hands back what is written to it: csv.writer's writerow then returns the line."""

    def write(self, text):
        return text


def csv_lines(rows):
    """The rows (lists of values) as lines of CSV text, every cell made safe."""
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_text(rows):
    """The rows as CSV text, every cell made safe, without a byte order mark (to put in a form)."""
    return "".join(csv_lines(rows))


def read_csv_text(text):
    """The rows of CSV text (as `csv_text` writes it), as lists of strings."""
    return csv.reader(io.StringIO(text))


def csv_chunks(rows):
    """The rows (lists of values) as a UTF-8 CSV file, every cell made safe, with a byte order mark
    so that Excel opens it with the right characters: bytes of about CHUNK_CHARACTERS each, written
    as the rows arrive."""
    pending, size = ["\ufeff"], 1
    for line in csv_lines(rows):
        pending.append(line)
        size += len(line)
        if size >= CHUNK_CHARACTERS:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def csv_bytes(rows):
    """The whole file of `csv_chunks` as one value, for small files."""
    return b"".join(csv_chunks(rows))


def csv_download(rows, filename):
    """A download of the rows as `filename`, streamed: nothing is kept once it is sent, and no copy
    is cached on the way (it holds personal data)."""
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def batches(iterable, size):
    """Lists of up to `size` items of the iterable, in order: to read related rows for a batch of
    exported rows at once, instead of one query per row or all of them at once."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch



def choice_labels(model, *fields):
    """{field: value -> its label} for fields with choices, as get_FOO_display gives them, without
    building the table of labels again for every row of a long export."""
    def labeller(field):
        labels = {str(value): str(text) for value, text in model._meta.get_field(field).flatchoices}
        return lambda value: labels.get(value, value)

    return {field: labeller(field) for field in fields}


def neutralise_wagtail_exports():
    """Make the CSV and XLSX downloads of every Wagtail listing and report as safe as our own CSVs.

    Wagtail's `SpreadsheetExportMixin` (Site history, Locked pages and the other reports, every
    ModelViewSet/SnippetViewSet with `list_export`, form submissions) writes text as it is, so a
    resident's "=HYPERLINK(...)" would run in the CSV. Its conversion of a value to a cell is
    changed here, once, for every view that uses it (Wagtail's own views included, which we do not
    subclass). Only text changes: numbers, dates and times stay numbers, dates and times.
    - CSV: a formula is written behind an apostrophe, as `safe_cell` does.
    - XLSX: a cell is typed, so a formula is kept as text (Wagtail already types "=" cells as text),
      marked "quote prefix": Excel shows the text exactly and keeps it text when it is edited.
    - Headings (field labels, which editors write) go through `safe_cell` in both formats.
    Called from the base app's ready()."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "formulas_neutralised", False):
        return
    preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
    generate_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row
    get_heading = SpreadsheetExportMixin.get_heading

    def safe_preprocess_field_value(self, field, value, export_format):
        value = preprocess_field_value(self, field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV and isinstance(value, str) else value

    def safe_generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in generate_xlsx_row(self, worksheet, row_dict, date_format=date_format):
            if is_formula(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell

    def safe_get_heading(self, queryset, field):
        return safe_cell(get_heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = safe_preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = safe_generate_xlsx_row
    SpreadsheetExportMixin.get_heading = safe_get_heading
    SpreadsheetExportMixin.formulas_neutralised = True
