from django import template
from wagtail import hooks
from wagtail.models import Site

from ..models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def primary_navigation(context):
    """Top-level pages marked 'Show in menus', then the pages apps add with the
    `site_navigation_pages` hook (a function taking the request, returning live public pages),
    with the current section marked: the deepest item the current page is in."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    pages = list(site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path", "path"))
    for hook in hooks.get_hooks("site_navigation_pages"):
        pages.extend(page for page in hook(request) if page.pk not in {p.pk for p in pages})
    current = context.get("page")
    current_path = getattr(current, "path", "") if current else ""
    within = [page.path for page in pages if current_path.startswith(page.path)]
    deepest = max(within, key=len, default=None)
    return [{"label": page.title, "url": page.get_url(request), "current": page.path == deepest} for page in pages]


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
