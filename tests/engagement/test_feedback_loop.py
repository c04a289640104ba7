"""Closing the loop: publishing an action, or changing its status, e-mails every contributor who
asked to hear back exactly once per change, with a working "stop" link."""
import pytest

from accounts.roles import HEALTHWATCH_STAFF
from engagement.models import ActionUpdate
from engagement.services import loop, moderation
from engagement.tasks import send_action_update
from mailer.models import OutgoingEmail
from tests.factories import UserFactory

from .conftest import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(groups=[HEALTHWATCH_STAFF], mfa=True)


@pytest.fixture
def contributors(exercise, staff):
    """Ann (twice, same address), Bo, Cy who did not ask, Di who stopped, Ed who was rejected."""
    ann1 = respond(exercise, "Joined up care", email="ann@example.org", wants_updates=True)
    ann2 = respond(exercise, "Also joined up", email="ANN@example.org", wants_updates=True)
    bo = respond(exercise, "One record", email="bo@example.org", wants_updates=True)
    cy = respond(exercise, "No e-mail please")
    di = respond(exercise, "Stop", email="di@example.org", wants_updates=True)
    ed = respond(exercise, "Spam", email="ed@example.org", wants_updates=True)
    moderation.reject(ed, staff, "Spam")
    loop.stop_updates(loop.stop_token(exercise, "di@example.org"))
    joined_up = moderation.create_theme(exercise, "Care should be joined up", responses=[ann1, ann2, cy, di, ed],
                                        published=True)
    records = moderation.create_theme(exercise, "Share my record", responses=[bo], published=True)
    other = moderation.create_theme(exercise, "Something else", responses=[ann1], published=True)
    OutgoingEmail.objects.all().delete()  # the acknowledgements
    return {"joined_up": joined_up, "records": records, "other": other}


def updates_to(address):
    return list(OutgoingEmail.objects.filter(to=address, dedupe_key__startswith="yswd:").order_by("pk"))


def test_publishing_an_action_emails_each_contributor_once(exercise, staff, contributors, commit):
    with commit():
        action = loop.create_action(exercise, [contributors["joined_up"], contributors["records"]],
                                    "We are joining up community teams in each locality", actor=staff)
    assert not OutgoingEmail.objects.exists()  # a draft tells nobody

    with commit():
        loop.publish_action(action, staff)
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["ann@example.org", "bo@example.org"]
    email = updates_to("ann@example.org")[0]
    assert email.subject == f"You said, we did: {exercise.title}"
    assert "Care should be joined up" in email.body_text
    assert "We are joining up community teams in each locality" in email.body_text
    assert f"{exercise.url}you-said-we-did/" in email.body_text
    assert "/feedback/updates/stop/" in email.body_text
    assert "List-Unsubscribe" not in (email.headers or {})  # transactional: they asked for it

    update = ActionUpdate.objects.get(kind="published")
    assert update.notified_count == 2

    # Running the fan-out again (a retry, a second worker) sends nobody a second copy.
    assert send_action_update.enqueue(update.pk).return_value == 0
    assert len(updates_to("ann@example.org")) == 1


def test_each_status_change_is_one_more_email_and_a_progress_note_is_none(exercise, staff, contributors,
                                                                          commit):
    with commit():
        action = loop.create_action(exercise, [contributors["records"]], "A shared care record", published=True,
                                    actor=staff)
        loop.add_progress_update(action, "We met the GP practices.", staff)
        loop.change_status(action, "planned", staff)  # no change: nothing to tell
        loop.change_status(action, "in_progress", staff, note="Testing has started.")
        loop.change_status(action, "done", staff)
    emails = updates_to("bo@example.org")
    assert [email.subject for email in emails] == [
        f"You said, we did: {exercise.title}",
        "Update: A shared care record is now in progress",
        "Update: A shared care record is now done",
    ]
    assert "Testing has started." in emails[1].body_text
    assert list(ActionUpdate.objects.filter(action=action).values_list("kind", flat=True)) == [
        "published", "progress", "status", "status"]


def test_the_stop_link_stops_further_updates(exercise, staff, contributors, client, commit):
    with commit():
        action = loop.create_action(exercise, [contributors["records"]], "A shared care record", published=True,
                                    actor=staff)
    link = updates_to("bo@example.org")[0].body_text.split("Stop these e-mails: ")[1].split()[0]
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200 and b"Stop the e-mails" in page.content
    assert updates_to("bo@example.org")  # a GET (a mail scanner) stops nothing
    done = client.post(path)
    assert b"We will not e-mail you again" in done.content
    with commit():
        loop.change_status(action, "in_progress", staff)
    assert len(updates_to("bo@example.org")) == 1

    assert client.get("/feedback/updates/stop/not-a-real-token/").status_code == 400


def test_an_unpublished_action_tells_nobody_even_if_its_status_changes(exercise, staff, contributors, commit):
    with commit():
        action = loop.create_action(exercise, [contributors["records"]], "Draft", actor=staff)
        loop.change_status(action, "in_progress", staff)
    assert not OutgoingEmail.objects.exists()
