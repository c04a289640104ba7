"""Demo content: recordings of the staff roadshows of 22, 23 and 31 March 2021.

Works without the network: the video is a 16-second sample clip committed in demo_files/
(a spoken welcome, so the English captions match what is said), the captions are written
here as WebVTT and the slides are a small PDF made at load time. Idempotent: pages are
matched by slug, files by title, and nothing is saved again unless it changed; a page a
member of staff has edited in the admin is kept as it is.
"""
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtailmedia import get_media_model

from base.demo.files import make_pdf
from base.demo.loader import publish_demo_page, section

from .models import RoadshowIndexPage, RoadshowPage

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
VIDEO_FILE = DEMO_FILES / "roadshow-sample.webm"
VIDEO_TITLE = "Walsall Together staff roadshow: welcome (sample clip)"
CAPTIONS_TITLE = "Walsall Together staff roadshow: welcome (English captions)"
SLIDES_TITLE = "Walsall Together staff roadshow slides, March 2021"

CAPTIONS = """WEBVTT

1
00:00:00.500 --> 00:00:03.700
Welcome to the Walsall Together staff roadshow.

2
00:00:04.000 --> 00:00:08.350
Today we will talk about integrated teams in our four localities,

3
00:00:08.600 --> 00:00:12.100
and what working together means for you and your team.

4
00:00:12.400 --> 00:00:15.200
There is time for your questions at the end.
"""

SLIDES = [
    "Slide 1: Walsall Together staff roadshow, March 2021",
    "Walsall Together is the integrated care partnership for Walsall: Walsall Healthcare NHS Trust, Walsall "
    "CCG, Black Country Healthcare NHS Foundation Trust, Walsall Council, whg, One Walsall and Healthwatch "
    "Walsall.",
    "",
    "Slide 2: Why things need to change",
    "More people in Walsall are living longer, often with long-term conditions. Demand for care is growing "
    "while resources are limited.",
    "",
    "Slide 3: Our model of care",
    "Resilient Communities; General Practice and integrated health and care teams in four localities (North, "
    "South, East and West); Walsall-wide specialist services; the hospital for acute care. One Single Point "
    "of Access helps people find the right service.",
    "",
    "Slide 4: What it means for you",
    "Working closely with colleagues from other organisations, quicker access to information through shared "
    "records, flexibility in your role and more chances to develop, including training in strengths-based "
    "practice.",
    "",
    "Slide 5: Your questions",
    "The questions asked at each roadshow, and the answers, are on the Walsall Together website.",
]

INDEX = {
    "slug": "staff-roadshows",
    "title": "Staff roadshow recordings",
    "summary": "Recordings of the Walsall Together staff roadshows, with the slides and the questions and answers.",
    "introduction": (
        "<p>If you could not come to a Walsall Together staff roadshow, you can watch the recording here. Each "
        "page also has the slides and the questions staff asked, with the answers, written out.</p>"
    ),
}


def qa(theme, question, *answer):
    return {"type": "question", "value": {
        "theme": theme, "question": question, "answer": "".join(f"<p>{part}</p>" for part in answer),
    }}


INTEGRATED_TEAMS = "Integrated teams"
LOCALITIES = "Localities"
FOR_STAFF = "What changes for staff"
TRAINING = "Training"
SINGLE_POINT = "Single Point of Access"
SHARED_RECORDS = "Shared records"
RESIDENTS = "Involving residents"

ROADSHOWS = [
    {
        "slug": "monday-22-march-2021",
        "title": "Staff roadshow: Monday 22 March 2021",
        "date": "2021-03-22",
        "summary": "Integrated teams, the four localities, who employs you and training in strengths-based practice.",
        "introduction": (
            "<p>The first of our March 2021 staff roadshows. We explained how health and care teams are coming "
            "together in each locality, and answered questions from staff.</p>"
        ),
        "questions": [
            qa(INTEGRATED_TEAMS, "What is an integrated health and care team?",
               "It is a team of GPs, community nurses, social care staff, mental health staff and the voluntary "
               "sector who look after the people registered with GPs in one area.",
               "The team works together to give joined-up care in people's homes and communities, so a person "
               "does not have to tell their story to each service."),
            qa(LOCALITIES, "Which locality will my team be part of?",
               "Walsall has four localities: North, South, East and West. Community teams are based in the "
               "locality they serve, alongside the Primary Care Networks for that area.",
               "Your manager will tell you which locality your team belongs to. Teams that cover the whole of "
               "Walsall stay Walsall-wide."),
            qa(FOR_STAFF, "Will my employer or my contract change?",
               "No. The partners work together under an alliance agreement, which sets out how we work as a "
               "partnership. It does not change who employs you or your terms and conditions."),
            qa(TRAINING, "What training will there be in strengths-based practice?",
               "The Partnership Board chose strengths-based practice as a key part of how Walsall Together works. "
               "Strengths-based practice starts from what matters to the person and what they can do, not only "
               "from what they need help with.",
               "Funding has been secured to train around 350 staff in locality teams in strengths-based "
               "approaches, co-production with the people who use services and personalised care."),
        ],
    },
    {
        "slug": "tuesday-23-march-2021",
        "title": "Staff roadshow: Tuesday 23 March 2021",
        "date": "2021-03-23",
        "summary": "The Single Point of Access, shared records, referrals from general practice and working "
                   "across localities.",
        "introduction": (
            "<p>The second of our March 2021 staff roadshows. Staff asked about the Single Point of Access and "
            "about sharing information between organisations.</p>"
        ),
        "questions": [
            qa(SINGLE_POINT, "What is the Single Point of Access?",
               "It is one place where people, and the professionals who support them, can find and be put in "
               "touch with health and social care services, from GP appointments to support for carers.",
               "People will be able to reach it in person, by telephone, through an app or online. For urgent "
               "care that does not need a hospital stay, it will be open 24 hours a day."),
            qa(SINGLE_POINT, "Will the Single Point of Access replace my team's referral routes?",
               "Not straight away. We will tell teams before anything changes. The aim is fewer separate routes, "
               "so that people are seen by the right professional first time."),
            qa(SHARED_RECORDS, "Will I be able to see records held by other organisations?",
               "The partners have agreed to build a shared care record. When it is ready, the professionals "
               "involved in a person's care will be able to see the information they need, with the person's "
               "consent.",
               "This means better informed decisions, and people will not have to keep repeating their health "
               "and care history."),
            qa(LOCALITIES, "Are health and social care teams moving into the same buildings?",
               "Yes, where there is space. Teams are already together in the West and East localities and partly "
               "in the North. We are still looking for a suitable building in the South."),
        ],
    },
    {
        "slug": "wednesday-31-march-2021",
        "title": "Staff roadshow: Wednesday 31 March 2021",
        "date": "2021-03-31",
        "summary": "What changes day to day, development opportunities, Resilient Communities and how residents "
                   "are involved.",
        "introduction": (
            "<p>The last of our March 2021 staff roadshows. Staff asked what Walsall Together means for their "
            "day-to-day work and how residents are involved.</p>"
        ),
        "questions": [
            qa(FOR_STAFF, "What will change for me day to day?",
               "You will work more closely with colleagues from other organisations in your locality. You should "
               "find it quicker to get the information you need about the people you support, and easier to "
               "talk with colleagues in GP practices and the hospital."),
            qa(TRAINING, "Will there be chances to develop my skills?",
               "Yes. As well as training in strengths-based practice, we are planning development for staff "
               "across the partnership, and new roles that support the model of care. Ask your manager about "
               "what is available for your team."),
            qa(INTEGRATED_TEAMS, "How does the voluntary sector fit into integrated teams?",
               "One Walsall and voluntary groups are partners in Walsall Together. Through Resilient Communities, "
               "social prescribers, Making Connections Walsall and community groups help people to stay well and "
               "independent, and work alongside locality teams."),
            qa(RESIDENTS, "How do residents have a say in these changes?",
               "Healthwatch Walsall leads our work with residents. It runs the Walsall Together User Group, asks "
               "people what they think of services and brings their stories to the Partnership Board."),
        ],
    },
]


def slide_paragraphs():
    """SLIDES as (style, text) paragraphs: each "Slide n: ..." line is a heading."""
    return [("heading" if line.startswith("Slide ") else "text", line) for line in SLIDES if line]


def load_demo():
    """Create or update the roadshow recordings list and its three pages. Returns lines to print."""
    video = demo_video()
    captions = demo_document(CAPTIONS_TITLE, "walsall-together-roadshow-captions.vtt", CAPTIONS.encode())
    slides = demo_document(SLIDES_TITLE, "walsall-together-roadshow-slides.pdf", make_pdf(SLIDES_TITLE, slide_paragraphs()))
    statuses = []
    index, status = publish_demo_page(section("publications"), RoadshowIndexPage, INDEX)
    statuses.append(status)
    for spec in ROADSHOWS:
        fields = {**spec, "video": video, "captions": captions, "slides": slides}
        statuses.append(publish_demo_page(index, RoadshowPage, fields)[1])
    counts = ", ".join(f"{statuses.count(name)} {name}" for name in ("created", "updated", "unchanged", "kept"))
    return [f"Staff roadshows: {counts} (the list and {len(statuses) - 1} recordings at {index.url})."]


def demo_video():
    """The sample clip as a wagtailmedia video, uploaded the first time."""
    Media = get_media_model()
    media = Media.objects.filter(title=VIDEO_TITLE).first()
    if media is None:
        media = Media(title=VIDEO_TITLE, type="video", duration=16, width=320, height=180)
        with VIDEO_FILE.open("rb") as handle:
            media.file.save("walsall-together-roadshow-sample.webm", File(handle), save=False)
        media.save()
    return media


def demo_document(title, filename, data):
    """The document called `title` holding `data`; its file is replaced only when `data` changed."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        if _stored_bytes(document) == data:
            return document
    else:
        document = Document(title=title)
    document.file.save(filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.file_hash = ""
    document.save()
    document.get_file_hash()
    return document


def _stored_bytes(document):
    try:
        with document.open_file() as handle:
            return handle.read()
    except OSError:  # the file has gone from storage: save it again
        return None
