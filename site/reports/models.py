"""Monthly highlight reports of the Walsall Together Partnership Board, which go to the
Walsall Healthcare NHS Trust Board, and the page that lists them."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accessible_formats.pages import OffersOtherFormats
from base.blocks import RICH_TEXT_FEATURES
from base.models import BasePage

from . import blocks
from .forms import HighlightReportPageForm


class HighlightReportIndexPage(RoutablePageMixin, BasePage):
    """Lists the reports newest first, by year, with filters and an Atom feed at feed/."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage"]
    subpage_types = ["reports.HighlightReportPage"]
    page_cache_routes = ("feed",)  # the Atom feed is public too: feed readers may share the cached copy

    class Meta:
        verbose_name = "highlight report index page"

    def get_context(self, request, *args, **kwargs):
        from .services import report_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = report_listing(self, request.GET)
        context["feed_url"] = self.feed_url
        return context

    @property
    def feed_url(self):
        return self.url + self.reverse_subpage("feed")

    @path("feed/")
    def feed(self, request):
        from .feeds import HighlightReportFeed

        return HighlightReportFeed()(request, index=self)


class HighlightReportPage(OffersOtherFormats, BasePage):
    """One month's highlight report. `month` is always the 1st of its month, and unique."""

    month = models.DateField(
        unique=True,
        help_text="The month of the Partnership Board meeting. There is one report a month.",
        error_messages={"unique": "There is already a highlight report for this month."},
    )
    pdf = models.ForeignKey(
        get_document_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="PDF of the report", help_text="The report as it went to the Trust Board.",
    )
    key_decisions = StreamField([(blocks.DECISION, blocks.ReportItemBlock())], blank=True)
    updates = StreamField([(blocks.UPDATE, blocks.ReportItemBlock())], blank=True)
    risks = StreamField([(blocks.RISK, blocks.RiskBlock())], blank=True)
    next_steps = StreamField([(blocks.NEXT_STEP, blocks.NextStepBlock())], blank=True)
    # Filled from the blocks' topics on every save, so the index can filter by topic.
    topics = ParentalManyToManyField("base.Topic", blank=True, related_name="highlight_reports")

    base_form_class = HighlightReportPageForm
    content_panels = Page.content_panels + [
        FieldPanel("month"),
        FieldPanel("summary"),
        FieldPanel("pdf"),
        FieldPanel("key_decisions"),
        FieldPanel("updates"),
        MultiFieldPanel([FieldPanel("risks"), FieldPanel("next_steps")], heading="Risks and next steps"),
    ]
    promote_panels = Page.promote_panels  # the summary is on the content tab here
    search_fields = BasePage.search_fields + [
        index.SearchField("key_decisions"),
        index.SearchField("updates"),
        index.SearchField("risks"),
        index.SearchField("next_steps"),
        index.RelatedFields("topics", [index.SearchField("name")]),  # "respiratory" finds its reports
        index.FilterField("month"),
    ]
    parent_page_types = ["reports.HighlightReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "highlight report"

    def set_month_defaults(self):
        """The month is stored as its 1st day; an empty title and slug come from the month."""
        from .services import report_title

        if self.month:
            self.month = self.month.replace(day=1)
            if not self.title:
                self.title = report_title(self.month)
            if not self.slug:
                self.slug = slugify(f"{self.month:%B %Y}")

    def full_clean(self, *args, **kwargs):
        self.set_month_defaults()
        super().full_clean(*args, **kwargs)

    def clean(self):
        from .services import month_is_taken

        super().clean()
        if self.month and month_is_taken(self.month, exclude=self):
            raise ValidationError({"month": f"There is already a highlight report for {self.month:%B %Y}."})

    def save(self, *args, **kwargs):
        from .services import topics_in

        self.set_month_defaults()
        if kwargs.get("update_fields") is None:  # a full save: the blocks may have changed
            self.topics = topics_in(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .services import document_summary, report_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = report_sections(self)
        context["pdf_summary"] = document_summary(self.pdf) if self.pdf else ""
        return context
