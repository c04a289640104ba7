"""The feedback demo: the 2018 Outcomes Framework engagement (closed, with its themes and actions)
and an engagement open today, built through the services and safe to load twice."""
import pytest
from django.test import override_settings

from base.demo.loader import load_demo_content
from engagement.models import Action, EngagementExercisePage, Response, Theme
from engagement.services import feedback
from mailer.models import OutgoingEmail
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with override_settings(DEMO_CONTENT_LOADERS=["engagement.demo.load_demo"]):
        return load_demo_content()


def test_the_2018_engagement_and_one_open_today(demo, client):
    closed = EngagementExercisePage.objects.get(slug="outcomes-framework-2018")
    assert (closed.opens_on.isoformat(), closed.closes_on.isoformat()) == ("2018-07-30", "2018-08-26")
    assert closed.state == "closed"
    assert sorted(partner.short_name or partner.name for partner in closed.partners.all()) == [
        "Walsall CCG", "Walsall Council"]
    assert Response.objects.filter(exercise=closed, status="approved").count() == 18
    assert Theme.objects.filter(exercise=closed, is_published=True).count() == 5
    statuses = set(Action.objects.filter(exercise=closed).values_list("status", flat=True))
    assert statuses == {"done", "in_progress", "planned", "not_possible"}

    open_one = EngagementExercisePage.objects.get(slug="living-with-a-lung-condition")
    assert open_one.state == "open" and feedback.open_exercises() == [open_one]
    assert Response.objects.filter(exercise=open_one, status="new").count() == 4
    # Demo responses are anonymous: nobody to e-mail.
    assert not OutgoingEmail.objects.filter(dedupe_key__regex=r"^(yswd|feedback-ack):").exists()

    outcome = client.get(f"{closed.url}you-said-we-did/").content.decode()
    assert "18 people gave their views" in outcome
    assert "You said: Care should be joined up" in outcome and "Could not be done" in outcome
    assert "Jas" in outcome  # an invented first name, quoted with consent
    assert "Good care close to home." not in outcome  # this person did not agree to be quoted
    for path in ("/", "/get-involved/have-your-say/", closed.url, f"{open_one.url}respond/",
                 "/get-involved/have-your-say/you-said-we-did/", f"{closed.url}you-said-we-did/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert not any(word in page.content.decode().lower() for word in FORBIDDEN), path
    assert "07700 900461" not in client.get(f"{open_one.url}you-said-we-did/").content.decode()


def test_the_old_you_said_we_did_address_leads_to_the_index(demo, client):
    response = client.get("/get-involved/you-said-we-did/")
    assert response.status_code == 301
    assert response["Location"].endswith("/get-involved/have-your-say/you-said-we-did/")
    closed = EngagementExercisePage.objects.get(slug="outcomes-framework-2018")
    assert closed.title in client.get(response["Location"]).content.decode()


def test_loading_twice_adds_nothing(demo):
    counts = (EngagementExercisePage.objects.count(), Response.objects.count(), Theme.objects.count(),
              Action.objects.count())
    with override_settings(DEMO_CONTENT_LOADERS=["engagement.demo.load_demo"]):
        load_demo_content()
    assert (EngagementExercisePage.objects.count(), Response.objects.count(), Theme.objects.count(),
            Action.objects.count()) == counts


def test_production_gets_only_the_index_pages(db):
    with override_settings(DEMO_CONTENT_LOADERS=["engagement.demo.load_demo"], PRODUCTION=True):
        load_demo_content()
    assert not EngagementExercisePage.objects.exists() and not Response.objects.exists()
