"""The active Wagtail Locale, kept in memory.

With WAGTAIL_I18N_ENABLED, Wagtail looks the active Locale up in the database every time it
localises a page (`Page.localized`: each rich text link, menu entry and listed page), so a page's
queries would grow with its links. Locales change only when staff add or remove a language, so
each process keeps them by language code for LOCALE_SECONDS, and forgets them all at once when a
Locale is saved or deleted (another process sees the change within LOCALE_SECONDS).
"""
import time

from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import Locale

LOCALE_SECONDS = 60
_kept = {}
_look_up = Locale.get_active.__func__


def get_active(cls):
    code = translation.get_language()
    now = time.monotonic()
    kept = _kept.get(code)
    if kept is not None and kept[1] > now:
        return kept[0]
    locale = _look_up(cls)
    _kept[code] = (locale, now + LOCALE_SECONDS)
    return locale


def forget(**kwargs):
    _kept.clear()


def keep_active_locale_in_memory():
    Locale.get_active = classmethod(get_active)
    post_save.connect(forget, sender=Locale, dispatch_uid="base.locales.forget_saved")
    post_delete.connect(forget, sender=Locale, dispatch_uid="base.locales.forget_deleted")
