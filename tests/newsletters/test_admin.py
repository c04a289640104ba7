"""The newsletter screens in the admin: issues, mailing lists, subscribers and their import, campaigns."""
import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, PARTNER_STAFF, PERSONAL_DATA_PERMISSIONS
from mailer.models import OutgoingEmail
from newsletters.models import MailingList, NewsletterCampaign, NewsletterIssuePage, Subscriber, Subscription
from privacy.models import AuditLogEntry
from tests.factories import UserFactory, activate_totp, make_page
from tests.privacy.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    client = Client()
    client.force_login(user)
    return client


def test_editors_can_add_and_edit_an_issue(admin_client, archive):
    issue = make_page(archive, NewsletterIssuePage, title="October 2020", slug="october-2020", date="2020-10-15",
                      stories=[{"type": "heading", "value": "Workshop"}])
    response = admin_client.get(f"/admin/pages/{issue.pk}/edit/")
    assert response.status_code == 200
    assert "Issue date" in response.content.decode()
    assert admin_client.get(f"/admin/pages/add/newsletters/newsletterissuepage/{archive.pk}/").status_code == 200


# Newsletters menu: mailing lists, subscribers, import and campaigns --------------------------


@pytest.fixture
def comms(db):
    return UserFactory(groups=[COMMS_TEAM], mfa=True)


@pytest.fixture
def comms_client(comms):
    return signed_in(comms)


@pytest.fixture
def approver_client(db):
    return signed_in(UserFactory(groups=[COMMS_APPROVERS]))


def test_who_may_do_what():
    codenames = {name: set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
                 for name in (COMMS_TEAM, COMMS_APPROVERS, PARTNER_STAFF)}
    assert {"add_mailinglist", "change_mailinglist", "view_subscriber", "add_subscriber",
            "view_newslettercampaign"} <= codenames[COMMS_TEAM]
    assert "send_newslettercampaign" not in codenames[COMMS_TEAM]
    assert {"view_newslettercampaign", "send_newslettercampaign"} <= codenames[COMMS_APPROVERS]
    assert not {c for c in codenames[PARTNER_STAFF] if "newsletter" in c or "subscriber" in c}
    assert "newsletters.view_subscriber" in PERSONAL_DATA_PERMISSIONS  # so the Comms team must use MFA


def test_comms_team_manages_mailing_lists(comms_client):
    response = comms_client.post("/admin/mailing-lists/new/", {
        "name": "Carers' news", "slug": "carers-news", "description": "For carers.", "is_public": "on",
        "sort_order": "3"})
    assert response.status_code == 302
    assert MailingList.objects.get().name == "Carers' news"
    html = comms_client.get("/admin/mailing-lists/").content.decode()
    assert "Carers&#x27; news" in html and "Confirmed subscribers" in html


def test_a_list_newsletters_went_to_cannot_be_deleted(comms_client, issue, lists):
    NewsletterCampaign.objects.create(issue=issue, mailing_list=lists[0], status="sent")
    response = comms_client.post(f"/admin/mailing-lists/delete/{lists[0].pk}/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert MailingList.objects.filter(pk=lists[0].pk).exists()


def test_subscribers_are_listed_and_opening_one_is_audited(comms_client, lists):
    subscriber = Subscriber.objects.create(email="ann@example.org", name="Ann", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=subscriber, mailing_list=lists[0], status="subscribed")
    html = comms_client.get("/admin/newsletter-subscribers/").content.decode()
    assert "ann@example.org" in html and "Import from CSV" in html
    html = comms_client.get(f"/admin/newsletter-subscribers/inspect/{subscriber.pk}/").content.decode()
    assert "Stakeholder newsletter" in html and "Subscribed" in html
    assert AuditLogEntry.objects.get(action="view").subject == "a***@example.org"
    # Subscribers only come from the form or the import.
    assert comms_client.get("/admin/newsletter-subscribers/new/").status_code == 404
    assert comms_client.get(f"/admin/newsletter-subscribers/edit/{subscriber.pk}/").status_code == 404


def test_import_in_the_admin(comms_client, lists):
    good = SimpleUploadedFile("list.csv", b"email,lists,consent_basis,consent_date,consent_source\n"
                                          b"ann@example.org,stakeholder-newsletter,consent,2024-01-01,Paper form\n")
    response = comms_client.post("/admin/newsletter-subscribers/import/", {"file": good}, follow=True)
    assert "Imported 1 row: 1 new subscriber, 1 subscription added." in response.content.decode()

    bad = SimpleUploadedFile("list.csv", b"email,lists,consent_basis\nbob@example.org,nope,consent\n")
    html = comms_client.post("/admin/newsletter-subscribers/import/", {"file": bad}).content.decode()
    assert "Nothing was imported." in html
    assert "<td>2</td><td>No mailing list called &#x27;nope&#x27;" in html
    assert Subscriber.objects.count() == 1


def test_partner_staff_see_no_newsletter_admin(lists, issue):
    client = signed_in(UserFactory(groups=[PARTNER_STAFF]))
    assert client.get("/admin/newsletter-subscribers/").status_code in (302, 403)
    assert client.get(f"/admin/newsletter-campaigns/issue/{issue.pk}/").status_code in (302, 403)


def test_the_issue_editor_links_to_sending(comms_client, issue):
    html = comms_client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert f"/admin/newsletter-campaigns/issue/{issue.pk}/" in html and "Send by e-mail" in html


def test_comms_team_previews_and_tests_but_does_not_send(comms_client, comms, issue, lists, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    html = comms_client.get(url).content.decode()
    assert "Send me a test" in html and "A Comms approver sends newsletters" in html
    assert "Send or schedule" not in html

    preview = comms_client.get(f"{url}preview/?list={lists[0].pk}")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert '<html lang="en-GB">' in preview.content.decode()
    text = comms_client.get(f"{url}preview/?list={lists[0].pk}&format=text").content.decode()
    assert text.startswith("Stakeholder newsletter: October 2020") and "%%" not in text

    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(f"{url}test/", {"mailing_list": lists[0].pk}, follow=True)
    assert f"A test e-mail is on its way to {comms.email}." in response.content.decode()
    assert [m.to for m in mailoutbox] == [[comms.email]]

    assert comms_client.post(url, {"mailing_list": lists[0].pk, "when": "now", "checked": "on"}).status_code == 403
    assert not NewsletterCampaign.objects.exists()


def subscribe_confirmed(email, mailing_list):
    subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list, status="subscribed")


def test_approver_sends_now_and_sees_the_report(approver_client, issue, lists, mailoutbox,
                                               django_capture_on_commit_callbacks):
    subscribe_confirmed("ann@example.org", lists[0])
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    assert "Stakeholder newsletter: 1 confirmed subscriber" in approver_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url, {"mailing_list": lists[0].pk, "when": "now", "checked": "on"})
    campaign = NewsletterCampaign.objects.get()
    assert response["Location"] == f"/admin/newsletter-campaigns/{campaign.pk}/"
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    html = approver_client.get(response["Location"]).content.decode()
    assert "<strong>Sent.</strong>" in html
    assert '<dt class="w-font-bold">Sent</dt><dd>1</dd>' in html
    assert 'http-equiv="refresh"' not in html

    # A second click (or a second approver) does not send it again.
    html = approver_client.post(url, {"mailing_list": lists[0].pk, "when": "now", "checked": "on"}).content.decode()
    assert "This newsletter has already been sent to Stakeholder newsletter." in html
    assert OutgoingEmail.objects.filter(batch_key=campaign.batch_key).count() == 1


def test_the_report_refreshes_while_sending(approver_client, issue, lists):
    campaign = NewsletterCampaign.objects.create(issue=issue, mailing_list=lists[0], status="sending",
                                                 started_at=timezone.now())
    html = approver_client.get(f"/admin/newsletter-campaigns/{campaign.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "This page refreshes every 5 seconds while it is sending." in html


def test_approver_schedules_and_cancels(approver_client, issue, lists):
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    html = approver_client.post(url, {"mailing_list": lists[0].pk, "when": "later"}).content.decode()
    assert "Choose when to send it." in html
    assert "Check the preview and send yourself a test first, then tick the box." in html
    assert not NewsletterCampaign.objects.exists()
    send_at = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    response = approver_client.post(url, {"mailing_list": lists[0].pk, "when": "later",
                                          "send_at": send_at.strftime("%Y-%m-%d %H:%M"), "checked": "on"}, follow=True)
    html = response.content.decode()
    campaign = NewsletterCampaign.objects.get()
    assert campaign.status == "scheduled" and campaign.scheduled_for == send_at
    assert "Scheduled to go to Stakeholder newsletter on" in html and "Cancel this scheduled send" in html

    response = approver_client.post(f"/admin/newsletter-campaigns/{campaign.pk}/cancel/", follow=True)
    assert "The scheduled send is cancelled. Nothing was sent." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "cancelled" and not OutgoingEmail.objects.exists()
