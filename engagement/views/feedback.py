"""Public feedback pages, reached through EngagementExercisePage's routes (and engagement/urls.py
for the "stop sending me updates" link): the "You said, we did" pages and stopping updates. The
response form is views/response_form.py. Thin: the rules are in services/feedback.py and loop.py.
"""
from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from ..services import feedback, loop


def client_ip(request):
    """The visitor's internet address (behind a proxy, from the header RATELIMIT_IP_META_KEY names)."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    return (request.META.get(header) or "").split(",")[0].strip()


def you_said_we_did(request, exercise):
    context = exercise.get_context(request)
    context["outcome"] = feedback.exercise_outcome(exercise.original)
    return TemplateResponse(request, "engagement/you_said_we_did.html", context)


def theme_quotes(request, exercise, theme_id):
    """Every quote of one theme, a page at a time (the outcome page shows the first few)."""
    found = feedback.theme_quotes(exercise.original, theme_id, request.GET.get("page"))
    if found is None:
        raise Http404("No such theme")
    context = exercise.get_context(request)
    context["theme"], context["quotes"] = found
    context["page_range"] = context["quotes"].paginator.get_elided_page_range(context["quotes"].number)
    return TemplateResponse(request, "engagement/theme_quotes.html", context)


def stop_updates(request, token):
    """The "stop sending me updates" link: a page with a button (so that a mail scanner following
    the link stops nothing), then stopping."""
    found = loop.read_stop_token(token)
    if found is None:
        return _private(TemplateResponse(request, "engagement/stop_updates.html", {"invalid": True}, status=400))
    exercise, _ = found
    context = {"exercise": exercise, "stopped": None}
    if request.method == "POST":
        context["stopped"] = loop.stop_updates(token)
    return _private(TemplateResponse(request, "engagement/stop_updates.html", context))


def _private(response):
    """A form or a personal page: not kept by browsers or shared caches, not indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

