"""CSV files for staff. Every CSV the site offers is written here, so that no cell runs as a
formula when it is opened in Excel or LibreOffice ("CSV injection").

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
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


CHUNK_CHARACTERS = 64 * 1024  # how much of the file is sent at a time


class _Line:
    """A file that hands back what is written to it: csv.writer's writerow then returns the line."""

    def write(self, text):
        return text


def csv_chunks(rows):
    """The rows (lists of values) as a UTF-8 CSV file, every cell made safe, with a byte order mark
    so that Excel opens it with the right characters: bytes of about CHUNK_CHARACTERS each, written
    as the rows arrive."""
    writer = csv.writer(_Line())
    pending, size = ["\ufeff"], 1
    for row in rows:
        line = writer.writerow([safe_cell(value) for value in row])
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
