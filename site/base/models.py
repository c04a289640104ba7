from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .languages import PreferredLanguageField, language_of_request
from .ratelimit import count_submission, rate_limit_posts


class BasePage(Page):
    """Fields every public page has: a plain-English summary used in listings and search."""

    summary = models.TextField(
        blank=True, max_length=400,
        help_text="One or two sentences in plain English, shown in listings and search results.",
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    promote_panels = Page.promote_panels + [FieldPanel("summary")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from .prefetch import prefetch_page_content

        context = super().get_context(request, *args, **kwargs)
        prefetch_page_content(self)  # renditions and rich text links in a few queries, not per block
        return context


class HomePage(BasePage):
    introduction = models.TextField(blank=True)
    join_heading = models.CharField(max_length=120, default="Join the User Group")
    join_text = models.TextField(
        blank=True,
        help_text="Why residents, patients and carers should join the Healthwatch User Group.",
    )
    join_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("join_heading"), FieldPanel("join_text"), FieldPanel("join_page")],
                        heading="Call to join the User Group"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from .home import home_page_rows, home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_page_sections(self)
        context["rows"] = home_page_rows(context["sections"])
        return context


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]


class SectionIndexPage(BasePage):
    """A section landing page that lists its child pages as cards."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        from django.db.models import Q
        from wagtail import hooks

        context = super().get_context(request, *args, **kwargs)
        # Pages deeper in the section an app wants listed here too (`section_index_pages` hook: a
        # function returning a Q that picks them), after the section's own children; one query.
        wanted = Q(depth=self.depth + 1)
        for hook in hooks.get_hooks("section_index_pages"):
            wanted |= hook()
        found = list(self.get_descendants().filter(wanted).live().public().specific().defer_streamfields()
                     .order_by("path"))
        children = [page for page in found if page.depth == self.depth + 1]
        children += [page for page in found if page.depth != self.depth + 1]
        context["child_pages"] = children
        return context


class NewsPage(BasePage):
    date = models.DateField("Published on")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    parent_page_types = ["base.SectionIndexPage"]
    subpage_types = []


class ContactPage(BasePage):
    """The contact form: messages go to the partnership's role mailbox, never a person."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("thank_you_text")]
    max_count = 1

    @rate_limit_posts("contact")
    def serve(self, request, *args, **kwargs):
        from .forms import ContactForm
        from .services import submit_contact_message

        if request.method == "POST":
            form = ContactForm(request.POST)
            if form.is_valid():
                submit_contact_message(form.cleaned_data, source=self.url, language=language_of_request())
                count_submission(request, "contact")
                return TemplateResponse(request, "base/contact_page_thanks.html", self.get_context(request))
        else:
            form = ContactForm()
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)


class ContactMessage(models.Model):
    """A message sent through the contact form. Personal data: see personal_data.py."""

    name = models.CharField(max_length=200)
    email = models.EmailField(db_index=True)
    subject = models.CharField(max_length=200)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled = models.BooleanField(default=False)
    submission_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False,
        help_text="From the form, so a double submit stores one message.",
    )
    language = PreferredLanguageField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} ({self.created_at:%d %b %Y})"


@register_setting(icon="list-ul")
class SiteSettings(ClusterableModel, BaseGenericSetting):
    """Site-wide text and the footer links editors manage."""

    footer_text = models.TextField(
        blank=True,
        default="Walsall Together is the integrated care partnership for Walsall.",
    )

    panels = [FieldPanel("footer_text"), InlinePanel("footer_links", label="Footer links")]

    class Meta:
        verbose_name = "Site settings"


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=100, blank=True, help_text="Defaults to the page title.")

    panels = [FieldPanel("page"), FieldPanel("label")]

    @property
    def text(self):
        return self.label or self.page.title


class PeriodicTaskRun(models.Model):
    """When each scheduled task was last queued, shared by every scheduler process."""

    name = models.CharField(max_length=200, primary_key=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self):
        return self.name


def contact_retention_days():
    return settings.CONTACT_RETENTION_DAYS


class Topic(models.Model):
    """One shared taxonomy for filtering content: programme areas, priority pathways and
    Walsall's four localities. Highlight reports, events and engagement exercises all tag
    with it, so a resident can follow one topic across the site."""

    class Kind(models.TextChoices):
        PROGRAMME_AREA = "programme_area", "Programme area"
        PATHWAY = "pathway", "Priority pathway"
        LOCALITY = "locality", "Locality"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("kind"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_topic_name_per_kind")]

    def __str__(self):
        return self.name


class UncheckedTranslation(models.Model):
    """A page in another language that no translator has checked yet (the demo's translations are
    all of these). Staff see the note on the page's edit screen; a translator who has checked the
    page deletes this record ("Translations to check" in Settings). Nothing ever marks a
    translation as checked on its own."""

    NOTE = "Demo translation – to be checked by a translator before going live"

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="unchecked_translation")
    note = models.CharField(max_length=200, default=NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "translation to check"
        verbose_name_plural = "translations to check"

    def __str__(self):
        return f"{self.page.get_admin_display_title()} ({self.page.locale.get_display_name()})"
