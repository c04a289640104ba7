from django import template
from wagtail.models import Site

from ..models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def primary_navigation(context):
    """Top-level pages marked 'Show in menus', with the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    items = []
    for page in site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path", "path"):
        is_current = bool(current and getattr(current, "path", "").startswith(page.path))
        items.append({"label": page.title, "url": page.get_url(request), "current": is_current})
    return items


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
