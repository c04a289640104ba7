"""E-mails are written in the person's preferred language, whatever language sends them."""
import pytest
from django.utils import translation

from base.languages import PreferredLanguageField, language_of_request, preferred_language
from mailer.models import OutgoingEmail
from mailer.services import queue_email


@pytest.mark.parametrize("code, expected", [
    ("ur", "ur"), ("ur-pk", "ur"), ("PL", "pl"), ("en-x-easyread", "en-x-easyread"),
    ("fr", "en-gb"), ("", "en-gb"), (None, "en-gb"),
])
def test_preferred_language_is_one_the_site_is_written_in(code, expected):
    assert preferred_language(code) == expected


def test_without_a_code_the_language_is_the_one_being_read():
    with translation.override("pl"):
        assert language_of_request() == "pl"
    with translation.override("fr"):
        assert language_of_request() == "en-gb"


def test_preferred_language_field_defaults_to_english():
    assert PreferredLanguageField().get_default() == "en-gb"


@pytest.mark.django_db
def test_an_email_in_urdu_is_marked_right_to_left_and_english_is_the_default():
    context = {"message": {"name": "Sam", "subject": "Parking at the workshop"}}
    with translation.override("pl"):  # a request in Polish queues for someone who reads Urdu
        queue_email("sam@example.com", "base/email/contact_acknowledgement", context, language="ur")
        queue_email("kim@example.com", "base/email/contact_acknowledgement", context)
        assert translation.get_language() == "pl"  # the request's own language is left alone
    urdu = OutgoingEmail.objects.get(to="sam@example.com")
    english = OutgoingEmail.objects.get(to="kim@example.com")
    assert '<html lang="ur" dir="rtl">' in urdu.body_html
    assert '<html lang="en-GB" dir="ltr">' in english.body_html
