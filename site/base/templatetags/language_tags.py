from django import template
from django.conf import settings
from django.utils import translation

from ..languages import Language, PageLanguages, page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def document_languages(context):
    """The language of what is shown (lang and dir on <html>) and, for a Wagtail page, its
    versions in other languages. Every other view's words are in English (its template)."""
    page = context.get("page")
    if page is not None and getattr(page, "translation_key", None):
        return page_languages(page, context.get("request"))
    return PageLanguages(Language(settings.LANGUAGE_CODE), [])


@register.simple_tag
def language_of_results():
    """The language of the pages found in a search (they are in the language of the address it was
    made from), when it is not the site's own: each result is then marked with its lang and dir, as
    the page around them is in English. None in English."""
    code = translation.get_language()
    if not code or code.lower() == settings.LANGUAGE_CODE.lower():
        return None
    return Language(code)
