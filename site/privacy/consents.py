"""Consent wordings, versioned. A record keeps the exact text the person was shown.

To change a wording, add a new version below; never edit a published one, so every
stored consent can be traced to the words it was given against.

Each wording is written here in English and translated in locale/ (the site's one catalog):
a form shows it in the language the form is read in (`label`), and a record keeps the words in
the language that person was shown (`in_language`), beside the version of the English wording
they translate. A translation changed later does not change what a record says was shown.
"""
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop


@dataclass(frozen=True)
class ConsentWording:
    purpose: str
    version: int
    text: str  # in English, marked for translation with gettext_noop

    @property
    def label(self):
        """The words in the language they are shown in (evaluated when the form is shown)."""
        return gettext_lazy(self.text)

    def in_language(self, language):
        """The words as a form in `language` (a code from settings.LANGUAGES) shows them."""
        with translation.override(language):
            return gettext(self.text)


WORDINGS = [
    ConsentWording(
        purpose="contact",
        version=1,
        text=gettext_noop(
            "I agree that Walsall Together can keep my name, e-mail address and message "
            "to reply to me. They are deleted after 12 months."
        ),
    ),
    ConsentWording(
        purpose="user_group",
        version=1,
        text=gettext_noop(
            "I agree that Healthwatch Walsall can keep my details to contact me about the Walsall Together "
            "User Group and invite me to take part. If I leave the group, my name and contact details are "
            "deleted after 12 months."
        ),
    ),
    ConsentWording(
        purpose="equality_monitoring",
        version=1,
        text=gettext_noop(
            "I agree that Healthwatch Walsall can use my answers to these equality questions to check that "
            "the User Group includes people from all of Walsall's communities."
        ),
    ),
    ConsentWording(
        purpose="events",
        version=1,
        text=gettext_noop(
            "I agree that Walsall Together can keep my booking details, including any access needs, to "
            "manage my place, send me reminders and arrange support at the event. Only the event "
            "organisers see them, and they are deleted 90 days after the event."
        ),
    ),
    ConsentWording(
        purpose="newsletter",
        version=1,
        text=gettext_noop(
            "I agree that Walsall Together can keep my e-mail address, and my name if I give it, to send me the "
            "e-mails I have chosen. I can unsubscribe at any time from a link in every e-mail."
        ),
    ),
    ConsentWording(
        purpose="feedback_updates",
        version=1,
        text=gettext_noop(
            "I agree that Walsall Together can keep my e-mail address to tell me what happens as a result of "
            "this engagement. Only the Healthwatch Walsall team sees it. It is deleted two years after the "
            "engagement closes, or sooner if I ask."
        ),
    ),
    ConsentWording(
        purpose="feedback_publication",
        version=1,
        text=gettext_noop(
            "We may quote what you write on this website and in our reports. Before we publish anything, we "
            "read it and remove names and anything else that could identify you or someone else."
        ),
    ),
    ConsentWording(
        purpose="feedback_equality",
        version=1,
        text=gettext_noop(
            "I agree that Healthwatch Walsall can use my answers to these equality questions to check that we "
            "hear from people from all of Walsall's communities."
        ),
    ),
    ConsentWording(
        purpose="communication_needs",
        version=1,
        text=gettext_noop(
            "Keep a record of the format I need and how to contact me, so that Walsall Together does not have to "
            "ask me again. Only the Comms team sees it. It is deleted 3 years after I last ask for something in "
            "another format, or sooner if I ask."
        ),
    ),
]


# What each purpose is for, in the words staff and the person read on the Find page and the export.
PURPOSE_LABELS = {
    "contact": "Replying to a message",
    "user_group": "User Group membership",
    "equality_monitoring": "User Group equality monitoring",
    "events": "Event booking",
    "newsletter": "Newsletter e-mails",
    "feedback_updates": "Updates on feedback they gave",
    "feedback_publication": "Quoting their feedback",
    "feedback_equality": "Feedback equality monitoring",
    "communication_needs": "Keeping their communication needs on record",
}


def purpose_label(purpose):
    return PURPOSE_LABELS.get(purpose) or purpose.replace("_", " ").capitalize()


def current_wording(purpose):
    versions = [w for w in WORDINGS if w.purpose == purpose]
    if not versions:
        raise LookupError(f"No consent wording for {purpose!r}")
    return max(versions, key=lambda w: w.version)


def wording(purpose, version):
    for item in WORDINGS:
        if item.purpose == purpose and item.version == version:
            return item
    raise LookupError(f"No consent wording {purpose!r} version {version}")
