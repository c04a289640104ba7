"""The reach dashboard: small-number suppression everywhere, shares against targets, the trend
and the CSV export."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import ReachTarget, UserGroupApplication
from engagement.services import reach
from engagement.services.reach import SUPPRESSED_TEXT, Cell, suppress, suppress_counts
from privacy.models import AuditLogEntry
from tests.privacy.conftest import signed_in

from .conftest import make_application

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("user-group-reach:index")
EXPORT_URL = reverse("user-group-reach:export")
ASIAN = {"ethnic_group": "indian", "sex": "male"}
WHITE = {"ethnic_group": "white_british", "sex": "female"}


def members(count, prefix, **fields):
    return [make_application(status="active", email=f"{prefix}{n}@example.org", **fields) for n in range(count)]


def section(dashboard, key):
    return next(s for s in dashboard.sections if s.key == key)


def row(dashboard, key, value):
    return next(r for r in section(dashboard, key).rows if r.value == value)


# The one small-number rule ---------------------------------------------------------------------


@pytest.mark.parametrize("count, shown", [(0, "0"), (1, SUPPRESSED_TEXT), (4, SUPPRESSED_TEXT), (5, "5"),
                                          (1234, "1,234")])
def test_counts_from_1_to_4_are_suppressed(count, shown):
    assert str(suppress(count)) == shown
    assert suppress(count).suppressed == (0 < count < 5)


def test_a_lone_hidden_count_takes_the_next_smallest_with_it():
    cells = suppress_counts({"a": 20, "b": 3, "c": 7, "d": 0})
    assert cells == {"a": Cell(20), "b": Cell(None), "c": Cell(None), "d": Cell(0)}
    # Two hidden already: nothing more to hide.
    assert suppress_counts({"a": 20, "b": 3, "c": 2})["a"] == Cell(20)


def test_a_lone_hidden_count_takes_a_zero_with_it_when_nothing_else_is_shown():
    # The total (3) is shown in full: with every other count 0, the hidden one would be the total.
    assert suppress_counts({"north": 3, "south": 0, "east": 0}) == {
        "north": Cell(None), "south": Cell(None), "east": Cell(0)}


def test_at_small_numbers_totals_and_trend_are_shown_and_groups_with_nobody_named():
    members(3, "north", postcode="WS3 2PN")
    make_application(status="contacted", email="applying@example.org", postcode="WS9 8LB")

    dashboard = reach.build_dashboard()

    assert str(dashboard.totals["members"]) == "3" and str(dashboard.totals["applicants"]) == "1"
    assert str(dashboard.trend[-1]["received"]) == "4" and str(dashboard.trend[-1]["joined"]) == "3"
    locality = section(dashboard, "locality")
    assert locality.all_hidden
    assert row(dashboard, "locality", "north").text("members") == SUPPRESSED_TEXT
    assert locality.nobody_from == ["West", "Outside Walsall"]  # South hides the lone "fewer than 5"


# The dashboard --------------------------------------------------------------------------------


def test_counts_shares_and_targets_by_locality_with_suppression():
    members(6, "north", postcode="WS3 2PN")
    members(2, "east", postcode="WS9 8LB")
    members(1, "nowhere", postcode="")  # no fixed address: locality not answered
    make_application(status="contacted", email="applying@example.org", postcode="WS3 2PN")
    make_application(status="left", email="left@example.org", postcode="WS3 2PN")  # not counted

    dashboard = reach.build_dashboard()

    assert str(dashboard.totals["members"]) == "9"
    assert str(dashboard.totals["applicants"]) == "1"  # a total is shown in full
    north = row(dashboard, "locality", "north")
    assert north.text("members") == "75% (6)"
    assert north.target == Decimal("25.0")
    assert north.below_target["members"] is False
    east = row(dashboard, "locality", "east")
    assert east.text("members") == SUPPRESSED_TEXT and east.shares["members"] is None
    # 2 of 8 is 25%: hidden, and no "under-represented" that would give it away.
    assert east.below_target["members"] is None
    south = row(dashboard, "locality", "south")
    assert south.text("members") == "0% (0)" and south.below_target["members"] is True
    assert south.under_represented == "Yes, among members"
    assert row(dashboard, "locality", "north").text("applicants") == SUPPRESSED_TEXT


def test_equality_sections_only_when_asked_and_grouped_by_census_heading():
    members(6, "asian", equality=ASIAN)
    members(5, "white", equality=WHITE)
    members(1, "none")
    members(1, "private", equality={"ethnic_group": "prefer_not_to_say"})

    assert not [s for s in reach.build_dashboard().sections if s.special_category]

    dashboard = reach.build_dashboard(include_equality=True)
    ethnic = section(dashboard, "ethnic_group")
    assert ethnic.special_category
    assert [r.label for r in ethnic.rows][:5] == [
        "Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African",
        "Mixed or Multiple ethnic groups", "White", "Other ethnic group"]
    assert row(dashboard, "ethnic_group", "asian").text("members") == "55% (6)"
    assert row(dashboard, "ethnic_group", "white").text("members") == "45% (5)"
    assert row(dashboard, "ethnic_group", "white").under_represented == "Yes, among members"  # 45% < 0.8 * 71%
    assert row(dashboard, "ethnic_group", "").label == "Not answered"
    assert row(dashboard, "ethnic_group", "").text("members") == SUPPRESSED_TEXT  # the 1 without answers
    assert row(dashboard, "ethnic_group", "prefer_not_to_say").text("members") == SUPPRESSED_TEXT
    # Nobody from a group with a target is under-represented (0 identifies nobody, so it is shown).
    assert row(dashboard, "ethnic_group", "black").text("members") == "0% (0)"
    assert row(dashboard, "ethnic_group", "black").below_target["members"] is True


def test_pathways_count_people_who_chose_each():
    members(5, "p")
    pathway = section(reach.build_dashboard(), "pathway")
    assert pathway.several_answers
    diabetes = next(r for r in pathway.rows if r.label == "Diabetes")
    assert diabetes.text("members") == "100% (5)"


def test_targets_are_seeded_approximate_and_editable():
    asian = ReachTarget.objects.get(category="ethnic_group", value="asian")
    assert asian.share == Decimal("19.0") and "approximate" in asian.note.lower()
    asian.share = Decimal("25")
    asian.save()
    members(5, "a", equality=ASIAN)
    assert row(reach.build_dashboard(include_equality=True), "ethnic_group", "asian").target == Decimal("25")


def test_monthly_trend_counts_applications_joiners_and_leavers():
    members(5, "j")  # applied and joined this month
    old = make_application(email="old@example.org")
    UserGroupApplication.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))

    trend = reach.monthly_trend()
    assert len(trend) == 12
    this_month = trend[-1]
    assert this_month["month"] == timezone.localdate().replace(day=1)
    assert str(this_month["received"]) == "5"
    assert str(this_month["joined"]) == "5"
    assert str(this_month["left"]) == "0"
    assert sum(month["received"].count or 0 for month in trend) == 5  # the 400-day-old one is out of range


def test_dashboard_queries_do_not_grow_with_the_number_of_people():
    def queries():
        with CaptureQueriesContext(connection) as captured:
            reach.build_dashboard(include_equality=True)
        return len(captured)

    members(3, "a", equality=ASIAN)
    three = queries()
    members(27, "b", equality=WHITE, postcode="WS9 8LB")
    assert queries() == three


def test_equality_answers_are_counted_in_the_database_not_loaded_row_by_row():
    members(7, "a", equality=ASIAN)
    with CaptureQueriesContext(connection) as captured:
        dashboard = reach.build_dashboard(include_equality=True)
    equality_queries = [q["sql"] for q in captured if "equalitymonitoring" in q["sql"]]
    assert len(equality_queries) == len(reach.equality.QUESTIONS)
    assert all("GROUP BY" in sql and "COUNT(" in sql for sql in equality_queries)
    assert row(dashboard, "sex", "male").text("members") == "100% (7)"


# The admin pages --------------------------------------------------------------------------------


def test_dashboard_page_shows_suppressed_figures_chart_and_table_and_logs_equality_access(
        healthwatch_client, healthwatch_user):
    members(6, "asian", equality=ASIAN)
    members(2, "white", equality=WHITE, postcode="WS9 8LB")
    members(1, "none", postcode="")  # so two counts are small and none needs hiding to protect another

    response = healthwatch_client.get(DASHBOARD_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ethnic group" in html and "Asian, Asian British or Asian Welsh" in html
    assert "Members 75% (6)" in html  # the chart says its values in words
    assert "Members fewer than 5" in html
    assert "<svg" in html and "<table" in html
    assert "Members 25% (2)" not in html and ">2<" not in html
    [entry] = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.VIEW)
    assert entry.actor == healthwatch_user
    assert entry.details["source"] == "engagement.reach_dashboard"


def test_csv_export_keeps_numbers_in_number_columns_and_marks_suppression_apart(healthwatch_client):
    members(6, "asian", equality=ASIAN)
    members(2, "white", equality=WHITE, postcode="WS9 8LB")
    members(1, "none", postcode="")  # so two counts are small and none needs hiding to protect another

    response = healthwatch_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    header = next(r for r in rows if r[:2] == ["Section", "Group"])
    assert header[2:8] == ["Active members", "Active members hidden", "Members share (%)",
                           "People applying", "People applying hidden", "Applying share (%)"]
    assert next(r for r in rows if r[:2] == ["Total", "All"])[2:4] == ["9", ""]
    white = next(r for r in rows if r[:2] == ["Ethnic group", "White"])
    assert white[2:5] == ["", SUPPRESSED_TEXT, ""]
    asian = next(r for r in rows if r[:2] == ["Ethnic group", "Asian, Asian British or Asian Welsh"])
    assert asian[2:5] == ["6", "", "75"] and asian[8] == "19"
    east = next(r for r in rows if r[:2] == ["Locality", "East"])
    assert east[2:4] == ["", SUPPRESSED_TEXT]
    body = rows[rows.index(header) + 2:rows.index([])]
    counts = [cell for r in body for cell in (r[2], r[5])]
    assert all(cell == "" or cell.isdigit() for cell in counts)  # numbers only: no "fewer than 5", no "1,234"
    assert not any(cell in {"1", "2", "3", "4"} for cell in counts)
    month = rows[-1]
    assert month[1:] == ["9", "9", "0"]  # the trend in full
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.EXPORT).count() == 1


def test_staff_without_the_equality_permission_see_no_equality_totals(screener_without_equality):
    members(6, "asian", equality=ASIAN)
    client = signed_in(screener_without_equality)

    html = client.get(DASHBOARD_URL).content.decode()
    assert "Locality" in html
    assert "Ethnic group" not in html and "Sexual orientation" not in html
    assert "you do not have permission to see equality monitoring data" in html
    exported = client.get(EXPORT_URL).getvalue().decode("utf-8-sig")
    assert "Ethnic group" not in exported
    assert not AuditLogEntry.objects.filter(details__has_key="special_category").exists()


@pytest.mark.parametrize("client_name", ["comms_client", "partner_client"])
@pytest.mark.parametrize("url", [DASHBOARD_URL, EXPORT_URL])
def test_comms_team_and_partner_staff_are_refused_the_dashboard(request, client_name, url):
    members(5, "a", equality=ASIAN)
    response = request.getfixturevalue(client_name).get(url)
    assert response.status_code in (302, 403)
    assert "Asian" not in response.content.decode()
