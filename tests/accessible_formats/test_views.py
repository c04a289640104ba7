"""The public form, end to end with the test client: what a person sees and what is stored."""
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from accessible_formats.models import CommunicationNeed, FormatRequest
from mailer.models import OutgoingEmail
from privacy.consents import current_wording
from privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db


def form_url(publication):
    return reverse("accessible_formats:request", args=[publication.pk])


def posted(**overrides):
    data = {"format": "large_print", "name": "Sam Carer", "reply_by": "email", "email": "Sam.Carer@Example.org",
            "submission_token": str(uuid.uuid4())}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def error_beside(page, field_id):
    return page.select_one(f"#{field_id}").find_parent(class_="nhsuk-form-group").select_one(".nhsuk-error-message")


def test_the_publication_links_to_the_form(client, publication):
    page = soup(client.get(publication.url))
    link = page.find("a", string="Ask for this in another format")
    assert link["href"] == form_url(publication)


def test_pages_that_are_not_publications_have_no_link_and_no_form(client, home_page):
    assert "Ask for this in another format" not in client.get(home_page.url).content.decode()
    assert client.get(reverse("accessible_formats:request", args=[home_page.pk])).status_code == 404


def test_the_form_asks_the_questions_and_names_the_publication(client, publication):
    response = client.get(form_url(publication))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    page = soup(response)
    assert page.h1.get_text() == "Ask for this in another format"
    assert publication.title in page.select_one(".nhsuk-caption-l").get_text()
    labels = [label.get_text(strip=True) for label in page.select("label")]
    for expected in ("Large print", "Easy Read", "Audio", "Braille", "Another language",
                     "British Sign Language (BSL) video", "Something else", "Which language?", "Your name",
                     "E-mail address", "Phone number", "Postal address, including the postcode",
                     current_wording("communication_needs").text):
        assert expected in labels
    # Revealed questions belong to their answer (and all show without JavaScript).
    language = page.select_one("#id_format_4")
    assert language["aria-controls"] == "conditional-id_format_4"
    assert page.select_one("#conditional-id_format_4 #id_language")


@pytest.mark.parametrize("overrides, field_id, message", [
    ({"format": None}, "id_format_0", "Select the format you need"),
    ({"format": "language", "language": ""}, "id_language", "Enter the language you need"),
    ({"format": "other", "details": ""}, "id_details", "Tell us what format you need"),
    ({"name": ""}, "id_name", "Enter your name"),
    ({"reply_by": None}, "id_reply_by_0", "Select how we should tell you when it is ready"),
    ({"email": ""}, "id_email", "Enter your e-mail address"),
    ({"email": "sam at example"}, "id_email", "Enter an e-mail address in the right format"),
    ({"reply_by": "phone", "phone": ""}, "id_phone", "Enter your phone number"),
    ({"reply_by": "phone", "phone": "12"}, "id_phone", "Enter a phone number, like 01922 123456"),
    ({"reply_by": "post", "address": ""}, "id_address", "Enter your postal address, including the postcode"),
])
def test_each_mistake_is_shown_in_the_summary_and_beside_its_question(client, publication, overrides, field_id,
                                                                      message):
    response = client.post(form_url(publication), posted(**overrides))
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary_link = page.select_one(".nhsuk-error-summary").find("a", string=lambda s: s and message in s)
    assert summary_link["href"] == f"#{field_id}"
    assert message in error_beside(page, field_id).get_text()
    assert not FormatRequest.objects.exists()


def test_what_was_typed_is_kept_when_the_form_comes_back(client, publication):
    page = soup(client.post(form_url(publication), posted(
        format="language", language="Polish", name="", reply_by="post", address="1 High Street\nWalsall",
        keep_need="on")))
    assert page.select_one("#id_format_4").has_attr("checked")
    assert page.select_one("#id_language")["value"] == "Polish"
    assert page.select_one("#id_reply_by_2").has_attr("checked")
    assert page.select_one("#id_address").get_text().strip() == "1 High Street\nWalsall"
    assert page.select_one("#id_keep_need").has_attr("checked")
    assert page.select_one("label[for=id_keep_need]").get_text() == current_wording("communication_needs").text
    # The chosen answers' questions stay open; the others are folded away (with JavaScript).
    assert "nhsuk-radios__conditional--hidden" not in page.select_one("#conditional-id_reply_by_2")["class"]
    assert "nhsuk-radios__conditional--hidden" in page.select_one("#conditional-id_reply_by_0")["class"]


def test_questions_for_answers_not_chosen_are_ignored(client, publication):
    response = client.post(form_url(publication), posted(reply_by="phone", phone="07700 900123",
                                                         email="not an address", language="Polish"))
    assert response.status_code == 302
    request = FormatRequest.objects.get()
    assert (request.email, request.phone, request.language) == ("", "07700900123", "")


def test_sending_shows_what_happens_next_and_by_when(client, publication, commit):
    with commit():
        response = client.post(form_url(publication), posted(format="bsl"), follow=True)
    request = FormatRequest.objects.get()
    page = soup(response)
    assert page.h1.get_text() == "Request sent"
    text = page.get_text(" ", strip=True)
    assert f"Your reference is {request.reference}" in text
    assert f"make {publication.title} as a British Sign Language (BSL) video for you" in text
    assert f"ready by {request.due_on:%A %-d %B %Y}" in text
    assert "We will e-mail you when it is ready" in text
    assert page.find("a", href=publication.url)


def test_the_acknowledgement_e_mail_has_a_plain_text_subject(client, home_page, mail_outbox, commit):
    from .conftest import make_publication

    publication = make_publication(home_page)
    publication.title = "Carers & \"young carers\" report"
    publication.save_revision().publish()
    with commit():
        client.post(form_url(publication), posted())
    assert [message.to for message in mail_outbox] == [["sam.carer@example.org"]]
    assert mail_outbox[0].subject == 'We have your request for Carers & "young carers" report in another format'
    assert 'asking for "Carers & "young carers" report" in large print' in mail_outbox[0].body
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_sending_twice_stores_one_request_and_sends_one_e_mail(client, publication, mail_outbox, commit):
    data = posted(keep_need="on")
    with commit():
        first = client.post(form_url(publication), data)
        second = client.post(form_url(publication), data)
    assert first["Location"] == second["Location"]
    assert FormatRequest.objects.count() == CommunicationNeed.objects.count() == ConsentRecord.objects.count() == 1
    assert len(mail_outbox) == 1


def test_consent_to_keep_the_need_is_recorded_with_its_wording(client, publication):
    client.post(form_url(publication), posted(keep_need="on", format="easy_read"))
    consent = ConsentRecord.objects.get()
    wording = current_wording("communication_needs")
    assert (consent.email, consent.purpose, consent.source) == ("sam.carer@example.org", "communication_needs",
                                                                publication.url)
    assert (consent.wording_version, consent.wording_text) == (wording.version, wording.text)
    assert CommunicationNeed.objects.get().format == "easy_read"
    page = soup(client.get(reverse("accessible_formats:sent", args=[FormatRequest.objects.get().pk])))
    assert "We have kept a record of the format you need" in page.get_text()


def test_someone_who_chose_the_phone_is_told_we_will_phone(client, publication, mail_outbox, commit):
    with commit():
        response = client.post(form_url(publication), posted(reply_by="phone", phone="07700 900123"), follow=True)
    assert "We will phone you when it is ready" in response.content.decode()
    assert mail_outbox == []


def test_the_confirmation_shows_only_in_the_browser_that_sent_it(client, publication):
    client.post(form_url(publication), posted())
    url = reverse("accessible_formats:sent", args=[FormatRequest.objects.get().pk])
    assert client.get(url).status_code == 200
    client.logout()  # a new session: another browser
    assert client.get(url).status_code == 404


def test_a_changed_token_gets_a_clear_message_and_nothing_is_lost(client, publication):
    page = soup(client.post(form_url(publication), posted(submission_token="not-a-token", name="Sam")))
    assert "We could not send this form" in page.select_one(".nhsuk-error-summary").get_text()
    assert page.select_one("#id_name")["value"] == "Sam"
    assert not FormatRequest.objects.exists()


def test_too_many_requests_from_one_address_are_refused(client, publication, settings, rate_limit_clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "format_request": "2/10m"}
    for _ in range(2):
        assert client.post(form_url(publication), posted()).status_code == 302
    assert client.post(form_url(publication), posted()).status_code == 429
    assert FormatRequest.objects.count() == 2


REVEALED_LABELS = ("E-mail address", "Phone number", "Postal address, including the postcode", "Which language?",
                   "What format do you need?")


def revealed_labels(page):
    """The labels of the questions revealed under an answer, as the person reads them."""
    return [label.get_text(" ", strip=True) for label in page.select(".nhsuk-radios__conditional label")]


@pytest.mark.parametrize("data", [
    {"name": ""},  # an error elsewhere, with e-mail chosen
    {"reply_by": "phone", "phone": ""},  # the revealed question itself left empty
    {"reply_by": None, "format": None},  # nothing chosen at all
])
def test_a_revealed_question_never_says_optional_first_or_after_an_error(client, publication, data):
    first = revealed_labels(soup(client.get(form_url(publication))))
    assert sorted(first) == sorted(REVEALED_LABELS)
    response = client.post(form_url(publication), posted(**data))
    page = soup(response)
    assert page.select_one(".nhsuk-error-summary")  # the page came back with an error
    assert revealed_labels(page) == first
    assert "(optional)" not in " ".join(revealed_labels(page))


def test_in_polish_a_revealed_question_never_says_optional_after_an_error(client, publication):
    with translation.override("pl"):
        url = form_url(publication)
    assert url.startswith("/pl/")
    page = soup(client.post(url, posted(name="")))
    labels = revealed_labels(page)
    assert "Numer telefonu" in labels and "Adres pocztowy, z kodem pocztowym" in labels
    assert "(opcjonalnie)" not in " ".join(labels)
