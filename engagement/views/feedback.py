"""Public feedback pages, reached through EngagementExercisePage's routes (and engagement/urls.py
for the "stop sending me updates" link). Thin: the rules are in services/feedback.py and loop.py.

Spam and abuse without a CAPTCHA: a honeypot field (a bot that fills it in is thanked and
ignored), a rate limit per internet address (base.ratelimit, group "engagement_feedback" in
settings.RATE_LIMITS; over it, the 429 page), and staff blocks (services/moderation.block_sender:
quarantined, not refused, so an abuser is not told and nothing a person sent is lost by a
mistaken block).
"""
from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from base.ratelimit import count_submission, rate_limit_posts

from ..forms import ResponseForm, feedback_equality_form
from ..services import feedback, loop
from .application import _error_list


def client_ip(request):
    """The visitor's internet address (behind a proxy, from the header RATELIMIT_IP_META_KEY names)."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    return (request.META.get(header) or "").split(",")[0].strip()


@rate_limit_posts("engagement_feedback")
def respond(request, exercise):
    """The response form (GET) and sending it (POST). Outside the opening window the form is not
    offered, and a POST is refused (403) with a page that says why; nothing is stored."""
    context = exercise.get_context(request)
    if context["state"] != feedback.OPEN:
        return _closed(request, exercise, context)
    if request.method != "POST":
        response = _form(request, context, ResponseForm(exercise=exercise), feedback_equality_form())
        del response["X-Robots-Tag"]  # the open form is in the sitemap: search engines may list it
        return response
    form = ResponseForm(request.POST, exercise=exercise)
    equality_form = feedback_equality_form(request.POST)
    if form.is_spam:
        return _thanks(request, context, None)
    valid = form.is_valid() & equality_form.is_valid()  # both, so every error shows at once
    if not valid:
        return _form(request, context, form, equality_form)
    try:
        response, _ = feedback.submit_response(
            exercise, form.response_data(), form.answers(), equality_answers=equality_form.answers(),
            equality_consent=equality_form.cleaned_data.get("consent", False), ip_address=client_ip(request),
            source=exercise.url or "")
    except feedback.ExerciseNotOpen as error:
        context.update(state=feedback.exercise_state(exercise), message=str(error))
        return _closed(request, exercise, context)
    count_submission(request, "engagement_feedback")
    return _thanks(request, context, response)


def _form(request, context, form, equality_form):
    errors = _error_list(form, equality_form)
    non_field = [("your-answers", message) for message in form.non_field_errors()]
    context.update(form=form, equality_form=equality_form, errors=non_field + errors)
    return _private(TemplateResponse(request, "engagement/response_form.html", context))


def _thanks(request, context, response):
    context.update(response=response, wants_updates=bool(response and response.wants_updates))
    return _private(TemplateResponse(request, "engagement/response_thanks.html", context))


def _closed(request, exercise, context):
    context.setdefault("message", "")
    status = 403 if request.method == "POST" else 200
    return _private(TemplateResponse(request, "engagement/response_closed.html", context, status=status))


def you_said_we_did(request, exercise):
    context = exercise.get_context(request)
    context["outcome"] = feedback.exercise_outcome(exercise)
    return TemplateResponse(request, "engagement/you_said_we_did.html", context)


def theme_quotes(request, exercise, theme_id):
    """Every quote of one theme, a page at a time (the outcome page shows the first few)."""
    found = feedback.theme_quotes(exercise, theme_id, request.GET.get("page"))
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

