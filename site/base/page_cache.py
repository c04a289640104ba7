"""Whole-page cache of public Wagtail pages for anonymous visitors.

A response is kept only when all of these hold, so no one is ever shown a page made for
somebody else:

- the request is a GET from a visitor with no session cookie and no pending messages (signed-in
  people and anyone with a session are never served from the cache, nor stored in it);
- a Wagtail page served it at its own address (`on_serve_page` hook below), not a sub-route such
  as a booking form, a personal booking link or a download, unless the page class names the route
  in `page_cache_routes`; a page class can opt out entirely with `page_cache = False`;
- the response is a complete 200 that sets no cookie, is not marked private/no-cache/no-store
  (Wagtail marks pages with view restrictions so), varies on nothing but Cookie and
  Accept-Language, and holds no CSRF token (a page with a form is never kept).

Purging: every cached page is stored under a site-wide version. Publishing, unpublishing, moving
or deleting any page, and changing a view restriction (a page's or a collection's privacy), a
setting, snippet, image, document, site or a model an app registers with `purge_on_change`
(feedback responses and their answers only when changed or deleted, as a new one shows nowhere
until staff approve it) replaces the version after the transaction commits, so every page is
rebuilt on its next visit. Site-wide is deliberate: menus, breadcrumbs, listings, the home page
and the footer show other pages' titles and content, so purging one page and its ancestors would
leave stale copies. A model whose rows show on a few known pages only registers with
`purge_on_change(..., pages=...)`, a function giving the pages a row shows on (a booking: its
event's page and the event lists, which show the places left): a change purges those pages'
addresses (each with all its query strings and the routes it names) and nothing else. Old
entries expire by themselves after PAGE_CACHE_SECONDS, which also bounds how stale
time-dependent text (an event whose booking has just closed) can be.

The front cache (Varnish or a CDN, in front of the app: deploy/varnish/default.vcl) keeps
exactly what this cache would keep: with FRONT_CACHE_SECONDS set, such a response says
`Cache-Control: public, max-age=0, s-maxage=FRONT_CACHE_SECONDS`, and every other response
passing through is marked `private` (and `no-store` when it was made for someone: a session,
credentials, a cookie set, a form token). Every purge above is sent on, after the commit, to
the front cache backends in WAGTAILFRONTENDCACHE (wagtail.contrib.frontend_cache) as the same
list of addresses: a site-wide purge as the address of every page (its routes included), a
page's old address too when it is moved or deleted.

The cache must be shared by every process that can publish (web workers, the task worker that
runs scheduled publishing): Redis. So the page cache is on by default only with REDIS_URL; with
the per-process memory cache, PAGE_CACHE_SECONDS must be set explicitly (tests do).

Tracking parameters that marketing links add (`utm_source`, `fbclid`, ...) are taken off the
request before anything reads it: the page is built, kept and found as the same page without
them, and no link built from the address carries them on. Real parameters (filters, page
numbers) still make separate pages.

Every GET/HEAD response that passes through says what happened in the `X-Page-Cache` header:
"hit", "miss" (built and stored) or "skip" (built, not stored).
"""
import copy
import hashlib
import logging
import re
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.urls import NoReverseMatch
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
VERSION_KEY = "page-cache:version"
HIT, MISS, SKIP = "hit", "miss", "skip"
CSRF_FIELD = b'name="csrfmiddlewaretoken"'

# Models (besides pages, settings and snippets) whose changes alter public pages.
_purging_models = set()
# Models whose new rows show on no public page until they are changed (a feedback response is
# public only once staff approve it): only their changes and deletions purge.
_purging_on_change_only = set()
# Models whose rows show on a few known pages: {model: function(row) -> pages}.
_purging_pages = {}


# Parameters campaign and social links add: they change nothing on a page.
TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|twclid|li_fat_id",
    re.IGNORECASE)


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def front_cache_seconds():
    return getattr(settings, "FRONT_CACHE_SECONDS", 0)


# Reading and writing ---------------------------------------------------------------------------


def request_is_cacheable(request):
    """Only anonymous GET/HEAD requests: no session (so nobody signed in), no messages waiting
    to be shown, no credentials."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False  # Django answers 400 further in
    return True


def response_is_cacheable(request, response):
    """A complete, public, cookie-free page response without a form token."""
    if request.method != "GET" or not getattr(request, "page_cache_allowed", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _cache_control(response) & {"private", "no-cache", "no-store"} or get_max_age(response) == 0:
        return False
    # Vary: Cookie only says the session was looked at (the header shows "Sign out" to signed-in
    # people); requests with a session never reach the cache, so it is safe to keep. Django's
    # LocaleMiddleware adds Accept-Language, but a page's language comes from its address alone
    # (config.urls: English unprefixed, others under /<code>/), so the address is key enough.
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    if vary - {"cookie", "accept-language"}:
        return False
    return not _has_form_token(response)


def page_key(request, version):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page-cache:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def path_key(path):
    """The key of a path's own version, which a purge of that page replaces (any host, any query)."""
    return f"page-cache:path:{hashlib.sha256(path.encode()).hexdigest()}"


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


_last_version = None  # the version this process saw last


def lookup(request):
    """(key, the path's version, cached response or None) for `request`, at the current version.

    One round trip to the cache in the usual case: the site-wide version, the path's version and
    the page under the version this process saw last are read together; only after a site-wide
    purge is a second read needed. A page is kept with the path version it was built under, and
    found only while that is still the path's version.
    """
    global _last_version
    path = path_key(request.path)
    if _last_version is not None:
        key = page_key(request, _last_version)
        found = cache.get_many([VERSION_KEY, path, key])
        if found.get(VERSION_KEY) == _last_version:
            return key, found.get(path), _current_entry(found.get(key), found.get(path))
    _last_version = current_version()
    key = page_key(request, _last_version)
    found = cache.get_many([path, key])
    return key, found.get(path), _current_entry(found.get(key), found.get(path))


def _current_entry(entry, path_version):
    if entry is None:
        return None
    kept_under, response = entry
    return response if kept_under == path_version else None


def purge_all():
    """Make every cached page stale: the next visit to each page builds it again."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - a publish must not fail because the cache is down
        logger.exception("Could not purge the page cache")


def purge_urls(urls):
    """Make the pages at `urls` stale, with every query string (a page of a filtered list)."""
    try:
        cache.set_many({path_key(urlsplit(url).path): uuid.uuid4().hex for url in urls}, timeout=None)
    except Exception:  # noqa: BLE001
        logger.exception("Could not purge the page cache")


def purge_after_commit(pages=None, old_urls=()):
    """Purge once the current transaction commits: a purge before it could let a visitor
    re-cache the old page in between. (Also when this process does not cache pages itself:
    the web processes sharing the cache may.) Every page, or only `pages`; `old_urls` are
    addresses pages no longer have (moved or deleted), for the front cache."""
    page_ids = None if pages is None else [page.pk for page in pages]
    transaction.on_commit(lambda: _purge(page_ids, list(old_urls)))


def _purge(page_ids, old_urls):
    from wagtail.contrib.frontend_cache.utils import get_backends

    front = bool(get_backends())
    if page_ids is None:
        purge_all()
        if front:  # the front cache has no site-wide version: every page's addresses
            _purge_front_cache(page_urls(_pages_with_addresses()) + old_urls)
        return
    urls = page_urls(_pages_with_addresses().filter(pk__in=page_ids)) + old_urls
    purge_urls(urls)
    if front:
        _purge_front_cache(urls)


def _purge_front_cache(urls):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(urls)  # a task: the task worker sends the purges
    except Exception:  # noqa: BLE001
        logger.exception("Could not queue the front cache purge")


def _pages_with_addresses():
    from wagtail.models import Page

    return Page.objects.filter(depth__gt=1).select_related("content_type")


def page_urls(pages):
    """Every address at which `pages` may be kept: each page's own, and the routes its class
    names in `page_cache_routes` (those that take no arguments, and those its
    `page_cache_paths()` lists)."""
    site_roots = _SiteRoots()
    urls = []
    for page in pages:
        url = page.get_full_url(site_roots)
        if url is not None:
            urls += [url + path.lstrip("/") for path in cached_paths(page)]
    return urls


class _SiteRoots:
    """Lets Wagtail read the sites' root paths once for a whole list of pages."""


def cached_paths(page):
    """The paths below `page`'s address that the page cache may keep ("/" is the page itself)."""
    page_class = page.specific_class or type(page)
    paths = ["/"]
    for route in getattr(page_class, "page_cache_routes", ()):
        try:
            paths.append("/" + page_class.get_resolver().reverse(route))
        except NoReverseMatch:
            pass  # a route that takes arguments: page_cache_paths() lists its addresses
    if hasattr(page_class, "page_cache_paths"):
        paths += page.specific.page_cache_paths()
    return paths


class PageCacheMiddleware:
    """Serves and stores pages; goes near the top of MIDDLEWARE (below WhiteNoise, so static
    files skip it, and above the middleware that add headers, so a stored page keeps them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        strip_tracking_parameters(request)
        seconds = cache_seconds()
        anonymous = request_is_cacheable(request)
        key = path_version = None
        if seconds and anonymous:
            try:
                key, path_version, cached = lookup(request)
            except Exception:  # noqa: BLE001 - with the cache down, pages are still served
                logger.exception("Could not read the page cache")
                cached = None
            if cached is not None:
                cached[HEADER] = HIT
                return cached
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if not anonymous or not response_is_cacheable(request, response):
            mark_private(response, personal=not anonymous or bool(response.cookies) or _has_form_token(response))
            response[HEADER] = SKIP
            return response
        mark_shareable(response)
        if key is None:
            response[HEADER] = SKIP
            return response
        response[HEADER] = MISS
        try:
            # Stored under the versions read before the page was built: if a publish purged the
            # cache meanwhile, this copy is already stale and is never read.
            cache.set(key, (path_version, response), seconds)
        except Exception:  # noqa: BLE001
            logger.exception("Could not write the page cache")
        return response


def mark_shareable(response):
    """Let a shared cache in front keep the page (browsers ask again each time, and are answered
    from there), when there is one."""
    if seconds := front_cache_seconds():
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


def mark_private(response, personal):
    """Keep a response out of shared caches; one made for someone is not stored anywhere."""
    if not front_cache_seconds():
        return
    if personal:
        patch_cache_control(response, private=True, no_store=True)
    elif not _cache_control(response) & {"private", "no-store"}:
        patch_cache_control(response, private=True)


def _cache_control(response):
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    return {directive.split("=")[0].strip().lower() for directive in directives if directive.strip()}


def _has_form_token(response):
    return not response.streaming and CSRF_FIELD in response.content


def strip_tracking_parameters(request):
    """Take tracking parameters off a GET or HEAD request's query string (see the module docstring)."""
    query = request.META.get("QUERY_STRING", "")
    if request.method not in ("GET", "HEAD") or not query:
        return
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not TRACKING_PARAMETER.fullmatch(name)]
    if len(kept) != len(pairs):
        request.META["QUERY_STRING"] = urlencode(kept)
        request.GET = QueryDict(request.META["QUERY_STRING"])


def mark_page_cacheable(page, request):
    """Called as a page is served: may this response be kept? (See the module docstring.)"""
    if not getattr(page, "page_cache", True):
        return
    route = getattr(request, "routable_resolver_match", None)
    if route is not None and route.url_name != "index_route" and route.url_name not in getattr(
        page, "page_cache_routes", ()
    ):
        return
    request.page_cache_allowed = True


# Purging ---------------------------------------------------------------------------------------


def purge_on_change(*models, not_on_create=False, pages=None):
    """Purge the page cache whenever a row of one of `models` is saved or deleted (with
    `not_on_create`, only when an existing row is saved again, or deleted); with `pages`, a
    function giving the pages a row shows on, only those pages."""
    if pages is not None:
        _purging_pages.update(dict.fromkeys(models, pages))
    else:
        (_purging_on_change_only if not_on_create else _purging_models).update(models)


def changes_public_pages(model):
    """Does saving or deleting a `model` row change what public pages show (all of them)?"""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import BaseViewRestriction, Page
    from wagtail.snippets.models import get_snippet_models

    if model in _purging_models or issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
        return True
    if issubclass(model, BaseViewRestriction):
        return True  # a page made private must not stay in the cache, nor in cached listings
    if issubclass(model, Page):
        return False  # page changes purge on publish, unpublish, move and delete (below)
    return model in get_snippet_models()


def model_saved(sender, instance, created=False, **kwargs):
    if changes_public_pages(sender) or (sender in _purging_on_change_only and not created):
        purge_after_commit()
    elif sender in _purging_pages:
        purge_after_commit(_purging_pages[sender](instance))


def _pages_showing(sender, instance):
    try:
        return _purging_pages[sender](instance)
    except ObjectDoesNotExist:
        return None  # deleted with the page it showed on: that delete purges every page


def model_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_after_commit(old_urls=_own_urls(instance))
    elif changes_public_pages(sender) or sender in _purging_on_change_only:
        purge_after_commit()
    elif sender in _purging_pages:
        purge_after_commit(_pages_showing(sender, instance))


def page_changed(sender, **kwargs):
    purge_after_commit()


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """A site-wide purge, and the front cache forgets the addresses the pages had before."""
    old_urls = []
    for page in [instance, *instance.get_descendants()]:
        before = copy.copy(page)
        before.url_path = url_path_before + page.url_path[len(url_path_after):]
        old_urls += _own_urls(before)
    purge_after_commit(old_urls=old_urls)


def _own_urls(page):
    url = page.get_full_url()
    return [] if url is None else [url]


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished):
        signal.connect(page_changed, dispatch_uid=f"page_cache_{id(signal)}")
    post_page_move.connect(page_moved, dispatch_uid="page_cache_moved")
    post_save.connect(model_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(model_deleted, dispatch_uid="page_cache_deleted")
