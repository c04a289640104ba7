"""The counts on "You said, we did" pages are kept as responses change (services/tallies.py),
not counted on every request; after every kind of change they are exactly what counting every
response from scratch gives, and what the page shows."""
import pytest
from django.core.management import call_command

from engagement.models import ExerciseTally, Response
from engagement.services import feedback, moderation, tallies
from tests.factories import UserFactory

from .conftest import days, make_exercise, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory()


@pytest.fixture
def closed(have_your_say):
    return make_exercise(have_your_say, opens_on=days(-60), closes_on=days(-30), slug="closed-one", title="Closed one")


def counts(exercise):
    """What the tallies hold now, after checking they equal a count from scratch."""
    kept = tallies.stored(exercise)
    tallies.recount(exercise)
    assert tallies.stored(exercise) == kept
    return kept


def shown(client, exercise):
    return client.get(f"{exercise.url}you-said-we-did/").content.decode()


def test_a_response_counts_when_sent_and_its_words_when_approved(client, closed, staff):
    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    response = respond(closed, "Share my records", channel="paper", entered_by=staff)
    moderation.set_themes(response, [theme], staff)
    assert counts(closed) == ({"participants": 1, "channel:paper": 1}, {theme.pk: {"responses": 1}})
    moderation.approve(response, staff)
    exercise_counts, theme_counts = counts(closed)
    assert exercise_counts["quotes"] == 1 and theme_counts[theme.pk] == {"responses": 1, "quotes": 1}
    html = shown(client, closed)
    assert "1 response said this." in html and "Share my records" in html


def test_rejecting_flagging_and_changing_themes_take_the_counts_back(closed, staff):
    first, second = moderation.create_theme(closed, "First", published=True), moderation.create_theme(
        closed, "Second", published=True)
    responses = [respond(closed, f"Words {n}", channel="paper", entered_by=staff) for n in range(3)]
    for response in responses:
        moderation.approve(response, staff)
        moderation.set_themes(response, [first, second], staff)
    assert counts(closed)[0] == {"participants": 3, "channel:paper": 3, "quotes": 3}
    moderation.reject(responses[0], staff, "Off topic")
    moderation.flag_safeguarding(responses[1], staff, "A worry")
    moderation.set_themes(responses[2], [second], staff)
    exercise_counts, theme_counts = counts(closed)
    assert exercise_counts == {"participants": 2, "channel:paper": 2, "quotes": 1}
    assert theme_counts[first.pk].get("quotes", 0) == 0 and theme_counts[first.pk]["responses"] == 1
    assert theme_counts[second.pk] == {"responses": 2, "quotes": 1}


def test_a_blocked_senders_responses_stop_counting_until_released(exercise, staff):
    kept = respond(exercise, "Fine", ip_address="198.51.100.1")
    blocked = respond(exercise, "Abuse", ip_address="203.0.113.9")
    again = respond(exercise, "More abuse", ip_address="203.0.113.9")
    assert counts(exercise)[0]["participants"] == 3
    moderation.block_sender(blocked, staff, "Abusive")
    assert counts(exercise)[0]["participants"] == 1
    late = respond(exercise, "Even more", ip_address="203.0.113.9")  # quarantined as it arrives
    assert late.status == Response.Status.QUARANTINED and counts(exercise)[0]["participants"] == 1
    moderation.release(again, staff)
    assert counts(exercise)[0]["participants"] == 2 and kept.pk


def test_a_theme_made_from_responses_counts_them(closed, staff):
    responses = [respond(closed, f"Words {n}", channel="paper", entered_by=staff) for n in range(4)]
    moderation.approve(responses[0], staff)
    moderation.reject(responses[3], staff, "Spam")
    theme = moderation.create_theme(closed, "Made from four", published=True, responses=responses)
    assert counts(closed)[1][theme.pk] == {"responses": 3, "quotes": 1}
    theme.delete()
    assert counts(closed)[1] == {}


def test_erasing_a_person_takes_their_response_out_of_every_count(client, closed, staff):
    from privacy.services import erase_person

    theme = moderation.create_theme(closed, "Care should be joined up", published=True)
    mine = respond(closed, "Mine, to erase", channel="paper", entered_by=staff, email="me@example.org",
                   wants_updates=True)
    theirs = respond(closed, "Theirs, to keep", channel="phone", entered_by=staff)
    for response in (mine, theirs):
        moderation.approve(response, staff)
        moderation.set_themes(response, [theme], staff)
    erase_person(staff, "me@example.org")
    assert counts(closed) == ({"participants": 1, "channel:phone": 1, "quotes": 1},
                              {theme.pk: {"responses": 1, "quotes": 1}})
    html = shown(client, closed)
    assert "Mine, to erase" not in html and "1 response said this." in html


def test_deleting_expired_responses_and_contact_details_keeps_the_counts(have_your_say, staff, settings):
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 30
    old = make_exercise(have_your_say, slug="old", opens_on=days(-90), closes_on=days(-31))
    kept = respond(old, "Keep my words", channel="paper", entered_by=staff, email="a@example.org", wants_updates=True)
    moderation.approve(kept, staff)
    spam = respond(old, "Spam", channel="paper", entered_by=staff)
    moderation.reject(spam, staff, "Spam")
    quarantined = respond(old, "Blocked", channel="paper", entered_by=staff)
    Response.objects.filter(pk=quarantined.pk).update(status=Response.Status.QUARANTINED)
    tallies.recount(old)
    assert feedback.apply_retention() == 3
    assert counts(old)[0] == {"participants": 1, "channel:paper": 1, "quotes": 1}


def test_two_exercises_count_apart_and_the_listing_shows_each(client, have_your_say, closed, staff):
    from engagement.models import YouSaidWeDidIndexPage
    from tests.factories import make_page

    other = make_exercise(have_your_say, opens_on=days(-60), closes_on=days(-31), slug="other", title="Other one")
    for exercise, number in ((closed, 2), (other, 5)):
        moderation.create_theme(exercise, "A theme", published=True)
        for n in range(number):
            respond(exercise, f"Words {n}", channel="event", entered_by=staff)
    assert counts(closed)[0]["participants"] == 2 and counts(other)[0]["participants"] == 5
    index = make_page(have_your_say, YouSaidWeDidIndexPage, title="You said, we did", slug="you-said-we-did")
    html = client.get(index.url).content.decode()
    assert "2 people took part" in html and "5 people took part" in html


def test_recount_feedback_repairs_counts_of_responses_loaded_straight_into_the_database(closed, staff):
    respond(closed, "One", channel="paper", entered_by=staff)
    ExerciseTally.objects.all().delete()
    call_command("recount_feedback", stdout=open("/dev/null", "w"))
    assert tallies.stored(closed)[0] == {"participants": 1, "channel:paper": 1}
