"""The public "Join the User Group" form: fill in, check your answers, send.

Works without JavaScript and without a session: the check step carries the answers in hidden
fields, with the locality filled in from the postcode when the applicant left it blank, so they
see it and can change it before sending.
"""
from django.template.response import TemplateResponse

from base.ratelimit import rate_limit_posts

from .. import app_settings
from ..equality import EqualityMonitoringForm, reveals_something
from ..forms import UserGroupApplicationForm
from ..localities import Locality
from ..services.user_group import submit_application

FORM_TEMPLATE = "engagement/user_group_application_page.html"
CHECK_TEMPLATE = "engagement/user_group_application_page_check.html"
THANKS_TEMPLATE = "engagement/user_group_application_page_thanks.html"
CHANGE, SEND = "change", "send"


@rate_limit_posts("user_group_application")
def serve_application_page(page, request):
    context = page.get_context(request)
    if request.method != "POST":
        return _form_response(request, context, UserGroupApplicationForm(), EqualityMonitoringForm())

    form = UserGroupApplicationForm(request.POST)
    equality_form = EqualityMonitoringForm(request.POST)
    valid = form.is_valid() & equality_form.is_valid()  # both, so every error shows at once
    step = request.POST.get("step")
    if not valid or step == CHANGE:
        return _form_response(request, context, form, equality_form)
    if step == SEND:
        answers = equality_form.answers()
        application, _ = submit_application(
            form.cleaned_data, answers, equality_consent=equality_form.cleaned_data.get("consent", False),
            source=page.url or "",
        )
        context.update(application=application, response_days=app_settings.user_group_waiting_days())
        return TemplateResponse(request, THANKS_TEMPLATE, context)
    context.update(
        form=form, equality_form=equality_form, carried=_carried(request.POST, form.cleaned_data),
        answers=_answers_for_check(form, equality_form),
    )
    return TemplateResponse(request, CHECK_TEMPLATE, context)


def _form_response(request, context, form, equality_form):
    context.update(form=form, equality_form=equality_form, errors=_error_list(form, equality_form))
    return TemplateResponse(request, FORM_TEMPLATE, context)


def _error_list(*forms):
    """[(anchor, message)] for the error summary; radios and tick boxes link to their first option."""
    errors = []
    for form in forms:
        if not form.is_bound:
            continue
        for name in [name for name in form.fields if name in form.errors]:  # in the order of the form
            field, messages = form[name], form.errors[name]
            anchor = field.auto_id
            if field.widget_type in ("radioselect", "checkboxselectmultiple"):
                anchor = f"{anchor}_0"
            errors += [(anchor, message) for message in messages]
    return errors


def _carried(data, cleaned):
    """[(name, value)] to post again from the check step, with the filled-in locality."""
    pairs = [(name, value) for name, values in data.lists() if name not in ("csrfmiddlewaretoken", "step",
                                                                            "locality", "locality_from_postcode")
             for value in values]
    pairs.append(("locality", cleaned.get("locality") or ""))
    pairs.append(("locality_from_postcode", "True" if cleaned.get("locality_from_postcode") else "False"))
    return pairs


def _answers_for_check(form, equality_form):
    """[(question, answer)] for the check page, in plain words."""
    data = form.cleaned_data
    labels = {name: dict(form.fields[name].choices) for name in (
        "preferred_contact", "lived_experience", "participation", "availability", "heard_about")}
    locality = dict(Locality.choices).get(data.get("locality"), "Not given")
    if data.get("locality_from_postcode"):
        locality += " (from your postcode: change it if this is wrong)"
    heard = labels["heard_about"].get(data.get("heard_about"), "Not given")
    if data.get("heard_about") == "other" and data.get("heard_about_other"):
        heard = f"{heard}: {data['heard_about_other']}"
    equality_answers = equality_form.answers()
    if not equality_answers:
        equality_summary = "You chose not to answer"
    elif reveals_something(equality_answers):
        equality_summary = f"You answered {len(equality_answers)} of 8 questions, and agreed that we can use your answers"
    else:
        equality_summary = "You chose 'Prefer not to say'"
    return [
        ("Name", data["name"]),
        ("E-mail address", data.get("email") or "Not given"),
        ("Phone number", data.get("phone") or "Not given"),
        ("How we contact you", labels["preferred_contact"].get(data["preferred_contact"])),
        ("Postcode", data.get("postcode") or "Not given"),
        ("Part of Walsall", locality),
        ("Interested in", ", ".join(topic.name for topic in data.get("interests", [])) or "Not given"),
        ("Experience of services", labels["lived_experience"].get(data["lived_experience"])),
        ("How you would like to take part", ", ".join(labels["participation"][v] for v in data["participation"])),
        ("When you are free", ", ".join(labels["availability"][v] for v in data.get("availability", []))
         or "Not given"),
        ("Support to take part", data.get("access_needs") or "None given"),
        ("How you heard about us", heard),
        ("Equality questions", equality_summary),
    ]
