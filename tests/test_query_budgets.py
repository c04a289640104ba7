"""Query budgets: how many database queries each public page type costs an anonymous visitor,
and that the number does not grow with its content (blocks, linked pages, images, documents,
child pages, events, reports, questions).

Each case builds the page with `n` of everything it lists or holds, for n = 3 and n = MANY (13,
more than a listing's page of 12); the page is fetched once to warm per-process caches, then the
cache is cleared (as after a restart or a purge, so renditions and site roots are looked up
again) and the page is fetched again and its queries counted. Budgets are the measured counts,
so a change that adds a query shows up here: raise a budget only for a reason.

To cover a new page type, add a `Case` to CASES: a name, a budget and a function that builds the
page with `n` items under the home page and returns its URL.
"""
import datetime
import io
from dataclasses import dataclass
from typing import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from base.models import ContactPage, NewsPage, SectionIndexPage, StandardPage, Topic
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


# Content ---------------------------------------------------------------------------------------


def make_image(number):
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 60), (number * 7 % 255, 44, 105)).save(buffer, format="PNG")
    image = get_image_model()(title=f"Picture {number}", file=ImageFile(buffer, name=f"picture-{number}.png"))
    image.save()
    return image


def make_document(number, extension="pdf"):
    document = get_document_model()(title=f"Document {number}")
    document.file.save(f"document-{number}.{extension}", ContentFile(b"%PDF-1.4\n" + b"x" * 2000), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def linked_pages(home, n):
    """`n` pages for rich text and cards to link to, of two page types."""
    section = make_page(home, SectionIndexPage, title="Linked", slug="linked")
    pages = []
    for number in range(n):
        page_class = StandardPage if number % 2 else SectionIndexPage
        pages.append(make_page(section, page_class, title=f"Linked page {number}", slug=f"linked-{number}"))
    return pages


def rich_text(page, document):
    return (f'<p>Read <a linktype="page" id="{page.pk}">{page.title}</a> and '
            f'<a linktype="document" id="{document.pk}">the document</a>.</p>')


def body(home, n):
    """A StreamField body with `n` paragraphs (each linking to a page and a document), `n`
    images and `n` documents."""
    pages = linked_pages(home, n)
    blocks = [{"type": "heading", "value": "About this page"}]
    for number, page in enumerate(pages):
        document = make_document(number)
        blocks += [
            {"type": "paragraph", "value": rich_text(page, document)},
            {"type": "image", "value": {"image": make_image(number).pk, "alt_text": f"Picture {number}"}},
            {"type": "document", "value": {"document": document.pk}},
        ]
    return blocks


def topics():
    return list(Topic.objects.all()[:4])


# Page types ------------------------------------------------------------------------------------


def home_page_case(home, n):
    from events.models import EventIndexPage
    from reports.models import HighlightReportIndexPage, HighlightReportPage

    news = make_page(home, SectionIndexPage, title="News", slug="news")
    for number in range(n):
        make_page(news, NewsPage, title=f"News {number}", slug=f"news-{number}", date=datetime.date(2024, 1, 1))
    events = make_page(home, EventIndexPage, title="Events", slug="events")
    for number in range(n):
        make_event(events, number)
    publications = make_page(home, SectionIndexPage, title="Publications", slug="publications")
    reports = make_page(publications, HighlightReportIndexPage, title="Reports", slug="reports")
    for number in range(n):
        make_page(reports, HighlightReportPage, month=datetime.date(2000 + number, 1, 1))
    make_exercises(home, n)
    home.body = body(home, n)
    home.join_page = news
    home.save_revision().publish()
    return "/"


def make_exercises(home, n):
    """`n` engagement exercises open today ("Have your say" on the home page)."""
    from engagement.models import EngagementExercisePage, EngagementIndexPage

    index = make_page(home, EngagementIndexPage, title="Have your say", slug="have-your-say")
    today = timezone.localdate()
    for number in range(n):
        page = make_page(index, EngagementExercisePage, title=f"Exercise {number}", slug=f"exercise-{number}",
                         about="<p>About it.</p>", how_responses_are_used="<p>How.</p>",
                         opens_on=today - datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=number),
                         questions=[{"type": "free_text", "value": {"question": "What matters to you?"}}])
        page.topics.set(topics())
        page.save_revision().publish()


def standard_page_case(home, n):
    return make_page(home, StandardPage, title="About us", slug="about", body=body(home, n)).url


def section_index_case(home, n):
    section = make_page(home, SectionIndexPage, title="About us", slug="about",
                        introduction=rich_text(*linked_pages(home, 1), make_document(0)))
    for number in range(n):
        page_class = StandardPage if number % 2 else NewsPage
        extra = {} if number % 2 else {"date": datetime.date(2024, 1, 1)}
        make_page(section, page_class, title=f"Child {number}", slug=f"child-{number}", body=body(home, 1)
                  if number == 0 else [], **extra)
    return section.url


def news_page_case(home, n):
    news = make_page(home, SectionIndexPage, title="News", slug="news")
    return make_page(news, NewsPage, title="Visit", slug="visit", date=datetime.date(2024, 1, 1),
                     body=body(home, n)).url


def contact_page_case(home, n):
    return make_page(home, ContactPage, title="Contact us", slug="contact",
                     introduction=rich_text(*linked_pages(home, 1), make_document(0))).url


def report_index(home):
    from reports.models import HighlightReportIndexPage

    publications = make_page(home, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, HighlightReportIndexPage, title="Reports", slug="reports")


def report_items(n):
    chosen = topics()
    items = {"key_decisions": [], "updates": [], "risks": [], "next_steps": []}
    for number in range(n):
        topic = chosen[number % len(chosen)].pk
        text = f"<p>Item {number}.</p>"
        items["key_decisions"].append({"type": "decision",
                                       "value": {"topic": topic, "heading": f"D{number}", "text": text}})
        items["updates"].append({"type": "update", "value": {"topic": topic, "heading": f"U{number}", "text": text}})
        items["risks"].append({"type": "risk", "value": {"topic": topic, "risk": f"R{number}", "mitigation": "Act"}})
        items["next_steps"].append({"type": "next_step", "value": {"topic": topic, "text": f"N{number}"}})
    return items


def highlight_report_index_case(home, n):
    from reports.models import HighlightReportPage

    index = report_index(home)
    for number in range(n):
        make_page(index, HighlightReportPage, month=datetime.date(2000 + number, 1, 1), pdf=make_document(number),
                  **report_items(2))
    return index.url


def highlight_report_case(home, n):
    from reports.models import HighlightReportPage

    return make_page(report_index(home), HighlightReportPage, month=datetime.date(2020, 11, 1),
                     pdf=make_document(0), **report_items(n)).url


def newsletter_index(home):
    from newsletters.models import NewsletterIndexPage

    return make_page(home, NewsletterIndexPage, title="Newsletters", slug="newsletters")


def newsletter_issue(index, number, stories):
    from newsletters.models import NewsletterIssuePage

    return make_page(index, NewsletterIssuePage, title=f"Issue {number}", slug=f"issue-{number}",
                     date=datetime.date(2000 + number, 1, 1), stories=stories)


def newsletter_index_case(home, n):
    index = newsletter_index(home)
    for number in range(n):
        newsletter_issue(index, number, [])
    return index.url


def newsletter_issue_case(home, n):
    pages = linked_pages(home, n)
    stories = []
    for number, page in enumerate(pages):
        stories += [
            {"type": "heading", "value": f"Story {number}"},
            {"type": "text", "value": rich_text(page, make_document(number))},
            {"type": "image", "value": {"image": make_image(number).pk, "alt_text": f"Picture {number}"}},
            {"type": "call_to_action", "value": {"text": f"Read {page.title}", "page": page.pk}},
        ]
    return newsletter_issue(newsletter_index(home), 1, stories).url


def roadshow_index(home):
    from roadshows.models import RoadshowIndexPage

    return make_page(home, RoadshowIndexPage, title="Roadshows", slug="roadshows")


def questions(home, n):
    pages = linked_pages(home, n)
    return [{"type": "question", "value": {"theme": f"Theme {number % 3}", "question": f"Question {number}?",
                                           "answer": rich_text(page, make_document(number))}}
            for number, page in enumerate(pages)]


def roadshow_index_case(home, n):
    from roadshows.models import RoadshowPage

    index = roadshow_index(home)
    for number in range(n):
        make_page(index, RoadshowPage, title=f"Roadshow {number}", slug=f"roadshow-{number}",
                  date=datetime.date(2000 + number, 3, 1), video_url="https://www.youtube.com/watch?v=abc",
                  slides=make_document(number))
    return index.url


def roadshow_case(home, n):
    from roadshows.models import RoadshowPage

    return make_page(roadshow_index(home), RoadshowPage, title="Roadshow", slug="roadshow",
                     date=datetime.date(2021, 3, 22), video_url="https://www.youtube.com/watch?v=abc",
                     slides=make_document(0), questions=questions(home, n)).url


def make_event(index, number, **fields):
    from events.models import EventPage

    start = timezone.now() + datetime.timedelta(days=number - 1)  # one past, the rest upcoming
    page = make_page(index, EventPage, title=f"Workshop {number}", slug=f"workshop-{number}",
                     who_for="People living with COPD.", start=start, end=start + datetime.timedelta(hours=2),
                     format=EventPage.Format.IN_PERSON, venue_name="Hall", venue_address="1 High Street, Walsall",
                     capacity=10, **fields)
    page.topics.set(topics())
    page.save_revision().publish()
    return page


def event_index(home):
    from events.models import EventIndexPage

    return make_page(home, EventIndexPage, title="Events", slug="events")


def event_index_case(home, n):
    from events.services import register_for_event

    index = event_index(home)
    for number in range(n):
        event = make_event(index, number)
        if number > 1:  # the first two have started
            register_for_event(event, {"name": "Sam", "email": f"sam{number}@example.org", "role": "carer",
                                       "companions": 0}, source="test")
    return index.url


def event_case(home, n):
    from events.services import register_for_event

    event = make_event(event_index(home), 3, body=body(home, n))
    for number in range(n):
        register_for_event(event, {"name": "Sam", "email": f"sam{number}@example.org", "role": "carer",
                                   "companions": 0}, source="test")
    return event.url


def resource_index(home):
    from resources.models import ResourceIndexPage

    return make_page(home, ResourceIndexPage, title="Resources", slug="resources")


def resource_index_case(home, n):
    from resources.models import ResourcePage

    index = resource_index(home)
    for number in range(n):
        make_page(index, ResourcePage, title=f"Booklet {number}", slug=f"booklet-{number}",
                  document=make_document(number), text_version="The booklet as text.")
    return index.url


def resource_case(home, n):
    from resources.models import ResourcePage

    return make_page(resource_index(home), ResourcePage, title="Booklet", slug="booklet",
                     document=make_document(0), body=body(home, n)).url


def branding_case(home, n):
    from branding.models import BrandingAsset, BrandingLibraryPage

    for number in range(n):
        asset = BrandingAsset(title=f"Template {number}", category=BrandingAsset.Category.TEMPLATES)
        asset.file = ContentFile(b"PK\x03\x04 a template", name=f"template-{number}.docx")
        asset.save()
    return make_page(home, BrandingLibraryPage, title="Branding", slug="branding").url


def user_group_case(home, n):
    from engagement.models import UserGroupApplicationPage

    return make_page(home, UserGroupApplicationPage, title="Join the User Group", slug="join").url


def engagement_index(home):
    from engagement.models import EngagementIndexPage

    return make_page(home, EngagementIndexPage, title="Have your say", slug="have-your-say")


def engagement_index_case(home, n):
    make_exercises(home, n)
    return "/have-your-say/"


def make_questions(n):
    """`n` questions of each kind the response form asks."""
    questions = []
    for number in range(n):
        questions += [
            {"type": "free_text", "value": {"question": f"What matters to you? ({number})", "required": False}},
            {"type": "choice", "value": {"question": f"Which services? ({number})", "required": False,
                                         "choices": ["GP practice", "Hospital", "Pharmacy"]}},
        ]
    return questions


def exercise_page(home, n, **fields):
    from engagement.models import EngagementExercisePage

    today = timezone.localdate()
    fields.setdefault("opens_on", today - datetime.timedelta(days=1))
    fields.setdefault("closes_on", today + datetime.timedelta(days=21))
    page = make_page(engagement_index(home), EngagementExercisePage, title="Care in Walsall", slug="care",
                     about=rich_text(*linked_pages(home, 1), make_document(0)), how_responses_are_used="<p>How.</p>",
                     questions=make_questions(n), **fields)
    page.topics.set(topics())
    page.save_revision().publish()
    return page


def exercise_case(home, n):
    return exercise_page(home, n).url


def response_form_case(home, n):
    """The last question page of the response form (one question a page; `n` of each kind asked)."""
    return exercise_page(home, n).url + f"respond/question-{2 * n}/"


def make_outcome(exercise, n, evidence_pages):
    """An exercise's "You said, we did": `n` approved, quotable responses, `n` published themes
    each backed by them, and `n` published actions each with a page as evidence and an update."""
    from engagement.services import feedback, loop, moderation

    staff = get_user_model().objects.create_user(f"staff-{exercise.pk}", password="x")
    asked = feedback.questions(exercise)
    text_question = next(question for question in asked if question.kind == "free_text")
    responses = []
    for number in range(n):
        response, _ = feedback.submit_response(
            exercise, {"publish_consent": "named", "display_name": f"Person {number}"},
            {text_question.id: f"Point {number}"}, channel="online", ip_address="203.0.113.5", source="test")
        responses.append(moderation.approve(response, staff))
    for number in range(n):
        theme = moderation.create_theme(exercise, f"Theme {number}", responses=responses, published=True)
        action = loop.create_action(exercise, [theme], f"Action {number}", status="in_progress", published=True,
                                    actor=staff, evidence=[(f"Evidence {number}", evidence_pages[number])])
        loop.add_progress_update(action, f"Progress {number}", staff)


def close(exercise):
    exercise.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    exercise.save_revision().publish()


def you_said_we_did_case(home, n):
    exercise = exercise_page(home, 1)
    make_outcome(exercise, n, linked_pages(home, n))
    close(exercise)
    return exercise.url + "you-said-we-did/"


def you_said_we_did_index_case(home, n):
    from engagement.models import EngagementExercisePage, YouSaidWeDidIndexPage

    index = engagement_index(home)
    today = timezone.localdate()
    evidence = linked_pages(home, 1)
    for number in range(n):
        exercise = make_page(index, EngagementExercisePage, title=f"Exercise {number}", slug=f"exercise-{number}",
                             about="<p>About it.</p>", how_responses_are_used="<p>How.</p>",
                             opens_on=today - datetime.timedelta(days=60), closes_on=today,
                             questions=make_questions(1))
        exercise.topics.set(topics())
        make_outcome(exercise, 1, evidence)
        close(exercise)
    return make_page(index, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did").url


def newsletter_sign_up_case(home, n):
    from newsletters.models import MailingList, NewsletterSignupPage

    MailingList.objects.all().delete()
    for number in range(n):
        MailingList.objects.create(name=f"List {number}", slug=f"list-{number}", description="Monthly.")
    return make_page(home, NewsletterSignupPage, title="Sign up for e-mails", slug="sign-up",
                     introduction=rich_text(*linked_pages(home, 1), make_document(0))).url


@dataclass
class Case:
    name: str
    budget: int
    build: Callable
    shows: str = ""  # text the page must show with n items ({last}: the last item's number)


# With translations on, every page costs 2 more (base.languages: its versions in other languages
# for the switcher and hreflang) and 1 more for the active Wagtail Locale, which Wagtail's routing
# looks up once a request (nothing is kept between requests: a language staff add or remove is seen
# at once); pages whose rich text is expanded before the layout (base.prefetch) look it up once
# more, for all their links together (base.locales), so the count never grows with links.
CASES = [
    Case("home", 36, home_page_case),  # +2: the "You said, we did" headline and latest change
    Case("standard", 24, standard_page_case),
    Case("section index", 23, section_index_case),
    Case("news", 27, news_page_case),
    Case("contact", 19, contact_page_case),
    Case("highlight report index", 25, highlight_report_index_case),
    Case("highlight report", 29, highlight_report_case),  # +2: the actions it records (public exercises)
    Case("newsletter index", 20, newsletter_index_case),
    Case("newsletter issue", 29, newsletter_issue_case),  # +2: the actions it reports on (public exercises)
    Case("roadshow index", 18, roadshow_index_case),
    Case("roadshow", 26, roadshow_case),
    Case("event index", 26, event_index_case),  # +1: the originals of translated events (their places)
    Case("event", 30, event_case),
    Case("resource index", 18, resource_index_case),
    Case("resource", 28, resource_case),
    Case("branding landing", 17, branding_case),
    Case("user group application", 16, user_group_case),
    Case("have your say", 23, engagement_index_case, shows="Exercise {last}"),
    Case("engagement exercise", 28, exercise_case),  # +1: the original of a translation (its responses)
    Case("exercise response form", 19, response_form_case, shows="Which services? ({last})"),
    Case("you said we did", 36, you_said_we_did_case, shows="Evidence {last}"),  # counts read from tallies; +1 the original
    Case("you said we did index", 27, you_said_we_did_index_case, shows="Exercise {last}"),  # +2: why not done
    Case("newsletter sign-up", 21, newsletter_sign_up_case, shows="List {last}"),
]


def queries_for(client, url):
    assert client.get(url).status_code == 200  # warm per-process caches (content types)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries], response


MANY = 13  # items for the second count: each extra query per item would add 10 to the count


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_queries_do_not_grow_with_content(client, home_page, case):
    counts = {}
    for n in (3, MANY):
        for child in home_page.get_children():
            child.delete()
        home_page.refresh_from_db()
        url = case.build(home_page, n)
        counts[n], sql, response = queries_for(client, url)
        assert case.shows.format(last=n - 1) in response.content.decode()
    print(f"{case.name}: {counts}")
    listing = "\n".join(query[:160] for query in sql)
    assert counts[MANY] == counts[3], listing
    assert counts[MANY] <= case.budget, listing


def test_the_outcome_page_counts_no_responses_however_many_there_are(client, home_page):
    """"You said, we did" at scale: its counts are kept as responses change (tallies), so with
    ten times the responses behind the same themes it makes the same queries, none of which
    counts responses or answers (a count over every response is what made it slow at 50,000)."""
    from engagement.models import Response
    from engagement.services import tallies

    url = you_said_we_did_case(home_page, 3)
    exercise = Response.objects.first().exercise
    few, _, _ = queries_for(client, url)
    theme_ids = list(exercise.themes.values_list("pk", flat=True))
    template = Response.objects.filter(exercise=exercise).first()
    answers = list(template.answers.all())
    for number in range(30):  # straight into the database, then counted again (as recount_feedback does)
        response = Response.objects.create(exercise=exercise, status="approved", channel="paper",
                                           publish_consent="anonymous", moderated_at=template.moderated_at)
        for answer in answers:
            answer.pk, answer.response = None, response
            answer.save()
        response.themes.set(theme_ids)
    tallies.recount(exercise)
    many, sql, response = queries_for(client, url)
    assert many == few
    assert "33 people gave their views" in response.content.decode()
    counting = [query for query in sql if "COUNT(" in query.upper()
                and ('"engagement_response"' in query or '"engagement_answer"' in query)]
    assert counting == [], "\n".join(counting)
