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
(event bookings, because event pages show the places left; feedback responses and their
answers only when changed or deleted, as a new one shows nowhere until staff approve it),
replaces the version after the transaction commits, so every page is rebuilt on its next visit.
Site-wide is deliberate: menus, breadcrumbs, listings, the home page and the footer show other
pages' titles and content, so purging one page and its ancestors would leave stale copies.
Old entries expire by themselves after PAGE_CACHE_SECONDS, which also bounds how stale
time-dependent text (an event whose booking has just closed) can be.

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
import hashlib
import logging
import re
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.utils.cache import cc_delim_re, get_max_age

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


# Parameters campaign and social links add: they change nothing on a page.
TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|twclid|li_fat_id",
    re.IGNORECASE)


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


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
    directives = cc_delim_re.split(response.get("Cache-Control", ""))
    cache_control = {directive.split("=")[0].strip().lower() for directive in directives}
    if cache_control & {"private", "no-cache", "no-store"} or get_max_age(response) == 0:
        return False
    # Vary: Cookie only says the session was looked at (the header shows "Sign out" to signed-in
    # people); requests with a session never reach the cache, so it is safe to keep. Django's
    # LocaleMiddleware adds Accept-Language, but a page's language comes from its address alone
    # (config.urls: English unprefixed, others under /<code>/), so the address is key enough.
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    if vary - {"cookie", "accept-language"}:
        return False
    return CSRF_FIELD not in response.content


def page_key(request, version):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page-cache:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


_last_version = None  # the version this process saw last


def lookup(request):
    """(key, cached response or None) for `request`, at the current version.

    One round trip to the cache in the usual case: the version and the page under the version
    this process saw last are read together; only after a purge is a second read needed.
    """
    global _last_version
    if _last_version is not None:
        key = page_key(request, _last_version)
        found = cache.get_many([VERSION_KEY, key])
        if found.get(VERSION_KEY) == _last_version:
            return key, found.get(key)
    _last_version = current_version()
    key = page_key(request, _last_version)
    return key, cache.get(key)


def purge_all():
    """Make every cached page stale: the next visit to each page builds it again."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - a publish must not fail because the cache is down
        logger.exception("Could not purge the page cache")


def purge_after_commit():
    """Purge once the current transaction commits: a purge before it could let a visitor
    re-cache the old page in between. (Also when this process does not cache pages itself:
    the web processes sharing the cache may.)"""
    transaction.on_commit(purge_all)


class PageCacheMiddleware:
    """Serves and stores pages; goes near the top of MIDDLEWARE (below WhiteNoise, so static
    files skip it, and above the middleware that add headers, so a stored page keeps them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        strip_tracking_parameters(request)
        seconds = cache_seconds()
        if not seconds or not request_is_cacheable(request):
            return self._mark(request, self.get_response(request), SKIP)
        key = None
        try:
            key, cached = lookup(request)
        except Exception:  # noqa: BLE001 - with the cache down, pages are still served
            logger.exception("Could not read the page cache")
            cached = None
        if cached is not None:
            cached[HEADER] = HIT
            return cached
        response = self.get_response(request)
        if key is None or not response_is_cacheable(request, response):
            return self._mark(request, response, SKIP)
        response[HEADER] = MISS
        try:
            # Stored under the version read before the page was built: if a publish purged the
            # cache meanwhile, this copy is already stale and is never read.
            cache.set(key, response, seconds)
        except Exception:  # noqa: BLE001
            logger.exception("Could not write the page cache")
        return response

    @staticmethod
    def _mark(request, response, status):
        if request.method in ("GET", "HEAD"):
            response[HEADER] = status
        return response


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


def purge_on_change(*models, not_on_create=False):
    """Purge the page cache whenever a row of one of `models` is saved or deleted (with
    `not_on_create`, only when an existing row is saved again, or deleted)."""
    (_purging_on_change_only if not_on_create else _purging_models).update(models)


def changes_public_pages(model):
    """Does saving or deleting a `model` row change what public pages show?"""
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


def model_saved(sender, created=False, **kwargs):
    if changes_public_pages(sender) or (sender in _purging_on_change_only and not created):
        purge_after_commit()


def model_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) or changes_public_pages(sender) or sender in _purging_on_change_only:
        purge_after_commit()


def page_changed(sender, **kwargs):
    purge_after_commit()


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"page_cache_{id(signal)}")
    post_save.connect(model_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(model_deleted, dispatch_uid="page_cache_deleted")
