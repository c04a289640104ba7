"""Staff roadshow recordings: what the player offers, the captions and transcript, the Q&A."""
import html
import re
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat

CAPTIONS_EXTENSION = "vtt"
# A pause at least this long between two captions starts a new transcript paragraph.
PARAGRAPH_PAUSE_SECONDS = 2.0

TIMING = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})")
TAG = re.compile(r"<[^>]*>")


class CaptionsUnavailable(Exception):
    """The page has no captions file that can be served to the public."""


@dataclass
class Recording:
    """What a roadshow page shows for its recording."""

    kind: str | None  # "file" (native player), "embed" (oEmbed HTML) or None (nothing to play)
    sources: list = field(default_factory=list)  # [{"src", "type"}] for <source>
    embed_html: str = ""
    download_url: str = ""  # the video file, or the page on the video website
    download_label: str = ""
    captions_url: str = ""
    transcript: list = field(default_factory=list)  # paragraphs of the captions' text

    @property
    def playable(self):
        return self.kind is not None


def published_recordings(index):
    """Live, public roadshow pages below `index`, newest first (one query)."""
    from .models import RoadshowPage

    return RoadshowPage.objects.child_of(index).live().public().order_by("-date", "-pk")


def recording_errors(video, video_url, captions):
    """Rules for a roadshow's recording, as {field name: message}: one video source at most
    (an uploaded video or a web address); an uploaded video needs captions (WCAG 1.2.2: a
    video website provides its own); captions must be a WebVTT (.vtt) file."""
    errors = {}
    if video is not None and video_url:
        errors["video_url"] = "Choose an uploaded video or enter a web address, not both."
    if video is not None and getattr(video, "type", "video") != "video":
        errors["video"] = "Choose a video, not an audio file."
    if captions is not None and captions.file_extension.lower() != CAPTIONS_EXTENSION:
        errors["captions"] = "Captions must be a WebVTT file ending in .vtt."
    elif video is not None and captions is None:
        errors["captions"] = "Add captions for the uploaded video: a WebVTT file ending in .vtt."
    return errors


def recording_for(page, request=None):
    """The player, captions and transcript for `page`; `kind` is None when there is no
    video or the video website cannot be reached, so the page points to the transcript."""
    captions_url = ""
    transcript = []
    try:
        text = captions_text(page)
    except CaptionsUnavailable:
        pass
    else:
        captions_url = page.get_url(request) + page.reverse_subpage("captions")
        transcript = transcript_from_vtt(text)

    if page.video is not None:
        media = page.video
        return Recording(
            kind="file", sources=media.sources, download_url=media.url,
            download_label=f"{media.file_extension.upper()}, {_file_size(media.file)}".rstrip(", "),
            captions_url=captions_url, transcript=transcript,
        )
    if page.video_url:
        return Recording(
            kind="embed" if (embed := embed_html(page.video_url)) else None, embed_html=embed,
            download_url=page.video_url, captions_url="", transcript=transcript,
        )
    return Recording(kind=None, transcript=transcript)


def embed_html(url):
    """The oEmbed HTML for a video web address, or "" when the provider is unknown or unreachable."""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedException

    try:
        return embeds.get_embed(url).html or ""
    except EmbedException:
        return ""


def captions_text(page):
    """The WebVTT text of the page's captions. Raises CaptionsUnavailable when there are none,
    the file is not WebVTT, or its collection is private (the page must not leak it)."""
    document = page.captions
    if document is None or document.file_extension.lower() != CAPTIONS_EXTENSION:
        raise CaptionsUnavailable
    if document.collection.get_view_restrictions().exists():
        raise CaptionsUnavailable
    try:
        with document.open_file() as handle:
            text = handle.read().decode("utf-8-sig", errors="replace")
    except OSError as error:
        raise CaptionsUnavailable from error
    if not text.lstrip().startswith("WEBVTT"):
        raise CaptionsUnavailable
    return text


def transcript_from_vtt(text):
    """The words of a WebVTT file as paragraphs: cue timings, settings, notes, styles and
    markup are dropped, a repeated line (roll-up captions) is kept once, and a pause of
    PARAGRAPH_PAUSE_SECONDS or more starts a new paragraph."""
    paragraphs = []
    current = []
    previous_end = None
    last_line = None
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        timing_index = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing_index is None:
            continue  # the WEBVTT header, NOTE, STYLE or REGION blocks
        timing = TIMING.search(lines[timing_index])
        if timing is None:
            continue
        start, end = _seconds(*timing.groups()[:4]), _seconds(*timing.groups()[4:])
        if current and previous_end is not None and start - previous_end >= PARAGRAPH_PAUSE_SECONDS:
            paragraphs.append(" ".join(current))
            current = []
        for line in lines[timing_index + 1:]:
            words = " ".join(html.unescape(TAG.sub("", line)).split())
            if words and words != last_line:
                current.append(words)
                last_line = words
        previous_end = end
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


@dataclass
class ThemeGroup:
    theme: str  # "" for questions without a theme
    questions: list = field(default_factory=list)


def questions_by_theme(questions):
    """The page's Q&A blocks grouped by theme, themes in the order they first appear.
    Questions without a theme form one group with an empty theme, kept last when other
    questions have themes."""
    groups = {}
    for block in questions:
        theme = (block.value.get("theme") or "").strip()
        groups.setdefault(theme, ThemeGroup(theme)).questions.append(block.value)
    ordered = [group for theme, group in groups.items() if theme]
    if "" in groups:
        ordered.append(groups[""])
    return ordered


def _seconds(hours, minutes, seconds, milliseconds):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(milliseconds) / 1000


def _file_size(file):
    try:
        return filesizeformat(file.size)
    except (OSError, ValueError):
        return ""
