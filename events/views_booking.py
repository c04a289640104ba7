"""Booking a place, as question pages (base.question_pages): who you are, who is coming, any help
you need to take part (optional, skipped in one press), agreement, then check your answers, which
says whether you will get a place or join the waiting list, then book.

Reached through EventPage's routes: `book/` (the first question), `book/<step>/`, `book/check/`.
Works without JavaScript. The answers are kept in the session, per event, only until the
booking is made or the browser is closed; nothing reaches the database before "Book my place".
Never cached (the page cache keeps no sub-routes of an event, and every page here is private).
Thin: the rules are in services.py.

On a translated event page (/pl/..., /ur/...) the questions, errors and pages are in that
language, and the booking is made on the original event (its places are the original's) with
the language stored on it, so every later e-mail to the person is in that language too.
"""
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.languages import language_of_request
from base.phone import format_phone
from base.question_pages import QuestionFlow, Step, change_url
from base.ratelimit import count_submission, rate_limit_posts

from . import services
from .forms import BookingForm
from .links import booking_path
from .models import Booking
from .views import private

RATE_GROUP = "event_booking"
SENT_KEY = "event_booking_sent"  # {event id: token of the booking just made}, so "Book" twice makes one
ACCESS = "access"
FILLED_UP = gettext_lazy("The last places went while you were checking your answers, so we have put you on "
                         "the waiting list. We will e-mail you if a place becomes free.")


def _asks_companions(forms):
    return "companions" in forms["main"].fields


STEPS = [
    Step("your-details", "main", ("name", "email", "phone"), title=gettext_lazy("Your details"), section="you"),
    Step("about-you", "main", ("role",), section="you"),
    Step("companions", "main", ("companions",), section="you", applies=_asks_companions),
    Step("access-needs", "main", ("access_needs", "access_needs_other"), title=gettext_lazy("Help to take part"),
         section=ACCESS, skippable=True),
    Step("agree", "main", ("consent",), title=gettext_lazy("How we use your details"), section="agree"),
]

SECTIONS = {"you": gettext_lazy("About you"), ACCESS: gettext_lazy("Help to take part (optional)"),
            "agree": gettext_lazy("Agree and book")}

# The short question shown beside each answer on the check page.
SUMMARY_LABELS = {
    "name": gettext_lazy("Name"), "email": gettext_lazy("E-mail address"), "phone": gettext_lazy("Phone number"),
    "role": gettext_lazy("Which best describes you"), "companions": gettext_lazy("Bringing anyone with you"),
    "access_needs": gettext_lazy("Help you need"), "access_needs_other": gettext_lazy("Anything else that would help"),
    "consent": gettext_lazy("How we use your details"),
}


def flow_for(event):
    """The booking questions for one event (in any of its languages: the answers are kept once,
    for the original): its own answers in the session, its own choices."""
    original = event.original
    return QuestionFlow(key=f"event_booking_{original.pk}", forms={"main": BookingForm}, steps=STEPS,
                        form_kwargs={"main": {"event": original}})


def _step_url(event, step, back_to_check=False):
    path = "book/" if step is STEPS[0] else f"book/{step.slug}/"
    return event.url + path + ("?change=1" if back_to_check else "")


def _check_url(event):
    return event.url + "book/check/"


def _closed(request, event, availability, error=""):
    """Booking is not open (or closed while the person was booking): why, and nothing kept (said
    only to someone who had answered something)."""
    flow = flow_for(event)
    had_answers = flow.started(request)
    flow.clear(request)
    context = event.get_context(request)
    context.update(availability=availability, error=error, had_answers=had_answers)
    return private(TemplateResponse(request, "events/booking/closed.html", context))


@rate_limit_posts(RATE_GROUP, sends_form=False)
def question(request, event, slug=None):
    """One question page: shown (GET), or its answers kept and on to the next (POST)."""
    flow = flow_for(event)
    step = STEPS[0] if slug is None else flow.step(slug)
    if step is None:
        raise Http404
    availability = services.availability(event.original)
    if not availability.is_open:
        return _closed(request, event, availability)
    back_to_check = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        if step.skippable and "skip" in request.POST:
            flow.skip_section(request, step.section, flow.bind(request))
            return _after(request, event, flow, step, back_to_check, skipped=True)
        flow.store(request, step, request.POST, flow.bind(request))
        _keep_submission_token(request, flow)
        forms = flow.bind(request)
        if not flow.errors(step, forms):
            flow.mark_seen(request, step)
            return _after(request, event, flow, step, back_to_check)
    else:
        forms = flow.bind(request)
        if not flow.seen(request, step):
            forms = {name: _unbound_with_answers(form, event) for name, form in forms.items()}
    context = event.get_context(request)
    number, total = flow.progress(step, forms)
    previous = flow.previous_step(request, step, forms)
    form = forms[step.form]
    context.update(
        availability=availability, step=step, form=form, fields=[form[name] for name in step.fields],
        errors=flow.error_list(step, forms), section=SECTIONS[step.section], number=number, total=total,
        change=back_to_check,
        back_url=_check_url(event) if back_to_check else (_step_url(event, previous) if previous else event.url),
    )
    return private(TemplateResponse(request, "events/booking/question.html", context))


def _after(request, event, flow, step, back_to_check, skipped=False):
    """Where to go once a step is answered: on, or back to the check page when changing an answer."""
    following = flow.next_step(step, flow.bind(request), leaving_section=skipped)
    if back_to_check or following is None:
        return redirect(_check_url(event))
    return redirect(_step_url(event, following))


def _unbound_with_answers(form, event):
    """The form as first shown: no errors yet, with any answers already given filled in."""
    initial = {name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
               for name, field in form.fields.items() if form.add_prefix(name) in form.data}
    return type(form)(initial=initial, event=event.original)


def _keep_submission_token(request, flow):
    """One token for the whole booking, so pressing "Book my place" twice makes one booking."""
    if not flow.bind(request)["main"].data.get("submission_token"):
        flow.set_answers(request, {"submission_token": [str(uuid.uuid4())]})


@rate_limit_posts(RATE_GROUP)
def check(request, event):
    """Check your answers and whether there is a place (GET), and book (POST)."""
    flow = flow_for(event)
    if not flow.started(request):
        sent = request.session.get(SENT_KEY, {}).get(str(event.original.pk))
        if request.method == "POST" and sent:
            return redirect(f"{event.url}booking/{sent}/")  # "Book my place" pressed twice
        return redirect(_step_url(event, STEPS[0]))
    availability = services.availability(event.original)
    if not availability.is_open:
        return _closed(request, event, availability)
    forms = flow.bind(request)
    unfinished = flow.first_unfinished(request, forms)
    if unfinished is not None:
        return redirect(_step_url(event, unfinished, back_to_check=flow.seen(request, STEPS[0])))
    main = forms["main"]
    if request.method == "POST":
        return _book(request, event, flow, main)
    context = event.get_context(request)
    gets_place = services.party_fits(availability.places_left, main.cleaned_data["companions"])
    context.update(
        availability=availability, sections=_summary(event, flow, request, forms), gets_place=gets_place,
        places=1 + main.cleaned_data["companions"],
        back_url=_step_url(event, flow.applicable(forms)[-1]),
    )
    return private(TemplateResponse(request, "events/booking/check.html", context))


def _book(request, event, flow, main):
    try:
        result = services.register_for_event(event.original, main.cleaned_data, source=event.url,
                                             consent_version=main.consent_version, language=language_of_request())
    except services.BookingError as error:
        return _closed(request, event, services.availability(event.original), error=str(error))
    count_submission(request, RATE_GROUP)
    flow.clear(request)
    booking = result.booking
    if result.outcome == "already_booked":
        # Never show someone else's booking: the details go to the address instead.
        services.resend_booking_details(booking)
        return private(TemplateResponse(request, "events/booking_already_made.html", event.get_context(request)))
    request.session[SENT_KEY] = {**request.session.get(SENT_KEY, {}), str(event.original.pk): booking.token}
    if result.created and booking.status == Booking.Status.WAITING and request.POST.get("expected") == "place":
        messages.info(request, FILLED_UP)
    return redirect(booking_path(booking))


# The check page ---------------------------------------------------------------------------------


def _summary(event, flow, request, forms):
    """[(section, [(question, answer, change url)])] in the order asked, in plain words."""
    sections = {}
    form = forms["main"]
    for step in flow.applicable(forms):
        rows = sections.setdefault(SECTIONS[step.section], [])
        url = _step_url(event, step, back_to_check=True)
        if step.skippable and flow.skipped(request, step.section):
            rows.append((_("Help you need"), _("You did not ask for any"), url))
            continue
        for name in step.fields:
            rows.append((SUMMARY_LABELS[name], _answer(form, name), change_url(url, form, name)))
    return [(section, rows) for section, rows in sections.items() if rows]


def _answer(form, name):
    value = form.cleaned_data.get(name)
    if name == "consent":
        return _("You agreed")
    if name == "phone":
        return format_phone(value) if value else _("Not given")
    if name == "access_needs":
        labels = dict(form.fields[name].choices)
        return "\n".join(str(labels[code]) for code in value) or _("None")
    if name in ("role", "companions"):
        return dict(form.fields[name].choices).get(value, _("Not given"))
    return value or (_("Nothing") if name == "access_needs_other" else _("Not given"))
