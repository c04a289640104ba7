"""The languages pages are published in: each named in its own language, its text direction, and
a page's versions in other languages (the language switcher, hreflang alternates, the sitemap).

A page's versions are its live, public translations that are not aliases: wagtail-localize makes
an alias of an untranslated parent page (so a translated child has somewhere to live), and an
alias repeats the English words, so it is not a version in its locale's language. An alias is
shown with the language of the page it repeats.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from wagtail.models import Page

from . import locales

# As people look for their language in a list: in that language and script.
NAMES_IN_OWN_LANGUAGE = {
    "en-gb": "English",
    "en-x-easyread": "Easy Read",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "pl": "Polski",
    "bn": "বাংলা",
}
EASY_READ = "en-x-easyread"


@dataclass(frozen=True)
class Language:
    code: str  # Django's and Wagtail's language code: en-gb, ur, en-x-easyread

    @property
    def name(self):
        return NAMES_IN_OWN_LANGUAGE.get(self.code, self.code)

    @property
    def tag(self):
        """The BCP 47 tag as HTML and hreflang write it: en-GB, ur, en-x-easyread."""
        language, _, region = self.code.partition("-")
        return f"{language}-{region.upper()}" if len(region) == 2 else self.code

    @property
    def direction(self):
        return "rtl" if translation.get_language_info(self.code)["bidi"] else "ltr"


@dataclass(frozen=True)
class PageVersion:
    language: Language
    url: str
    full_url: str
    current: bool


@dataclass(frozen=True)
class PageLanguages:
    language: Language  # the language the page's words are in
    versions: list  # PageVersion in settings.LANGUAGES order; empty when there is only one


def english_name(code):
    """A language as staff read it in the admin, reports and exports: "Urdu", "Polish"."""
    return dict(settings.LANGUAGES).get(code, code)


def language_order(code):
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def page_languages(page, request=None):
    """The language a page's words are in (its locale's, or for an alias the page it repeats;
    on its sub-routes the site's own words: interface_language), and the page in each language it is published in: one query."""
    translations = {
        version.pk: version
        for version in Page.objects.filter(translation_key=page.translation_key).select_related("locale")
        .only("id", "alias_of_id", "live", "url_path", "locale__language_code", "translation_key")
    }
    locales.remember(version.locale for version in translations.values())
    own = translations.get(page.alias_of_id or page.pk)
    language = Language(own.locale.language_code if own else settings.LANGUAGE_CODE)
    if request is not None and not getattr(request, "is_preview", False) and request.path != page.get_url(request):
        # A sub-route (a form's questions, a thank-you page): its words are its templates'.
        language = Language(interface_language())
    found = sorted((version for version in translations.values() if version.live and not version.alias_of_id),
                   key=lambda version: language_order(version.locale.language_code))
    if len(found) < 2:
        return PageLanguages(language, [])
    # Only versions anyone may read: a page behind a password or sign-in is not offered.
    public = set(Page.objects.filter(pk__in=[version.pk for version in found]).public().values_list("pk", flat=True))
    versions = [
        PageVersion(language=Language(version.locale.language_code), url=version.get_url(request),
                    full_url=version.get_full_url(request), current=version.pk == page.pk)
        for version in found if version.pk in public
    ]
    return PageLanguages(language, versions if len(versions) > 1 else [])


def preferred_language(code):
    """`code` as one of settings.LANGUAGES: "ur" for "ur" or "ur-pk"; English for anything the site is not written in."""
    code = (code or "").lower()
    codes = [known for known, _name in settings.LANGUAGES]
    if code in codes:
        return code
    general = code.split("-")[0]
    return general if general in codes else settings.LANGUAGE_CODE


def language_of_request():
    """The language the person is reading the site in now: stored with what they send (a booking,
    an application, a subscription) so every later e-mail to them is written in it."""
    return preferred_language(translation.get_language())


class PreferredLanguageField(models.CharField):
    """The language a person reads (a code from settings.LANGUAGES): e-mails to them use it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("default", settings.LANGUAGE_CODE)
        kwargs.setdefault("verbose_name", "preferred language")
        kwargs.setdefault("help_text", "The language this person reads: e-mails to them are written in it.")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "base.languages.PreferredLanguageField", args, kwargs


def interface_language(language=None):
    """The language the site's own words (forms, buttons, messages, e-mails) are in now (or for a
    person reading `language`): the request's language where locale/ translates them
    (settings.INTERFACE_LANGUAGES), else English (Easy Read pages are written by people; the forms
    under them are in plain English)."""
    code = preferred_language(language) if language else language_of_request()
    return code if code in settings.INTERFACE_LANGUAGES else settings.LANGUAGE_CODE
