"""Demo content: the stakeholder newsletters of October, November and December 2020, the two
mailing lists and the sign-up page (linked from the footer). No demo subscribers: people's
addresses only ever come from the sign-up form or an import.

Idempotent: pages are matched by slug and republished only when their content changed; a page
that a member of staff has edited in the admin is kept as it is. The illustrations are drawn
with Pillow at load time and stored as Wagtail images, matched by title.
"""
import io
import math

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from base.demo.loader import publish_demo_page, section
from base.models import FooterLink, SiteSettings

from .models import MailingList, NewsletterIndexPage, NewsletterIssuePage, NewsletterSignupPage

INDEX = {
    "slug": "newsletters",
    "title": "Stakeholder newsletters",
    "summary": "Our newsletter for partners and stakeholders: news and updates from the partnership.",
    "introduction": (
        "<p>Our stakeholder newsletter brings you updates from across the Walsall Together partnership: "
        "what we are working on, events you can join and where to find our reports.</p>"
    ),
}
SIGN_UP_LINK = '<p><a linktype="page" id="{pk}">Sign up to get our newsletter by e-mail</a>.</p>'

MAILING_LISTS = [
    {
        "slug": "stakeholder-newsletter",
        "name": "Stakeholder newsletter",
        "description": "News and updates from across the partnership, about once a month.",
        "sort_order": 10,
    },
    {
        "slug": "get-involved",
        "name": "Get involved: engagement opportunities",
        "description": "Workshops, surveys and groups where you can have your say about health and care in "
                       "Walsall, when there is a new one.",
        "sort_order": 20,
    },
]

SIGN_UP = {
    "slug": "sign-up-for-emails",
    "title": "Sign up for our e-mails",
    "summary": "Get our stakeholder newsletter, or hear when you can have your say about local services.",
    "introduction": (
        "<p>Choose the e-mails you would like from Walsall Together. We will send you an e-mail to check that "
        "the address is yours; we send nothing else until you confirm.</p>"
        "<p>Every e-mail has a link to change which e-mails you get, or to unsubscribe. We never share your "
        "address.{privacy}</p>"
    ),
    "check_email_text": (
        "<p>The link in the e-mail works for 7 days. If you cannot find the e-mail, look in your junk or spam "
        "folder: it comes from Walsall Together.</p>"
        "<p>If you were already signed up, the e-mail tells you so and has a link to change which e-mails "
        "you get.</p>"
    ),
}
FOOTER_LABEL = "Sign up for our e-mails"

# Illustrations: (title, alt text, people around the table, colour of their clothes).
PARTNERS_IMAGE = (
    "Newsletter illustration: partners around a table",
    "A simple drawing of seven people sitting around one table, for the seven partners working together.",
    7, (76, 44, 105),
)
USER_GROUP_IMAGE = (
    "Newsletter illustration: User Group meeting",
    "A simple drawing of five people sitting around a table at a User Group meeting.",
    5, (0, 94, 184),
)
BANNER_IMAGE = ("Newsletter illustration: decorative banner", "", 0, (0, 127, 59))


def heading(text):
    return {"type": "heading", "value": text}


def text(*paragraphs):
    return {"type": "text", "value": "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)}


def image(spec, images, caption=""):
    title, alt_text = spec[0], spec[1]
    return {"type": "image", "value": {
        "image": images[title].pk, "alt_text": alt_text, "decorative": not alt_text, "caption": caption,
    }}


def call_to_action(label, page=None, url=""):
    return {"type": "call_to_action", "value": {"text": label, "page": page.pk if page else None,
                                                 "external_url": url}}


def issues(pages, images):
    """The three issues; `pages` are demo pages the stories link to (None when missing)."""
    get_involved, healthwatch, publications = pages["get-involved"], pages["healthwatch"], pages["publications"]

    def optional_link(label, page):
        return [call_to_action(label, page=page)] if page is not None else []

    return [
        {
            "slug": "october-2020",
            "title": "Stakeholder newsletter: October 2020",
            "date": "2020-10-15",
            "summary": "A workshop for people living with COPD, our Resilient Communities work and the "
                       "September highlight report.",
            "introduction": "Welcome to the October issue of our stakeholder newsletter. This month we invite "
                            "people living with a breathing condition to a virtual workshop, and look at how "
                            "partners are helping communities to stay well.",
            "stories": [
                heading("Join our Respiratory Virtual Workshop"),
                text(
                    "Do you live with a breathing condition such as COPD (chronic obstructive pulmonary "
                    "disease), or care for someone who does? Join our online workshop on Thursday 19 November "
                    "2020 at 11am.",
                    "<ul><li>ask questions</li><li>share what it is like to live with and manage your "
                    "condition</li><li>tell us what it is like to use local services</li><li>suggest what we "
                    "could do better</li></ul>",
                    "What you tell us will help us plan better care for people with breathing conditions "
                    "in Walsall.",
                ),
                *optional_link("Find out how to take part", get_involved),
                heading("Resilient Communities: helping people to stay well"),
                image(PARTNERS_IMAGE, images),
                text(
                    "Resilient Communities is about preventing ill health, not only treating it. Health and "
                    "care staff, community groups and volunteers work together so that people get the right "
                    "advice and support to live independent, healthy and active lives.",
                    "We are working with Walsall Council and One Walsall to bring our Resilient Communities "
                    "programmes together. This will make it easier for people to find social prescribers, "
                    "Making Connections Walsall, housing advice, the Expert Patient Programme, support for "
                    "carers and volunteering.",
                ),
                heading("September highlight report"),
                text(
                    "The Walsall Together Partnership Board meets every month. A highlight report from each "
                    "meeting goes to the Walsall Healthcare NHS Trust Board. The report from September 2020 "
                    "is now on our website.",
                ),
                *optional_link("Read our highlight reports", publications),
            ],
        },
        {
            "slug": "november-2020",
            "title": "Stakeholder newsletter: November 2020",
            "date": "2020-11-12",
            "summary": "The Respiratory Virtual Workshop is next week, how the Healthwatch User Group gives "
                       "residents a say, and the October highlight report.",
            "introduction": "Welcome to the November issue. There is still time to join our workshop for people "
                            "living with a breathing condition, and we explain how residents can help shape "
                            "local services.",
            "stories": [
                heading("Respiratory Virtual Workshop: Thursday 19 November"),
                text(
                    "Our online workshop for people living with COPD or another breathing condition, and the "
                    "people who care for them, is on Thursday 19 November 2020 at 11am.",
                    "It is a chance to ask questions, share your experiences and tell us how local services "
                    "could be better. Please share this with anyone you think would like to take part.",
                ),
                *optional_link("Find out how to take part", get_involved),
                heading("Have your say through the Healthwatch User Group"),
                image(USER_GROUP_IMAGE, images),
                text(
                    "Healthwatch Walsall helps residents, patients and carers to have a say in Walsall "
                    "Together. It asks people what they think about services, explains how joined-up care can "
                    "help them, and brings their stories to the Partnership Board.",
                    "Healthwatch Walsall also runs the Walsall Together User Group. Members help choose and "
                    "shape the changes we make to services. You can join if you live in Walsall, use local "
                    "services or look after someone who does.",
                ),
                *optional_link("Find out about the User Group", healthwatch),
                heading("October highlight report"),
                text(
                    "The highlight report from the October 2020 meeting of the Partnership Board is now on "
                    "our website.",
                ),
                *optional_link("Read our highlight reports", publications),
            ],
        },
        {
            "slug": "december-2020",
            "title": "Stakeholder newsletter: December 2020",
            "date": "2020-12-10",
            "summary": "A new booklet to help people recover after COVID-19, staff roadshows in the new year "
                       "and the November highlight report.",
            "introduction": "Welcome to our last issue of 2020. Thank you to everyone across the partnership "
                            "for your hard work this year.",
            "stories": [
                image(BANNER_IMAGE, images),
                heading("A booklet to help you recover after COVID-19"),
                text(
                    "Our new patient information booklet helps people to recover and manage their symptoms "
                    "after COVID-19. It explains common symptoms, such as tiredness and breathlessness, what "
                    "you can do to help yourself and when to ask for more help.",
                ),
                *optional_link("Find the recovery booklet in Publications", publications),
                heading("Staff roadshows in March"),
                text(
                    "In March 2021 we will hold roadshows for staff across the partnership. Come and hear "
                    "how Walsall Together is changing the way we work, what it means for you and your team, "
                    "and ask your questions.",
                    "If you cannot come, we will put a recording of each roadshow on our website, with the "
                    "slides and the questions and answers written out.",
                ),
                heading("November highlight report"),
                text(
                    "The highlight report from the November 2020 meeting of the Partnership Board is now on "
                    "our website.",
                ),
                *optional_link("Read our highlight reports", publications),
                *optional_link("Contact the Walsall Together team", pages["contact-us"]),
            ],
        },
    ]


def load_demo():
    """Create or update the newsletter archive and its three issues. Returns lines to print."""
    publications = section("publications")
    images = {spec[0]: demo_image(*spec) for spec in (PARTNERS_IMAGE, USER_GROUP_IMAGE, BANNER_IMAGE)}
    pages = {
        "get-involved": _find_page("get-involved"),
        "healthwatch": _find_page("get-involved", "healthwatch-walsall"),
        "publications": publications,
        "contact-us": _find_page("contact-us"),
    }
    lists_created = load_mailing_lists()
    privacy = _find_page("privacy-notice")
    sign_up_spec = {**SIGN_UP, "introduction": SIGN_UP["introduction"].format(privacy=(
        f' Our <a linktype="page" id="{privacy.pk}">privacy notice</a> explains how we look after your details.'
        if privacy else ""))}
    sign_up_page, sign_up_status = publish_demo_page(pages["get-involved"] or publications.get_parent().specific,
                                            NewsletterSignupPage, sign_up_spec)
    _add_footer_link(sign_up_page)
    statuses = []
    index_spec = {**INDEX, "introduction": INDEX["introduction"] + SIGN_UP_LINK.format(pk=sign_up_page.pk)}
    index, status = publish_demo_page(publications, NewsletterIndexPage, index_spec)
    statuses.append(status)
    for spec in issues(pages, images):
        statuses.append(publish_demo_page(index, NewsletterIssuePage, spec)[1])
    counts = ", ".join(f"{statuses.count(name)} {name}" for name in ("created", "updated", "unchanged", "kept"))
    return [
        f"Newsletters: {counts} (the archive and {len(statuses) - 1} issues at {index.url}).",
        f"Newsletter sign-up: page {sign_up_status} at {sign_up_page.url}, {lists_created} of "
        f"{len(MAILING_LISTS)} mailing lists created.",
    ]


def load_mailing_lists():
    """The demo lists, matched by slug; a list the Comms team has changed is left as it is."""
    created = 0
    for spec in MAILING_LISTS:
        _, was_created = MailingList.objects.get_or_create(slug=spec["slug"], defaults=spec)
        created += was_created
    return created


def _add_footer_link(page):
    """A footer link to the sign-up page, after the base demo's links (kept if staff moved it)."""
    site_settings = SiteSettings.load()
    if not FooterLink.objects.filter(settings=site_settings, page=page).exists():
        FooterLink.objects.create(settings=site_settings, page=page, label=FOOTER_LABEL, sort_order=100)


def _find_page(*slugs):
    try:
        page = section(slugs[0])
    except ObjectDoesNotExist:  # the base demo has changed: the story then has no link
        return None
    for slug in slugs[1:]:
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            return None
    return page


def demo_image(title, alt_text, people, colour):
    """The Wagtail image called `title`, drawn and saved the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    png = _draw_people_around_table(people, colour)
    slug = title.split(": ")[-1].replace(" ", "-").lower()
    image = Image(title=title, file=ImageFile(io.BytesIO(png), name=f"newsletter-{slug}.png"))
    image.save()
    return image


def _draw_people_around_table(people, colour, size=(800, 400)):
    """A flat illustration: `people` figures around an oval table (none: a plain banner)."""
    if people == 0:
        size = (size[0], 120)
    width, height = size
    picture = PILImage.new("RGB", size, (240, 244, 245))
    draw = ImageDraw.Draw(picture)
    if people == 0:
        for step in range(8):
            x = step * width // 8
            draw.ellipse((x - 40, 20, x + 140, height + 60), fill=colour if step % 2 else (174, 183, 189))
        return _png(picture)
    centre_x, centre_y = width // 2, height // 2 + 20
    draw.ellipse((centre_x - 190, centre_y - 70, centre_x + 190, centre_y + 70), fill=(174, 183, 189),
                 outline=(66, 84, 98), width=4)
    for index in range(people):
        angle = 2 * math.pi * index / people - math.pi / 2
        x = centre_x + 250 * math.cos(angle)
        y = centre_y + 125 * math.sin(angle)
        draw.ellipse((x - 38, y - 30, x + 38, y + 46), fill=colour)  # body
        draw.ellipse((x - 22, y - 62, x + 22, y - 18), fill=(255, 207, 170) if index % 2 else (141, 85, 36))
    return _png(picture)


def _png(picture):
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
