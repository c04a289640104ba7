"""The blocks a newsletter story is made of.

Kept deliberately plain (heading, text, image, call to action) so the same issue can later be
sent as an e-mail: no layout blocks, every image has alt text or is marked decorative, and
every link can be written as an absolute URL.
"""
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale

# No headings inside text: the heading block gives stories one flat, e-mail friendly structure.
STORY_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class StoryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=250,
        help_text="Describe the image for people who cannot see it. Required unless the image is decorative.",
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the image adds no information (screen readers will skip it).",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "newsletters/blocks/story_image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(block_errors={
                "alt_text": ValidationError("Describe the image, or tick 'decorative' if it adds no information."),
            })
        return value


class CallToActionValue(blocks.StructValue):
    def link_url(self):
        """Where the button goes: the chosen page while it is live, otherwise the web address."""
        page = self.get("page")
        if page is not None and page.live:
            return page.url
        return self.get("external_url") or ""

    def absolute_url(self):
        """The same link as a full URL, for use outside the website (e-mail)."""
        page = self.get("page")
        if page is not None and page.live:
            return page.get_full_url()
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, help_text="Say where the link goes, for example 'Join the User Group'.")
    page = blocks.PageChooserBlock(required=False)
    external_url = blocks.URLBlock(required=False, label="Or a web address")

    class Meta:
        icon = "link"
        template = "newsletters/blocks/call_to_action.html"
        value_class = CallToActionValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            message = "Choose a page or enter a web address, not both." if value.get("page") else (
                "Choose a page or enter a web address."
            )
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value


class StoryBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", icon="title",
                               template="newsletters/blocks/story_heading.html")
    text = blocks.RichTextBlock(features=STORY_TEXT_FEATURES, template="newsletters/blocks/story_text.html")
    image = StoryImageBlock()
    call_to_action = CallToActionBlock()


class NewsletterSignupBlock(blocks.StructBlock):
    """The newsletter sign-up form, for any page. It posts to the sign-up page (which shows any
    mistakes, with the answers kept); without a published sign-up page it shows nothing."""

    heading = blocks.CharBlock(max_length=120, default="Get our e-mails")
    text = blocks.TextBlock(required=False, max_length=400,
                            help_text="For example, what people will get and how often.")

    class Meta:
        icon = "mail"
        label = "Newsletter sign-up form"
        template = "newsletters/blocks/signup_block.html"

    def get_context(self, value, parent_context=None):
        from .forms import SignUpForm
        from .models import NewsletterSignupPage

        context = super().get_context(value, parent_context=parent_context)
        # The sign-up page in the language this block is read in (the form it shows is in that
        # language, and signing up keeps it as the subscriber's), else the English one.
        pages = NewsletterSignupPage.objects.live().public()
        signup_page = (pages.filter(locale=Locale.get_active()).first()
                       or pages.filter(locale=Locale.get_default()).first() or pages.first())
        context["signup_page"] = signup_page
        if signup_page is not None:
            page = (parent_context or {}).get("page")
            form = SignUpForm(initial={"source": page.url if page is not None else ""})
            context["form"] = form if form.fields["lists"].queryset.exists() else None
        return context
