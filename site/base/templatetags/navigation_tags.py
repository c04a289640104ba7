from django import template
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail import hooks
from wagtail.models import Page, Site

from ..languages import Language
from ..models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def primary_navigation(context):
    """Top-level pages marked 'Show in menus', then the pages apps add with the
    `site_navigation_pages` hook (a function returning a Q that picks pages anywhere in the
    site), with the current section marked: the deepest item the current page is in. One
    query, whatever the hooks add. In another language each item is its version in that
    language where it has one (one more query), else the English page marked as English."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page
    wanted = Q(depth=root.depth + 1, show_in_menus=True)
    for hook in hooks.get_hooks("site_navigation_pages"):
        wanted |= hook()
    found = (Page.objects.live().public().descendant_of(root).filter(wanted)
             .only("id", "title", "url_path", "path", "depth", "show_in_menus", "translation_key"))
    in_menu = sorted((page for page in found if page.depth == root.depth + 1 and page.show_in_menus),
                     key=lambda page: page.path)
    pages = in_menu + sorted((page for page in found if page not in in_menu), key=lambda page: page.path)
    translated = _versions_in_active_language(pages)
    shown = [translated.get(page.translation_key, page) for page in pages]
    current = context.get("page")
    current_path = getattr(current, "path", "") if current else ""
    within = [page.path for page in shown if current_path.startswith(page.path)]
    deepest = max(within, key=len, default=None)
    english, active = Language(settings.LANGUAGE_CODE), Language(translation.get_language())
    return [{"label": page.title, "url": page.get_url(request), "current": page.path == deepest,
             "language": english if page in pages else active} for page in shown]


def _versions_in_active_language(pages):
    """{translation key: live public page in the active language}; nothing to look up in English."""
    code = translation.get_language()
    if not pages or code == settings.LANGUAGE_CODE:
        return {}
    found = (Page.objects.live().public().filter(translation_key__in=[page.translation_key for page in pages],
                                                 locale__language_code=code, alias_of__isnull=True)
             .only("id", "title", "url_path", "path", "translation_key"))
    return {page.translation_key: page for page in found}


@register.simple_tag(takes_context=True)
def footer_links(context):
    request = context.get("request")
    site_settings = SiteSettings.load(request_or_site=request)
    links = site_settings.footer_links.select_related("page")
    return [{"url": link.page.get_url(request), "text": link.text} for link in links if link.page.live]


@register.simple_tag
def breadcrumb_pages(page):
    """Ancestors below the site root, home page first, as a list."""
    return list(page.get_ancestors().filter(depth__gt=1).specific().only("title", "url_path"))
