"""The editorial workflow: the Comms team drafts and submits; a Comms approver publishes."""
import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from base.models import StandardPage
from tests.factories import UserFactory, make_page

pytestmark = pytest.mark.django_db


def test_comms_team_submits_and_an_approver_publishes(client, home_page):
    page = make_page(home_page, StandardPage, title="Board update", slug="board-update")
    editor = UserFactory(groups=["Comms team"], mfa=True)
    approver = UserFactory(groups=["Comms team", "Comms approvers"], mfa=True)
    edit_url = f"/admin/pages/{page.pk}/edit/"

    client.force_login(editor)
    response = client.post(edit_url, {"title": "Board update: December", "slug": "board-update",
                                      "body-count": "0", "summary": "", "action-submit": "Submit"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Board update"  # the live page is unchanged until approval
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The editor cannot publish directly.
    assert not page.permissions_for_user(editor).can_publish()

    client.force_login(approver)
    task_state = state.current_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(approve_url, {"comment": "Looks good"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "Board update: December"
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_pages_keep_every_revision_and_can_be_scheduled(home_page):
    page = make_page(home_page, StandardPage, title="Draft", slug="draft")
    page.title = "Second version"
    page.save_revision()
    assert page.revisions.count() == 2
    assert StandardPage._meta.get_field("go_live_at")  # scheduling is Wagtail's go-live date
