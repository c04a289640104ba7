"""Forms for engagement feedback: the public response form (its questions come from the
exercise page), the listing filters, and the small forms staff moderate and manage actions with."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.forms import EmailAddressField, PublicFormMixin, RecordChoicesField, SubmissionTokenMixin
from privacy.consents import current_wording

from ..equality import EqualityMonitoringForm, EthnicGroupInTwoSteps
from ..localities import Locality
from ..models import Action, Response, Theme
from ..services import feedback

FREE_TEXT_MAX = 5000


class _TopicFilterForm(forms.Form):
    """GET filters; a value that is not one of the choices is ignored, never an error page."""

    pathway = forms.ChoiceField(label="Priority pathway", required=False,
                                widget=forms.Select(attrs={"class": "nhsuk-select"}))
    locality = forms.ChoiceField(label="Locality", required=False, widget=forms.Select(attrs={"class": "nhsuk-select"}))

    EMPTY = {"pathway": "All pathways", "locality": "All localities"}

    def __init__(self, data, *, topics):
        super().__init__(data)
        self.topics = {(topic.kind, topic.slug): topic for topic in topics}
        for name in ("pathway", "locality"):
            self.fields[name].choices = [("", self.EMPTY[name])] + [
                (topic.slug, topic.name) for topic in topics if topic.kind == name]

    def filters(self):
        """{name: Topic (or value)} for the valid filters given; invalid ones are left out."""
        if not self.is_bound:
            return {}
        filters = {}
        for name, field in self.fields.items():
            value = self.data.get(name) or ""
            if value and value in dict(field.choices):
                filters[name] = self.topics.get((name, value), value)
        return filters


class ExerciseFilterForm(_TopicFilterForm):
    pass


def describe_filters(filters):
    """'about Respiratory and North, with actions that are done' for the "Showing ..." line."""
    topics = [value.name for name, value in filters.items() if name != "status"]
    parts = [f"about {' and '.join(topics)}"] if topics else []
    if status := filters.get("status"):
        parts.append(f"with actions marked \"{feedback.PUBLIC_STATUS[status].lower()}\"")
    return ", ".join(parts)


class OutcomeFilterForm(_TopicFilterForm):
    status = forms.ChoiceField(label="What happened", required=False,
                               choices=[("", "Anything")] + list(feedback.PUBLIC_STATUS.items()),
                               widget=forms.Select(attrs={"class": "nhsuk-select"}))


class ResponseForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    """One response: the exercise's questions (added in __init__), then a little about the person."""

    locality = forms.ChoiceField(
        required=False, label=_("Which part of Walsall do you live in? (optional)"),
        help_text=_("This helps us see whether we have heard from every part of Walsall."),
        choices=Locality.choices, widget=forms.RadioSelect)
    email = EmailAddressField(
        required=False, label=_("Your e-mail address"),
        help_text=_("Only if you would like us to tell you what happens as a result."))
    wants_updates = forms.BooleanField(required=False, label=current_wording(feedback.UPDATES_CONSENT).label)
    publish_consent = forms.ChoiceField(
        label=_("May we quote what you wrote?"), choices=Response.PublishConsent.choices, widget=forms.RadioSelect,
        help_text=current_wording(feedback.PUBLICATION_CONSENT).label,
        error_messages={"required": _("Choose whether we may quote what you wrote")})
    display_name = forms.CharField(
        required=False, max_length=60, label=_("Name to show with your words"),
        help_text=_("For example, your first name. Only needed if you chose to be quoted with a name."),
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-20", "autocomplete": "given-name"}),
        error_messages={"max_length": _("The name must be 60 characters or fewer")})
    # A honeypot: hidden from people (and screen readers); a bot that fills it in is ignored.
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, exercise, **kwargs):
        self.questions = feedback.questions(exercise)
        # The questions go first, and must be fields before PublicFormMixin validates and styles them.
        self.base_fields = {**{question.field_name: _question_field(question) for question in self.questions},
                            **type(self).base_fields}
        super().__init__(*args, **kwargs)
        self.question_fields = [self[question.field_name] for question in self.questions]

    def clean(self):
        cleaned = super().clean()
        email, wants = cleaned.get("email"), cleaned.get("wants_updates")
        if "email" not in self.errors:
            if email and not wants:
                self.add_error("wants_updates", _("Tick the box if you would like us to e-mail you, or remove "
                                                  "your e-mail address"))
            elif wants and not email:
                self.add_error("email", _("Enter your e-mail address, so that we can tell you what happened"))
        if cleaned.get("publish_consent") == Response.PublishConsent.NAMED and not cleaned.get("display_name"):
            self.add_error("display_name", _("Enter the name to show with your words, or choose to be quoted "
                                             "without your name"))
        if not any(cleaned.get(question.field_name) for question in self.questions) and not self.errors:
            raise ValidationError(_("Answer at least one question before you send your response"))
        return cleaned

    @property
    def is_spam(self):
        return is_spam(self.data)

    def answers(self):
        return {question.id: self.cleaned_data.get(question.field_name) for question in self.questions
                if self.cleaned_data.get(question.field_name)}

    def response_data(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in ("locality", "email", "wants_updates", "publish_consent",
                                                   "display_name", "submission_token")}


def is_spam(data):
    """The honeypot (ResponseForm.website) was filled in: only a bot does that."""
    return bool((data.get("website") or "").strip())


def _question_field(question):
    label = question.label
    if question.kind == "free_text":
        return forms.CharField(
            label=label, help_text=question.hint, required=question.required, max_length=FREE_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": format_lazy(_("Answer the question: {question}"), question=label),
                            "max_length": format_lazy(_("Your answer must be {limit} characters or fewer"),
                                                      limit=f"{FREE_TEXT_MAX:,}")})
    # Text boxes get "(optional)" from the form field template; choices say it in their legend.
    legend = label if question.required else format_lazy(_("{question} (optional)"), question=label)
    if question.kind == "choice" and question.multiple:
        return forms.MultipleChoiceField(
            label=legend, help_text=question.hint or _("Choose all that apply."), required=question.required,
            choices=question.choices, widget=forms.CheckboxSelectMultiple,
            error_messages={"required": format_lazy(_("Choose at least one answer: {question}"), question=label)})
    return forms.ChoiceField(
        label=legend, help_text=question.hint, required=question.required, choices=question.choices,
        widget=forms.RadioSelect, error_messages={"required": format_lazy(_("Choose an answer: {question}"),
                                                                           question=label)})


class FeedbackEqualityForm(EqualityMonitoringForm):
    """The foundation's equality questions, with the consent worded for feedback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = current_wording(feedback.EQUALITY_CONSENT).label


class FeedbackEqualityPagesForm(EthnicGroupInTwoSteps, FeedbackEqualityForm):
    """The feedback equality questions as the response form's question pages ask them."""


# Staff forms ---------------------------------------------------------------------------------------


class StaffResponseForm(ResponseForm):
    """A response received by phone, on paper or at an event, typed in by staff."""

    channel = forms.ChoiceField(label="How did we receive it?", widget=forms.RadioSelect,
                                choices=[c for c in Response.Channel.choices if c[0] != Response.Channel.ONLINE])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["wants_updates"].help_text = "Read this to the person; tick it only if they agree."
        self.fields["publish_consent"].help_text = "Read this to the person: " + self.fields["publish_consent"].help_text

    @property
    def is_spam(self):
        return False


class ApproveForm(forms.Form):
    """The text to publish of each quotable answer (starting from the suggested redaction)."""

    reason = forms.CharField(required=False, label="Reason for any redaction",
                             help_text="Needed if you changed the suggested text. Kept in the log.")

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        for answer in self.answers:
            self.fields[f"public_text_{answer.pk}"] = forms.CharField(
                required=False, label=f"Text to publish: {answer.question}", widget=forms.Textarea(attrs={"rows": 4}))

    def public_texts(self):
        return {answer.pk: self.cleaned_data.get(f"public_text_{answer.pk}", "") for answer in self.answers}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class SafeguardingForm(forms.Form):
    note = forms.CharField(label="What is the concern?", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="The safeguarding lead is e-mailed a link to this response and this note.")


class ThemesForm(forms.Form):
    themes = RecordChoicesField(queryset=Theme.objects.none(), required=False,
                                widget=forms.CheckboxSelectMultiple, label="Themes")

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(exercise=exercise).order_by("sort_order", "pk")
        self.fields["themes"].label_from_instance = lambda theme: theme.title


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=Action.Status.choices)
    note = forms.CharField(required=False, label="What changed",
                           help_text="Shown on the timeline and in the e-mail to people who asked to hear back.",
                           widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(required=False, label="If it is not possible: why",
                             widget=forms.Textarea(attrs={"rows": 2}))


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(label="Progress update", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Shown on the action's public timeline. No e-mail is sent.")


class ChooseExerciseForm(forms.Form):
    exercise = forms.ModelChoiceField(queryset=None, label="Engagement exercise")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import EngagementExercisePage

        self.fields["exercise"].queryset = EngagementExercisePage.objects.order_by("-opens_on", "title")


__all__ = [
    "ActionStatusForm", "ApproveForm", "ChooseExerciseForm", "ExerciseFilterForm", "OutcomeFilterForm",
    "ProgressUpdateForm", "ReasonForm", "ResponseForm", "SafeguardingForm", "StaffResponseForm", "ThemesForm",
    "FeedbackEqualityForm", "FeedbackEqualityPagesForm", "is_spam",
]
