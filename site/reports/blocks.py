"""The structured parts of a highlight report. Each item names the topic it is about (a
programme area, priority pathway or locality), so reports can be filtered by topic."""
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

REPORT_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
TOPIC_HELP = "The programme area, priority pathway or locality this is about."


class ReportItemBlock(blocks.StructBlock):
    """A key decision or an update."""

    topic = SnippetChooserBlock("base.Topic", help_text=TOPIC_HELP)
    heading = blocks.CharBlock(max_length=120, help_text="A short heading in plain English.")
    text = blocks.RichTextBlock(features=REPORT_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"


class RiskBlock(blocks.StructBlock):
    topic = SnippetChooserBlock("base.Topic", required=False, help_text=TOPIC_HELP)
    risk = blocks.CharBlock(max_length=160, help_text="What could go wrong, in a few words.")
    description = blocks.TextBlock(required=False)
    mitigation = blocks.TextBlock(label="What we are doing about it")

    class Meta:
        icon = "warning"


class NextStepBlock(blocks.StructBlock):
    topic = SnippetChooserBlock("base.Topic", required=False, help_text=TOPIC_HELP)
    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "arrow-right"


# Block names of each StreamField; services read topics from them.
DECISION, UPDATE, RISK, NEXT_STEP = "decision", "update", "risk", "next_step"
