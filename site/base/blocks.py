"""The one StreamField body every public page uses, built from NHS.UK frontend blocks."""
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailnhsukfrontend import blocks as nhsuk

from newsletters.blocks import NewsletterSignupBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the image for people who cannot see it. Leave empty only if it is decorative.",
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Defaults to the document's title.")
    description = blocks.CharBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", template="blocks/heading_block.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html")
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(help_text="A video or other media by its web address.", icon="media",
                       template="blocks/embed_block.html")
    inset_text = nhsuk.InsetTextBlock()
    warning_callout = nhsuk.WarningCalloutBlock()
    action_link = nhsuk.ActionLinkBlock()
    details = nhsuk.DetailsBlock()
    expander_group = nhsuk.ExpanderGroupBlock()
    card_group = nhsuk.CardGroupBlock()
    summary_list = nhsuk.SummaryListBlock()
    do_list = nhsuk.DoBlock()
    dont_list = nhsuk.DontBlock()
    table = nhsuk.TableBlock()
    newsletter_signup = NewsletterSignupBlock()
