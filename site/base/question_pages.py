"""Long public forms as question pages (the NHS and GOV.UK pattern): a short page per question
or small group of questions, a back link, progress, then "Check your answers" with a change link
per answer, then send.

The answers live only in the person's session until they send, and that session ends when the
browser closes (`set_expiry(0)`; `clearsessions` removes what is left on the server), so an
abandoned form keeps nothing. Nothing reaches the database before "Send".

Each step is validated against the whole form bound to every answer so far, and only the
errors of that step's fields are shown. So a rule that spans two fields on one step (an e-mail
address or a phone number) is checked where it is asked, and "Send" checks everything again.

A flow is declared once, with plain data:

    FLOW = QuestionFlow("user_group_application", forms={"main": ApplicationForm, ...}, steps=[
        Step("contact", "main", ("name", "email", "phone"), title="Your contact details"),
        Step("equality", "equality", (), section="equality", skippable=True, template=...),
        ...
    ])

and its pages' views call the flow: `shown` and `answer` on a question page, `after` for where
next, `first_unfinished` and `summary` on the check page (see engagement/views/application.py
and response_form.py). `error_list` also serves one-page forms' error summaries.
"""
import uuid
from dataclasses import dataclass, field
from typing import Callable

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext, gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    form: str                       # which of the flow's forms holds the fields
    fields: tuple = ()              # field names in that form, in the order asked
    title: str = ""                 # the page heading when a step asks more than one question
    section: str = ""               # steps of one section can be skipped together
    skippable: bool = False         # offers "Skip these questions" for its whole section
    applies: Callable | None = None  # (bound forms) -> bool; None: always asked
    template: str = ""              # a step's own template, if it needs more than its fields
    hidden: tuple = ()              # fields kept with the step but not shown (set by the form)

    @property
    def single_question(self):
        return len(self.fields) == 1 and not self.title


@dataclass
class QuestionFlow:
    key: str
    forms: dict
    steps: list
    form_kwargs: dict = field(default_factory=dict)
    token_form: str = ""            # the form with a submission token (base.forms.SubmissionTokenMixin), if any

    # The session --------------------------------------------------------------------------------

    def _state(self, request):
        return request.session.get(self.key) or {"data": {}, "seen": []}

    def _save(self, request, state):
        request.session[self.key] = state
        # The answers go when the browser closes, not weeks later.
        request.session.set_expiry(0)

    def started(self, request):
        return self.key in request.session

    def clear(self, request):
        request.session.pop(self.key, None)

    def extra(self, request, name, default=None):
        """A value the flow keeps beside the answers (a submission token, say)."""
        return self._state(request).get("extra", {}).get(name, default)

    def set_extra(self, request, name, value):
        state = self._state(request)
        state.setdefault("extra", {})[name] = value
        self._save(request, state)

    # Answers ------------------------------------------------------------------------------------

    def bind(self, request):
        """{form name: form bound to every answer so far}."""
        data = MultiValueDict(self._state(request)["data"])
        return {name: form_class(data=data, **self.form_kwargs.get(name, {}))
                for name, form_class in self.forms.items()}

    def html_names(self, step, forms):
        form = forms[step.form]
        return [form[name].html_name for name in step.fields + step.hidden]

    def store(self, request, step, post, forms):
        """Keep what the person sent for this step (even if it has errors: nothing they typed is lost)."""
        state = self._state(request)
        for html_name in self.html_names(step, forms):
            # An unticked box sends nothing: store that as "no answer", not as the old answer.
            state["data"][html_name] = post.getlist(html_name)
        if step.section in state.get("skipped", []):
            state["skipped"].remove(step.section)  # answering after all
        self._save(request, state)

    def set_answers(self, request, answers):
        """Overwrite stored answers: {html name: [values]}."""
        state = self._state(request)
        state["data"].update(answers)
        self._save(request, state)

    def mark_seen(self, request, *steps):
        state = self._state(request)
        state["seen"] = sorted(set(state["seen"]) | {step.slug for step in steps})
        self._save(request, state)

    def seen(self, request, step):
        return step.slug in self._state(request)["seen"]

    def skip_section(self, request, section, forms):
        """Clear and pass over every step of a section ("Skip these questions")."""
        steps = [step for step in self.steps if step.section == section]
        state = self._state(request)
        for step in steps:
            for html_name in self.html_names(step, forms):
                state["data"][html_name] = []
        state["seen"] = sorted(set(state["seen"]) | {step.slug for step in steps})
        state["skipped"] = sorted(set(state.get("skipped", [])) | {section})
        self._save(request, state)

    def skipped(self, request, section):
        return section in self._state(request).get("skipped", [])

    # A step's page ------------------------------------------------------------------------------

    def shown(self, request, step):
        """{form name: form} for a step's page: as first shown (no errors) until the step has been
        answered, then bound to the answers (so coming back to fix one shows its error)."""
        return self.bind(request) if self.seen(request, step) else self.unbound_with_answers(request)

    def answer(self, request, step, post):
        """Take a step's POST: "skip" on a skippable step passes over its section; otherwise its
        answers are kept, errors and all. Returns (forms, done, skipped): done when the step is
        answered without errors (or skipped), so the person goes on."""
        if step.skippable and "skip" in post:
            self.skip_section(request, step.section, self.bind(request))
            return self.bind(request), True, True
        self.store(request, step, post, self.bind(request))
        self.keep_submission_token(request)
        forms = self.bind(request)
        if self.errors(step, forms):
            return forms, False, False
        self.mark_seen(request, step)
        return forms, True, False

    def after(self, request, step, *, skipped=False, changing=False):
        """The step to ask once this one is done; None for check your answers (always, when the
        person came to change an answer from there, unless this is the opening page of a section
        they can skip, with no question of its own, and they chose to answer: its questions come next)."""
        if changing and not (step.skippable and not step.fields and not skipped):
            return None
        return self.next_step(step, self.bind(request), leaving_section=skipped)

    # Steps --------------------------------------------------------------------------------------

    def step(self, slug):
        return next((step for step in self.steps if step.slug == slug), None)

    def applicable(self, forms):
        return [step for step in self.steps if step.applies is None or step.applies(forms)]

    def errors(self, step, forms):
        """{field name: [messages]} for this step's fields only."""
        form = forms[step.form]
        return {name: form.errors[name] for name in step.fields + step.hidden if name in form.errors}

    def next_step(self, step, forms, *, leaving_section=False):
        """The next page to ask: the next question, or with leaving_section the first after the section."""
        steps = self.applicable(forms)
        later = [s for s in steps if self.steps.index(s) > self.steps.index(step)]
        if leaving_section:
            later = [s for s in later if s.section != step.section]
        return later[0] if later else None

    def previous_step(self, request, step, forms):
        """The page "Back" goes to: the question before, or the start of a section the person skipped."""
        steps = self.applicable(forms)
        earlier = [s for s in steps if self.steps.index(s) < self.steps.index(step)]
        if not earlier:
            return None
        previous = earlier[-1]
        if previous.section != step.section and self.skipped(request, previous.section):
            return next(s for s in earlier if s.section == previous.section and s.skippable)
        return previous

    def first_unfinished(self, request, forms):
        """The first step not yet answered, or answered with an error; None when all are done."""
        for step in self.applicable(forms):
            if not self.seen(request, step) or self.errors(step, forms):
                return step
        return None

    def progress(self, step, forms):
        """(number, of): where this step is among the steps this person will be asked."""
        steps = self.applicable(forms)
        return (steps.index(step) + 1 if step in steps else None), len(steps)

    def summary(self, forms, sections, change_url, rows):
        """[(section title, [(question, answer, change url)])] for "Check your answers", in the order
        asked: `sections` {section: title}, `change_url(step)`, `rows(step, url)` a step's rows."""
        found = {}
        for step in self.applicable(forms):
            found.setdefault(sections[step.section], []).extend(rows(step, change_url(step)))
        return [(title, listed) for title, listed in found.items() if listed]

    def error_list(self, step, forms):
        """[(anchor, message)] for the error summary of this step's page."""
        return error_list(forms[step.form], names=step.fields + step.hidden)

    def unbound_with_answers(self, request):
        """{form name: form} as a step is first shown: no errors yet, any answers already given filled in."""
        shown = {}
        for name, form in self.bind(request).items():
            initial = {field_name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(field_name))
                       for field_name, field in form.fields.items() if form.add_prefix(field_name) in form.data}
            shown[name] = self.forms[name](initial=initial, **self.form_kwargs.get(name, {}))
        return shown

    def keep_submission_token(self, request):
        """One submission token for the whole form (base.forms.SubmissionTokenMixin), made when the
        first answer is stored, so pressing "Send" twice makes one record."""
        if not self.token_form:
            return
        bound = self.bind(request)[self.token_form]
        html_name = bound["submission_token"].html_name
        if not bound.data.get(html_name):
            self.set_answers(request, {html_name: [str(uuid.uuid4())]})


def error_list(*forms, names=None):
    """[(anchor, message)] for an error summary, in the order of the forms' fields (only `names`
    when given); radios and tick boxes link to their first option. Unbound forms have no errors."""
    listed = []
    for form in forms:
        if not form.is_bound:
            continue
        for name in [name for name in form.fields if name in form.errors and (names is None or name in names)]:
            listed += [(field_anchor(form[name]), message) for message in form.errors[name]]
    return listed


def field_anchor(bound_field):
    """The id a link to this question lands on and focuses: a group of radios or tick boxes has no
    element with the field's own id (the GOV.UK and NHS.UK pattern links to its first option),
    other fields their input (a field of several inputs, its first)."""
    if bound_field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def change_url(url, form, name):
    """The "Change" link of a "Check your answers" row: the question's page, at the question."""
    return f"{url}#{field_anchor(form[name])}"


def answer_text(form, name, empty=_("Not given")):
    """One answer in plain words for "Check your answers": a choice by its label, several joined
    with commas, a tick box as Yes or No, `empty` for no answer."""
    value = form.cleaned_data.get(name)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    labels = {str(key): label for key, label in getattr(form.fields[name], "choices", None) or []}
    if isinstance(value, (list, tuple)):
        return ", ".join(str(labels.get(str(item), item)) for item in value) or str(empty)
    if not value:
        return str(empty)
    return str(labels.get(str(value), value))
