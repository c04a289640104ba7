from django import template
from ..languages import Language, PageLanguages, interface_language, page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def document_languages(context):
    """The language of what is shown (lang and dir on <html>) and, for a Wagtail page, its
    versions in other languages. Every other view's words are in its templates' language: the
    site's words in the language being read (interface_language), English where not translated."""
    page = context.get("page")
    if page is not None and getattr(page, "translation_key", None):
        return page_languages(page, context.get("request"))
    return PageLanguages(Language(interface_language()), [])
