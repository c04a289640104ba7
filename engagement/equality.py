"""Equality monitoring: the questions, their answers and the public form, in one place.

Any form that asks these questions (the User Group application now, "You said, we did" feedback
later) uses `EqualityMonitoringForm` and stores the answers in `EqualityMonitoring`, so every
report counts the same categories. Every question is optional and has "Prefer not to say".
The ethnic groups are the 19 Census 2021 categories for England, under their 5 headings.
"""
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.forms import PublicFormMixin
from privacy.consents import current_wording

PREFER_NOT_TO_SAY = "prefer_not_to_say"
_PREFER = (PREFER_NOT_TO_SAY, _("Prefer not to say"))
CONSENT_PURPOSE = "equality_monitoring"

AGE_BANDS = [
    ("under_18", _("Under 18")),
    ("18_24", _("18 to 24")),
    ("25_34", _("25 to 34")),
    ("35_44", _("35 to 44")),
    ("45_54", _("45 to 54")),
    ("55_64", _("55 to 64")),
    ("65_74", _("65 to 74")),
    ("75_plus", _("75 or over")),
    _PREFER,
]
SEXES = [("female", _("Female")), ("male", _("Male")), _PREFER]
GENDER_IDENTITY = [("yes", _("Yes")), ("no", _("No")), _PREFER]

# Census 2021 (England): heading -> [(code, category)]. Reports count by heading.
ETHNIC_GROUP_HEADINGS = [
    ("asian", _("Asian, Asian British or Asian Welsh"), [
        ("bangladeshi", _("Bangladeshi")),
        ("chinese", _("Chinese")),
        ("indian", _("Indian")),
        ("pakistani", _("Pakistani")),
        ("other_asian", _("Any other Asian background")),
    ]),
    ("black", _("Black, Black British, Black Welsh, Caribbean or African"), [
        ("african", _("African")),
        ("caribbean", _("Caribbean")),
        ("other_black", _("Any other Black, Black British or Caribbean background")),
    ]),
    ("mixed", _("Mixed or Multiple ethnic groups"), [
        ("white_asian", _("White and Asian")),
        ("white_black_african", _("White and Black African")),
        ("white_black_caribbean", _("White and Black Caribbean")),
        ("other_mixed", _("Any other Mixed or Multiple ethnic background")),
    ]),
    ("white", _("White"), [
        ("white_british", _("English, Welsh, Scottish, Northern Irish or British")),
        ("irish", _("Irish")),
        ("gypsy_traveller", _("Gypsy or Irish Traveller")),
        ("roma", _("Roma")),
        ("other_white", _("Any other White background")),
    ]),
    ("other", _("Other ethnic group"), [
        ("arab", _("Arab")),
        ("other_ethnic", _("Any other ethnic group")),
    ]),
]
ETHNIC_GROUPS = [(code, label) for _, _, items in ETHNIC_GROUP_HEADINGS for code, label in items] + [_PREFER]
ETHNIC_HEADINGS = [(key, label) for key, label, _ in ETHNIC_GROUP_HEADINGS]
ETHNIC_HEADING_OF = {code: key for key, _, items in ETHNIC_GROUP_HEADINGS for code, _ in items}

DISABILITY = [("yes", _("Yes")), ("no", _("No")), _PREFER]
SEXUAL_ORIENTATIONS = [
    ("straight", _("Straight or heterosexual")),
    ("gay_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Another sexual orientation")),
    _PREFER,
]
RELIGIONS = [
    ("none", _("No religion")),
    ("christian", _("Christian")),
    ("buddhist", _("Buddhist")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Any other religion")),
    _PREFER,
]
UNPAID_CARER = [("yes", _("Yes")), ("no", _("No")), _PREFER]


@dataclass(frozen=True)
class Question:
    field: str          # the EqualityMonitoring field and form field name
    label: str          # the question as asked
    report_label: str   # the short name used in reports and on "Check your answers"
    choices: list
    hint: str = ""

    def report_values(self):
        """The values a report counts: ethnic groups by their 5 headings, others as asked."""
        if self.field == "ethnic_group":
            return ETHNIC_HEADINGS
        return [(value, label) for value, label in self.choices if value != PREFER_NOT_TO_SAY]

    def report_value(self, answer):
        if self.field == "ethnic_group":
            return ETHNIC_HEADING_OF.get(answer, answer)
        return answer


QUESTIONS = [
    Question("age_band", _("What is your age?"), _("Age"), AGE_BANDS),
    Question("sex", _("What is your sex?"), _("Sex"), SEXES),
    Question("gender_identity_same", _("Is the gender you identify with the same as your sex registered at birth?"),
             _("Gender identity same as sex registered at birth"), GENDER_IDENTITY),
    Question("ethnic_group", _("What is your ethnic group?"), _("Ethnic group"), ETHNIC_GROUPS,
             hint=_("Choose the option that best describes your ethnic group or background.")),
    Question("disability", _("Do you have a disability, or a physical or mental health condition or illness "
                             "that has lasted or is expected to last 12 months or more?"),
             _("Disability or long-term condition"), DISABILITY),
    Question("sexual_orientation", _("Which of the following best describes your sexual orientation?"),
             _("Sexual orientation"), SEXUAL_ORIENTATIONS),
    Question("religion", _("What is your religion?"), _("Religion"), RELIGIONS),
    Question("unpaid_carer", _("Do you look after, or give any help or support to, anyone because of a long-term "
                               "illness, disability, mental health condition or problems related to old age?"),
             _("Unpaid carer"), UNPAID_CARER, hint=_("Do not count anything you do as part of your paid job.")),
]
QUESTION_FIELDS = [question.field for question in QUESTIONS]


def question(field):
    return next(q for q in QUESTIONS if q.field == field)


def answer_label(field, value):
    return dict(question(field).choices).get(value, "")


def reveals_something(answers):
    """True when any answer is more than 'Prefer not to say': only then is it special category data."""
    return any(value and value != PREFER_NOT_TO_SAY for value in answers.values())


class EqualityMonitoringForm(PublicFormMixin, forms.Form):
    """The optional equality questions. Use with a prefix ("equality") beside the main form.

    Consent is asked separately from the main form's consent, and is needed only when an
    answer says something about the person (answering only "Prefer not to say" needs none).
    """

    prefix = "equality"
    # The question fields and "consent" are added below, from QUESTIONS.

    def clean(self):
        cleaned = super().clean()
        if reveals_something(self.answers()) and not cleaned.get("consent"):
            self.add_error("consent", ValidationError(
                _("Tick the box to agree that we can use your equality answers, or choose "
                  "'Prefer not to say' for each question you answered"), code="consent_required"))
        return cleaned

    def answers(self):
        """{field: value} of the questions answered (blank ones left out)."""
        data = getattr(self, "cleaned_data", {})
        return {field: data[field] for field in QUESTION_FIELDS if data.get(field)}

    def ethnic_group_options(self):
        """The ethnic group radios grouped under their Census headings, for the template."""
        options = list(self["ethnic_group"])
        groups, start = [], 0
        for _, label, items in ETHNIC_GROUP_HEADINGS:
            groups.append((label, options[start:start + len(items)]))
            start += len(items)
        return groups, options[start:]


# Declared from QUESTIONS (in order, consent last), so every form that reuses this one asks the same.
for _q in QUESTIONS:
    EqualityMonitoringForm.base_fields[_q.field] = forms.ChoiceField(
        label=_q.label, help_text=_q.hint, choices=_q.choices, required=False, widget=forms.RadioSelect)
EqualityMonitoringForm.base_fields["consent"] = forms.BooleanField(
    label=current_wording(CONSENT_PURPOSE).label, required=False,
    help_text=_("Only needed if you answered any of the questions above."))


class EthnicGroupInTwoSteps(forms.Form):
    """For question pages (views/equality_steps.py): the ethnic group asked as two short questions,
    as GOV.UK asks it, so that neither page is long on a phone: the broad group (one of the 5
    Census headings), then the background within it. Only the background is stored, as the
    one-page forms store it; "Prefer not to say" to the first question is the answer to both."""

    ethnic_heading = forms.ChoiceField(
        label=question("ethnic_group").label, required=False, widget=forms.RadioSelect,
        choices=ETHNIC_HEADINGS + [_PREFER])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        heading = dict(ETHNIC_HEADINGS).get(self._chosen_heading())
        if heading:
            self.fields["ethnic_group"].label = format_lazy(
                _("Which of these best describes your {group} background?"), group=heading)
            self.fields["ethnic_group"].help_text = ""

    def _chosen_heading(self):
        if self.is_bound:
            return self.data.get(self.add_prefix("ethnic_heading")) or ""
        return self.initial.get("ethnic_heading") or ""

    def clean(self):
        heading, group = self.cleaned_data.get("ethnic_heading"), self.cleaned_data.get("ethnic_group")
        if heading == PREFER_NOT_TO_SAY or not heading:
            self.cleaned_data["ethnic_group"] = heading or ""
        elif not group:
            self.add_error("ethnic_group", _("Choose the option that best describes your background, or "
                                             "'Prefer not to say'"))
        elif group != PREFER_NOT_TO_SAY and ETHNIC_HEADING_OF.get(group) != heading:
            self.add_error("ethnic_group", _("Choose one of the backgrounds listed, or 'Prefer not to say'"))
        return super().clean()

    def ethnic_group_options(self):
        """Only the backgrounds under the group chosen first (and "Prefer not to say")."""
        groups, rest = super().ethnic_group_options()
        label = dict(ETHNIC_HEADINGS).get(self._chosen_heading())
        return [(heading, options) for heading, options in groups if heading == label], rest

    def chose_a_group(self):
        """A background is asked only after one of the 5 groups was chosen."""
        return self._chosen_heading() in dict(ETHNIC_HEADINGS)


class EqualityQuestionPagesForm(EthnicGroupInTwoSteps, EqualityMonitoringForm):
    """The equality questions as the question pages ask them."""
