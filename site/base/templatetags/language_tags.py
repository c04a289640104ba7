from django import template
from django.conf import settings

from ..languages import Language, PageLanguages, page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def document_languages(context):
    """The language of what is shown (lang and dir on <html>) and, for a Wagtail page, its
    versions in other languages. Every other view's words are in English (its template)."""
    page = context.get("page")
    if page is not None and getattr(page, "translation_key", None):
        return page_languages(page, context.get("request"))
    # A view whose templates are translated and shown in a language of its choosing says which
    # (newsletters' pages reached from an e-mail: the subscriber's language).
    return PageLanguages(Language(context.get("words_language") or settings.LANGUAGE_CODE), [])
