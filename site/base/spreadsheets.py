"""CSV files for staff. Every CSV the site offers is written here, so that no cell runs as a
formula when it is opened in Excel or LibreOffice ("CSV injection").

A spreadsheet program treats a cell starting with =, +, - or @ (or a tab or carriage return
before one of them) as a formula, which can fetch addresses or run commands. Such a cell is
written with an apostrophe in front: it opens as text, showing the apostrophe. So a phone number
from abroad, +33123456789, reads '+33123456789 in the spreadsheet: still the number, and kept as
text rather than turned into 33123456789.
"""
import csv
import io
from decimal import Decimal

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


def csv_bytes(rows):
    """The rows (lists of values) as a UTF-8 CSV file, every cell made safe, with a byte order mark
    so that Excel opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

