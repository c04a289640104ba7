"""Moderation, themes and actions in the Wagtail admin: Healthwatch staff (with MFA) only."""
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import HEALTHWATCH_STAFF, PARTNER_STAFF, PERSONAL_DATA_PERMISSIONS
from engagement.models import Action, ActionUpdate, Response, Theme
from engagement.services import feedback, moderation
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry
from tests.factories import UserFactory
from tests.privacy.conftest import signed_in

from .conftest import question_ids, respond

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"feedback-responses:{name}", args=args)


def test_healthwatch_staff_moderate_and_partner_staff_do_not():
    codenames = set(Group.objects.get(name=HEALTHWATCH_STAFF).permissions.values_list("codename", flat=True))
    assert {"view_response", "change_response", "add_response", "change_action", "change_theme"} <= codenames
    assert not Group.objects.get(name=PARTNER_STAFF).permissions.filter(codename__endswith="_response").exists()
    assert {"engagement.view_response", "engagement.change_response"} <= set(PERSONAL_DATA_PERMISSIONS)


@pytest.mark.parametrize("client_name", ["comms_client", "partner_client"])
def test_other_staff_cannot_see_or_moderate_responses(request, client_name, exercise):
    client = request.getfixturevalue(client_name)
    response = respond(exercise)
    for address in (url("index"), url("inspect", response.pk), url("export"), url("choose"),
                    reverse("feedback-actions:index"), reverse("feedback-themes:index")):
        assert client.get(address).status_code in (302, 403), address
    assert client.post(url("approve", response.pk)).status_code in (302, 403)
    response.refresh_from_db()
    assert response.status == "new"


def test_healthwatch_staff_need_mfa(exercise):
    client = signed_in(UserFactory(groups=[HEALTHWATCH_STAFF]))  # no authenticator app yet
    page = client.get(url("index"))
    assert page.status_code == 302 and "/accounts/2fa/" in page.url


def test_the_dashboard_counts_the_queue(healthwatch_client, exercise):
    respond(exercise)
    respond(exercise)
    html = healthwatch_client.get("/admin/").content.decode()
    assert "2 feedback responses" in html and url("index") in html


def test_the_queue_lists_new_responses_oldest_first_each_opening_the_response(healthwatch_client, exercise):
    older = respond(exercise, "I'm Margaret Jones. Ring me on 07700 900123 about the clinic waiting room.",
                    email="sam@example.org", wants_updates=True)
    newer = respond(exercise, "The bus to the Manor is too slow.")
    done = respond(exercise)
    moderation.reject(done, None, "Spam")
    html = healthwatch_client.get(url("index")).content.decode()
    assert "Moderation queue" in html and "Oldest first" in html
    assert older.reference in html and newer.reference in html and done.reference not in html
    assert html.index(older.reference) < html.index(newer.reference)
    # Each row opens the response.
    assert f'href="{url("inspect", older.pk)}"' in html and f'href="{url("inspect", newer.pk)}"' in html
    # An excerpt of the words, with what looks like it identifies someone taken out.
    assert "I&#x27;m [name removed]. Ring me on [phone number removed] about the clinic" in html
    assert "Margaret" not in html and "07700" not in html and "sam@example.org" not in html
    html = healthwatch_client.get(url("index"), {"status": "rejected"}).content.decode()
    assert done.reference in html and older.reference not in html


def test_an_empty_queue_says_so(healthwatch_client, exercise):
    html = healthwatch_client.get(url("index")).content.decode()
    assert "No responses are waiting for moderation: the queue is empty." in html


def test_each_decision_opens_the_next_response_waiting_until_the_queue_is_empty(healthwatch_client, exercise):
    first, second, third = (respond(exercise, f"Response number {n}.") for n in (1, 2, 3))
    flagged = respond(exercise, "Worrying")
    moderation.flag_safeguarding(flagged, None, "A concern")
    page = healthwatch_client.get(url("inspect", first.pk)).content.decode()
    assert "Next in the queue" in page and f'href="{url("inspect", second.pk)}"' in page

    answer = first.answers.get(quotable=True)
    approved = healthwatch_client.post(url("approve", first.pk), {f"public_text_{answer.pk}": "Response number 1.",
                                                                 "reason": ""}, follow=True)
    assert approved.redirect_chain == [(url("inspect", second.pk), 302)]
    html = approved.content.decode()
    assert f"{first.reference} approved. This is the next response waiting in the queue." in html
    assert f"Back to {first.reference}" in html and "Response number 2." in html

    rejected = healthwatch_client.post(url("reject", second.pk), {"reject-reason": "Off topic"}, follow=True)
    assert rejected.redirect_chain == [(url("inspect", third.pk), 302)]
    assert f"{second.reference} rejected." in rejected.content.decode()

    last = healthwatch_client.post(url("reject", third.pk), {"reject-reason": "Duplicate"}, follow=True)
    assert last.redirect_chain == [(url("inspect", third.pk), 302)]
    html = last.content.decode()
    assert "No more responses are waiting: the moderation queue is empty." in html
    assert "Next in the queue" not in html

    # Changing the published version of an approved response also moves on (here: nothing waits).
    redacted = healthwatch_client.post(url("redact", first.pk), {f"public_text_{answer.pk}": "Response [removed] 1.",
                                                                "reason": "Shorter"}, follow=True)
    assert "The published version of" in redacted.content.decode()
    assert "the moderation queue is empty" in redacted.content.decode()
    # A decision refused by the rules stays on the response.
    refused = healthwatch_client.post(url("reject", flagged.pk), {"reject-reason": ""}, follow=True)
    assert refused.redirect_chain == [(url("inspect", flagged.pk), 302)]


def test_next_in_the_queue_goes_round_to_the_oldest(exercise):
    first, second, third = (respond(exercise, f"Response number {n}.") for n in (1, 2, 3))
    assert moderation.next_in_queue() == first
    assert moderation.next_in_queue(after=first) == second
    assert moderation.next_in_queue(after=third) == first
    moderation.reject(second, None, "Spam")
    assert moderation.next_in_queue(after=first) == third
    assert moderation.next_in_queue(after=second) == third  # decided: the next one still waiting


def test_opening_a_response_shows_suggestions_and_is_audited(healthwatch_client, healthwatch_user, exercise):
    response = respond(exercise, "Ring me on 07700 900123", email="sam@example.org", wants_updates=True)
    html = healthwatch_client.get(url("inspect", response.pk)).content.decode()
    assert "<mark" in html and "07700 900123</mark>" in html
    assert "Ring me on [phone number removed]</textarea>" in html
    entry = AuditLogEntry.objects.get(action="view")
    assert entry.actor == healthwatch_user and entry.details["id"] == response.pk and entry.subject == "s***@example.org"


def test_approve_redact_reject_flag_and_block_from_the_response_page(healthwatch_client, exercise, settings):
    settings.SAFEGUARDING_LEAD_EMAIL = "lead@walsallhealthcare.nhs.uk"
    response = respond(exercise, "Dr Smith was kind")
    answer = response.answers.get(kind="free_text", quotable=True)
    page = healthwatch_client.post(url("approve", response.pk), {f"public_text_{answer.pk}": "Dr Smith added words",
                                                                "reason": "x"}, follow=True)
    assert "can only take words out" in page.content.decode()
    healthwatch_client.post(url("approve", response.pk), {f"public_text_{answer.pk}": "[name removed] was kind",
                                                         "reason": ""})
    answer.refresh_from_db()
    assert answer.public_text == "[name removed] was kind"
    assert Response.objects.get(pk=response.pk).status == "approved"

    healthwatch_client.post(url("redact", response.pk), {f"public_text_{answer.pk}": "[removed] kind",
                                                        "reason": "Shorter"})
    answer.refresh_from_db()
    assert answer.public_text == "[removed] kind"

    other = respond(exercise, "Spam spam", ip_address="192.0.2.50")
    healthwatch_client.post(url("reject", other.pk), {"reject-reason": "Spam"})
    assert Response.objects.get(pk=other.pk).rejection_reason == "Spam"
    healthwatch_client.post(url("block", other.pk), {"block-reason": "Repeated spam"})
    assert respond(exercise, "Again", ip_address="192.0.2.50").status == "quarantined"

    worrying = respond(exercise, "Something worrying")
    healthwatch_client.post(url("flag", worrying.pk), {"note": "Possible risk"})
    assert Response.objects.get(pk=worrying.pk).is_flagged
    assert OutgoingEmail.objects.filter(to="lead@walsallhealthcare.nhs.uk").count() == 1
    steps = set(AuditLogEntry.objects.filter(action="moderate").values_list("details__step", flat=True))
    assert steps == {"approve", "redact", "reject", "block_sender", "flag_safeguarding"}
    history = healthwatch_client.get(url("inspect", response.pk)).content.decode()
    assert "<td>Published version changed</td><td>Shorter</td>" in history
    assert "<td>Approved</td>" in history and "redact" not in history.split('id="history-heading"')[1]
    flagged = healthwatch_client.get(url("inspect", worrying.pk)).content.decode().split('id="history-heading"')[1]
    assert "<td>Flagged for safeguarding</td><td>Possible risk</td>" in flagged
    assert "flag_safeguarding" not in flagged


def test_link_a_response_to_themes(healthwatch_client, exercise):
    response = respond(exercise)
    theme = moderation.create_theme(exercise, "Care should be joined up")
    healthwatch_client.post(url("themes", response.pk), {"themes": [theme.pk]})
    assert list(response.themes.all()) == [theme]


def test_staff_add_a_response_taken_by_phone(healthwatch_client, healthwatch_user, exercise):
    chooser = healthwatch_client.get(url("choose"), {"exercise": exercise.pk})
    assert chooser.status_code == 302 and chooser.url == url("add", exercise.pk)
    form = healthwatch_client.get(url("add", exercise.pk)).content.decode()
    assert "How did we receive it?" in form and "Read this to the person" in form
    ids = question_ids(exercise)
    data = {f"q_{ids['text'].replace('-', '')}": "Said on the phone", "channel": "phone",
            "publish_consent": "no", "submission_token": str(uuid.uuid4())}
    assert healthwatch_client.post(url("add", exercise.pk), data).status_code == 302
    assert healthwatch_client.post(url("add", exercise.pk), data).status_code == 302  # a double click
    response = Response.objects.get()
    assert response.channel == "phone" and response.entered_by == healthwatch_user and response.ip_digest == ""
    invalid = healthwatch_client.post(url("add", exercise.pk), {**data, "channel": "", "submission_token": ""})
    assert "There is a problem" in invalid.content.decode()


def test_export_csv(healthwatch_client, exercise):
    respond(exercise, "Words for analysis", email="sam@example.org", wants_updates=True)
    download = healthwatch_client.get(url("export"), {"exercise": exercise.pk})
    text = download.getvalue().decode("utf-8-sig")
    assert download["Content-Type"].startswith("text/csv") and "Words for analysis" in text
    assert "sam@example.org" not in text


def test_an_action_saved_in_the_admin_goes_through_the_loop(healthwatch_client, exercise, django_capture_on_commit_callbacks):
    response = respond(exercise, email="ann@example.org", wants_updates=True)
    theme = moderation.create_theme(exercise, "Care should be joined up", responses=[response], published=True)
    data = {
        "exercise": exercise.pk, "themes": [theme.pk], "title": "We joined up the teams", "description": "",
        "partner": "", "status": "in_progress", "not_possible_reason": "", "starts_on": "", "due_on": "",
        "completed_on": "", "sort_order": "0", "is_published": "on", "update_note": "Started in the North.",
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
        "evidence_links-MIN_NUM_FORMS": "0", "evidence_links-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = healthwatch_client.post(reverse("feedback-actions:add"), data)
    assert page.status_code == 302, page.content.decode()[:3000]
    action = Action.objects.get()
    assert page.url == reverse("feedback-actions:inspect", args=[action.pk])  # its page, with the timeline
    update = ActionUpdate.objects.get(action=action)
    assert update.kind == "published" and update.text == "Started in the North."
    assert OutgoingEmail.objects.filter(to="ann@example.org", dedupe_key__startswith="yswd:").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        healthwatch_client.post(reverse("feedback-actions:status", args=[action.pk]),
                                {"status": "not_possible", "note": "", "reason": ""})
    assert Action.objects.get().status == "in_progress"  # refused: no reason
    with django_capture_on_commit_callbacks(execute=True):
        healthwatch_client.post(reverse("feedback-actions:status", args=[action.pk]),
                                {"status": "done", "note": "Finished.", "reason": ""})
    assert Action.objects.get().status == "done"
    assert OutgoingEmail.objects.filter(to="ann@example.org", dedupe_key__startswith="yswd:").count() == 2
    detail = healthwatch_client.get(reverse("feedback-actions:inspect", args=[action.pk])).content.decode()
    assert "Finished." in detail and "E-mailed to 1 contributor" in detail



def test_an_action_answers_themes_of_its_own_exercise(healthwatch_client, exercise, have_your_say):
    from .conftest import make_exercise

    elsewhere = moderation.create_theme(make_exercise(have_your_say, slug="elsewhere"), "Elsewhere")
    page = healthwatch_client.post(reverse("feedback-actions:add"), {
        "exercise": exercise.pk, "themes": [elsewhere.pk], "title": "Wrong", "status": "planned", "sort_order": "0",
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
        "evidence_links-MIN_NUM_FORMS": "0", "evidence_links-MAX_NUM_FORMS": "1000"})
    assert page.status_code == 200 and "own engagement exercise" in page.content.decode()
    assert not Action.objects.exists()


def test_a_safeguarding_alert_goes_to_the_safeguarding_lead_not_the_contact_mailbox(healthwatch_client, exercise,
                                                                                     settings):
    from django.conf import settings as configured

    assert configured.SAFEGUARDING_LEAD_EMAIL == "walsall.together.safeguarding@walsallhealthcare.nhs.uk"
    assert configured.SAFEGUARDING_LEAD_EMAIL != configured.CONTACT_EMAIL
    settings.SITE_URL = "https://www.walsalltogether.example"
    worrying = respond(exercise, "Someone is hurting my neighbour at 12 Example Street")
    page = healthwatch_client.get(url("inspect", worrying.pk)).content.decode()
    assert "Flagging e-mails the safeguarding lead (walsall.together.safeguarding@walsallhealthcare.nhs.uk)" in page
    assert "By policy the e-mail does not include the response's words" in page

    healthwatch_client.post(url("flag", worrying.pk), {"note": "Possible adult at risk"})
    alert = OutgoingEmail.objects.get(to="walsall.together.safeguarding@walsallhealthcare.nhs.uk")
    assert not OutgoingEmail.objects.filter(to=configured.CONTACT_EMAIL).exists()
    address = f"https://www.walsalltogether.example/admin/feedback-responses/{worrying.pk}/"
    assert worrying.reference in alert.subject
    for body in (alert.body_text, alert.body_html):
        assert address in body and worrying.reference in body
        assert "By policy, the response's words are not included in this e-mail" in body.replace("&#x27;", "'")
        assert "Example Street" not in body


def test_an_actions_row_opens_its_page_with_the_timeline_and_publish_button(healthwatch_client, exercise):
    from engagement.services import loop

    theme = moderation.create_theme(exercise, "Care should be joined up", published=True)
    action = loop.create_action(exercise, [theme], "We joined up the teams")
    listing = BeautifulSoup(healthwatch_client.get(reverse("feedback-actions:index")).content, "html.parser")
    page_url = reverse("feedback-actions:inspect", args=[action.pk])
    assert listing.find("a", string=lambda text: text and "We joined up the teams" in text)["href"] == page_url
    page = healthwatch_client.get(page_url).content.decode()
    assert ">Publish</button>" in page and 'id="timeline-heading"' in page
    assert reverse("feedback-actions:edit", args=[action.pk]) in page  # and Edit
    assert "Not shown on the website" not in page

    theme.is_published = False
    theme.save()
    page = healthwatch_client.get(page_url).content.decode()
    assert 'Not shown on the website: "Care should be joined up".' in page


def test_new_themes_are_shown_on_the_website_by_default(healthwatch_client, exercise):
    form = BeautifulSoup(healthwatch_client.get(reverse("feedback-themes:add")).content, "html.parser")
    assert form.find("input", attrs={"name": "is_published"}).has_attr("checked")
    theme = moderation.create_theme(exercise, "Care should be joined up", published=True)
    assert Theme(exercise=exercise, title="Another").is_published
    assert theme in feedback.published_themes()
