"""Engagement exercises ("Have your say") and the public "You said, we did" pages.

An exercise is a page with an opening and closing date (UK time) and questions editors build.
While it is open anyone can respond (views/feedback.py); the responses, themes and actions
behind its "You said, we did" page are plain models in feedback.py. Which exercises are open,
what is counted and what may be shown are rules in services/feedback.py.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from base.blocks import RICH_TEXT_FEATURES
from base.locales import original_page
from base.models import BasePage

from ..blocks import QuestionsBlock


@register_snippet
class PartnerOrganisation(models.Model):
    """An organisation that runs engagement or carries out actions (NHS trusts, the council, whg ...)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="For example 'Walsall CCG'.")
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class EngagementIndexPage(BasePage):
    """"Have your say": open, upcoming and closed exercises, filterable by pathway and locality."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage", "base.HomePage"]
    subpage_types = ["engagement.EngagementExercisePage", "engagement.YouSaidWeDidIndexPage"]

    class Meta:
        verbose_name = "engagement exercise list"

    def get_context(self, request, *args, **kwargs):
        from ..services.feedback import exercise_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = exercise_listing(self, request.GET)
        context["outcome_page"] = YouSaidWeDidIndexPage.objects.live().public().first()
        return context


class EngagementExercisePage(RoutablePageMixin, BasePage):
    """One engagement exercise: what it is about, who runs it, when it is open, its questions,
    and (at you-said-we-did/) what people said and what the partnership did about it."""

    about = RichTextField(features=RICH_TEXT_FEATURES, help_text="What the exercise is about and why we are asking.")
    partners = ParentalManyToManyField(PartnerOrganisation, blank=True, related_name="exercises",
                                       verbose_name="run by", help_text="The partner organisations running it.")
    topics = ParentalManyToManyField(
        "base.Topic", blank=True, related_name="engagement_exercises",
        limit_choices_to={"kind__in": ["pathway", "locality"]},
        help_text="Priority pathways and localities it is about. No locality means the whole of Walsall.")
    opens_on = models.DateField(help_text="The first day people can respond (UK time, from midnight).")
    closes_on = models.DateField(help_text="The last day people can respond (UK time, until midnight).")
    questions = StreamField(QuestionsBlock(), help_text="The questions people answer.")
    how_responses_are_used = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="How we will use the responses, and what we publish (shown before the form).")
    thank_you_text = RichTextField(blank=True, features=RICH_TEXT_FEATURES,
                                   help_text="Shown after someone responds.")
    # Pictures too: an Easy Read summary puts one beside its words (README: Translations).
    outcome_summary = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES + ["image"],
        help_text="Optional introduction to the 'You said, we did' page for this exercise.")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("about"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")])], heading="When"),
        FieldPanel("partners"),
        FieldPanel("topics"),
        FieldPanel("questions"),
        FieldPanel("how_responses_are_used"),
        FieldPanel("thank_you_text"),
        FieldPanel("outcome_summary"),
    ]
    promote_panels = Page.promote_panels
    search_fields = BasePage.search_fields + [
        index.SearchField("about"),
        index.SearchField("questions"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("partners", [index.SearchField("name")]),
        index.FilterField("closes_on"),
    ]
    parent_page_types = ["engagement.EngagementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "engagement exercise"

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be on or after the opening date."})

    @property
    def state(self):
        """"upcoming", "open" or "closed" now (services.feedback.exercise_state)."""
        from ..services.feedback import exercise_state

        return exercise_state(self)

    @property
    def has_locality(self):
        return any(topic.kind == "locality" for topic in self.topics.all())

    @cached_property
    def original(self):
        """The engagement in the site's own language, which holds the responses, themes and
        actions: a translation (/pl/..., Easy Read) asks the same questions in other words, so
        what people send there is counted with everyone else's."""
        return original_page(self)

    def get_context(self, request, *args, **kwargs):
        from ..services.feedback import has_outcome

        context = super().get_context(request, *args, **kwargs)
        context.update(state=self.state, has_outcome=has_outcome(self.original))
        return context

    # Routes: thin, each hands over to a view in views/response_form.py or views/feedback.py.

    @path("respond/", name="respond")
    def respond(self, request):
        from ..views.response_form import start

        return start(request, self)

    @path("respond/check/", name="respond_check")
    def respond_check(self, request):
        from ..views.response_form import check

        return check(request, self)

    @path("respond/sent/", name="respond_sent")
    def respond_sent(self, request):
        from ..views.response_form import sent

        return sent(request, self)

    @path("respond/<slug:step>/", name="respond_question")
    def respond_question(self, request, step):
        from ..views.response_form import question

        return question(request, self, step)

    @path("you-said-we-did/")
    def you_said_we_did(self, request):
        from ..views.feedback import you_said_we_did

        return you_said_we_did(request, self)

    @path("you-said-we-did/<int:theme_id>/")
    def theme_quotes(self, request, theme_id):
        from ..views.feedback import theme_quotes

        return theme_quotes(request, self, theme_id)

    # The outcome pages are the same for every visitor (base.page_cache); the form never is.
    page_cache_routes = ("you_said_we_did", "theme_quotes")

    def page_cache_paths(self):
        """The theme pages (theme_quotes route), which the front cache purges by address."""
        return ["/" + self.reverse_subpage("theme_quotes", args=[pk]) for pk in self.themes.values_list("pk", flat=True)]

    def get_sitemap_urls(self, request=None):
        """The exercise, its outcome page and, while it is open, its response form."""
        from ..services.feedback import OPEN

        entries = super().get_sitemap_urls(request)
        if not entries:
            return entries
        location, lastmod = entries[0]["location"], entries[0].get("lastmod")
        extra = ["you-said-we-did/"] + (["respond/"] if self.state == OPEN else [])
        return entries + [{"location": location + route, "lastmod": lastmod} for route in extra]


class YouSaidWeDidIndexPage(BasePage):
    """Every exercise's outcome in one place, filterable by pathway, locality and action status,
    with the headline figure: the share of themes with an action done or in progress."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["engagement.EngagementIndexPage", "base.SectionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "You said, we did index"

    def get_context(self, request, *args, **kwargs):
        from ..services.feedback import outcome_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = outcome_listing(request.GET)
        return context
