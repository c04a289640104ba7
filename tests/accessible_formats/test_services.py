"""The rules of requests for other formats, tested through the services."""
import datetime
import uuid

import pytest
from django.utils import timezone

from accessible_formats import services
from accessible_formats.models import CommunicationNeed, FormatRequest, StatusChange
from mailer.models import OutgoingEmail
from newsletters.models import NewsletterIssuePage
from privacy.consents import current_wording
from privacy.models import ConsentRecord
from reports.models import HighlightReportPage
from resources.models import ResourceIndexPage, ResourcePage
from roadshows.models import RoadshowPage
from tests.factories import UserFactory

from .conftest import ask

pytestmark = pytest.mark.django_db
Status = FormatRequest.Status


def test_every_publication_type_offers_other_formats_and_nothing_else_does():
    for page_class in (HighlightReportPage, NewsletterIssuePage, ResourcePage, RoadshowPage):
        assert getattr(page_class, "offers_other_formats", False)
    assert not getattr(ResourceIndexPage, "offers_other_formats", False)


def test_only_a_live_public_publication_can_be_asked_for(publication, home_page):
    assert services.find_publication(publication.pk) == publication
    assert services.find_publication(home_page.pk) is None  # a page type that does not offer it
    assert services.find_publication(999999) is None
    publication.unpublish()
    assert services.find_publication(publication.pk) is None


@pytest.mark.parametrize("received, due", [
    (datetime.date(2026, 12, 7), datetime.date(2026, 12, 21)),   # Monday: two weeks later
    (datetime.date(2026, 12, 11), datetime.date(2026, 12, 25)),  # Friday
    (datetime.date(2026, 12, 12), datetime.date(2026, 12, 25)),  # Saturday counts from Monday
])
def test_due_date_is_ten_working_days_after_it_arrived(received, due):
    assert services.due_date(received) == due


def test_working_days_come_from_the_setting(settings):
    settings.FORMAT_REQUEST_WORKING_DAYS = 3
    assert services.due_date(datetime.date(2026, 12, 10)) == datetime.date(2026, 12, 15)  # Thu -> Tue


def test_a_request_keeps_only_the_contact_detail_for_the_chosen_way(publication):
    request = ask(publication, reply_by="phone", email="sam@example.org", phone="07700 900 123",
                  address="1 High Street", format="language", language=" Polish ", details="ignored")
    assert (request.reply_by, request.email, request.phone, request.address) == ("phone", "", "07700900123", "")
    assert (request.language, request.details) == ("Polish", "")
    assert request.publication_title == "November 2026 highlight report"
    assert request.publication_url == publication.url
    assert request.status == Status.RECEIVED
    assert request.due_on == services.due_date(timezone.localdate())
    assert request.reference == f"F{request.pk:05d}"


def test_an_acknowledgement_is_e_mailed_after_commit_to_people_who_gave_an_address(publication, commit):
    with commit():
        request = ask(publication)
        assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    email = OutgoingEmail.objects.get()
    assert email.to == "sam.carer@example.org"
    assert email.subject == "We have your request for November 2026 highlight report in another format"
    assert request.reference in email.body_text and f"{request.due_on:%-d %B %Y}" in email.body_text


def test_people_who_chose_phone_or_post_get_no_e_mail(publication, commit):
    with commit():
        ask(publication, reply_by="phone", phone="07700900123")
        ask(publication, reply_by="post", address="1 High Street\nWalsall WS1 1AA")
    assert not OutgoingEmail.objects.exists()


def test_the_same_form_sent_twice_is_one_request(publication, commit):
    token = uuid.uuid4()
    with commit():
        first = ask(publication, submission_token=token, keep_need=True)
        second = ask(publication, submission_token=token, keep_need=True)
    assert first.pk == second.pk
    assert FormatRequest.objects.count() == CommunicationNeed.objects.count() == ConsentRecord.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_without_consent_no_need_is_kept(publication):
    ask(publication, keep_need=False)
    assert not CommunicationNeed.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_with_consent_the_need_is_kept_with_the_exact_wording(publication):
    request = ask(publication, keep_need=True, format="braille")
    wording = current_wording(services.CONSENT_PURPOSE)
    need = CommunicationNeed.objects.get()
    assert (need.format, need.email, need.consent_version) == ("braille", "sam.carer@example.org", wording.version)
    assert services.consent_wording_for(need) == wording.text
    consent = ConsentRecord.objects.get()
    assert (consent.email, consent.purpose, consent.wording_text) == ("sam.carer@example.org",
                                                                       "communication_needs", wording.text)
    assert services.recorded_need(request) == need


def test_a_person_asking_again_has_one_need_on_record_brought_up_to_date(publication):
    ask(publication, keep_need=True, format="braille")
    ask(publication, keep_need=True, format="audio", email="SAM.CARER@example.org")
    ask(publication, keep_need=True, reply_by="phone", phone="07700 900123", name="Alex")
    ask(publication, keep_need=True, reply_by="phone", phone="+44 7700 900123", name="Alex", format="easy_read")
    needs = CommunicationNeed.objects.order_by("name")
    assert [(need.name, need.format) for need in needs] == [("Alex", "easy_read"), ("Sam Carer", "audio")]


def test_staff_see_a_need_on_record_even_when_this_request_did_not_ask_to_keep_it(publication):
    ask(publication, keep_need=True, format="braille")
    later = ask(publication, keep_need=False)
    assert services.recorded_need(later).format == "braille"


def test_a_request_moves_on_with_a_logged_note_and_done_e_mails_the_person(publication, commit):
    staff = UserFactory(email="comms@example.org")
    request = ask(publication)
    services.start(request, staff, "Sent to the print shop")
    with commit():
        services.mark_done(request, staff, "It is in the post to you.")
    request.refresh_from_db()
    assert request.status == Status.DONE and request.completed_at is not None
    changes = [(c.from_status, c.to_status, c.note, c.changed_by_label) for c in StatusChange.objects.order_by("pk")]
    assert changes == [("received", "in_progress", "Sent to the print shop", "comms@example.org"),
                       ("in_progress", "done", "It is in the post to you.", "comms@example.org")]
    ready = OutgoingEmail.objects.get(subject__contains="is ready")
    assert ready.subject == "November 2026 highlight report is ready in large print"
    assert "It is in the post to you." in ready.body_text


def test_done_does_not_e_mail_people_who_asked_for_a_phone_call(publication, commit):
    request = ask(publication, reply_by="phone", phone="07700900123")
    with commit():
        services.mark_done(request, UserFactory())
    assert not OutgoingEmail.objects.exists()


def test_a_request_cannot_move_backwards_or_be_done_twice(publication):
    staff = UserFactory()
    request = ask(publication)
    services.mark_done(request, staff)
    with pytest.raises(services.FormatRequestError, match="already done"):
        services.mark_done(request, staff)
    with pytest.raises(services.FormatRequestError, match="already done"):
        services.start(request, staff)
    assert StatusChange.objects.count() == 1


def test_queue_counts_open_and_overdue(publication):
    today = timezone.localdate()
    ask(publication)
    late = ask(publication)
    FormatRequest.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=2))
    late.refresh_from_db()
    services.mark_done(ask(publication), UserFactory())
    assert services.queue_counts(today) == {"open": 2, "overdue": 1}
    assert services.deadline_text(late, today) == "Overdue by 2 days"
