"""Wiring only: contact messages join the "Personal data" admin menu; topics are a snippet
(viewsets in views_admin.py); pages served at their own address may be kept in the page cache;
translations no translator has checked say so on their edit screen."""
from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import page_cache
from .home import HOOK as HOME_PAGE_SECTIONS
from .home import HomeSection, latest_news
from .translations import unchecked_translation_note
from .views_admin import ContactMessageViewSet, TopicViewSet, UncheckedTranslationViewSet


@hooks.register("on_serve_page")
def allow_page_cache(serve):
    def inner(page, request, args, kwargs):
        page_cache.mark_page_cacheable(page, request)
        return serve(page, request, args, kwargs)

    return inner


@hooks.register("register_admin_viewset")
def register_contact_message_viewset():
    return ContactMessageViewSet()


register_snippet(TopicViewSet)


@hooks.register("register_admin_viewset")
def register_unchecked_translation_viewset():
    return UncheckedTranslationViewSet()


# Before wagtail-localize's own hook, which answers with its translation editor.
@hooks.register("before_edit_page", order=-10)
def warn_of_unchecked_translation(request, page):
    if request.method == "GET" and (note := unchecked_translation_note(page)):
        messages.warning(request, note)


@hooks.register(HOME_PAGE_SECTIONS)
def latest_news_section(home):
    if news := latest_news():
        return HomeSection("Latest news", news, news[0].get_parent().url, "All news", order=60)
    return None


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own (order 0) "page" link type
def localise_page_links_once_a_request(features):
    from .rich_text import LocalisedPageLinkHandler

    features.register_link_type(LocalisedPageLinkHandler)
