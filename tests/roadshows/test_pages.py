import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Collection, CollectionViewRestriction

from base.models import HomePage, SectionIndexPage
from roadshows.models import RoadshowIndexPage, RoadshowPage
from tests.roadshows.conftest import make_document

pytestmark = pytest.mark.django_db


def test_roadshow_page_plays_the_video_with_captions_and_shows_the_qa(client, make_roadshow, video, captions, slides):
    page = make_roadshow(video=video, captions=captions, slides=slides, summary="Integrated teams and training.")

    html = client.get(page.url).content.decode()

    assert html.count("<h1") == 1
    assert "Roadshow held on <time datetime=\"2021-03-22\">Monday 22 March 2021</time>" in html
    assert re.search(r"<video [^>]*controls", html)
    assert f'<source src="{video.url}" type="video/webm">' in html
    assert (f'<track kind="captions" srclang="en" label="English" src="{page.url}captions/" default>'
            in html)
    assert f'<a href="{video.url}" download>Download the video</a>' in html
    assert f'<a href="{slides.url}">Download the slides</a>' in html
    # The transcript comes from the captions, without timings, voice tags or notes.
    assert "<p>Welcome to the Walsall Together staff roadshow.</p>" in html
    assert "<p>Questions &amp; answers come at the end.</p>" in html
    assert "made for the tests" not in html and "-->" not in html
    assert '<details class="nhsuk-details">' in html  # the transcript is folded away while the video plays
    assert "The video cannot be played" not in html


def test_questions_and_answers_are_grouped_by_theme(client, make_roadshow):
    html = client.get(make_roadshow().url).content.decode()
    qa = html.split('<h2 id="questions">', 1)[1]
    order = re.findall(r"<h3>([^<]+)</h3>|details__summary-text\">([^<]+)<", qa)
    assert order == [
        ("Shared records", ""), ("", "Will I be able to see records held by other organisations?"),
        ("", "Who decides what I can see?"),
        ("Training", ""), ("", "What training will there be in strengths-based practice?"),
        ("Other questions", ""), ("", "Where can I find the slides?"),
    ]
    assert "with the person&#x27;s consent" in qa or "with the person's consent" in qa


def test_without_a_video_the_page_points_to_the_transcript(client, make_roadshow, captions):
    page = make_roadshow(captions=captions)

    html = client.get(page.url).content.decode()

    assert "<video" not in html and "<track" not in html
    assert "The video cannot be played on this page." in html
    assert '<a href="#transcript">the transcript</a>' in html
    assert '<details class="nhsuk-details" open>' in html
    assert "<p>Welcome to the Walsall Together staff roadshow.</p>" in html
    assert "Will I be able to see records held by other organisations?" in html


def test_without_video_or_captions_the_page_points_to_the_questions(client, make_roadshow):
    html = client.get(make_roadshow().url).content.decode()
    assert "The video cannot be played on this page." in html
    assert '<a href="#questions">the questions and answers</a>' in html
    assert 'id="transcript"' not in html


def test_video_from_a_video_website_is_embedded(client, make_roadshow):
    url = "https://www.youtube.com/watch?v=roadshow22"
    Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="video", provider_name="YouTube", thumbnail_url="",
        html='<iframe title="Walsall Together staff roadshow" src="https://www.youtube.com/embed/roadshow22"></iframe>',
    )
    html = client.get(make_roadshow(video_url=url).url).content.decode()
    assert '<iframe title="Walsall Together staff roadshow"' in html
    assert f'<a href="{url}">Watch the video on the video website</a>' in html
    assert "The video cannot be played" not in html


def test_video_website_that_cannot_be_embedded_still_gets_a_link(client, make_roadshow):
    url = "https://video.example.org/roadshow-22-march"
    html = client.get(make_roadshow(video_url=url).url).content.decode()
    assert "<iframe" not in html
    assert f'You can <a href="{url}">watch it on the video website</a>.' in html


def test_captions_are_served_as_text_vtt_from_the_site(client, make_roadshow, video, captions):
    page = make_roadshow(video=video, captions=captions)

    response = client.get(page.url + "captions/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response.content.decode().startswith("WEBVTT")
    # Wagtail's own document link would send it as a download.
    assert "attachment" in client.get(captions.url)["Content-Disposition"]


def test_no_captions_url_without_a_webvtt_file(client, make_roadshow, slides):
    assert client.get(make_roadshow().url + "captions/").status_code == 404
    # Page validation refuses such a file (see below); it could still come from an older revision.
    not_vtt = make_roadshow(slug="with-pdf-captions")
    RoadshowPage.objects.filter(pk=not_vtt.pk).update(captions=slides)
    assert client.get(not_vtt.url + "captions/").status_code == 404
    assert "<track" not in client.get(not_vtt.url).content.decode()


def test_captions_in_a_private_collection_are_not_served(client, make_roadshow, video):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    captions = make_document("Private captions", "private.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nSecret\n")
    captions.collection = private
    captions.save()
    page = make_roadshow(video=video, captions=captions)

    assert client.get(page.url + "captions/").status_code == 404
    assert "Secret" not in client.get(page.url).content.decode()


def test_a_video_source_and_webvtt_captions_are_checked(make_roadshow, video, slides):
    page = make_roadshow()
    page.video, page.video_url = video, "https://www.youtube.com/watch?v=x"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "video_url" in error.value.message_dict

    page.video_url, page.captions = "", slides
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["captions"] == ["Captions must be a WebVTT file ending in .vtt."]

    page.captions = None
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert list(error.value.message_dict) == ["captions"]


def test_words_from_the_questions_and_answers_are_found_by_site_search(client, make_roadshow):
    make_roadshow()
    html = client.get("/search/", {"q": "trained"}).content.decode()
    assert "Staff roadshow: Monday 22 March 2021" in html
    assert '1 result for "trained"' in html


def test_index_lists_live_recordings_newest_first(client, make_roadshow, recordings):
    make_roadshow(title="Monday 22 March", slug="a", date="2021-03-22")
    make_roadshow(title="Wednesday 31 March", slug="b", date="2021-03-31")
    make_roadshow(title="Tuesday 23 March", slug="c", date="2021-03-23")
    draft = RoadshowPage(title="Draft roadshow", slug="draft", date=datetime.date(2021, 4, 1), live=False)
    recordings.add_child(instance=draft)

    html = client.get(recordings.url).content.decode()

    assert re.findall(r'class="nhsuk-card__link" href="[^"]+">([^<]+)<', html) == [
        "Wednesday 31 March", "Tuesday 23 March", "Monday 22 March",
    ]
    assert "31 March 2021" in html


def index_queries(client, recordings, make_roadshow, count):
    RoadshowPage.objects.child_of(recordings).delete()
    start = datetime.date(2021, 3, 1)
    for number in range(count):
        make_roadshow(title=f"Roadshow {number}", slug=f"roadshow-{number}",
                      date=start + datetime.timedelta(days=number), summary="Questions from staff.")
    client.get(recordings.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(recordings.url)
    assert response.content.decode().count("nhsuk-card__link") == count
    return len(queries)


def test_index_query_count_does_not_grow_with_recordings(client, recordings, make_roadshow):
    assert index_queries(client, recordings, make_roadshow, 3) == index_queries(client, recordings, make_roadshow, 30)


def test_page_type_rules():
    assert RoadshowPage.allowed_parent_page_models() == [RoadshowIndexPage]
    assert RoadshowIndexPage.allowed_subpage_models() == [RoadshowPage]
    assert RoadshowPage.allowed_subpage_models() == []
    assert set(RoadshowIndexPage.allowed_parent_page_models()) == {SectionIndexPage, HomePage}
