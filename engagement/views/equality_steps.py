"""The equality questions as question pages (base.question_pages), the same in every public form
that asks them (the User Group application, the feedback response form): an opening page that
skips the whole section in one press, one page per question (the ethnic group on two), then the consent to use the
answers, asked only when an answer says something about the person."""
from django.utils.translation import gettext_lazy as _

from base.question_pages import Step, answer_text, change_url

from ..equality import QUESTIONS, reveals_something

EQUALITY = "equality"
SECTION_TITLE = _("Equality questions (optional)")
CONSENT_LABEL = _("Use of your equality answers")
SUMMARY_LABELS = {question.field: question.report_label for question in QUESTIONS} | {
    "ethnic_heading": _("Ethnic group"), "ethnic_group": _("Ethnic background")}


def reveals(forms):
    form = forms[EQUALITY]
    form.is_valid()  # cleaned_data holds the answers, even beside an error
    return reveals_something(form.answers())


def _chose_a_group(forms):
    return forms[EQUALITY].chose_a_group()


def _question_steps(question):
    if question.field == "ethnic_group":  # two short pages (equality.EthnicGroupInTwoSteps)
        return [Step("ethnic-group", EQUALITY, ("ethnic_heading",), section=EQUALITY),
                Step("ethnic-background", EQUALITY, ("ethnic_group",), section=EQUALITY, applies=_chose_a_group)]
    return [Step(question.field.replace("_", "-"), EQUALITY, (question.field,), section=EQUALITY)]


def equality_steps(start_template):
    """The section's steps; `start_template` explains, in the form's own words, why we ask."""
    return [
        Step("equality-questions", EQUALITY, (), section=EQUALITY, skippable=True, template=start_template),
        *[step for question in QUESTIONS for step in _question_steps(question)],
        # A title, so the page has a heading: a lone tick box is not one.
        Step("equality-consent", EQUALITY, ("consent",), title=_("Using your equality answers"), section=EQUALITY,
             applies=reveals),
    ]


def summary_rows(step, forms, url):
    """The "Check your answers" rows of a step of this section (each answer with its change link
    `url`, or one row saying the person chose not to answer); None for a step of another section."""
    if step.section != EQUALITY:
        return None
    form = forms[EQUALITY]
    answers = form.answers()
    if step.skippable:
        return [] if answers else [(_("Equality questions"), _("You chose not to answer"), url)]
    if not answers:
        return []
    rows = []
    for name in step.fields:
        if name == "consent":
            rows.append((CONSENT_LABEL, _("You agreed") if form.cleaned_data.get(name) else _("You did not agree"),
                         change_url(url, form, name)))
        else:
            rows.append((SUMMARY_LABELS[name], answer_text(form, name), change_url(url, form, name)))
    return rows
