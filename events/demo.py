"""Demo content: the events list under "Get involved", the Respiratory Virtual Workshop of
19 November 2020 (past) and three upcoming workshops dated from today, so that the demo
always has something to book.

Idempotent: pages are matched by slug and republished only when their content changed; a page
that a member of staff has edited in the admin is kept as it is. An upcoming workshop keeps its
date until that date has passed; only then is it moved forward (one new revision).
"""
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from base.demo.loader import publish_demo_page, section
from base.models import Topic

from .models import EventIndexPage, EventPage

LONDON = ZoneInfo("Europe/London")

INDEX = {
    "slug": "events",
    "title": "Events and workshops",
    "summary": "Workshops where you can tell us about local health and care services. Book a place online.",
    "introduction": (
        "<p>At our workshops you can ask questions, share your experience of local health and care, and help "
        "us improve services. They are free. Some are online and some are in Walsall.</p>"
        "<p>Tell us when you book if you need a British Sign Language interpreter, a hearing loop, step-free "
        "access, large print or anything else. You can bring a carer or a friend.</p>"
    ),
}


def paragraph(*texts):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


def heading(text):
    return {"type": "heading", "value": text}


RESPIRATORY_2020 = {
    "slug": "respiratory-virtual-workshop-2020",
    "title": "Respiratory Virtual Workshop",
    "summary": "An online workshop for people living with a lung condition such as COPD, and for the people who "
               "care for them.",
    "who_for": "People living with a respiratory (lung) condition such as COPD, and people who care for someone "
               "who does.",
    "body": [
        paragraph("At this online workshop you could:"),
        {"type": "paragraph", "value": (
            "<ul><li>ask questions about respiratory services in Walsall</li>"
            "<li>share your experience of living with and managing your condition</li>"
            "<li>tell us what it is like to use local services</li>"
            "<li>suggest how we could make them better</li></ul>"
        )},
        paragraph("Respiratory care is one of the care pathways Walsall Together has chosen to improve first. "
                  "What you tell us goes to the people who plan these services."),
    ],
    "start": datetime.datetime(2020, 11, 19, 11, 0, tzinfo=LONDON),
    "end": datetime.datetime(2020, 11, 19, 12, 30, tzinfo=LONDON),
    "format": EventPage.Format.ONLINE,
    "capacity": 30,
    "topics": ["respiratory", "engagement-and-co-production"],
}

# Upcoming workshops: (spec, days from today, start time, length in minutes).
UPCOMING = [
    ({
        "slug": "respiratory-workshop",
        "title": "Respiratory workshop: living with COPD",
        "summary": "Tell us what it is like to live with a lung condition, or to care for someone who does, and "
                   "what would make local services better.",
        "who_for": "People living with or caring for someone with a respiratory condition such as COPD or asthma.",
        "body": [
            paragraph("This online workshop follows our first respiratory workshop in November 2020. You can:"),
            {"type": "paragraph", "value": (
                "<ul><li>ask questions about respiratory services in Walsall</li>"
                "<li>share your experience of living with and managing your condition</li>"
                "<li>give feedback on getting care locally, and suggest improvements</li></ul>"
            )},
            heading("How it works"),
            paragraph("We will e-mail you a link to join a video call. You can join from a computer, tablet or "
                      "phone, and you can keep your camera off. If you have not used video calls before, tell us "
                      "when you book and we will help you get set up."),
        ],
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.example.org/walsall-together/respiratory-workshop",
        "capacity": 30,
        "max_companions": 1,
        "topics": ["respiratory", "engagement-and-co-production"],
    }, 14, datetime.time(11, 0), 90),
    ({
        "slug": "diabetes-workshop-blakenall",
        "title": "Diabetes workshop in Blakenall",
        "summary": "A morning workshop in North Walsall for people living with diabetes and their carers.",
        "who_for": "People living with type 1 or type 2 diabetes, and people who care for someone who does.",
        "body": [
            paragraph("Diabetes is one of our priority care pathways. Come and tell us what helps you manage your "
                      "diabetes, what gets in the way, and how health and care teams could work better together."),
            paragraph("Tea, coffee and a light snack will be available. Please tell us about any dietary needs when "
                      "you book."),
        ],
        "format": EventPage.Format.IN_PERSON,
        "venue_name": "Blakenall Village Centre",
        "venue_address": "Thames Road\nBlakenall\nWalsall",
        "accessibility_details": "The workshop is in a ground-floor room. Tell us when you book if you need "
                                 "step-free access, a hearing loop, a quiet space or anything else, and we will "
                                 "confirm what is in place before the day.",
        "capacity": 20,
        "max_companions": 1,
        "topics": ["diabetes", "north-locality", "engagement-and-co-production"],
    }, 30, datetime.time(10, 0), 120),
    ({
        "slug": "carers-workshop-joined-up-care",
        "title": "Carers' workshop: joined-up care at home",
        "summary": "For unpaid carers: tell us how health, care and housing services could work better together "
                   "for you and the person you care for.",
        "who_for": "Anyone in Walsall who looks after a family member, partner or friend who could not manage "
                   "without their help.",
        "body": [
            paragraph("Our locality teams bring together community nurses, social workers, therapists and "
                      "housing officers. We want to hear from carers about what works, what does not and what "
                      "would make the biggest difference."),
        ],
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.example.org/walsall-together/carers-workshop",
        "capacity": 25,
        "max_companions": 2,
        "topics": ["integrated-health-and-care-teams", "engagement-and-co-production"],
    }, 45, datetime.time(14, 0), 90),
]


def load_demo(now=None):
    """Create or update the events list and its demo events. Returns lines to print."""
    now = now or timezone.now()
    statuses = []
    index, status = _publish(section("get-involved"), EventIndexPage, INDEX)
    statuses.append(status)
    statuses.append(_publish(index, EventPage, RESPIRATORY_2020)[1])
    for spec, days, start_time, minutes in UPCOMING:
        statuses.append(_publish(index, EventPage, {**spec, **_dates(index, spec["slug"], days, start_time,
                                                                          minutes, now)})[1])
    counts = ", ".join(f"{statuses.count(name)} {name}" for name in ("created", "updated", "unchanged", "kept"))
    return [f"Events: {counts} (the list and {len(statuses) - 1} events at {index.url})."]


def _dates(index, slug, days, start_time, minutes, now):
    """New dates for an upcoming demo event only when it has none yet or its date has passed."""
    existing = EventPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None and existing.start > now:
        return {}
    day = timezone.localtime(now, LONDON).date() + datetime.timedelta(days=days)
    start = datetime.datetime.combine(day, start_time, tzinfo=LONDON)
    return {"start": start, "end": start + datetime.timedelta(minutes=minutes)}


def _publish(parent, page_class, spec):
    """publish_demo_page, with `spec["topics"]` as topic slugs (set only when they changed)."""
    fields = dict(spec)
    topic_slugs = fields.pop("topics", None)
    if topic_slugs is not None:
        topics = list(Topic.objects.filter(slug__in=topic_slugs))
        existing = parent.get_children().filter(slug=fields["slug"]).first()
        current = set(existing.specific.topics.values_list("pk", flat=True)) if existing is not None else None
        if current != {topic.pk for topic in topics}:
            fields["topics"] = topics
    return publish_demo_page(parent, page_class, fields)
