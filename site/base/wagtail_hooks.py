"""Wiring only: contact messages join the "Personal data" admin menu; topics are a snippet
(viewsets in views_admin.py); pages served at their own address may be kept in the page cache."""
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import page_cache
from .home import HOOK as HOME_PAGE_SECTIONS
from .home import HomeSection, latest_news
from .views_admin import ContactMessageViewSet, TopicViewSet


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


@hooks.register(HOME_PAGE_SECTIONS)
def latest_news_section(home):
    if news := latest_news():
        return HomeSection("Latest news", news, news[0].get_parent().url, "All news", order=60)
    return None
