"""After "Approve and publish" in the page editor, the approver is told the page is published
(Wagtail alone says "has been updated")."""
import pytest
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.roles import APPROVAL_WORKFLOW, COMMS_APPROVERS, COMMS_TEAM
from newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from tests.factories import UserFactory, make_page
from tests.privacy.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_approve_and_publish_says_published(home_page):
    archive = make_page(home_page, NewsletterIndexPage, title="Stakeholder newsletters", slug="newsletters")
    writer = UserFactory(groups=[COMMS_TEAM], mfa=True)
    issue = archive.add_child(instance=NewsletterIssuePage(title="March 2026", slug="march-2026",
                                                           date="2026-03-05", live=False))
    issue.save_revision(user=writer)
    Workflow.objects.get(name=APPROVAL_WORKFLOW).start(issue, writer)

    approver = signed_in(UserFactory(groups=[COMMS_TEAM, COMMS_APPROVERS], mfa=True))
    data = nested_form_data({
        "title": "March 2026", "slug": "march-2026", "date": "2026-03-05", "introduction": "", "summary": "",
        "stories": streamfield([]), "comments": inline_formset([]),
        "action-workflow-action": "true", "workflow-action-name": "approve",
    })
    response = approver.post(f"/admin/pages/{issue.pk}/edit/", data, follow=True)
    html = response.content.decode()
    issue.refresh_from_db()
    assert issue.live
    assert "Page &#x27;March 2026&#x27; has been approved and published." in html
    assert "has been updated" not in html
