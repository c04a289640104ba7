from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accessible_formats.pages import OffersOtherFormats
from base.blocks import RICH_TEXT_FEATURES, BodyBlock
from base.models import BasePage

from .forms import ResourcePageForm


class ResourceIndexPage(BasePage):
    """Lists the resources below it: information for patients, carers and the public."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage"]
    subpage_types = ["resources.ResourcePage"]

    class Meta:
        verbose_name = "resource index page"

    def get_context(self, request, *args, **kwargs):
        from .services import resources_in

        context = super().get_context(request, *args, **kwargs)
        context["resources"] = resources_in(self)
        return context


class ResourcePage(OffersOtherFormats, BasePage):
    """A public document (a booklet, a leaflet) with an accessible version on the page.

    A PDF must have an HTML or plain-text version (see services.accessible_alternative_error).
    """

    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=False, on_delete=models.SET_NULL, related_name="+",
        help_text="The file people can download. Everyone can see it.",
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name="HTML version",
        help_text="The document's content as a web page, with headings. Best for screen readers and phones.",
    )
    text_version = models.TextField(
        "plain-text version", blank=True,
        help_text="Only if there is no HTML version: the document's content as plain text.",
    )

    base_form_class = ResourcePageForm
    content_panels = Page.content_panels + [
        FieldPanel("document"),
        MultiFieldPanel(
            [FieldPanel("body"), FieldPanel("text_version")],
            heading="Accessible version",
            help_text="Required for a PDF: give an HTML version or a plain-text version.",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.SearchField("text_version")]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "resource"

    @property
    def file_description(self):
        from .services import document_description

        return document_description(self.document)
