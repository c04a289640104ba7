import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtailmedia import get_media_model

from base.models import SectionIndexPage
from roadshows.models import RoadshowIndexPage, RoadshowPage
from tests.factories import make_page

VTT = """WEBVTT

NOTE made for the tests

1
00:00:00.500 --> 00:00:03.700 line:90%
<v Presenter>Welcome to the Walsall Together staff roadshow.</v>

2
00:00:08.000 --> 00:00:10.000
Questions &amp; answers come at the end.
"""


def make_document(title, filename, data):
    document = get_document_model()(title=title, file_size=len(data))
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


@pytest.fixture
def recordings(home_page):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, RoadshowIndexPage, title="Staff roadshow recordings", slug="staff-roadshows")


@pytest.fixture
def captions(db):
    return make_document("Roadshow captions", "roadshow.vtt", VTT.encode())


@pytest.fixture
def slides(db):
    return make_document("Roadshow slides", "roadshow-slides.pdf", b"%PDF-1.4\n%%EOF\n")


@pytest.fixture
def video(db):
    media = get_media_model()(title="Roadshow video", type="video", duration=16)
    media.file.save("roadshow.webm", ContentFile(b"\x1aE\xdf\xa3 not really a video"), save=False)
    media.save()
    return media


QUESTIONS = [
    {"type": "question", "value": {
        "theme": "Shared records", "question": "Will I be able to see records held by other organisations?",
        "answer": "<p>Yes, through the shared care record, with the person's consent.</p>"}},
    {"type": "question", "value": {
        "theme": "", "question": "Where can I find the slides?",
        "answer": "<p>On this page.</p>"}},
    {"type": "question", "value": {
        "theme": "Training", "question": "What training will there be in strengths-based practice?",
        "answer": "<p>Around 350 staff in locality teams will be trained.</p>"}},
    {"type": "question", "value": {
        "theme": "Shared records", "question": "Who decides what I can see?",
        "answer": "<p>Only the information you need for a person's care.</p>"}},
]


@pytest.fixture
def make_roadshow(recordings):
    def make(**fields):
        fields.setdefault("title", "Staff roadshow: Monday 22 March 2021")
        fields.setdefault("slug", "monday-22-march-2021")
        fields.setdefault("date", "2021-03-22")
        fields.setdefault("questions", QUESTIONS)
        return make_page(recordings, RoadshowPage, **fields)
    return make
