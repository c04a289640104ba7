"""The questions of an engagement exercise, built by editors as a StreamField.

Each question keeps the id Wagtail gives its block, and answers are stored against that id
(with the question's words at the time), so editing or reordering questions later never
mixes up answers already given.
"""
from wagtail import blocks

# Five-point rating scales, worded for the question being asked: value -> label.
RATING_SCALES = {
    "good": ("How good", ["Very poor", "Poor", "Neither good nor poor", "Good", "Very good"]),
    "agree": ("How much people agree", ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                                        "Strongly agree"]),
    "important": ("How important", ["Not at all important", "Not very important", "Quite important",
                                    "Very important", "Extremely important"]),
}


def rating_choices(scale):
    """[(1, 'Very poor'), ...] for a scale key; unknown keys fall back to 'good'."""
    _, labels = RATING_SCALES.get(scale) or RATING_SCALES["good"]
    return [(str(number), label) for number, label in enumerate(labels, start=1)]


class _QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, help_text="The question, in plain English.")
    hint = blocks.CharBlock(required=False, max_length=300, help_text="Optional help shown under the question.")
    required = blocks.BooleanBlock(required=False, help_text="People must answer it to send their response.")


class FreeTextQuestionBlock(_QuestionBlock):
    quotable = blocks.BooleanBlock(
        required=False, default=True,
        help_text="Answers may be quoted on the website: only after moderation and only if the person agreed.")

    class Meta:
        icon = "pilcrow"
        label = "Free text question"


class ChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2, help_text="The answers people choose from.")
    multiple = blocks.BooleanBlock(required=False, help_text="People may choose more than one answer.")

    class Meta:
        icon = "list-ul"
        label = "Choice question"


class RatingQuestionBlock(_QuestionBlock):
    scale = blocks.ChoiceBlock(choices=[(key, label) for key, (label, _) in RATING_SCALES.items()], default="good",
                               help_text="The five answers people choose from.")

    class Meta:
        icon = "pick"
        label = "Rating question"


class QuestionsBlock(blocks.StreamBlock):
    free_text = FreeTextQuestionBlock()
    choice = ChoiceQuestionBlock()
    rating = RatingQuestionBlock()
