"""Business rules of the shared site pages."""
from django.conf import settings
from django.db import IntegrityError, transaction

from mailer.services import queue_email
from privacy.services import record_consent

from .models import ContactMessage


def submit_contact_message(data, source, language=None):
    """Store a contact message with its consent and tell the partnership's role mailbox.

    The sender gets an acknowledgement; both e-mails go out after commit via the worker.
    Posting the same form twice (same submission token) stores and sends it once. The
    acknowledgement is written in `language`, the one the sender read the form in (English if
    not given); the mailbox's copy is in English.
    """
    token = data.get("submission_token")
    if token:
        existing = ContactMessage.objects.filter(submission_token=token).first()
        if existing:
            return existing
    try:
        return _create_contact_message(data, token, source, language or settings.LANGUAGE_CODE)
    except IntegrityError:
        if not token:
            raise
        return ContactMessage.objects.get(submission_token=token)


def _create_contact_message(data, token, source, language):
    with transaction.atomic():
        message = ContactMessage.objects.create(
            name=data["name"], email=data["email"].strip().lower(), subject=data["subject"],
            message=data["message"], submission_token=token, language=language,
        )
        record_consent(message.email, "contact", source=source)
        # Staff reply straight to the sender; the sender's reply goes to the contact mailbox.
        queue_email(settings.CONTACT_EMAIL, "base/email/contact_notification", {"message": message},
                    reply_to=message.email)
        queue_email(message.email, "base/email/contact_acknowledgement", {"message": message},
                    reply_to=settings.CONTACT_EMAIL, language=message.language)
    return message
