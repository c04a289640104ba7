"""The public "Give your views" response form of an engagement exercise, as question pages
(base.question_pages): a start page, one page per question the exercise asks, then a little
about the person (where they live, quoting, hearing back), the equality questions as their own
optional section that can be skipped in one press, check your answers, send.

Reached through EngagementExercisePage's routes. Works without JavaScript. The answers are kept
in the session only until they are sent (or the browser is closed), one flow per exercise.
Outside the opening window no page is offered and every POST is refused (403) with a page that
says why. Thin: the rules about responses are in services/feedback.py.

Spam and abuse without a CAPTCHA: a honeypot field on the first question page (a bot that fills
it in is thanked and ignored), a rate limit per internet address that counts sent responses
(base.ratelimit, group "engagement_feedback"; moving through the pages is never stopped half
way), and staff blocks (services/moderation.block_sender).
"""
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from base.languages import language_of_request
from base.question_pages import QuestionFlow, Step, answer_text, change_url
from base.ratelimit import count_submission, rate_limit_posts

from ..forms import FeedbackEqualityPagesForm, ResponseForm, is_spam
from ..models import Response
from ..services import feedback
from . import equality_steps
from .equality_steps import EQUALITY
from .feedback import _private, client_ip

RATE_GROUP = "engagement_feedback"

SECTIONS = {
    "answers": _("Your answers"),
    "about": _("About you"),
    "quoting": _("Quoting your words"),
    "hear_back": _("Hear what happened"),
    EQUALITY: equality_steps.SECTION_TITLE,
}
# The short question shown beside each answer about the person on the check page.
SUMMARY_LABELS = {
    "locality": _("Part of Walsall"), "publish_consent": _("May we quote you"), "display_name": _("Name to show"),
    "email": _("E-mail address"), "wants_updates": _("E-mail me what happens"),
}


def response_flow(exercise):
    """The exercise's questions, one a page, then the same questions about the person for every exercise."""
    return QuestionFlow(
        key=f"engagement_response_{exercise.pk}",
        forms={"main": ResponseForm, EQUALITY: FeedbackEqualityPagesForm},
        form_kwargs={"main": {"exercise": exercise}},
        token_form="main",
        steps=[
            *[Step(f"question-{number}", "main", (question.field_name,), section="answers")
              for number, question in enumerate(feedback.questions(exercise), start=1)],
            Step("where-you-live", "main", ("locality",), section="about"),
            Step("quoting", "main", ("publish_consent", "display_name"), title=_("Quoting your words"),
                 section="quoting"),
            Step("hear-back", "main", ("email", "wants_updates"), title=_("Hear what happened"), section="hear_back"),
            *equality_steps.equality_steps("engagement/response/equality_start.html"),
        ],
    )


def _sent_key(exercise):
    return f"engagement_response_{exercise.pk}_sent"


def _url(exercise, route, *args):
    return exercise.url + exercise.reverse_subpage(route, args=args)


def _step_url(exercise, step, back_to_check=False):
    return _url(exercise, "respond_question", step.slug) + ("?change=1" if back_to_check else "")


def _open_context(request, exercise):
    """(context, None) while the exercise is open, else (context, the "closed" page)."""
    context = exercise.get_context(request)
    if context["state"] != feedback.OPEN:
        return context, _closed(request, context)
    return context, None


def start(request, exercise):
    """What we will ask and how we use it, "Start now" (and "Continue" for a response under way)."""
    context, closed = _open_context(request, exercise)
    if closed:
        return closed
    flow = response_flow(exercise)
    context.update(start_url=_step_url(exercise, flow.steps[0]), in_progress=flow.started(request),
                   check_url=_url(exercise, "respond_check"), question_count=len(feedback.questions(exercise)))
    response = _private(TemplateResponse(request, "engagement/response_start.html", context))
    del response["X-Robots-Tag"]  # the open form's start page is in the sitemap: search engines may list it
    return response


@rate_limit_posts(RATE_GROUP, sends_form=False)
def question(request, exercise, slug):
    context, closed = _open_context(request, exercise)
    if closed:
        return closed
    flow = response_flow(exercise)
    step = flow.step(slug)
    if step is None:
        raise Http404
    back_to_check = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        if is_spam(request.POST):
            flow.clear(request)
            request.session[_sent_key(exercise)] = None  # thanked, nothing stored
            return redirect(_url(exercise, "respond_sent"))
        forms, done, skipped = flow.answer(request, step, request.POST)
        if done:
            following = flow.after(request, step, skipped=skipped, changing=back_to_check)
            return redirect(_step_url(exercise, following) if following else _url(exercise, "respond_check"))
    else:
        forms = flow.shown(request, step)
    return _question_response(request, exercise, context, flow, step, forms, back_to_check)


def _question_response(request, exercise, context, flow, step, forms, back_to_check):
    number, total = flow.progress(step, forms)
    previous = flow.previous_step(request, step, forms)
    form = forms[step.form]
    if back_to_check:
        back_url = _url(exercise, "respond_check")
    else:
        back_url = _step_url(exercise, previous) if previous else _url(exercise, "respond")
    context.update(
        step=step, form=form, equality_form=forms[EQUALITY], fields=[form[name] for name in step.fields],
        errors=flow.error_list(step, forms), section=SECTIONS[step.section], number=number, total=total,
        change=back_to_check, back_url=back_url, honeypot=form["website"] if step == flow.steps[0] else None,
        free_text=any(question.field_name in step.fields and question.kind == "free_text"
                      for question in forms["main"].questions),
    )
    return _private(TemplateResponse(request, step.template or "engagement/response/question.html", context))


@rate_limit_posts(RATE_GROUP)
def check(request, exercise):
    """Check your answers (GET), and send (POST)."""
    context, closed = _open_context(request, exercise)
    if closed:
        return closed
    flow = response_flow(exercise)
    if not flow.started(request):
        if request.method == "POST" and _sent_key(exercise) in request.session:
            return redirect(_url(exercise, "respond_sent"))  # "Send" pressed twice
        return redirect(_url(exercise, "respond"))
    forms = flow.bind(request)
    unfinished = flow.first_unfinished(request, forms)
    if unfinished is not None:
        return redirect(_step_url(exercise, unfinished, back_to_check=flow.seen(request, flow.steps[0])))
    main, equality = forms["main"], forms[EQUALITY]
    # A rule about the whole response ("answer at least one question"): shown here, linked to the first question.
    first = _step_url(exercise, flow.steps[0], back_to_check=True)
    errors = [(first, message) for message in main.non_field_errors()]
    if request.method == "POST" and not errors:
        try:
            response, _ = feedback.submit_response(
                exercise.original, main.response_data(), main.answers(), equality_answers=equality.answers(),
                equality_consent=equality.cleaned_data.get("consent", False), ip_address=client_ip(request),
                source=exercise.url or "", language=language_of_request())
        except feedback.ExerciseNotOpen as error:
            context.update(state=feedback.exercise_state(exercise), message=str(error))
            return _closed(request, context)
        count_submission(request, RATE_GROUP)
        flow.clear(request)
        request.session[_sent_key(exercise)] = response.pk
        return redirect(_url(exercise, "respond_sent"))
    context.update(sections=_summary(exercise, flow, forms), errors=errors,
                   back_url=_step_url(exercise, flow.applicable(forms)[-1]))
    return _private(TemplateResponse(request, "engagement/response/check.html", context))


def sent(request, exercise):
    """Response sent: shown to whoever sent one here in this browser session (even once the exercise has closed)."""
    key = _sent_key(exercise)
    if key not in request.session:
        return redirect(_url(exercise, "respond"))
    response = Response.objects.filter(pk=request.session[key]).first()
    context = exercise.get_context(request)
    context.update(response=response, wants_updates=bool(response and response.wants_updates))
    return _private(TemplateResponse(request, "engagement/response_thanks.html", context))


def _closed(request, context):
    context.setdefault("message", "")
    status = 403 if request.method == "POST" else 200
    return _private(TemplateResponse(request, "engagement/response_closed.html", context, status=status))


# The check page ---------------------------------------------------------------------------------


def _summary(exercise, flow, forms):
    """[(section, [(question, answer, change url)])] in the order asked, in plain words."""
    main = forms["main"]
    labels = {question.field_name: question.label for question in main.questions}
    named = main.cleaned_data.get("publish_consent") == Response.PublishConsent.NAMED

    def rows(step, url):
        equality_rows = equality_steps.summary_rows(step, forms, url)
        if equality_rows is not None:
            return equality_rows
        return [(labels.get(name) or SUMMARY_LABELS[name],
                 answer_text(main, name, empty=_("Not answered") if name in labels else _("Not given")),
                 change_url(url, main, name))
                for name in step.fields if named or name != "display_name"]

    return flow.summary(forms, SECTIONS, lambda step: _step_url(exercise, step, back_to_check=True), rows)
