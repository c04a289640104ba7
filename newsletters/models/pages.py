"""The newsletter pages: the archive, each issue, and the sign-up page."""
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accessible_formats.pages import OffersOtherFormats
from base.blocks import RICH_TEXT_FEATURES
from base.models import BasePage

from ..blocks import StoryBlock


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
        from ..services import newsletter_archive

        context = super().get_context(request, *args, **kwargs)
        context["archive"] = newsletter_archive(self, request.GET.get("year"))
        return context


class NewsletterIssuePage(OffersOtherFormats, BasePage):
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


class NewsletterSignupPage(RoutablePageMixin, BasePage):
    """Where residents and partner staff sign up for our mailing lists (double opt-in).

    The sign-up block that editors place on other pages posts its form here, so a form with
    a mistake in it is always shown again on this page, with the person's answers kept.
    """

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    check_email_text = RichTextField(
        "What people see after signing up", blank=True, features=RICH_TEXT_FEATURES,
        help_text="Shown under 'Check your e-mail'. We always show the same page, whether or not the address "
                  "was already signed up, so nobody can find out who is on our lists.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("check_email_text")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage", "base.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "newsletter sign-up page"

    @path("")
    def sign_up(self, request):
        from ..views import sign_up

        return sign_up(request, self)

    @path("check-your-email/")
    def check_your_email(self, request):
        from ..views import check_your_email

        return check_your_email(request, self)
