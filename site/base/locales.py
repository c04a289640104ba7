"""The active Wagtail Locale, looked up at most once a request.

With WAGTAIL_I18N_ENABLED, Wagtail finds the active Locale in the database every time it
localises a page (`Page.localized`), and its rich text page links localise each link, so a page's
queries would grow with its links. Here the active Locale is kept for the length of one request
(ActiveLocaleMiddleware opens a memo in a context variable and closes it with the response; the
Locales of a page's versions, loaded for its language switcher, go into it too), and
the site's page link handler (registered through Wagtail's `register_rich_text_features` hook in
wagtail_hooks.py) localises every link of a rich text with it: one look-up a request, whatever
the links. Nothing is kept between requests, so a Locale added or removed by staff is seen at
once. Outside a request (tasks, commands) every call looks the Locale up.
"""
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation
from wagtail.models import DraftStateMixin, Locale

_memo = ContextVar("base_locales_memo", default=None)


def active_locale():
    """The Locale of the language active now (Wagtail's Locale.get_active), once a request."""
    memo = _memo.get()
    code = translation.get_language()
    if memo is not None and code in memo:
        return memo[code]
    locale = Locale.get_active()
    if memo is not None:
        memo[code] = locale
    return locale


def default_locale():
    """The Locale of the site's own language (Wagtail's Locale.get_default), once a request."""
    with translation.override(settings.LANGUAGE_CODE):
        return active_locale()


def original_page(page):
    """The page in the site's own language that `page` is a translation of (`page` itself when it
    is in that language or nothing is). What residents send and what staff decide belongs to the
    original (an event's places and bookings, an engagement's responses and themes): a
    translation is the same thing in other words, so it is counted once."""
    if page.locale_id == default_locale().pk:
        return page
    found = type(page).objects.filter(translation_key=page.translation_key, locale=default_locale()).first()
    return found or page


def remember(locales):
    """Keep Locales already loaded for something else (a page's versions) for the rest of this
    request, so that active_locale() need not look its one up again."""
    memo = _memo.get()
    if memo is not None:
        for locale in locales:
            memo.setdefault(locale.language_code, locale)


def localized(page, locale):
    """`page` in `locale` if it is published there, else `page` (Wagtail's Page.localized, with
    the Locale given rather than looked up)."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or locale is None or page.locale_id == locale.pk:
        return page
    translated = page.get_translation_or_none(locale)
    if translated is None or (isinstance(translated, DraftStateMixin) and not translated.live):
        return page
    return translated


class ActiveLocaleMiddleware:
    """Opens the per-request memo of active_locale() (after LocaleMiddleware has chosen the
    language; the memo is keyed by language, so a view that switches language stays right)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
