"""Booking in the person's language: a translated event page (/pl/..., /ur/...) asks its questions
in that language and books a place on the original event; the booking keeps the language, and
every e-mail to the person, then and later, is written in it."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from base.models import UncheckedTranslation
from engagement.demo_translations import translate_with_strings
from events import demo_translations, services
from events.models import Booking, EventCapacity, EventPage
from mailer.models import OutgoingEmail

from .booking import answers, book_through_pages, step_url
from .conftest import make_event

pytestmark = pytest.mark.django_db

POLISH_TITLE = "Warsztaty o oddychaniu"


def translated(event, code, title):
    """The event's published version in `code`, made through wagtail-localize as the demo's are."""
    translate_with_strings(event, code, {event.title: title})
    return EventPage.objects.get(translation_key=event.translation_key, locale__language_code=code)


@pytest.fixture
def polish(event, commit):
    with commit():
        return translated(event, "pl", POLISH_TITLE)


def test_a_booking_made_in_polish_is_kept_in_polish_and_confirmed_in_polish(client, event, polish, commit):
    page = client.get(step_url(polish, "your-details")).content.decode()
    assert '<html lang="pl"' in page
    assert "Imię i nazwisko" in page and "Full name" not in page  # the form's own label, in Polish
    assert "Pytanie 1 z 5: O Tobie" in page

    with commit():
        response = book_through_pages(client, polish, answers(email="ola@example.org", companions="0", access_needs=[]))

    booking = Booking.objects.get(email="ola@example.org")
    assert booking.language == "pl"
    assert booking.event_id == event.pk  # the places are the English event's
    assert response["Location"] == f"{polish.url}booking/{booking.token}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Masz miejsce" in detail and POLISH_TITLE in detail

    email = OutgoingEmail.objects.get(to="ola@example.org")
    assert email.subject == f"Masz rezerwację: {POLISH_TITLE}"
    assert email.body_text.startswith("Dzień dobry Sam Carer,")
    assert f"Dziękujemy za rezerwację na wydarzenie {POLISH_TITLE}." in email.body_text
    assert f"{polish.full_url}booking/{booking.token}/" in email.body_text  # back to the Polish page
    with translation.override("pl"):
        polish_day = date_format(timezone.localtime(event.start), "DATE_FORMAT")
    assert "Kiedy: " in email.body_text and polish_day in email.body_text
    assert '<html lang="pl" dir="ltr">' in email.body_html
    assert "Zobacz lub odwołaj rezerwację" in email.body_html
    assert "Thank you" not in email.body_text and "Dear" not in email.body_text


def test_a_reminder_sent_later_by_the_task_is_still_in_polish(client, event, polish, commit):
    with commit():
        book_through_pages(client, polish, answers(email="ola@example.org"))
    # The task worker runs in English, a day before the event.
    with translation.override("en-gb"):
        assert services.send_due_reminders(now=event.start - datetime.timedelta(hours=23)) == 1
    reminder = OutgoingEmail.objects.get(dedupe_key__startswith="event-reminder:")
    assert reminder.subject.startswith(f"Przypomnienie: {POLISH_TITLE}, ")
    assert f"Przypominamy, że masz 2 miejsca na wydarzeniu {POLISH_TITLE}." in reminder.body_text
    assert '<html lang="pl" dir="ltr">' in reminder.body_html


def test_later_emails_from_staff_actions_are_in_polish_too(client, event, polish, commit):
    with commit():
        book_through_pages(client, polish, answers(email="ola@example.org", access_needs=["bsl"]))
    booking = Booking.objects.get(email="ola@example.org")
    services.record_access_arrangements(booking, "A BSL interpreter will be there.")
    services.cancel_booking(booking)
    subjects = list(OutgoingEmail.objects.filter(to="ola@example.org").values_list("subject", flat=True))
    assert f"Twoje potrzeby dostępności: {POLISH_TITLE}" in subjects
    assert f"Twoja rezerwacja jest odwołana: {POLISH_TITLE}" in subjects


def test_someone_promoted_from_the_waiting_list_is_told_in_their_language(client, events_index, commit):
    event = make_event(events_index, capacity=1)
    with commit():
        urdu = translated(event, "ur", "سانس کی ورکشاپ")
    first = services.register_for_event(event, {"name": "Kim", "email": "kim@example.org", "role": "carer"})
    with commit():
        book_through_pages(client, urdu, answers(email="amina@example.org", companions="0", access_needs=[]))
    waiting = Booking.objects.get(email="amina@example.org")
    assert (waiting.status, waiting.language) == ("waiting", "ur")
    assert OutgoingEmail.objects.get(to="amina@example.org").subject == "آپ انتظار کی فہرست میں ہیں: سانس کی ورکشاپ"
    services.cancel_booking(first.booking)
    promoted = OutgoingEmail.objects.filter(to="amina@example.org").order_by("-pk").first()
    assert promoted.subject == "آپ کے لیے جگہ خالی ہوئی ہے: سانس کی ورکشاپ"
    assert '<html lang="ur" dir="rtl">' in promoted.body_html


def test_an_english_booking_stays_english(client, event, polish, commit):
    with commit():
        book_through_pages(client, event, answers(email="sam@example.org"))
    booking = Booking.objects.get(email="sam@example.org")
    assert booking.language == "en-gb"
    email = OutgoingEmail.objects.get(to="sam@example.org")
    assert email.subject == f"You are booked: {event.title}"
    assert email.body_text.startswith("Dear Sam Carer,")
    assert '<html lang="en-GB" dir="ltr">' in email.body_html
    with translation.override("en-gb"):
        services.send_due_reminders(now=event.start - datetime.timedelta(hours=23))
    assert OutgoingEmail.objects.get(dedupe_key__startswith="event-reminder:").subject.startswith(
        f"Reminder: {event.title}, ")


def test_the_translated_page_counts_the_original_events_places(client, event, polish):
    services.register_for_event(event, {"name": "Kim", "email": "kim@example.org", "role": "carer"})
    html = client.get(polish.url).content.decode()
    assert "Zostało 9 miejsc" in html and "Zarezerwuj miejsce" in html
    assert not EventCapacity.objects.filter(event=polish).exists()  # one count of places: the original's


def test_an_error_in_polish_keeps_what_was_typed(client, polish):
    response = client.post(step_url(polish, "your-details"), {"name": "", "email": "ola@example.org"})
    html = response.content.decode()
    assert "Wpisz swoje imię i nazwisko" in html
    assert 'value="ola@example.org"' in html


def test_staff_see_the_language_in_the_booking_and_the_export(organiser_client, event, polish, client, commit):
    with commit():
        book_through_pages(client, polish, answers(email="ola@example.org"))
    booking = Booking.objects.get(email="ola@example.org")
    html = organiser_client.get(reverse("event-bookings:booking", args=[booking.pk])).content.decode()
    assert "Polski (Polish)" in html
    csv = b"".join(organiser_client.get(reverse("event-bookings:export", args=[event.pk])).streaming_content).decode()
    assert "Language" in csv.splitlines()[0] and "Polski (Polish)" in csv


def test_the_demo_translates_the_bookable_respiratory_workshop_into_polish_and_urdu(client, events_index, commit):
    spec = {key: value for key, value in demo_translations.SPEC.items() if key != "topics"}
    event = make_event(events_index, **spec)
    with commit():
        assert demo_translations.load_demo() == [
            f"Event demo translations made ({event.title}): pl, ur"]
    assert demo_translations.load_demo()[0].endswith("none (already there)")
    pl = client.get("/pl/events/respiratory-workshop/").content.decode()
    ur = client.get("/ur/events/respiratory-workshop/").content.decode()
    assert "Warsztaty o oddychaniu: życie z POChP" in pl and "Zarezerwuj miejsce" in pl
    assert "سانس کی ورکشاپ: COPD کے ساتھ زندگی" in ur and 'dir="rtl"' in ur
    assert UncheckedTranslation.objects.filter(page__locale__language_code__in=["pl", "ur"]).count() == 2
