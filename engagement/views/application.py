"""The public "Join the User Group" application, as question pages (base.question_pages):
a start page, one short page per question or small group, the equality questions as their own
optional section that can be skipped in one press, check your answers, send.

Reached through UserGroupApplicationPage's routes. Works without JavaScript. The answers are
kept in the session only until they are sent (or the browser is closed). Thin: the rules about
applications are in services/user_group.py.
"""
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.languages import language_of_request
from base.phone import format_phone
from base.question_pages import QuestionFlow, Step, change_url
from base.ratelimit import count_submission, rate_limit_posts

from .. import app_settings
from ..equality import EqualityQuestionPagesForm
from ..forms import UserGroupApplicationForm
from ..localities import Locality
from ..services.user_group import submit_application
from . import equality_steps
from .equality_steps import EQUALITY

RATE_GROUP = "user_group_application"
SENT_KEY = "user_group_application_sent"

FLOW = QuestionFlow(
    key="user_group_application",
    forms={"main": UserGroupApplicationForm, EQUALITY: EqualityQuestionPagesForm},
    steps=[
        Step("contact-details", "main", ("name", "email", "phone", "preferred_contact"),
             title=_("Your contact details"), section="you"),
        Step("where-you-live", "main", ("postcode", "locality"), hidden=("locality_from_postcode",),
             title=_("Where you live"), section="you"),
        Step("services", "main", ("pathways",), section="interests"),
        Step("our-work", "main", ("programme_areas",), section="interests"),
        Step("experience", "main", ("lived_experience",), section="interests"),
        Step("taking-part", "main", ("participation", "availability"), title=_("Taking part"), section="taking_part"),
        Step("support", "main", ("access_needs",), section="taking_part"),
        Step("how-you-heard", "main", ("heard_about", "heard_about_other"), title=_("How you heard about us"),
             section="taking_part"),
        *equality_steps.equality_steps("engagement/application/equality_start.html"),
        Step("agree", "main", ("consent",), title=_("Agree to how we use your details"), section="agree"),
    ],
    token_form="main",
)

SECTIONS = {
    "you": _("About you"),
    "interests": _("What you are interested in"),
    "taking_part": _("Taking part"),
    EQUALITY: equality_steps.SECTION_TITLE,
    "agree": _("Agree and send"),
}

# The short question shown beside each answer on the check page.
SUMMARY_LABELS = {
    "name": _("Name"), "email": _("E-mail address"), "phone": _("Phone number"),
    "preferred_contact": _("How we contact you"),
    "postcode": _("Postcode"), "locality": _("Part of Walsall"), "pathways": _("Services you are interested in"),
    "programme_areas": _("Areas of our work"), "lived_experience": _("Experience of services"),
    "participation": _("How you would like to take part"), "availability": _("When you are free"),
    "access_needs": _("Support to take part"), "heard_about": _("How you heard about us"),
    "consent": _("Agreement"),
}


def _private(response):
    add_never_cache_headers(response)
    return response


def _step_url(page, step, back_to_check=False):
    return page.url + page.reverse_subpage("question", args=[step.slug]) + ("?change=1" if back_to_check else "")


def _check_url(page):
    return page.url + page.reverse_subpage("check")


def start(request, page):
    """The start page: who the group is for, what we will ask, "Start now"."""
    context = page.get_context(request)
    first = FLOW.steps[0]
    context.update(start_url=_step_url(page, first), in_progress=FLOW.started(request),
                   check_url=_check_url(page))
    return TemplateResponse(request, page.get_template(request), context)


@rate_limit_posts(RATE_GROUP, sends_form=False)
def question(request, page, slug):
    step = FLOW.step(slug)
    if step is None:
        raise Http404
    back_to_check = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        forms, done, skipped = FLOW.answer(request, step, request.POST)
        if done:
            if step.slug == "where-you-live":
                _keep_suggested_locality(request, forms["main"])
            return _after(request, page, step, back_to_check, skipped=skipped)
    else:
        forms = FLOW.shown(request, step)
    return _question_response(request, page, step, forms, back_to_check)


def _after(request, page, step, back_to_check, skipped=False):
    """Where to go once a step is answered: on, or back to the check page when changing an answer."""
    following = FLOW.after(request, step, skipped=skipped, changing=back_to_check)
    return redirect(_step_url(page, following) if following else _check_url(page))


def _question_response(request, page, step, forms, back_to_check):
    context = page.get_context(request)
    number, total = FLOW.progress(step, forms)
    previous = FLOW.previous_step(request, step, forms)
    form = forms[step.form]
    context.update(
        step=step, form=form, equality_form=forms[EQUALITY], fields=[form[name] for name in step.fields],
        hidden_fields=[form[name] for name in step.hidden], errors=FLOW.error_list(step, forms),
        section=SECTIONS.get(step.section, ""), number=number, total=total, change=back_to_check,
        back_url=_check_url(page) if back_to_check else (_step_url(page, previous) if previous else page.url),
    )
    return _private(TemplateResponse(request, step.template or "engagement/application/question.html", context))


def _keep_suggested_locality(request, form):
    """Fill in the part of Walsall the postcode suggests, marked as suggested, so the person sees
    it on the check page and can change it."""
    locality = form.cleaned_data.get("locality") or ""
    suggested = form.cleaned_data.get("locality_from_postcode")
    FLOW.set_answers(request, {"locality": [locality], "locality_from_postcode": ["True" if suggested else ""]})


@rate_limit_posts(RATE_GROUP)
def check(request, page):
    """Check your answers (GET), and send (POST)."""
    if not FLOW.started(request):
        if request.method == "POST" and request.session.get(SENT_KEY):
            return redirect(page.url + page.reverse_subpage("sent"))  # "Send" pressed twice
        return redirect(page.url)
    forms = FLOW.bind(request)
    unfinished = FLOW.first_unfinished(request, forms)
    if unfinished is not None:
        return redirect(_step_url(page, unfinished, back_to_check=FLOW.seen(request, FLOW.steps[0])))
    if request.method == "POST":
        main, equality = forms["main"], forms[EQUALITY]
        application, _ = submit_application(
            main.cleaned_data, equality.answers(), equality_consent=equality.cleaned_data.get("consent", False),
            source=page.url or "", language=language_of_request())
        count_submission(request, RATE_GROUP)
        FLOW.clear(request)
        request.session[SENT_KEY] = application.pk
        return redirect(page.url + page.reverse_subpage("sent"))
    context = page.get_context(request)
    context.update(sections=_summary(page, forms), back_url=_step_url(page, FLOW.applicable(forms)[-1]))
    return _private(TemplateResponse(request, "engagement/application/check.html", context))


def sent(request, page):
    from ..models import UserGroupApplication

    application = UserGroupApplication.objects.filter(pk=request.session.get(SENT_KEY)).first()
    if application is None:
        return redirect(page.url)
    context = page.get_context(request)
    context.update(application=application, response_days=app_settings.user_group_waiting_days())
    return _private(TemplateResponse(request, "engagement/user_group_application_page_thanks.html", context))


# The check page ---------------------------------------------------------------------------------


def _summary(page, forms):
    """[(section, [(question, answer, change url)])] in the order asked, in plain words."""

    def rows(step, url):
        equality_rows = equality_steps.summary_rows(step, forms, url)
        if equality_rows is not None:
            return equality_rows
        form = forms[step.form]
        return [(SUMMARY_LABELS[name], _answer(form, name), change_url(url, form, name))
                for name in step.fields if name != "heard_about_other"]

    return FLOW.summary(forms, SECTIONS, lambda step: _step_url(page, step, back_to_check=True), rows)


def _answer(form, name):
    data = form.cleaned_data
    value = data.get(name)
    if name == "consent":
        return _("You agreed") if value else _("You did not agree")
    if name == "locality":
        text = dict(Locality.choices).get(value, _("Not given"))
        if value and data.get("locality_from_postcode"):
            text = format_lazy(_("{part} (from your postcode: change it if this is wrong)"), part=text)
        return text
    if name == "heard_about":
        text = dict(form.fields[name].choices).get(value, _("Not given")) if value else _("Not given")
        if value == "other" and data.get("heard_about_other"):
            text = format_lazy(_("{choice}: {where}"), choice=text, where=data["heard_about_other"])
        return text
    if name in ("pathways", "programme_areas"):
        return ", ".join(topic.name for topic in value or []) or _("None chosen")
    choices = getattr(form.fields[name], "choices", None)
    if choices is not None and not isinstance(value, (list, tuple)):
        return dict(choices).get(value, _("Not given")) if value else _("Not given")
    if isinstance(value, (list, tuple)):
        labels = dict(choices)
        return ", ".join(str(labels[v]) for v in value) or _("None chosen")
    if name == "phone" and value:
        return format_phone(value)
    return value or (_("None given") if name == "access_needs" else _("Not given"))
