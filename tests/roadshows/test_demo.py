import pytest
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtailmedia import get_media_model

from base.demo.loader import load_demo_content
from roadshows.demo import VIDEO_FILE, load_demo
from roadshows.models import RoadshowIndexPage, RoadshowPage
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db



@pytest.fixture
def demo(db):
    with override_settings(DEMO_CONTENT_LOADERS=["roadshows.demo.load_demo"]):
        return load_demo_content()


def test_demo_roadshows_have_video_captions_slides_and_questions(demo, client):
    index = RoadshowIndexPage.objects.get()
    assert index.get_parent().slug == "publications"
    roadshows = list(RoadshowPage.objects.live().order_by("date"))
    assert [page.date.strftime("%A %-d %B") for page in roadshows] == [
        "Monday 22 March", "Tuesday 23 March", "Wednesday 31 March",
    ]
    for page in roadshows:
        assert page.video and page.slides and page.captions.file_extension == "vtt"
        assert len(page.questions) == 4
        html = client.get(page.url).content.decode()
        assert '<track kind="captions" srclang="en" label="English"' in html
        assert not any(word in html.lower() for word in FORBIDDEN)
        captions = client.get(page.url + "captions/")
        assert captions["Content-Type"] == "text/vtt; charset=utf-8"
        assert "Welcome to the Walsall Together staff roadshow." in captions.content.decode()
    assert b"".join(client.get(roadshows[0].slides.url).streaming_content).startswith(b"%PDF-")


def test_the_committed_sample_video_is_small():
    assert VIDEO_FILE.stat().st_size < 100 * 1024


def test_loading_again_changes_nothing(demo):
    counts = (Page.objects.count(), Revision.objects.count(), get_media_model().objects.count(),
              get_document_model().objects.count())
    assert load_demo() == ["Staff roadshows: 0 created, 0 updated, 4 unchanged, 0 kept "
                           "(the list and 3 recordings at /publications/staff-roadshows/)."]
    assert (Page.objects.count(), Revision.objects.count(), get_media_model().objects.count(),
            get_document_model().objects.count()) == counts
