"""The signed links in our e-mails, and the absolute URLs built from SITE_URL.

Every link carries the subscriber's secret `token`, signed with the site's SECRET_KEY and a
salt per purpose, so a link for one purpose cannot be used for another and none can be made
up. Confirmation links expire (app_settings.confirmation_link_lifetime); preferences and
unsubscribe links do not, because they must still work in an old e-mail.
"""
from django.conf import settings
from django.core import signing
from django.urls import reverse

from . import app_settings

CONFIRM = signing.TimestampSigner(salt="newsletters.confirm")
PREFERENCES = signing.Signer(salt="newsletters.preferences")
UNSUBSCRIBE = signing.Signer(salt="newsletters.unsubscribe")


class LinkExpired(Exception):
    """A confirmation link whose signature is right but which is too old. `value` is what it held."""

    def __init__(self, value):
        super().__init__("This link has expired")
        self.value = value


class BadLink(Exception):
    pass


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def page_url(page):
    """A page's full address on the public site (SITE_URL), for e-mails."""
    _, _, path = page.get_url_parts()
    return absolute(path)


# Confirmation: the subscriber and the lists they asked for, for a limited time ----------------

def confirmation_token(subscriber, list_ids):
    return CONFIRM.sign_object({"t": subscriber.token, "l": sorted(list_ids)})


def read_confirmation_token(token):
    """{"t": subscriber token, "l": [list ids]}; raises LinkExpired or BadLink."""
    try:
        return CONFIRM.unsign_object(token, max_age=app_settings.confirmation_link_lifetime())
    except signing.SignatureExpired:
        # The signature is right, only its age is wrong: say whose link it was, to offer a new one.
        raise LinkExpired(CONFIRM.unsign_object(token)) from None
    except (signing.BadSignature, ValueError) as error:
        raise BadLink from error


def confirmation_url(subscriber, list_ids):
    return absolute(reverse("newsletters:confirm", args=[confirmation_token(subscriber, list_ids)]))


# Preferences: one subscriber, no expiry -------------------------------------------------------

def preferences_token(subscriber_token):
    return PREFERENCES.sign(subscriber_token)


def read_preferences_token(token):
    try:
        return PREFERENCES.unsign(token)
    except signing.BadSignature as error:
        raise BadLink from error


def preferences_url(subscriber_token):
    return absolute(reverse("newsletters:preferences", args=[preferences_token(subscriber_token)]))


# Unsubscribe: one subscriber and one list, no expiry (RFC 8058 one-click) -----------------------

def unsubscribe_token(subscriber_token, list_id):
    return UNSUBSCRIBE.sign(f"{subscriber_token}.{list_id}")


def read_unsubscribe_token(token):
    """(subscriber token, list id); raises BadLink."""
    try:
        value = UNSUBSCRIBE.unsign(token)
        subscriber_token, _, list_id = value.rpartition(".")
        return subscriber_token, int(list_id)
    except (signing.BadSignature, ValueError) as error:
        raise BadLink from error


def unsubscribe_url(subscriber_token, list_id):
    return absolute(reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscriber_token, list_id)]))
