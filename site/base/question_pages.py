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

and pages call `FLOW.step_view(...)`-style helpers from their views (see
engagement/views/application.py).
"""
from dataclasses import dataclass, field
from typing import Callable

from django.utils.datastructures import MultiValueDict


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

    def error_list(self, step, forms):
        """[(anchor, message)] for the error summary; radios and tick boxes link to their first option."""
        form, listed = forms[step.form], []
        for name, messages in self.errors(step, forms).items():
            bound = form[name]
            anchor = bound.auto_id
            if bound.widget_type in ("radioselect", "checkboxselectmultiple"):
                anchor = f"{anchor}_0"
            listed += [(anchor, message) for message in messages]
        return listed
