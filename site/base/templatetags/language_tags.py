from django import template
from django.utils import translation

from ..languages import Language, PageLanguages, interface_language, page_languages, preferred_language

register = template.Library()


@register.simple_tag(takes_context=True)
def document_languages(context):
    """The language of what is shown (lang and dir on <html>) and, for a Wagtail page, its
    versions in other languages. Every other view's words are its templates': the site's own
    words, in interface_language()."""
    page = context.get("page")
    if page is not None and getattr(page, "translation_key", None):
        return page_languages(page, context.get("request"))
    # A view whose templates are translated and shown in a language of its choosing says which
    # (newsletters' pages reached from an e-mail: the subscriber's language).
    return PageLanguages(Language(context.get("words_language") or interface_language()), [])


@register.simple_tag
def interface_language_of_page():
    """The language of the site's own words around a page (skip link, header, footer, switcher,
    form labels): interface_language(), with its tag and direction for lang and dir."""
    return Language(interface_language())


@register.simple_tag
def language_of_results():
    """The language of the pages found in a search (they are in the language of the address it was
    made from), when the page around them is in another (an Easy Read search: the site's own words
    are in plain English): each result is then marked with its lang and dir. None otherwise."""
    code = preferred_language(translation.get_language())
    return None if code == interface_language() else Language(code)
