"""The site's rich text page links (registered in wagtail_hooks.py through Wagtail's
`register_rich_text_features` hook, in place of Wagtail's own "page" link type)."""
from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from .locales import active_locale, localized


class LocalisedPageLinkHandler(PageLinkHandler):
    """Rich text links to pages go to the page in the reader's language where there is one, as
    Wagtail's own handler does, with the active Locale looked up once for all of them."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = cls.get_many(attrs_list)
        locale = active_locale() if any(pages) else None
        return ['<a href="%s">' % escape(localized(page, locale).url) if page else "<a>" for page in pages]
