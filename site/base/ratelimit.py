"""Rate limits for public form posts: one decorator, the 429 page, counts in the default cache.

    from base.ratelimit import rate_limit_posts

    @rate_limit_posts("contact")
    def serve(self, request, *args, **kwargs): ...

Only POST is counted, per client IP address (settings.RATELIMIT_IP_META_KEY behind a proxy) and
per group, so reading a page is never limited and one form's limit does not use up another's.
The rate is settings.RATE_LIMITS[group] or
settings.RATE_LIMIT_PUBLIC_FORMS ("count/period", e.g. "20/10m"). Counting is django-ratelimit's,
in the default cache: Redis when REDIS_URL is set, so every web process shares the counts.
Forms that check a secret (the password of a private page) count only the posts that get the form
back, wrong guesses, with ``rate_limit_failed_posts``: people behind one office address who
type it right are never turned away.
Sign-in, sign-up and password reset are limited by django-allauth (ACCOUNT_RATE_LIMITS) and
answer with the same page (accounts.adapter, config.urls.handler429).
"""
import functools
import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def rate_limit_posts(group):
    """Answer POSTs beyond the group's rate with the 429 page instead of calling the view.

    Works on a view function, a page's ``serve`` method or any function that takes the request
    among its arguments; on a class-based view use ``method_decorator(rate_limit_posts(...),
    name="dispatch")``.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = next((arg for arg in args if isinstance(arg, HttpRequest)), None)
            if request is not None and request.method == "POST":
                wait = seconds_to_wait(request, group)
                if wait is not None:
                    from .views import too_many_requests  # page models use this module: no import cycle

                    return too_many_requests(request, wait_seconds=wait, form_not_sent=True)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def rate_limit_failed_posts(group):
    """Like rate_limit_posts, but a POST counts only when the view answers with the form again
    (status 200, e.g. a wrong password) rather than a redirect. Within the rate a right answer
    is always let through; beyond it even the right one gets the 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            wait = seconds_to_wait(request, group, increment=False)
            if wait is not None:
                from .views import too_many_requests  # as above

                return too_many_requests(request, wait_seconds=wait, form_not_sent=True)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                seconds_to_wait(request, group)
            return response

        return wrapped

    return decorator


def rate_for(group):
    return settings.RATE_LIMITS.get(group) or settings.RATE_LIMIT_PUBLIC_FORMS


def seconds_to_wait(request, group, increment=True):
    """Counts this post (unless not `increment`: only looks); None while the client is within the
    rate, else seconds until it may post again."""
    if not settings.RATE_LIMIT_ENABLED:
        return None
    try:
        usage = get_usage(request, group=f"form:{group}", key="ip", rate=rate_for(group),
                          method=["POST"], increment=increment)
    except Exception:  # noqa: BLE001 - an unreachable cache must not stop residents sending forms
        logger.exception("Rate limit not checked for %s", group)
        return None
    if usage is None:
        return None
    # Looking without counting: this post would be one too many once the count reaches the limit.
    if not (usage["should_limit"] if increment else usage["count"] >= usage["limit"]):
        return None
    return max(usage["time_left"], 1)

