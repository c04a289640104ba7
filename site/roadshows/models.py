from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from accessible_formats.pages import OffersOtherFormats
from base.blocks import RICH_TEXT_FEATURES
from base.models import BasePage

from .blocks import QuestionsBlock


class RoadshowIndexPage(BasePage):
    """Recordings of the Walsall Together staff roadshows, newest first."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage", "base.HomePage"]
    subpage_types = ["roadshows.RoadshowPage"]

    class Meta:
        verbose_name = "staff roadshow list"

    def get_context(self, request, *args, **kwargs):
        from .services import published_recordings

        context = super().get_context(request, *args, **kwargs)
        context["recordings"] = published_recordings(self)
        return context


class RoadshowPage(OffersOtherFormats, RoutablePageMixin, BasePage):
    """One staff roadshow: the recording with captions, the slides and the questions and
    answers, which are readable (and searchable) without the video."""

    date = models.DateField("Date of the roadshow")
    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    video = models.ForeignKey(
        "wagtailmedia.Media", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="An uploaded video file (WebM or MP4).",
    )
    video_url = models.URLField(
        "Video web address", blank=True,
        help_text="Or the address of the video on a video website such as YouTube or Vimeo.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Captions for the uploaded video as a WebVTT file (.vtt). Its text is also shown as the transcript.",
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The slides shown at the roadshow.",
    )
    questions = StreamField(QuestionsBlock(), blank=True, verbose_name="Questions and answers")

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("introduction"),
        MultiFieldPanel([
            MediaChooserPanel("video", media_type="video"),
            FieldPanel("video_url"),
            FieldPanel("captions"),
        ], heading="Recording"),
        FieldPanel("slides"),
        FieldPanel("questions"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("questions"),
        index.FilterField("date"),
    ]
    parent_page_types = ["roadshows.RoadshowIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "staff roadshow recording"

    def clean(self):
        from .services import recording_errors

        super().clean()
        errors = recording_errors(self.video, self.video_url, self.captions)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .services import questions_by_theme, recording_for

        context = super().get_context(request, *args, **kwargs)
        context["recording"] = recording_for(self, request)
        context["question_groups"] = questions_by_theme(self.questions)
        return context

    @path("captions/", name="captions")
    def captions_file(self, request):
        """The captions as text/vtt from this site, which a <track> element needs
        (the document link may be a download or on another host)."""
        from .services import CaptionsUnavailable, captions_text

        try:
            text = captions_text(self)
        except CaptionsUnavailable:
            raise Http404("This roadshow has no captions.") from None
        return HttpResponse(text, content_type="text/vtt; charset=utf-8")
