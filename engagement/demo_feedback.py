"""Demo content for engagement feedback ("Have your say" and "You said, we did").

- The 2018 Walsall Together Outcomes Framework engagement: launched on 30 July 2018 by Walsall CCG
  and Walsall Council, four weeks long, closed. Its themes and actions follow the four outcome
  themes of the Alliance Agreement (a healthy population; accessible, coordinated and responsive
  care; strong communities; system enablers) and what the partnership reported doing since.
- An engagement open today (its dates are relative to today, so it is always open in the demo).

Everything goes through the app's services. The responses are invented and anonymous: no names
but invented first names where someone chose to be quoted by name, no contact details (the phone
number in one is from the range Ofcom keeps for drama). Idempotent: pages by slug, partners by
name, themes and actions by title, responses only while an exercise has none. Never in production:
only the two index pages are made there.
"""
import datetime

from django.conf import settings
from django.utils import timezone

from base.demo.loader import section
from base.models import Topic
from base.publishing import publish_page

from .models import (
    Action, ActionUpdate, EngagementExercisePage, EngagementIndexPage, PartnerOrganisation, Response, Theme,
    YouSaidWeDidIndexPage,
)
from .services import feedback, loop, moderation
from .services.feedback import LONDON

DEMO_ACTOR = "Demo content"

PARTNERS = {
    "ccg": ("Walsall Clinical Commissioning Group", "Walsall CCG"),
    "council": ("Walsall Council", ""),
    "wht": ("Walsall Healthcare NHS Trust", ""),
    "bchft": ("Black Country Healthcare NHS Foundation Trust", ""),
    "whg": ("whg", ""),
    "one_walsall": ("One Walsall", ""),
    "healthwatch": ("Healthwatch Walsall", ""),
}

INDEX = {
    "slug": "have-your-say",
    "title": "Have your say",
    "summary": "Give your views on health and care in Walsall, and see what happened after people did.",
    "introduction": (
        "<p>When we plan or change a service, we ask the people who use it. Anyone can take part: you do not "
        "need an account.</p><p>After each engagement closes, we publish what people told us and what the "
        "partnership did about it. If you leave your e-mail address, we will tell you.</p>"
    ),
}

OUTCOME_INDEX = {
    "slug": "you-said-we-did",
    "title": "You said, we did",
    "summary": "What people told us in each engagement, and what the partnership did about it.",
    "introduction": (
        "<p>Every engagement ends here: what people told us, and what each partner did, is doing or could not "
        "do about it, and why.</p>"
    ),
}

FOUR_THEMES = ["A healthy population", "Accessible, coordinated and responsive care", "Strong communities",
               "System enablers (the workforce, buildings, digital tools and money that make it work)"]

OUTCOMES_2018 = {
    "slug": "outcomes-framework-2018",
    "title": "The Walsall Together Outcomes Framework",
    "summary": "In 2018 we asked which results of joined-up care matter most to people in Walsall.",
    "about": (
        "<p>On 30 July 2018, Walsall CCG and Walsall Council asked people in Walsall for their views on the "
        "Walsall Together Outcomes Framework. The engagement lasted four weeks.</p>"
        "<p>An outcomes framework is a list of the results we want to achieve, and how we will measure them. "
        "The draft had four themes: a healthy population; accessible, coordinated and responsive care; strong "
        "communities; and the things that make it work, such as staff, buildings and digital tools.</p>"
    ),
    "opens_on": datetime.date(2018, 7, 30),
    "closes_on": datetime.date(2018, 8, 26),
    "questions": [
        {"type": "free_text", "value": {"question": "Which results of health and care matter most to you?",
                                        "hint": "For example, staying well at home, or not having to repeat your "
                                                "story.", "required": True, "quotable": True}},
        {"type": "choice", "value": {"question": "Which of the four themes matter most to you?", "hint": "",
                                     "required": False, "choices": FOUR_THEMES, "multiple": True}},
        {"type": "rating", "value": {"question": "The draft framework covers what matters to me.", "hint": "",
                                     "required": False, "scale": "agree"}},
        {"type": "free_text", "value": {"question": "Is anything missing?", "hint": "", "required": False,
                                        "quotable": True}},
    ],
    "how_responses_are_used": (
        "<p>Walsall CCG and Walsall Council read every response, with Healthwatch Walsall. We use them to "
        "finish the outcomes framework, and we publish what people told us and what we did.</p>"
        "<p>We only quote your words if you agree, and we remove anything that could identify anyone.</p>"
    ),
    "outcome_summary": (
        "<p>Thank you to everyone who gave their views in summer 2018: online, on paper and at community "
        "events. The four themes you commented on became the four themes of the outcomes framework in the "
        "Walsall Together Alliance Agreement in 2019.</p>"
    ),
}

# (first words, "Is anything missing?" or "", themes chosen, rating, channel, locality, consent, name shown)
RESPONSES_2018 = [
    ("Not having to tell my story again every time I see someone new.", "", [1], 4, "online", "north", "anonymous", ""),
    ("My mum sees four different teams and none of them talk to each other. Joined-up care would make the "
     "biggest difference.", "Carers need support too.", [1], 3, "online", "west", "named", "Jas"),
    ("Being able to stay at home for longer with the right help.", "", [0, 1], 4, "paper", "east", "anonymous", ""),
    ("Help to stay well, not just treatment when things go wrong.", "Mental health.", [0], 4, "online", "south",
     "anonymous", ""),
    ("Staying well matters as much as seeing a doctor. Walking groups and cookery classes helped me more "
     "than tablets.", "", [0, 2], 5, "event", "south", "anonymous", ""),
    ("Local groups know their communities. Use them.", "", [2], 4, "event", "north", "named", "Mo"),
    ("Somewhere local to go for help, not a bus ride to the hospital.", "Transport to appointments.", [1, 3], 3,
     "paper", "north", "anonymous", ""),
    ("Ask people like me before you change a service, not after.", "", [2], 2, "online", "west", "anonymous", ""),
    ("A&E at the Manor is always full. There should be A&E in every community centre.", "", [1], 2, "online",
     "east", "anonymous", ""),
    ("Records shared between the GP and the hospital so I do not have to carry letters around.", "", [1, 3], 4,
     "online", "south", "anonymous", ""),
    ("Good care close to home.", "", [1], 4, "phone", "west", "no", ""),
    ("People living longer and healthier lives in every part of Walsall, not just some.", "", [0], 4, "online",
     "east", "anonymous", ""),
    ("The voluntary sector should be an equal partner.", "Volunteers.", [2], 4, "event", "south", "anonymous", ""),
    ("Staff who have time to listen.", "", [1, 3], 3, "paper", "west", "anonymous", ""),
    ("Help for people who are lonely.", "", [0, 2], 4, "online", "north", "anonymous", ""),
    ("Involve patients in deciding what changes. We are the experts in our own care.", "", [2], 3, "online",
     "west", "named", "Carol"),
    ("One number to ring that can sort things out.", "", [1], 4, "paper", "south", "anonymous", ""),
    ("Clean parks and safe streets matter for health too.", "Housing.", [0, 2], 4, "event", "east", "anonymous", ""),
]

# theme title -> (outcome theme, indexes of RESPONSES_2018 behind it)
THEMES_2018 = [
    ("Care should be joined up, and you should not have to repeat your story", [0, 1, 2, 9, 13, 16]),
    ("Staying well matters as much as treatment", [3, 4, 11, 14, 17]),
    ("Local communities and voluntary groups should be part of it", [5, 12, 14, 17]),
    ("Local people should help decide how services change", [7, 15]),
    ("There should be care close to home in every locality", [6, 8, 10]),
]

# (title, theme indexes, partner, status, reason, description, published on, [(date, kind, status, text)], evidence)
ACTIONS_2018 = [
    ("'Accessible, coordinated and responsive care' is one of the four themes of our outcomes framework",
     [0], "ccg", "done", "",
     "It is written into the Walsall Together Alliance Agreement, which every partner signed in 2019.",
     datetime.date(2019, 4, 1), [], []),
    ("Health and social care teams working together in each locality", [0, 4], "wht", "in_progress", "",
     "Community nurses, social workers, therapists and the voluntary sector in one team for each of Walsall's "
     "four localities, with GP-led team meetings about the people who need the most help.",
     datetime.date(2019, 4, 1),
     [(datetime.date(2020, 1, 13), "progress", "in_progress",
       "Teams now work from the same building in the West and East localities, and partly in the North. We are "
       "still looking for space for the South locality's social care team.")], ["report"]),
    ("A shared care record, so that the people caring for you can see your history", [0], "wht", "in_progress",
     "", "With your consent, the professionals involved in your care will see the same up-to-date record.",
     datetime.date(2019, 10, 1),
     [(datetime.date(2020, 1, 13), "progress", "in_progress",
       "The partners agreed how the shared care record will be set up.")], []),
    ("'A healthy population' and 'strong communities' are two of the four themes of our outcomes framework",
     [1, 2], "council", "done", "",
     "Prevention and community support sit beside treatment in what the partnership measures itself against.",
     datetime.date(2019, 4, 1), [], []),
    ("Resilient communities: social prescribers and community support, with Walsall Council and One Walsall",
     [1, 2], "one_walsall", "in_progress", "",
     "Social prescribers, Making Connections Walsall, carer support and volunteering, so that people can get "
     "help in their community before they need a doctor.", datetime.date(2019, 7, 1), [], []),
    ("Healthwatch Walsall runs the Walsall Together User Group", [3], "healthwatch", "done", "",
     "Members help choose and shape the changes we make to services. The Partnership Board approved an "
     "engagement plan in December 2019, including how we reach people whose voices are often missed.",
     datetime.date(2019, 12, 1), [], ["user-group"]),
    ("Health and wellbeing centres in each locality", [4], "wht", "planned", "",
     "Using buildings people can easily reach in each of the four localities. This is part of our five-year plan.",
     datetime.date(2019, 4, 1), [], []),
    ("An A&E department in community centres", [4], "wht", "not_possible",
     "A&E needs specialist staff and equipment that can only be in a hospital, so it stays at Walsall Manor "
     "Hospital, open 24 hours. Instead, the single point of access and urgent community care help people get "
     "the right care without going to A&E.", "", datetime.date(2019, 4, 1), [], []),
]

OPEN_EXERCISE = {
    "slug": "living-with-a-lung-condition",
    "title": "Living with a lung condition: help us improve breathing services",
    "summary": "If you live with COPD, asthma or another lung condition, or care for someone who does, tell us "
               "what works and what should change.",
    "about": (
        "<p>Breathing (respiratory) care is one of Walsall Together's priority pathways. We want to join up the "
        "care people get from their GP practice, community respiratory nurses, pulmonary rehabilitation and the "
        "hospital.</p><p>Tell us what helps you, what gets in the way and what one thing you would change.</p>"
    ),
    "questions": [
        {"type": "free_text", "value": {"question": "What helps you manage your breathing condition day to day?",
                                        "hint": "", "required": True, "quotable": True}},
        {"type": "choice", "value": {"question": "Which services have you used in the last year?", "hint": "",
                                     "required": False, "multiple": True,
                                     "choices": ["My GP practice", "Community respiratory nurses",
                                                 "Pulmonary rehabilitation classes", "Hospital outpatients",
                                                 "A&E or a hospital stay"]}},
        {"type": "rating", "value": {"question": "How well do your breathing services work together?", "hint": "",
                                     "required": False, "scale": "good"}},
        {"type": "free_text", "value": {"question": "What one thing should we change?", "hint": "",
                                        "required": False, "quotable": True}},
    ],
    "how_responses_are_used": (
        "<p>Healthwatch Walsall reads every response with the respiratory team at Walsall Healthcare NHS Trust. "
        "We will publish what people told us, and what we will do about it, after the engagement closes.</p>"
        "<p>We only quote your words if you agree, and we remove anything that could identify anyone.</p>"
    ),
    "thank_you_text": "<p>If you need help with your breathing now, contact your GP practice, or call 111.</p>",
}

RESPONSES_OPEN = [
    ("The pulmonary rehab classes gave me my confidence back.", "More classes in the evening.", "online", "north",
     "anonymous"),
    ("My name is Sandra and the community nurse who visits is brilliant. You can ring me on 07700 900461 if you "
     "want to know more.", "", "online", "south", "anonymous"),
    ("Knowing who to call when I have a bad day.", "A single number to ring.", "phone", "west", "no"),
    ("My inhaler changes every time I see someone different.", "", "online", "east", "anonymous"),
]


def load_demo():
    """Called from engagement.demo.load_demo."""
    index, outcome_index = load_pages()
    lines = [f"Have your say: {index.url_path}", f"You said, we did: {outcome_index.url_path}"]
    if getattr(settings, "PRODUCTION", True):
        return lines
    partners = load_partners()
    closed = load_exercise(index, OUTCOMES_2018, partners=[partners["ccg"], partners["council"]], topics=[])
    created = load_responses(closed, RESPONSES_2018, moderate=True)
    load_themes_and_actions(closed, partners)
    today = feedback.today()
    open_one = load_exercise(index, {**OPEN_EXERCISE, "opens_on": today - datetime.timedelta(days=14),
                                     "closes_on": today + datetime.timedelta(days=28)},
                             partners=[partners["wht"], partners["healthwatch"]],
                             topics=list(Topic.objects.filter(kind=Topic.Kind.PATHWAY, name="Respiratory")))
    created += load_open_responses(open_one)
    lines.append(f"Engagement exercises: {closed.title} (closed), {open_one.title} (open); "
                 f"{created} demo responses created")
    return lines


def load_pages():
    get_involved = section("get-involved")
    fields = {name: value for name, value in INDEX.items() if name != "slug"}
    index = publish_page(get_involved, EngagementIndexPage, slug=INDEX["slug"], **fields)
    fields = {name: value for name, value in OUTCOME_INDEX.items() if name != "slug"}
    outcome_index = publish_page(index, YouSaidWeDidIndexPage, slug=OUTCOME_INDEX["slug"], **fields)
    retire_static_outcome_page(get_involved, outcome_index)
    return index, outcome_index


def retire_static_outcome_page(get_involved, outcome_index):
    """Earlier demos had a hand-written "You said, we did" page at /get-involved/you-said-we-did/.
    The real index replaces it: the old address redirects there (and the old page goes, where a
    database still has it), so links and bookmarks keep working."""
    from wagtail.contrib.redirects.models import Redirect

    old = get_involved.get_children().filter(slug="you-said-we-did").exclude(pk=outcome_index.pk).first()
    if old is not None:
        old.delete()
    old_path = Redirect.normalise_path(get_involved.url + "you-said-we-did/")
    Redirect.objects.update_or_create(old_path=old_path, site=None,
                                      defaults={"redirect_page": outcome_index, "is_permanent": True})


def load_partners():
    found = {}
    for key, (name, short_name) in PARTNERS.items():
        found[key], _ = PartnerOrganisation.objects.get_or_create(name=name, defaults={"short_name": short_name})
    return found


def load_exercise(index, spec, *, partners, topics):
    fields = {name: value for name, value in spec.items() if name != "slug"}
    page = publish_page(index, EngagementExercisePage, slug=spec["slug"], **fields)
    if set(page.partners.all()) != set(partners) or set(page.topics.all()) != set(topics):
        page.partners.set(partners)
        page.topics.set(topics)
        page.save_revision().publish()
    return page


def _moment(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def load_responses(exercise, specs, *, moderate):
    if Response.objects.filter(exercise=exercise).exists():
        return 0
    asked = feedback.questions(exercise)
    for number, (text, missing, chosen, rating, channel, locality, consent, name) in enumerate(specs):
        answers = {asked[0].id: text, asked[1].id: [FOUR_THEMES[i] for i in chosen], asked[2].id: str(rating)}
        if missing:
            answers[asked[3].id] = missing
        submitted = _moment(exercise.opens_on + datetime.timedelta(days=number % 27), 9 + number % 8)
        response, _ = feedback.submit_response(
            exercise, {"locality": locality, "publish_consent": consent, "display_name": name}, answers,
            channel=channel, now=submitted, source="demo content")
        if moderate:
            moderation.approve(response, DEMO_ACTOR)
            Response.objects.filter(pk=response.pk).update(moderated_at=submitted + datetime.timedelta(days=30))
    return len(specs)


def load_open_responses(exercise):
    if Response.objects.filter(exercise=exercise).exists():
        return 0
    asked = feedback.questions(exercise)
    now = timezone.now()
    for number, (text, change, channel, locality, consent) in enumerate(RESPONSES_OPEN):
        answers = {asked[0].id: text, asked[1].id: ["My GP practice"], asked[2].id: str(2 + number % 3)}
        if change:
            answers[asked[3].id] = change
        feedback.submit_response(exercise, {"locality": locality, "publish_consent": consent}, answers,
                                 channel=channel, now=now - datetime.timedelta(days=len(RESPONSES_OPEN) - number),
                                 source="demo content")
    return len(RESPONSES_OPEN)


def load_themes_and_actions(exercise, partners):
    responses = list(Response.objects.filter(exercise=exercise).order_by("submitted_at", "pk"))
    themes = []
    for order, (title, indexes) in enumerate(THEMES_2018):
        theme = Theme.objects.filter(exercise=exercise, title=title).first()
        if theme is None:
            theme = moderation.create_theme(exercise, title, published=True, sort_order=order,
                                            responses=[responses[i] for i in indexes if i < len(responses)])
        themes.append(theme)
    evidence = _evidence()
    for order, (title, theme_indexes, partner, status, reason, description, published_on, updates,
                links) in enumerate(ACTIONS_2018):
        if Action.objects.filter(exercise=exercise, title=title).exists():
            continue
        action = loop.create_action(
            exercise, [themes[i] for i in theme_indexes], title, actor=DEMO_ACTOR, description=description,
            partner=partners[partner], status=status, not_possible_reason=reason, published=True, sort_order=order,
            completed_on=published_on if status == "done" else None,
            evidence=[evidence[key] for key in links if key in evidence])
        ActionUpdate.objects.filter(action=action).update(created_at=_moment(published_on), notified_at=None)
        Action.objects.filter(pk=action.pk).update(published_at=_moment(published_on))
        for day, kind, update_status, text in updates:
            update = ActionUpdate.objects.create(action=action, kind=kind, status=update_status, text=text,
                                                 created_by_label=DEMO_ACTOR)
            ActionUpdate.objects.filter(pk=update.pk).update(created_at=_moment(day))


def _evidence():
    """Where to read more, from pages the other demo loaders made (left out when missing)."""
    from wagtail.models import Page

    found = {}
    report = Page.objects.live().filter(url_path__contains="/highlight-reports/").order_by("-first_published_at")
    report = report.exclude(slug="highlight-reports").first()
    if report:
        found["report"] = ("Board highlight report", report)
    user_group = Page.objects.live().filter(slug="join-the-user-group").first()
    if user_group:
        found["user-group"] = ("Join the User Group", user_group)
    return found
