"""Demo content: the "Join the User Group" page, and (never in production) a dozen fictional
applications at different stages, so the screening queue and the reach dashboard show something;
then the engagement feedback demo (demo_feedback.py).

Idempotent: the page is matched by slug and republished only when it changed; an application is
only created when no application with its address exists. Names are invented and every address
is at example.org.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from base.demo.loader import edited_by_staff, publish_demo_page, section
from base.models import HomePage, Topic
from base.publishing import publish_page

from .models import UserGroupApplication, UserGroupApplicationPage
from .services import user_group

Status = UserGroupApplication.Status
DEMO_ACTOR = "Demo content"  # shown as who made the demo status changes

PAGE = {
    "slug": "join-the-user-group",
    "title": "Join the User Group",
    "summary": "Help shape health and care in Walsall: join the Walsall Together User Group, run by "
               "Healthwatch Walsall.",
    "introduction": (
        "<p>The Walsall Together User Group is for people who live in Walsall, use local health and care "
        "services, or look after someone who does. Healthwatch Walsall runs the group, and it has its own chair.</p>"
        "<p>Members help us design and improve services across Walsall's four localities, and in our priority "
        "areas: breathing (respiratory) and heart (cardiology) care, diabetes, end of life care, mental health "
        "outpatient services and services for children and young people aged 0 to 19.</p>"
        "<p>We especially want to hear from people whose voices are often missed. You do not need any "
        "experience: just your own views. We can pay travel costs and help you take part.</p>"
    ),
    "what_happens_next": (
        "<p>Someone from Healthwatch Walsall will contact you within 10 working days. They will tell you more "
        "about the group and answer your questions.</p>"
        "<p>If you would like to go ahead, we will invite you to a short induction. After that, we will invite "
        "you to meetings, surveys and events that match what you are interested in.</p>"
    ),
    "thank_you_text": (
        "<p>If you have a question in the meantime, reply to the confirmation e-mail we sent you.</p>"
    ),
}

# name, e-mail, phone, postcode, locality chosen, pathway names, heard about, lived experience,
# status path, days ago applied, equality answers (None: not answered)
APPLICANTS = [
    ("Amira Hussain", "amira.hussain@example.org", "", "WS1 3EG", "", ["Diabetes"], "community_group", "patient",
     [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE], 300,
     {"age_band": "35_44", "sex": "female", "gender_identity_same": "yes", "ethnic_group": "pakistani",
      "disability": "no", "sexual_orientation": "straight", "religion": "muslim", "unpaid_carer": "yes"}),
    ("Derek Holloway", "derek.holloway@example.org", "", "WS3 2PN", "", ["Respiratory"], "gp_practice", "patient",
     [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE], 280,
     {"age_band": "65_74", "sex": "male", "gender_identity_same": "yes", "ethnic_group": "white_british",
      "disability": "yes", "sexual_orientation": "straight", "religion": "christian", "unpaid_carer": "no"}),
    ("Grace Okafor", "grace.okafor@example.org", "", "WS2 8QT", "", ["Mental health outpatients"], "one_walsall",
     "carer", [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE], 240,
     {"age_band": "45_54", "sex": "female", "gender_identity_same": "yes", "ethnic_group": "african",
      "disability": "no", "sexual_orientation": "prefer_not_to_say", "religion": "christian",
      "unpaid_carer": "yes"}),
    ("Hardeep Sandhu", "hardeep.sandhu@example.org", "", "WV13 1HQ", "", ["Cardiology", "Diabetes"], "healthwatch",
     "both", [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE], 200,
     {"age_band": "55_64", "sex": "male", "gender_identity_same": "yes", "ethnic_group": "indian",
      "disability": "yes", "sexual_orientation": "straight", "religion": "sikh", "unpaid_carer": "yes"}),
    ("Margaret Price", "margaret.price@example.org", "", "WS9 8LB", "", ["End of life care"], "friend_family",
     "carer", [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE], 170,
     {"age_band": "75_plus", "sex": "female", "gender_identity_same": "yes", "ethnic_group": "white_british",
      "disability": "yes", "sexual_orientation": "straight", "religion": "christian", "unpaid_carer": "yes"}),
    ("Tom Bradley", "tom.bradley@example.org", "", "WS8 6AX", "", ["Respiratory", "Cardiology"], "whg", "patient",
     [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE, Status.PAUSED], 150, None),
    ("Lena Kowalska", "lena.kowalska@example.org", "", "WS10 9BE", "", ["0 to 19 children's services"],
     "social_media", "carer", [Status.CONTACTED, Status.INDUCTION_BOOKED, Status.ACTIVE, Status.LEFT], 330,
     {"age_band": "25_34", "sex": "female", "gender_identity_same": "yes", "ethnic_group": "other_white",
      "disability": "no", "sexual_orientation": "bisexual", "religion": "christian", "unpaid_carer": "no"}),
    ("Sam Whitehouse", "sam.whitehouse@example.org", "", "B74 2RA", "", ["Cardiology"], "other", "neither",
     [Status.CONTACTED, Status.NOT_PROGRESSED], 120, None),
    ("Jordan Campbell", "jordan.campbell@example.org", "", "WS5 4QQ", "", ["Mental health outpatients"],
     "social_media", "patient", [Status.CONTACTED, Status.INDUCTION_BOOKED], 40,
     {"age_band": "18_24", "sex": "male", "gender_identity_same": "no", "ethnic_group": "white_black_caribbean",
      "disability": "yes", "sexual_orientation": "gay_lesbian", "religion": "none", "unpaid_carer": "no"}),
    ("Bilal Ahmed", "bilal.ahmed@example.org", "", "WS1 4JW", "", ["Diabetes"], "community_group", "both",
     [Status.CONTACTED], 25,
     {"age_band": "45_54", "sex": "male", "gender_identity_same": "yes", "ethnic_group": "bangladeshi",
      "disability": "prefer_not_to_say", "sexual_orientation": "straight", "religion": "muslim",
      "unpaid_carer": "yes"}),
    ("Patricia Evans", "patricia.evans@example.org", "", "WS4 1EU", "", ["End of life care", "Respiratory"],
     "gp_practice", "carer", [], 16,
     {"age_band": "65_74", "sex": "female", "gender_identity_same": "yes", "ethnic_group": "white_british",
      "disability": "no", "sexual_orientation": "straight", "religion": "christian", "unpaid_carer": "yes"}),
    ("Kwame Mensah", "", "07700900461", "WV12 5TT", "", ["Cardiology"], "one_walsall", "patient", [], 3,
     {"age_band": "prefer_not_to_say", "ethnic_group": "african", "sex": "male", "religion": "christian"}),
]

NOT_PROGRESSED_REASON = "Lives outside Walsall and does not use Walsall services; pointed to their local Healthwatch."


def load_demo():
    from .demo_feedback import load_demo as load_feedback_demo

    page = load_page()
    lines = [f"User Group application page: {page.url_path}"]
    if not getattr(settings, "PRODUCTION", True):
        created = load_applications()
        lines.append(f"User Group demo applications: {created} created")
    return lines + load_feedback_demo()


def load_page():
    page, _ = publish_demo_page(section("get-involved"), UserGroupApplicationPage, PAGE)
    home = HomePage.objects.get(locale=Locale.get_default())
    if home.join_page_id != page.pk and not edited_by_staff(home):
        # First run only: the base loader points the home page here from then on (content.HOME_JOIN_PAGE).
        publish_page(home.get_parent(), HomePage, slug=home.slug, join_page=page)
    return page


def load_applications():
    created = 0
    pathways = {topic.name: topic for topic in Topic.objects.filter(kind=Topic.Kind.PATHWAY)}
    now = timezone.now()
    for (name, email, phone, postcode, locality, interests, heard, lived, path, days_ago,
         equality) in APPLICANTS:
        if user_group.find_application(email, phone):
            continue
        with transaction.atomic():
            application, _ = user_group.submit_application({
                "name": name, "email": email, "phone": phone, "preferred_contact": "email" if email else "phone",
                "postcode": postcode, "locality": locality, "interests": [pathways[n] for n in interests
                                                                          if n in pathways],
                "lived_experience": lived, "participation": ["meetings", "surveys"],
                "availability": ["weekday_daytime"], "heard_about": heard,
                "heard_about_other": "A leaflet at the library" if heard == "other" else "",
            }, equality, equality_consent=True, source="demo content")
            for status in path:
                reason = NOT_PROGRESSED_REASON if status == Status.NOT_PROGRESSED else ""
                user_group.change_status(application, status, DEMO_ACTOR, reason)
            _backdate(application, now - datetime.timedelta(days=days_ago), len(path))
        created += 1
    return created


def _backdate(application, applied_at, steps):
    """Spread the demo history over the months before today, so the monthly trend shows it."""
    changes = list(application.status_changes.order_by("changed_at", "pk"))
    gap = datetime.timedelta(days=min(12, (timezone.now() - applied_at).days // max(steps + 1, 1)))
    for number, change in enumerate(changes):
        change.changed_at = applied_at + gap * number
        change.save(update_fields=["changed_at"])
    UserGroupApplication.objects.filter(pk=application.pk).update(
        created_at=applied_at, status_changed_at=changes[-1].changed_at)
