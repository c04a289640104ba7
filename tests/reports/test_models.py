"""The report page: one per month, month normalised, title from the month, topics from blocks."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM
from reports.models import HighlightReportPage
from tests.factories import UserFactory, activate_totp

from .conftest import make_report, topic, update

pytestmark = pytest.mark.django_db


def test_a_second_report_for_the_same_month_is_rejected(index):
    make_report(index, 2020, 11)
    duplicate = HighlightReportPage(title="Another", slug="another", month=datetime.date(2020, 11, 17))
    duplicate.set_url_path(index)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["month"] == ["There is already a highlight report for November 2020."]


def test_the_database_refuses_a_duplicate_month(index):
    make_report(index, 2020, 11)
    october = make_report(index, 2020, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        HighlightReportPage.objects.filter(pk=october.pk).update(month=datetime.date(2020, 11, 1))


def test_month_is_stored_as_the_first_and_title_and_slug_come_from_it(index):
    page = HighlightReportPage(title="", slug="", month=datetime.date(2020, 11, 19))
    index.add_child(instance=page)
    page.refresh_from_db()
    assert page.month == datetime.date(2020, 11, 1)
    assert page.title == "Highlight report November 2020"
    assert page.slug == "november-2020"


def test_topics_are_filled_from_the_blocks(index):
    page = make_report(
        index, 2020, 10,
        key_decisions=[update("governance", block_type="decision")],
        updates=[update("respiratory"), update("north-locality"), update("respiratory", heading="Again")],
        risks=[{"type": "risk", "value": {"topic": topic("hospital-services").pk, "risk": "Winter",
                                          "description": "", "mitigation": "Plans"}},
               {"type": "risk", "value": {"topic": None, "risk": "No topic", "description": "", "mitigation": "x"}}],
        next_steps=[{"type": "next_step", "value": {"topic": topic("workforce").pk, "text": "Train staff"}}],
    )
    page = HighlightReportPage.objects.get(pk=page.pk)
    assert sorted(t.slug for t in page.topics.all()) == [
        "governance", "hospital-services", "north-locality", "respiratory", "workforce",
    ]

    page.updates = [update("east-locality")]
    page.save_revision().publish()
    page = HighlightReportPage.objects.get(pk=page.pk)
    assert sorted(t.slug for t in page.topics.all()) == [
        "east-locality", "governance", "hospital-services", "workforce",
    ]


@pytest.fixture
def editor(client):
    """A Comms approver, who may publish (and must use two-factor authentication for the admin)."""
    user = UserFactory(groups=[COMMS_TEAM, COMMS_APPROVERS])
    activate_totp(user)
    client.force_login(user)
    return user


def admin_form(month, title=""):
    return {
        "title": title, "slug": "", "month": month, "summary": "What the Board did.", "pdf": "",
        "key_decisions-count": "0", "updates-count": "0", "risks-count": "0", "next_steps-count": "0",
        "action-publish": "action-publish",
    }


def test_admin_creates_a_report_named_after_its_month(client, index, editor):
    add_url = f"/admin/pages/add/reports/highlightreportpage/{index.pk}/"
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, admin_form("2020-11"))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = HighlightReportPage.objects.get()
    assert (page.title, page.slug, page.month, page.live) == (
        "Highlight report November 2020", "november-2020", datetime.date(2020, 11, 1), True)


def test_admin_shows_an_error_for_a_duplicate_month(client, index, editor):
    make_report(index, 2020, 11)
    response = client.post(f"/admin/pages/add/reports/highlightreportpage/{index.pk}/",
                           admin_form("2020-11", title="November again"))
    assert response.status_code == 200
    assert "There is already a highlight report for November 2020." in response.content.decode()
    assert HighlightReportPage.objects.count() == 1


def test_reports_only_go_under_the_index_and_have_no_children():
    assert HighlightReportPage.parent_page_types == ["reports.HighlightReportIndexPage"]
    assert HighlightReportPage.subpage_types == []


def test_a_report_cannot_be_copied_in_the_admin(client, index, editor):
    report = make_report(index, 2020, 11)
    response = client.get(f"/admin/pages/{report.pk}/copy/")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{index.pk}/"
    response = client.post(f"/admin/pages/{report.pk}/copy/", {"new_title": "Copy", "new_slug": "copy",
                                                               "new_parent_page": index.pk})
    assert response.status_code == 302
    assert HighlightReportPage.objects.count() == 1
