"""Rate limits for public forms: one decorator, one call when a form is sent, the 429 page.

    from base.ratelimit import count_submission, rate_limit_posts

    @rate_limit_posts("contact")
    def serve(self, request, *args, **kwargs):
        ...
        submit_contact_message(...)
        count_submission(request, "contact")

The limits count *sent forms*, not pages: a person going through a form of several question
pages, correcting a mistake or changing an answer, or a family sending one form each from a
shared computer, is never stopped half way. Two counts, per client IP address
(settings.RATELIMIT_IP_META_KEY behind a proxy) and per group, so reading a page is never
limited and one form's limit does not use up another's:

- forms sent: settings.RATE_LIMITS[group] or settings.RATE_LIMIT_PUBLIC_FORMS ("count/period",
  e.g. "20/10m"), counted by `count_submission` once the form has been stored;
- every POST, as a guard against floods: settings.RATE_LIMIT_FORM_POSTS (generous: a long
  question-page form is about 25 posts).

Beyond either, a POST gets the 429 page and nothing is stored. Counting is django-ratelimit's,
in the default cache: Redis when REDIS_URL is set, so every web process shares the counts.
Forms that check a secret (the password of a private page) use ``rate_limit_failed_posts``:
there the count is of wrong guesses (posts that get the form back), so people behind one office
address who type it right are never turned away.
Sign-in, sign-up and password reset are limited by django-allauth (ACCOUNT_RATE_LIMITS) and
answer with the same page (accounts.adapter, config.urls.handler429).
"""
import functools
import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def rate_limit_posts(group, *, sends_form=True):
    """Answer POSTs beyond the group's rates with the 429 page instead of calling the view.

    With sends_form=False (a question page of a longer form, which only stores an answer) only
    the flood guard applies, so nobody is stopped half way through; the page that sends checks
    the count of sent forms. Works on a view function, a page's ``serve`` method or any function
    that takes the request among its arguments; on a class-based view use
    ``method_decorator(rate_limit_posts(...), name="dispatch")``.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = next((arg for arg in args if isinstance(arg, HttpRequest)), None)
            if request is not None and request.method == "POST":
                wait = seconds_to_wait(request, group, sends_form=sends_form)
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
            wait = seconds_to_wait(request, group)
            if wait is not None:
                from .views import too_many_requests  # as above

                return too_many_requests(request, wait_seconds=wait, form_not_sent=True)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                count_submission(request, group)  # a wrong guess
            return response

        return wrapped

    return decorator


def rate_for(group):
    return settings.RATE_LIMITS.get(group) or settings.RATE_LIMIT_PUBLIC_FORMS


def seconds_to_wait(request, group, sends_form=True):
    """Counts this post against the flood guard; None while the client is within the limits,
    else seconds until it may post again."""
    if not settings.RATE_LIMIT_ENABLED:
        return None
    flood = _usage(request, f"posts:{group}", settings.RATE_LIMIT_FORM_POSTS, increment=True)
    sent = _usage(request, f"form:{group}", rate_for(group), increment=False) if sends_form else None
    waits = []
    if flood and flood["should_limit"]:
        waits.append(flood["time_left"])
    # Not counting this post: the limit is reached once `limit` forms have been sent.
    if sent and sent["count"] >= sent["limit"]:
        waits.append(sent["time_left"])
    return max(max(waits), 1) if waits else None


def count_submission(request, group):
    """Count one sent form against the group's rate (call it once the form has been stored)."""
    if settings.RATE_LIMIT_ENABLED:
        _usage(request, f"form:{group}", rate_for(group), increment=True)


def _usage(request, group, rate, increment):
    try:
        return get_usage(request, group=group, key="ip", rate=rate, method=["POST"], increment=increment)
    except Exception:  # noqa: BLE001 - an unreachable cache must not stop residents sending forms
        logger.exception("Rate limit not checked for %s", group)
        return None

