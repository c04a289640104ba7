"""No unapproved or unconsented words ever reach a public page.

Responses are created in every state a response can be in, each with its own marker text; then
every public page (and every filter of the listings) is rendered, and only the words that are
approved, unflagged, consented to and quotable may appear - and only in their redacted form.
"""
import pytest

from accounts.roles import HEALTHWATCH_STAFF
from engagement.models import YouSaidWeDidIndexPage
from engagement.services import loop, moderation
from tests.factories import UserFactory, make_page

from .conftest import make_exercise, respond

pytestmark = pytest.mark.django_db

ALLOWED = "Zebracrossing approved and quotable"
FORBIDDEN = {
    "new": "Xylophone waiting for moderation",
    "rejected": "Quagmire rejected words",
    "quarantined": "Kumquat from a blocked sender",
    "flagged": "Yardarm safeguarding concern",
    "flagged_after_approval": "Vortex approved then flagged",
    "no_consent": "Walrus did not agree to quotes",
    "not_quotable": "Ukulele private answer",
    "redacted_phone": "07700 900111",
    "redacted_name": "Bartholomew",
    "anonymous_name": "Tiddlywinks",
    "email": "secret.person@example.org",
    "unpublished_exercise": "Octopus on an unpublished exercise",
    "unpublished_theme_title": "Nightjar theme not published",
    "unpublished_action_title": "Marmalade action not published",
}


@pytest.fixture
def every_state(have_your_say, exercise):
    staff = UserFactory(groups=[HEALTHWATCH_STAFF], mfa=True)
    make_page(have_your_say, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    ok = respond(exercise, ALLOWED + f". My name is {FORBIDDEN['redacted_name']}, call {FORBIDDEN['redacted_phone']}.",
                 publish_consent="anonymous", display_name=FORBIDDEN["anonymous_name"],
                 email=FORBIDDEN["email"], wants_updates=True)
    moderation.approve(ok, staff)
    respond(exercise, FORBIDDEN["new"])
    rejected = respond(exercise, FORBIDDEN["rejected"])
    moderation.approve(rejected, staff)
    moderation.reject(rejected, staff, "Off topic")
    blocker = respond(exercise, "Abusive first message", ip_address="198.51.100.99")
    moderation.block_sender(blocker, staff, "Abuse")
    respond(exercise, FORBIDDEN["quarantined"], ip_address="198.51.100.99")
    flagged = respond(exercise, FORBIDDEN["flagged"])
    moderation.flag_safeguarding(flagged, staff, "Concern")
    late_flag = respond(exercise, FORBIDDEN["flagged_after_approval"])
    moderation.approve(late_flag, staff)
    moderation.flag_safeguarding(late_flag, staff, "Concern found later")
    no_consent = respond(exercise, FORBIDDEN["no_consent"], publish_consent="no")
    moderation.approve(no_consent, staff)
    private = respond(exercise, "A fine quotable answer", private=FORBIDDEN["not_quotable"])
    moderation.approve(private, staff)
    everyone = [ok, rejected, flagged, late_flag, no_consent, private]
    theme = moderation.create_theme(exercise, "Care should be joined up", responses=everyone, published=True)
    moderation.create_theme(exercise, FORBIDDEN["unpublished_theme_title"], responses=everyone)
    loop.create_action(exercise, [theme], "We joined up the teams", status="done", published=True, actor=staff)
    loop.create_action(exercise, [theme], FORBIDDEN["unpublished_action_title"], actor=staff)

    hidden = make_exercise(have_your_say, slug="hidden", title="Hidden exercise")
    hidden_response = respond(hidden, FORBIDDEN["unpublished_exercise"])
    moderation.approve(hidden_response, staff)
    moderation.create_theme(hidden, "Hidden theme", responses=[hidden_response], published=True)
    hidden_url = f"{hidden.url}you-said-we-did/"
    hidden.unpublish()
    return exercise, hidden_url


def public_pages(client, exercise, hidden_url):
    index = exercise.get_parent()
    outcome_index = YouSaidWeDidIndexPage.objects.get()
    urls = ["/", "/get-involved/", index.url, exercise.url, f"{exercise.url}respond/",
            f"{exercise.url}you-said-we-did/", outcome_index.url, hidden_url, "/sitemap.xml",
            "/search/?q=Xylophone", "/search/?q=Zebracrossing"]
    urls += [f"{outcome_index.url}?status={status}" for status in ("", "planned", "in_progress", "done", "not_possible")]
    urls += [f"{index.url}?pathway=respiratory", f"{outcome_index.url}?pathway=respiratory"]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = response.content.decode()
    return pages


def test_no_unapproved_or_unconsented_words_on_any_public_page(client, every_state):
    exercise, hidden_url = every_state
    pages = public_pages(client, exercise, hidden_url)
    for url, html in pages.items():
        for state, text in FORBIDDEN.items():
            assert text not in html, f"{state} text on {url}"
    outcome = pages[f"{exercise.url}you-said-we-did/"]
    assert ALLOWED in outcome and "[name removed]" in outcome and "[phone number removed]" in outcome
    assert "A fine quotable answer" in outcome
    assert "We joined up the teams" in outcome


def test_a_response_page_in_the_admin_is_not_public(client, every_state):
    from engagement.models import Response

    response = Response.objects.first()
    page = client.get(f"/admin/feedback-responses/{response.pk}/")
    assert page.status_code == 302 and "/login/" in page.url
