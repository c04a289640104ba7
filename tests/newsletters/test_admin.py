"""The newsletter screens in the admin: issues, mailing lists, subscribers and their import, campaigns."""
import datetime
import re

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


def table_row(html, text):
    """The listing's table row (<tr>…</tr>) that shows `text`."""
    return next(row for row in re.findall(r"<tr.*?</tr>", html, re.S) if text in row)


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
    row = table_row(html, "Carers&#x27; news")
    assert "Yes" in row and "True" not in row  # "On the sign-up form" in plain words


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
    row = table_row(html, "ann@example.org")
    assert "Yes" in row and "True" not in row  # the "Confirmed" column reads Yes or No
    html = comms_client.get(f"/admin/newsletter-subscribers/inspect/{subscriber.pk}/").content.decode()
    assert "Stakeholder newsletter" in html and "Subscribed" in html
    assert AuditLogEntry.objects.get(action="view").subject == "a***@example.org"
    # Subscribers only come from the form or the import.
    assert comms_client.get("/admin/newsletter-subscribers/new/").status_code == 404
    assert comms_client.get(f"/admin/newsletter-subscribers/edit/{subscriber.pk}/").status_code == 404


def test_import_in_the_admin(comms_client, lists):
    html = comms_client.get("/admin/newsletter-subscribers/import/").content.decode()
    assert "Download a template CSV file" in html
    template = comms_client.get("/admin/newsletter-subscribers/import/template.csv")
    assert template["Content-Disposition"] == 'attachment; filename="subscribers-template.csv"'
    assert b"".join(template.streaming_content).decode("utf-8-sig").startswith("email,name,lists,consent_basis")

    good = SimpleUploadedFile("list.csv", b"email,lists,consent_basis,consent_date,consent_source\n"
                                          b"ann@example.org,stakeholder-newsletter,consent,2024-01-01,Paper form\n")
    response = comms_client.post("/admin/newsletter-subscribers/import/", {"file": good}, follow=True)
    assert "Imported 1 row: 1 new subscriber, 1 subscription added." in response.content.decode()

    mixed = SimpleUploadedFile("list.csv", b"email,lists,consent_basis,consent_date,consent_source\n"
                                           b"bob@example.org,nope,consent,2024-01-01,Paper form\n"
                                           b"cat@example.org,stakeholder-newsletter,consent,2024-01-01,Paper form\n")
    html = comms_client.post("/admin/newsletter-subscribers/import/", {"file": mixed}).content.decode()
    assert "Imported 1 row: 1 new subscriber, 1 subscription added." in html
    assert "1 row was skipped." in html
    assert "<td>2</td><td>bob@example.org</td><td>No mailing list called &#x27;nope&#x27;</td>" in html
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["ann@example.org", "cat@example.org"]
    skipped = comms_client.post("/admin/newsletter-subscribers/import/skipped.csv",
                                {"skipped": "email,problem\r\nbob@example.org,No list\r\n"})
    assert skipped["Content-Disposition"] == 'attachment; filename="subscribers-skipped.csv"'
    assert "bob@example.org" in b"".join(skipped.streaming_content).decode("utf-8-sig")

    unusable = SimpleUploadedFile("list.csv", b"address\nbob@example.org\n")
    html = comms_client.post("/admin/newsletter-subscribers/import/", {"file": unusable}).content.decode()
    assert "There is a problem" in html and '<a href="#id_file">Line 1: The first row must name' in html


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
    assert "Schedule it" not in html
    # The test form and the ask-an-approver form have their own ids and names.
    assert 'id="id_test-mailing_list"' in html and 'id="id_ask-mailing_list"' in html
    assert 'id="id_mailing_list"' not in html

    preview = comms_client.get(f"{url}preview/?list={lists[0].pk}")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert '<html lang="en-GB" dir="ltr">' in preview.content.decode()
    text = comms_client.get(f"{url}preview/?list={lists[0].pk}&format=text").content.decode()
    assert text.startswith("Stakeholder newsletter: October 2020") and "%%" not in text

    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(f"{url}test/", {"test-mailing_list": lists[0].pk}, follow=True)
    assert f"A test e-mail is on its way to {comms.email}." in response.content.decode()
    assert [m.to for m in mailoutbox] == [[comms.email]]

    assert comms_client.post(url, {"send-mailing_list": lists[0].pk, "send-when": "now", "send-checked": "on",
                                   "send-confirmed": "True"}).status_code in (302, 403)
    assert not NewsletterCampaign.objects.exists()


def test_comms_team_asks_an_approver_to_send(comms_client, comms, issue, lists, mailoutbox,
                                             django_capture_on_commit_callbacks):
    approver = UserFactory(groups=[COMMS_APPROVERS], email="approver@example.org")
    UserFactory(groups=[COMMS_APPROVERS], email="gone@example.org", is_active=False)
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(f"{url}ask/", {"ask-mailing_list": lists[0].pk,
                                                    "ask-note": "Please send it on Monday."}, follow=True)
    assert ("We have e-mailed 1 Comms approver asking them to send it to Stakeholder newsletter."
            in response.content.decode())
    [message] = mailoutbox
    assert message.to == [approver.email]
    assert message.subject == 'Please send "Stakeholder newsletter: October 2020" to Stakeholder newsletter'
    assert f"http://testserver{url}" in message.body or url in message.body
    assert "Please send it on Monday." in message.body


def subscribe_confirmed(email, mailing_list):
    subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list, status="subscribed")
    return subscriber


def test_approver_confirms_sends_now_and_sees_the_report(approver_client, issue, lists, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    subscribe_confirmed("ann@example.org", lists[0])
    subscribe_confirmed("bob@example.org", lists[0])
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    assert "Stakeholder newsletter: 2 confirmed subscribers" in approver_client.get(url).content.decode()
    choices = {"send-mailing_list": lists[0].pk, "send-when": "now", "send-checked": "on"}
    html = approver_client.post(url, choices).content.decode()
    assert "You are about to send this to 2 people on Stakeholder newsletter." in html
    assert not NewsletterCampaign.objects.exists()  # nothing happens before the confirm step

    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url, {**choices, "send-confirmed": "True"})
    campaign = NewsletterCampaign.objects.get()
    assert response["Location"] == f"/admin/newsletter-campaigns/{campaign.pk}/"
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "bob@example.org"]
    # Bob leaves with the e-mail's own unsubscribe link.
    from newsletters.subscriptions import unsubscribe
    unsubscribe(Subscriber.objects.get(email="bob@example.org"), lists[0])
    html = approver_client.get(response["Location"]).content.decode()
    assert "<strong>Sent.</strong>" in html
    assert '<dt class="w-font-bold">Sent</dt><dd>2</dd>' in html
    assert '<dt class="w-font-bold">Unsubscribed with the e-mail&#x27;s links</dt><dd>1</dd>' in html or \
        "<dt class=\"w-font-bold\">Unsubscribed with the e-mail's links</dt><dd>1</dd>" in html
    assert 'http-equiv="refresh"' not in html

    # A second click (or a second approver) does not send it again.
    html = approver_client.post(url, {**choices, "send-confirmed": "True"}).content.decode()
    assert "This newsletter has already been sent to Stakeholder newsletter." in html
    assert OutgoingEmail.objects.filter(batch_key=campaign.batch_key).count() == 2


def test_the_report_updates_while_sending(approver_client, issue, lists):
    campaign = NewsletterCampaign.objects.create(issue=issue, mailing_list=lists[0], status="sending",
                                                 started_at=timezone.now())
    url = f"/admin/newsletter-campaigns/{campaign.pk}/"
    html = approver_client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in html  # no reload that moves a screen reader's place
    assert f'data-campaign-progress="{url}?progress"' in html and "campaign_progress" in html
    assert "Reload this page" in html  # without JavaScript
    partial = approver_client.get(f"{url}?progress").content.decode()
    assert "Still sending." in partial and "<html" not in partial


def test_approver_schedules_and_cancels(approver_client, issue, lists):
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    html = approver_client.post(url, {"send-mailing_list": lists[0].pk, "send-when": "later"}).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_send-send_at">Enter the date and time to send it' in html
    assert 'aria-describedby="id_send-send_at-error id_send-send_at-helptext"' in html
    assert 'id="id_send-send_at-error"' in html and 'type="datetime-local"' in html
    assert "Check the preview and send yourself a test first, then tick the box." in html
    html = approver_client.post(url, {"send-mailing_list": lists[0].pk, "send-when": "later",
                                      "send-send_at": "31/02/2026 9am", "send-checked": "on"}).content.decode()
    assert "Enter the date and time as year-month-day and 24-hour time, for example 2026-03-31 09:30" in html
    assert 'value="31/02/2026 9am"' in html  # what was typed is kept
    html = approver_client.post(url, {"send-mailing_list": lists[0].pk, "send-when": "later",
                                      "send-send_at": "2020-01-01T09:00", "send-checked": "on"}).content.decode()
    assert "The time must be in the future: it is now" in html
    assert not NewsletterCampaign.objects.exists()

    send_at = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    choices = {"send-mailing_list": lists[0].pk, "send-when": "later",
               "send-send_at": send_at.strftime("%Y-%m-%dT%H:%M"), "send-checked": "on"}
    html = approver_client.post(url, choices).content.decode()
    assert "You are about to schedule this to go to 0 people on Stakeholder newsletter on" in html
    response = approver_client.post(url, {**choices, "send-confirmed": "True"}, follow=True)
    html = response.content.decode()
    campaign = NewsletterCampaign.objects.get()
    assert campaign.status == "scheduled" and campaign.scheduled_for == send_at
    assert "Scheduled to go to Stakeholder newsletter on" in html and "Cancel this scheduled send" in html

    response = approver_client.post(f"/admin/newsletter-campaigns/{campaign.pk}/cancel/", follow=True)
    assert "The scheduled send is cancelled. Nothing was sent." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "cancelled" and not OutgoingEmail.objects.exists()


def test_the_campaign_picker_offers_only_published_issues(comms_client, archive, issue):
    draft = archive.add_child(instance=NewsletterIssuePage(title="Autosaved draft", slug="draft",
                                                           date="2021-01-01", live=False))
    html = comms_client.get("/admin/newsletter-campaigns/").content.decode()
    assert issue.title in html and draft.title not in html


def test_write_a_new_issue_is_one_press_from_newsletters(comms_client, archive):
    html = comms_client.get("/admin/").content.decode()
    assert "Write a new issue" in html and "/admin/write-newsletter/" in html
    response = comms_client.get("/admin/write-newsletter/")
    assert response["Location"] == f"/admin/pages/add/newsletters/newsletterissuepage/{archive.pk}/"
    html = comms_client.get("/admin/newsletter-campaigns/").content.decode()
    assert f'href="/admin/pages/add/newsletters/newsletterissuepage/{archive.pk}/"' in html


def test_the_dashboard_shows_what_needs_the_comms_team(comms_client, comms, archive, issue, lists):
    from wagtail.models import Workflow

    from accounts.roles import APPROVAL_WORKFLOW

    waiting = archive.add_child(instance=NewsletterIssuePage(title="March 2026 issue", slug="march",
                                                             date="2026-03-05", live=False))
    waiting.save_revision(user=comms)
    Workflow.objects.get(name=APPROVAL_WORKFLOW).start(waiting, comms)
    archive.add_child(instance=NewsletterIssuePage(title="Half-written issue", slug="half", date="2026-04-01",
                                                   live=False)).save_revision(user=comms)
    NewsletterCampaign.objects.create(issue=issue, mailing_list=lists[0], status="scheduled",
                                      scheduled_for=timezone.now() + datetime.timedelta(days=1))
    html = comms_client.get("/admin/").content.decode()
    section = html[html.index('id="newsletters-panel-heading"'):]
    assert "Waiting for approval" in section and "March 2026 issue</a>" in section
    assert "Stakeholder newsletter: October 2020 to Stakeholder newsletter</a>: scheduled for" in section
    assert "Half-written issue</a>" in section


def test_page_rows_have_small_buttons_not_a_large_icon(comms_client, archive, issue):
    # A plain Button in a page row has no button classes, so its icon filled the row (150 px).
    html = comms_client.get(f"/admin/pages/{archive.pk}/").content.decode()
    url = f"/admin/newsletter-campaigns/issue/{issue.pk}/"
    assert f'<a href="{url}" class="button button-small button-secondary"' in html
