"""User Group invitations: replies go to Healthwatch's User Group mailbox, and the "stop
receiving invitations" link works without replying."""
import re

import pytest
from django.conf import settings

from engagement.models import ApplicationNote
from engagement.services import user_group
from mailer.models import OutgoingEmail
from tests.factories import UserFactory

from .conftest import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_group_mailbox(settings):
    settings.USER_GROUP_EMAIL = "usergroup@healthwatchwalsall.example"
    return settings.USER_GROUP_EMAIL


def test_user_group_emails_reply_to_the_user_group_mailbox(user_group_mailbox):
    member = make_application(status="active", email="kim@example.org")
    user_group.email_applicant(member, "Welcome", "Welcome to the User Group.", UserFactory(), standard="welcome")
    for email in OutgoingEmail.objects.filter(to="kim@example.org"):
        assert email.reply_to == user_group_mailbox, email.subject
    welcome = OutgoingEmail.objects.get(to="kim@example.org", subject="Welcome")
    assert "To stop receiving invitations without replying, use this link: http" in welcome.body_text


def test_stop_link_in_an_invitation_stops_invitations_end_to_end(client, user_group_mailbox):
    member = make_application(status="active", email="kim@example.org", name="Kim Member")
    user_group.send_invitation(subject="Diabetes workshop", message="Come along.", link_url="",
                               filters={}, members=user_group.select_members(), actor=UserFactory())
    invitation = OutgoingEmail.objects.get(subject="Diabetes workshop")
    assert invitation.reply_to == user_group_mailbox
    link = re.search(r"To stop receiving invitations, use this link: (\S+)", invitation.body_text).group(1)
    assert link in invitation.body_html
    path = link.removeprefix(settings.SITE_URL)

    page = client.get(path)  # a mail scanner opening the link stops nothing
    assert page.status_code == 200 and "Stop the invitations" in page.content.decode()
    member.refresh_from_db()
    assert member.invitations_stopped_at is None

    done = client.post(path)
    assert "We will not send you any more invitations" in done.content.decode()
    member.refresh_from_db()
    assert member.invitations_stopped_at is not None
    assert ApplicationNote.objects.filter(application=member, text__contains="no more invitations").count() == 1
    assert list(user_group.select_members()) == []
    client.post(path)  # twice is harmless
    assert ApplicationNote.objects.filter(application=member, text__contains="no more invitations").count() == 1


def test_a_made_up_stop_link_is_refused(client):
    member = make_application(status="active", email="kim@example.org")
    response = client.post(f"/feedback/user-group/invitations/stop/{member.pk}:forged/")
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    member.refresh_from_db()
    assert member.invitations_stopped_at is None
