from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES
from base.models import BasePage

from .blocks import StoryBlock


class NewsletterIndexPage(BasePage):
    """The archive of stakeholder newsletters, by year and month, newest first."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage", "base.HomePage"]
    subpage_types = ["newsletters.NewsletterIssuePage"]

    class Meta:
        verbose_name = "newsletter archive"

    def get_context(self, request, *args, **kwargs):
        from .services import newsletter_archive

        context = super().get_context(request, *args, **kwargs)
        context["archive"] = newsletter_archive(self, request.GET.get("year"))
        return context


class NewsletterIssuePage(BasePage):
    """One issue of the stakeholder newsletter."""

    date = models.DateField("Issue date")
    introduction = models.TextField(blank=True, help_text="A short plain-text opening, shown under the title.")
    stories = StreamField(StoryBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("introduction"), FieldPanel("stories")]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("stories"),
        index.FilterField("date"),
    ]
    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "newsletter"
