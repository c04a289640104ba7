"""Replies reach a person: e-mails that invite a reply carry Reply-To (a role mailbox), and
every e-mail subject is plain text ("Carers' workshop", never "Carers&#x27; workshop")."""
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from mailer.models import OutgoingEmail
from mailer.services import build_message, queue_email, render_subject
from tests.base.test_contact import contact_page, valid_data  # noqa: F401 - the fixture is used below

pytestmark = pytest.mark.django_db

TRICKY = "Carers' workshop & <friends>"
COUNTS = {"places", "companions", "places_left"}


class Anything:
    """Stands for every variable a subject template may use: each attribute, key and text is
    the tricky title, so whatever a template prints, it prints the apostrophe, ampersand and
    angle brackets."""

    def __getattr__(self, name):
        if name.endswith(("_at", "_on")):  # a date or time: the template formats a real one
            return datetime.datetime(2026, 12, 7, 14, 30, tzinfo=datetime.timezone.utc)
        if name in COUNTS:  # a number of places: a translated sentence picks its plural form by it
            return 2
        return self

    def __getitem__(self, key):
        return self.__getattr__(key) if isinstance(key, str) else self

    def __str__(self):
        return TRICKY

    def __bool__(self):
        return True

    def __iter__(self):
        return iter([self])

    def __len__(self):
        return 1

    def __call__(self, *args, **kwargs):
        return self


def every_variable():
    return {name: Anything() for name in (
        "event", "booking", "invitation", "message", "application", "changes", "issue", "campaign", "exercise",
        "action", "subject", "subscriber", "response", "when", "offset", "promoted", "site", "site_name", "user",
        "list", "lists", "title", "name", "update", "request", "claim", "activity", "requested_by")}


def subject_templates():
    root = Path(__file__).resolve().parents[2] / "templates"
    found = sorted(path.relative_to(root).as_posix().removesuffix("_subject.txt")
                   for path in root.rglob("*_subject.txt"))
    assert len(found) >= 20, found
    return found


@pytest.mark.parametrize("template", subject_templates())
def test_every_subject_is_plain_text(template):
    variables = every_variable()
    subject = render_subject(template, variables)
    for escaped in ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;"):
        assert escaped not in subject, subject
    source = (Path(__file__).resolve().parents[2] / "templates" / f"{template}_subject.txt").read_text()
    if "{{" in source:
        assert TRICKY in subject, subject


def test_reply_to_is_saved_and_sent(settings):
    email = queue_email("sam@example.org", "events/email/organiser_message",
                        {"subject": "Parking", "message": "At the back.", "booking": Anything(), "event": Anything()},
                        reply_to="events@example.org")
    assert OutgoingEmail.objects.get(pk=email.pk).reply_to == "events@example.org"
    message = build_message(email)
    assert message.reply_to == ["events@example.org"]
    assert message.message()["Reply-To"] == "events@example.org"
    plain = queue_email("sam@example.org", "events/email/organiser_message",
                        {"subject": "Parking", "message": "At the back.", "booking": Anything(), "event": Anything()})
    assert "Reply-To" not in build_message(plain).message()


def test_contact_emails_reply_to_the_sender_and_the_contact_mailbox(client, contact_page):  # noqa: F811
    client.post(contact_page.url, valid_data())
    notification = OutgoingEmail.objects.get(to=settings.CONTACT_EMAIL)
    acknowledgement = OutgoingEmail.objects.get(to="sam.carer@example.org")
    assert notification.reply_to == "sam.carer@example.org"  # "Reply to the sender directly"
    assert acknowledgement.reply_to == settings.CONTACT_EMAIL


def test_contact_subjects_keep_apostrophes(client, contact_page):  # noqa: F811
    client.post(contact_page.url, valid_data(subject="Carers' parking & <access>"))
    subjects = list(OutgoingEmail.objects.values_list("subject", flat=True))
    assert any("Carers' parking & <access>" in subject for subject in subjects), subjects


def body_templates():
    root = Path(__file__).resolve().parents[2] / "templates"
    return [name for name in subject_templates()
            if (root / f"{name}.txt").exists() and not name.startswith("account/")]  # allauth renders its own


@pytest.mark.parametrize("template", body_templates())
def test_every_plain_text_body_is_plain_text(template):
    """A name such as O'Brien or a title with "&" reads the same in the text part of every e-mail."""
    from mailer.services import render_plain_text

    variables = every_variable()
    text = render_plain_text(f"{template}.txt", variables)
    for escaped in ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;"):
        assert escaped not in text, text


def test_an_acknowledgement_keeps_an_apostrophe_in_the_text_part(client, contact_page):  # noqa: F811
    client.post(contact_page.url, {**valid_data(), "name": "Sam O'Brien"})
    acknowledgement = OutgoingEmail.objects.get(to="sam.carer@example.org")
    assert "Sam O'Brien" in acknowledgement.body_text
    assert "&#x27;" not in acknowledgement.body_text
