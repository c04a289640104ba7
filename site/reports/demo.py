"""Demo highlight reports for September, October and November 2020, each with a small PDF.

Registered in settings.DEMO_CONTENT_LOADERS. Idempotent: pages are matched by month and
slug and only republished when their content changed; PDFs are matched by title and only
replaced when their content changed. Reports a member of staff has edited are kept.
"""
import datetime
import html
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from base.demo.files import make_pdf
from base.demo.loader import edited_by_staff, section
from base.models import Topic
from base.publishing import publish_page

from . import blocks
from .models import HighlightReportIndexPage, HighlightReportPage
from .services import report_title

INDEX = {
    "slug": "highlight-reports",
    "title": "Board highlight reports",
    "summary": "What the Partnership Board decided each month, as reported to the Walsall Healthcare NHS Trust Board.",
    "introduction": (
        "<p>The Walsall Together Partnership Board meets once a month. It brings together senior people from "
        "every partner organisation. After each meeting, the Board sends a short highlight report to the "
        "Walsall Healthcare NHS Trust Board.</p>"
        "<p>Read what the Board decided and what has changed, or download each report.</p>"
    ),
}

# The topics the demo reports are about: slug -> (kind, name), as base's 0004_seed_topics
# migration seeds them. Made again if missing (a test database flush removes them).
TOPICS = {
    "governance": ("programme_area", "Governance"),
    "resilient-communities": ("programme_area", "Resilient communities"),
    "integrated-health-and-care-teams": ("programme_area", "Integrated health and care teams"),
    "specialist-services": ("programme_area", "Specialist services"),
    "hospital-services": ("programme_area", "Hospital services"),
    "digital-and-shared-records": ("programme_area", "Digital and shared records"),
    "workforce": ("programme_area", "Workforce"),
    "estates": ("programme_area", "Estates"),
    "engagement-and-co-production": ("programme_area", "Engagement and co-production"),
    "respiratory": ("pathway", "Respiratory"),
    "cardiology": ("pathway", "Cardiology"),
    "north-locality": ("locality", "North"),
    "south-locality": ("locality", "South"),
    "east-locality": ("locality", "East"),
}

# (topic slug, heading, text) for decisions and updates; (topic slug, risk, description,
# what we are doing) for risks; (topic slug, text) for next steps.
REPORTS = [
    {
        "month": datetime.date(2020, 9, 1),
        "slug": "september-2020",
        "summary": "The Board agreed to review the Alliance Agreement and to join up Resilient Communities work, "
                   "and heard how health and social care teams are working together in the localities.",
        "decisions": [
            ("governance", "Review of the Alliance Agreement",
             "<p>The Alliance Agreement sets out how the partners work together. The current agreement runs "
             "until April 2021. The Board agreed to review it, so that it reflects how the partnership has grown "
             "and the move towards fully joined-up services.</p>"),
            ("resilient-communities", "Joining up our Resilient Communities work",
             "<p>Walsall Together, Walsall Council and One Walsall will bring their Resilient Communities "
             "programmes together. This will make it easier for people to find social prescribers, Making "
             "Connections Walsall, carer support and volunteering.</p>"),
        ],
        "updates": [
            ("integrated-health-and-care-teams", "Health and social care teams working side by side",
             "<p>Community health and social care teams now share a base in the East and West localities, and "
             "partly in the North. Working in one place helps staff plan care together, so people do not have "
             "to repeat their story.</p>"),
            ("south-locality", "Looking for a shared base in the South",
             "<p>Social care staff for the South locality still work from the Civic Centre, because there is not "
             "enough space in the current buildings. The partnership's Space Utilisation Group is looking for "
             "somewhere the whole team can work together.</p>"),
            ("respiratory", "Specialist breathing nurses in the localities",
             "<p>Specialist nurses for breathing conditions such as COPD (chronic obstructive pulmonary disease) "
             "now work in the locality teams, so people can get support closer to home.</p>"),
            ("engagement-and-co-production", "Hearing from patients and carers",
             "<p>Healthwatch Walsall brought a patient story to the Board, showing why joined-up care matters. "
             "Healthwatch is also recruiting members for the User Group, including people from groups we seldom "
             "hear from.</p>"),
            ("governance", "The Section 75 agreement",
             "<p>The Board heard how the Section 75 agreement between Walsall Healthcare NHS Trust and Walsall "
             "Council is working. It lets the NHS and the council pool money and staff for community health "
             "and adult social care.</p>"),
        ],
        "risks": [
            ("integrated-health-and-care-teams", "Pressure on staff over winter",
             "Teams are running services every day while also changing how they work.",
             "An operational plan sets out how managers lead day-to-day services while the programme office "
             "supports the changes."),
            ("south-locality", "No shared base for the South locality team",
             "Staff who work apart find it harder to plan care together.",
             "The Space Utilisation Group is reviewing every building the partners have to find a shared base."),
        ],
        "next_steps": [
            ("governance", "Agree what the Alliance Agreement review will cover at the October meeting."),
            ("respiratory", "Healthwatch Walsall to plan an online workshop for people living with breathing "
                            "conditions."),
        ],
    },
    {
        "month": datetime.date(2020, 10, 1),
        "slug": "october-2020",
        "summary": "The Board agreed what the Alliance Agreement review will cover, heard from Primary Care "
                   "Networks in each locality and backed an online workshop for people with breathing conditions.",
        "decisions": [
            ("governance", "What the Alliance Agreement review will cover",
             "<p>The review will update the partnership's aims so they focus on reducing health inequalities as "
             "Walsall recovers from COVID-19, and match the goals in the Section 75 agreement and the integrated "
             "care partnership contract.</p><p>It will also set out how partners share the management of the "
             "biggest risks for now, and when it makes sense to tackle a risk together.</p>"),
            ("respiratory", "An online workshop on breathing conditions",
             "<p>The Board supported Healthwatch Walsall's online workshop on Thursday 19 November 2020 at 11am. "
             "People living with, or caring for someone with, a breathing condition such as COPD can ask "
             "questions, share their experience and suggest improvements.</p>"),
        ],
        "updates": [
            ("integrated-health-and-care-teams", "Primary Care Networks in every locality",
             "<p>Walsall's 7 Primary Care Networks are groups of GP practices that work together. Each is linked "
             "to a locality team, and 4 Primary Care Network leads, one for each locality, sit on the Board and "
             "its main groups.</p>"),
            ("north-locality", "Team meetings led by GPs",
             "<p>Meetings where GPs, nurses, social workers and others plan care together for people with complex "
             "needs are running in the North locality and will follow in the other localities.</p>"),
            ("digital-and-shared-records", "A shared care record",
             "<p>Partners have agreed to use one system for a shared care record. With people's consent, the "
             "professionals caring for them will see the information they need without asking them to repeat "
             "it.</p>"),
            ("hospital-services", "Helping people stay mobile in hospital",
             "<p>Staff at Walsall Manor Hospital are being trained to use the Bedside Mobility Assessment Tool. "
             "It helps patients keep moving during their stay, so they lose less strength and can go home "
             "sooner.</p>"),
            ("cardiology", "Heart care closer to home",
             "<p>Specialist heart nurses now work in the locality teams, alongside community nurses, GPs and "
             "social care staff.</p>"),
        ],
        "risks": [
            ("hospital-services", "A second wave of COVID-19",
             "More people may need hospital care at the same time as the usual winter pressures.",
             "The care co-ordination service is focusing on helping people avoid a hospital stay when they can "
             "be cared for safely at home."),
            ("governance", "The Alliance Agreement ends in April 2021", "",
             "The review brings a draft to the Board in November, leaving time for each partner's board to "
             "approve it."),
        ],
        "next_steps": [
            ("governance", "Bring the draft updated Alliance Agreement to the November meeting."),
            ("respiratory", "Healthwatch Walsall to run the breathing conditions workshop on 19 November 2020."),
        ],
    },
    {
        "month": datetime.date(2020, 11, 1),
        "slug": "november-2020",
        "summary": "The Board approved the draft updated Alliance Agreement for partners to consider, heard early "
                   "feedback from the breathing conditions workshop and looked at support over winter.",
        "decisions": [
            ("governance", "Updated Alliance Agreement goes to partners",
             "<p>The Board approved the draft updated Alliance Agreement. Each partner organisation's board will "
             "now be asked to approve it before the current agreement ends in April 2021.</p>"),
            ("workforce", "Training in strengths-based practice",
             "<p>Locality staff will carry on training in strengths-based practice. This starts from what matters "
             "to a person and what they can do, not only what they need help with. Training moves online while "
             "COVID-19 rules are in place.</p>"),
        ],
        "updates": [
            ("respiratory", "What we heard at the breathing conditions workshop",
             "<p>People living with COPD and other breathing conditions, and their carers, joined Healthwatch "
             "Walsall's online workshop on 19 November. They want clear information about who to contact when "
             "their symptoms get worse, and support close to home.</p><p>Healthwatch Walsall will share a full "
             "report, and we will say what we are doing about it.</p>"),
            ("engagement-and-co-production", "The User Group",
             "<p>The User Group, run by Healthwatch Walsall, now meets online. Members help decide how residents "
             "are involved at each stage of changing a service.</p>"),
            ("resilient-communities", "Support in the community this winter",
             "<p>Care navigators, social prescribers and One Walsall's volunteers are working together to help "
             "people who are lonely or shielding get the support they need this winter.</p>"),
            ("specialist-services", "Urgent care without a hospital stay",
             "<p>People who need urgent care, but not a hospital stay, can get it 24 hours a day through the "
             "single point of access. It directs them to the right professional, in the right place, first "
             "time.</p>"),
            ("estates", "Health and Wellbeing Centres",
             "<p>Planning continues for a Health and Wellbeing Centre in each of the four localities (North, "
             "South, East and West), bringing GP, community, social care and specialist services under one "
             "roof.</p>"),
            ("east-locality", "More teams under one roof",
             "<p>In the East locality, community nurses, therapists and social workers now share one base and "
             "hold a daily meeting to plan care for people who have just left hospital.</p>"),
        ],
        "risks": [
            ("resilient-communities", "People going without help during lockdown",
             "Some people, especially those we seldom hear from, may not ask for help when they need it.",
             "Social prescribers, volunteers and Healthwatch Walsall are contacting people directly and sharing "
             "information through community groups."),
            ("governance", "Partners approving the Alliance Agreement in time", "",
             "Every partner has the draft now, so each board can consider it before April 2021."),
        ],
        "next_steps": [
            ("governance", "Partner organisations' boards to consider the updated Alliance Agreement."),
            ("respiratory", "Healthwatch Walsall to bring the full workshop report to the Board in December."),
            ("workforce", "Start online strengths-based practice training for locality teams."),
        ],
    },
]


def load_demo_reports():
    """The index page under Publications, then each report with its PDF. Returns lines to print."""
    publications = section("publications")
    index = publications.get_children().filter(slug=INDEX["slug"]).first()
    if index is None or not edited_by_staff(index):
        index = publish_page(publications, HighlightReportIndexPage, slug=INDEX["slug"],
                             **{name: value for name, value in INDEX.items() if name != "slug"})
    topics = demo_topics()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    pdfs = {"created": 0, "updated": 0, "unchanged": 0}
    for spec in REPORTS:
        document, pdf_status = save_pdf(spec)
        pdfs[pdf_status] += 1
        counts[publish_report(index, spec, document, topics)] += 1
    return [
        "Highlight reports: " + ", ".join(f"{count} {status}" for status, count in counts.items())
        + f" (at {index.url})",
        "Highlight report PDFs: " + ", ".join(f"{count} {status}" for status, count in pdfs.items()),
    ]


def demo_topics():
    """{slug: pk} of TOPICS, making any that are missing."""
    found = dict(Topic.objects.filter(slug__in=TOPICS).values_list("slug", "pk"))
    for slug, (kind, name) in TOPICS.items():
        if slug not in found:
            found[slug] = Topic.objects.get_or_create(kind=kind, name=name, defaults={"slug": slug})[0].pk
    return found


def publish_report(index, spec, document, topics):
    existing = HighlightReportPage.objects.filter(month=spec["month"]).first()
    if existing is not None and (existing.slug != spec["slug"] or edited_by_staff(existing)):
        return "kept"  # staff have their own page for this month
    page = publish_page(
        index, HighlightReportPage, slug=spec["slug"],
        title=report_title(spec["month"]),
        month=spec["month"],
        summary=spec["summary"],
        pdf=document,
        key_decisions=[_item(blocks.DECISION, topics, *item) for item in spec["decisions"]],
        updates=[_item(blocks.UPDATE, topics, *item) for item in spec["updates"]],
        risks=[{"type": blocks.RISK, "value": {"topic": topics[slug], "risk": risk, "description": description,
                                               "mitigation": mitigation}}
               for slug, risk, description, mitigation in spec["risks"]],
        next_steps=[{"type": blocks.NEXT_STEP, "value": {"topic": topics[slug], "text": text}}
                    for slug, text in spec["next_steps"]],
    )
    if existing is None:
        return "created"
    return "updated" if page.latest_revision_id != existing.latest_revision_id else "unchanged"


def _item(block_type, topics, slug, heading, text):
    return {"type": block_type, "value": {"topic": topics[slug], "heading": heading, "text": text}}


def save_pdf(spec):
    """The report's PDF as a Wagtail document, matched by title; returns (document, status)."""
    title = report_title(spec["month"])
    content = make_pdf(title, pdf_paragraphs(spec))
    Document = get_document_model()
    document = Document.objects.filter(title=title).order_by("pk").first()
    if document is not None and document.file_hash == hash_filelike(BytesIO(content)):
        return document, "unchanged"
    status = "created" if document is None else "updated"
    if document is None:
        document = Document(title=title)
    elif document.file:
        document.file.delete(save=False)
    document.file.save(f"walsall-together-highlight-report-{spec['month']:%Y-%m}.pdf", ContentFile(content),
                       save=False)
    document._set_document_file_metadata()
    document.save()
    return document, status


def pdf_paragraphs(spec):
    """The report as (style, text) paragraphs for its PDF (base.demo.files.make_pdf)."""
    def plain(text):
        return html.unescape(strip_tags(text.replace("</p><p>", "</p> <p>")))

    def section(heading, items):
        return [("heading", heading)] + [("text", f"- {item}") for item in items]

    return [
        ("text", "Walsall Together Partnership Board"),
        ("text", f"Highlight report to the Walsall Healthcare NHS Trust Board, {spec['month']:%B %Y}"),
        ("heading", "Summary"), ("text", spec["summary"]),
        *section("Key decisions", [f"{heading}: {plain(text)}" for _, heading, text in spec["decisions"]]),
        *section("Updates", [f"{heading}: {plain(text)}" for _, heading, text in spec["updates"]]),
        *section("Risks", [f"{risk}. {description} What we are doing about it: {mitigation}".replace(".  ", ". ")
                           for _, risk, description, mitigation in spec["risks"]]),
        *section("Next steps", [text for _, text in spec["next_steps"]]),
        ("text", "Walsall Together: walsall.together@walsallhealthcare.nhs.uk"),
    ]
