"""A question asked at a roadshow and the answer given, transcribed so it can be read
(and found by site search) without watching the recording."""
from wagtail import blocks

ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.TextBlock(max_length=500, help_text="The question as it was asked, in plain English.")
    answer = blocks.RichTextBlock(features=ANSWER_FEATURES)
    theme = blocks.CharBlock(
        required=False, max_length=80,
        help_text="Optional. Questions with the same theme are shown together, for example 'Shared records'.",
    )

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "roadshows/blocks/question_answer.html"


class QuestionsBlock(blocks.StreamBlock):
    question = QuestionAnswerBlock()
