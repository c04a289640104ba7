"""The rules of engagement feedback, tested through the services: the opening window, responding,
consent-scoped publishing, moderation, safeguarding, themes and the headline figure."""
import datetime
import uuid

import pytest
from django.utils import timezone

from accounts.roles import HEALTHWATCH_STAFF
from base.spreadsheets import csv_bytes
from engagement.models import Answer, BlockedSender, EqualityMonitoring, Response
from engagement.services import feedback, loop, moderation
from engagement.services.feedback import LONDON
from engagement.services.moderation import ModerationError
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry, ConsentRecord
from tests.factories import UserFactory

from .conftest import days, make_exercise, question_ids, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(groups=[HEALTHWATCH_STAFF], mfa=True)


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


# The opening window ----------------------------------------------------------------------------


def test_the_window_runs_from_midnight_on_the_opening_day_to_midnight_after_the_closing_day(have_your_say):
    exercise = make_exercise(have_your_say, opens_on=datetime.date(2018, 7, 30), closes_on=datetime.date(2018, 8, 26))
    assert feedback.exercise_state(exercise, london(2018, 7, 29, 23, 59)) == "upcoming"
    assert feedback.exercise_state(exercise, london(2018, 7, 30, 0, 0)) == "open"
    assert feedback.exercise_state(exercise, london(2018, 8, 26, 23, 59)) == "open"
    assert feedback.exercise_state(exercise, london(2018, 8, 27, 0, 0)) == "closed"
    # In British Summer Time, midnight in Walsall is 23:00 UTC the day before.
    utc = datetime.timezone.utc
    assert feedback.exercise_state(exercise, datetime.datetime(2018, 7, 29, 23, 0, tzinfo=utc)) == "open"
    assert feedback.exercise_state(exercise, datetime.datetime(2018, 8, 26, 23, 0, tzinfo=utc)) == "closed"


def test_online_responses_are_refused_outside_the_window_but_staff_can_add_late_paper_ones(have_your_say, staff):
    closed = make_exercise(have_your_say, slug="closed", opens_on=days(-30), closes_on=days(-1))
    upcoming = make_exercise(have_your_say, slug="upcoming", opens_on=days(3), closes_on=days(30))
    with pytest.raises(feedback.ExerciseNotOpen, match="closed on"):
        respond(closed)
    with pytest.raises(feedback.ExerciseNotOpen, match="opens on"):
        respond(upcoming)
    with pytest.raises(feedback.ExerciseNotOpen):
        respond(upcoming, channel="paper", entered_by=staff)
    assert not Response.objects.exists()

    late_paper = respond(closed, channel="paper", entered_by=staff)
    assert late_paper.channel == "paper" and late_paper.entered_by == staff


# Responding --------------------------------------------------------------------------------------


def test_a_response_stores_its_answers_with_the_question_asked(exercise):
    response = respond(exercise, "Joined-up care, please.", locality="north")
    answers = {answer.kind: answer for answer in response.answers.all()}
    assert answers["free_text"].text == "Joined-up care, please."
    assert answers["free_text"].question == "What matters most to you about care in Walsall?"
    assert answers["free_text"].quotable
    assert answers["choice"].choices == ["GP practice"] and answers["choice"].text == "GP practice"
    assert answers["rating"].rating == 2 and answers["rating"].text == "Poor"
    assert response.status == "new" and response.locality == "north" and response.channel == "online"
    assert response.publish_consent_version == 1


def test_the_email_is_kept_only_with_consent_to_hear_back(exercise):
    without = respond(exercise, email="sam@example.org", wants_updates=False)
    assert without.email == "" and not without.wants_updates
    assert not OutgoingEmail.objects.exists()

    asked = respond(exercise, email="Sam@Example.org", wants_updates=True)
    assert asked.email == "sam@example.org" and asked.updates_consent_version == 1
    consent = ConsentRecord.objects.get(email="sam@example.org")
    assert consent.purpose == "feedback_updates" and "tell me what happens" in consent.wording_text
    ack = OutgoingEmail.objects.get(to="sam@example.org")
    assert "Thank you for your views" in ack.subject and "/feedback/updates/stop/" in ack.body_text
    assert "List-Unsubscribe" not in (ack.headers or {})


def test_the_same_form_posted_twice_is_one_response(exercise):
    token = uuid.uuid4()
    first = respond(exercise, submission_token=token)
    second = respond(exercise, submission_token=token)
    assert first.pk == second.pk and Response.objects.count() == 1


def test_a_name_to_quote_is_kept_only_with_consent_to_be_quoted_by_name(exercise):
    assert respond(exercise, publish_consent="anonymous", display_name="Sam").display_name == ""
    assert respond(exercise, publish_consent="named", display_name="Sam").display_name == "Sam"


def test_equality_answers_are_stored_apart_with_their_own_consent(exercise):
    response = respond(exercise, equality={"age_band": "35_44", "ethnic_group": "indian"})
    record = EqualityMonitoring.objects.get(response=response)
    assert record.context == "feedback" and record.ethnic_group == "indian" and record.consent_version == 1
    with pytest.raises(ValueError):
        feedback.save_equality_answers(response, {"age_band": "18_24"}, consent=False)


def test_a_blocked_sender_is_accepted_but_quarantined(exercise, staff):
    abusive = respond(exercise, "Abuse", email="troll@example.org", wants_updates=True, ip_address="198.51.100.7")
    moderation.block_sender(abusive, staff, "Abusive language")
    abusive.refresh_from_db()
    assert abusive.status == "quarantined"
    block = BlockedSender.objects.get()
    assert "troll" not in block.email_digest and len(block.email_digest) == 64  # a hash, not the address

    by_address = respond(exercise, "More abuse", ip_address="198.51.100.7")
    by_email = respond(exercise, "Even more", email="TROLL@example.org", wants_updates=True, ip_address="192.0.2.1")
    someone_else = respond(exercise, "Fine", ip_address="192.0.2.2")
    assert [by_address.status, by_email.status, someone_else.status] == ["quarantined", "quarantined", "new"]
    assert feedback.counted_responses(exercise).count() == 1

    moderation.release(by_address, staff)
    by_address.refresh_from_db()
    assert by_address.status == "new"


# Redaction and publishing ------------------------------------------------------------------------


def test_approving_publishes_the_suggested_redaction_and_logs_it(exercise, staff):
    response = respond(exercise, "My name is Sam Jones, ring 07700 900123. Dr Patel was kind.")
    moderation.approve(response, staff)
    answer = response.answers.get(kind="free_text")
    assert answer.text == "My name is Sam Jones, ring 07700 900123. Dr Patel was kind."  # kept for staff
    assert answer.public_text == "My name is [name removed], ring [phone number removed]. [name removed] was kind."
    assert answer.redacted
    entry = AuditLogEntry.objects.get(action="moderate", details__step="approve")
    assert entry.details["response"] == response.pk and entry.actor == staff
    assert entry.details["reason"] == "Removed the suggested name, phone number"


def test_a_redaction_can_only_take_words_out(exercise, staff):
    response = respond(exercise, "The nurse was rude and the wait was long.")
    answer = response.answers.get(kind="free_text")
    with pytest.raises(ModerationError, match="only take words out"):
        moderation.approve(response, staff, {answer.pk: "The nurse was lovely."}, "Tidy up")
    with pytest.raises(ModerationError, match="reason"):
        moderation.approve(response, staff, {answer.pk: "The nurse was [removed] and the wait was long."})
    moderation.approve(response, staff, {answer.pk: "The nurse was [removed] and the wait was long."},
                       "Removed a remark about a member of staff")
    answer.refresh_from_db()
    assert answer.public_text == "The nurse was [removed] and the wait was long."

    moderation.redact(response, staff, {answer.pk: "[removed] the wait was long."}, "Shorter")
    answer.refresh_from_db()
    assert answer.public_text == "[removed] the wait was long."
    assert AuditLogEntry.objects.filter(action="moderate", details__step="redact", details__reason="Shorter").exists()


def quotes(exercise):
    return [answer.public_text for answer in feedback.public_quotes(exercise)]


def test_only_approved_consented_unflagged_words_are_ever_quotable(exercise, staff):
    named = respond(exercise, "Named quote", publish_consent="named", display_name="Pat")
    anonymous = respond(exercise, "Anonymous quote", publish_consent="anonymous")
    refused = respond(exercise, "Do not quote me", publish_consent="no")
    waiting = respond(exercise, "Not moderated yet")
    rejected = respond(exercise, "Rejected words")
    flagged = respond(exercise, "Worrying words")
    private = respond(exercise, "Quotable words", private="Private words")
    for response in (named, anonymous, refused, rejected, flagged, private):
        moderation.approve(response, staff)
    moderation.reject(rejected, staff, "Off topic")
    with pytest.raises(ModerationError, match="already"):
        moderation.flag_safeguarding(moderation.flag_safeguarding(flagged, staff, "Mentions harm"), staff, "again")

    assert quotes(exercise) == ["Named quote", "Anonymous quote", "Quotable words"]
    by_text = {q.public_text: feedback.quote_attribution(q.response) for q in feedback.public_quotes(exercise)}
    assert by_text == {"Named quote": "Pat", "Anonymous quote": "Anonymous", "Quotable words": "Anonymous"}
    assert "Not moderated yet" not in quotes(exercise) and waiting.status == "new"

    # Unpublishing the exercise page takes every quote with it.
    exercise.unpublish()
    assert quotes(exercise) == []


def test_rejecting_needs_a_reason_and_stops_counting(exercise, staff):
    response = respond(exercise)
    with pytest.raises(ModerationError, match="reason"):
        moderation.reject(response, staff, "")
    moderation.reject(response, staff, "Spam")
    assert feedback.counted_responses(exercise).count() == 0
    assert Response.objects.get().rejection_reason == "Spam"


# Safeguarding ------------------------------------------------------------------------------------


def test_a_safeguarding_flag_alerts_the_named_lead_without_the_words_and_blocks_publishing(
        exercise, staff, settings):
    settings.SAFEGUARDING_LEAD_EMAIL = "safeguarding.lead@walsallhealthcare.nhs.uk"
    response = respond(exercise, "Someone is hurting my neighbour at 12 Example Street")
    with pytest.raises(ModerationError, match="Say what the concern is"):
        moderation.flag_safeguarding(response, staff, "")
    moderation.flag_safeguarding(response, staff, "Possible adult at risk")

    alert = OutgoingEmail.objects.get(to="safeguarding.lead@walsallhealthcare.nhs.uk")
    assert response.reference in alert.subject
    assert f"/admin/feedback-responses/{response.pk}/" in alert.body_text
    assert "Possible adult at risk" in alert.body_text
    assert "Example Street" not in alert.body_text and "Example Street" not in alert.body_html
    assert moderation.queue_count() == 0  # out of the queue, dealt with apart
    with pytest.raises(ModerationError, match="safeguarding"):
        moderation.approve(response, staff)
    assert quotes(exercise) == []
    assert AuditLogEntry.objects.filter(action="moderate", details__step="flag_safeguarding").exists()


# Themes, counts and the headline -----------------------------------------------------------------


def test_theme_counts_leave_out_rejected_and_quarantined_responses(exercise, staff):
    kept = [respond(exercise), respond(exercise), respond(exercise)]
    dropped = respond(exercise)
    moderation.reject(dropped, staff, "Spam")
    theme = moderation.create_theme(exercise, "Care should be joined up", responses=kept + [dropped], published=True)
    counted = feedback.with_response_counts(type(theme).objects.filter(pk=theme.pk)).get()
    assert counted.response_count == 3


def test_a_response_can_only_join_themes_of_its_own_exercise(exercise, have_your_say, staff):
    other = make_exercise(have_your_say, slug="other")
    theme = moderation.create_theme(other, "Elsewhere")
    with pytest.raises(ModerationError):
        moderation.set_themes(respond(exercise), [theme], staff)


def test_the_headline_is_the_share_of_themes_with_an_action_done_or_in_progress(exercise, staff):
    themes = [moderation.create_theme(exercise, f"Theme {n}", published=True) for n in range(4)]
    moderation.create_theme(exercise, "Not published yet")  # not counted
    loop.create_action(exercise, [themes[0]], "Done", status="done", published=True, actor=staff)
    loop.create_action(exercise, [themes[1]], "Going", status="in_progress", published=True, actor=staff)
    loop.create_action(exercise, [themes[2]], "Planned", status="planned", published=True, actor=staff)
    loop.create_action(exercise, [themes[3]], "Draft", status="done", published=False, actor=staff)
    headline = feedback.headline_figure()
    assert (headline.themes, headline.acted_on, headline.percent) == (4, 2, 50)


def test_not_possible_needs_a_reason(exercise, staff):
    theme = moderation.create_theme(exercise, "A theme", published=True)
    with pytest.raises(loop.ActionError, match="why"):
        loop.create_action(exercise, [theme], "Cannot", status="not_possible", actor=staff)
    action = loop.create_action(exercise, [theme], "Try", published=True, actor=staff)
    with pytest.raises(loop.ActionError):
        loop.change_status(action, "not_possible", staff)
    action, update = loop.change_status(action, "not_possible", staff, reason="No money this year")
    assert action.not_possible_reason == "No money this year" and update.text == "No money this year"


# Listings ----------------------------------------------------------------------------------------


def test_the_listing_groups_exercises_by_state_and_filters_by_topic(have_your_say):
    from base.models import Topic

    respiratory, north = Topic.objects.get(name="Respiratory"), Topic.objects.get(slug="north-locality")
    open_one = make_exercise(have_your_say, slug="open", topics=[respiratory, north])
    upcoming = make_exercise(have_your_say, slug="soon", opens_on=days(5), closes_on=days(40))
    closed = make_exercise(have_your_say, slug="done", opens_on=days(-60), closes_on=days(-30), topics=[north])
    listing = feedback.exercise_listing(have_your_say, {})
    assert ([e.pk for e in listing.open], [e.pk for e in listing.upcoming], [e.pk for e in listing.closed]) == (
        [open_one.pk], [upcoming.pk], [closed.pk])
    listing = feedback.exercise_listing(have_your_say, {"locality": "north-locality", "pathway": "nonsense"})
    assert [e.pk for e in listing.open + listing.closed] == [open_one.pk, closed.pk]
    assert list(listing.filters) == ["locality"]
    assert [e.pk for e in feedback.open_exercises()] == [open_one.pk]


def test_the_outcome_listing_filters_by_action_status(have_your_say, staff):
    first = make_exercise(have_your_say, slug="first", opens_on=days(-90), closes_on=days(-60))
    second = make_exercise(have_your_say, slug="second", opens_on=days(-50), closes_on=days(-20))
    make_exercise(have_your_say, slug="nothing-published")
    for exercise, status in ((first, "done"), (second, "planned")):
        theme = moderation.create_theme(exercise, "Something", published=True)
        loop.create_action(exercise, [theme], "Something", status=status, published=True, actor=staff)
    listing = feedback.outcome_listing({})
    assert [card.exercise.pk for card in listing.cards] == [second.pk, first.pk]
    assert listing.headline.percent == 50
    done = feedback.outcome_listing({"status": "done"})
    assert [card.exercise.pk for card in done.cards] == [first.pk]
    assert done.cards[0].actions_by_status == [("done", 1)] and done.description == 'with actions marked "done"'


# Retention and erasure ---------------------------------------------------------------------------


def test_contact_details_go_after_the_retention_period_and_the_words_stay(have_your_say, staff, settings):
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 30
    old = make_exercise(have_your_say, slug="old", opens_on=days(-90), closes_on=days(-31))
    recent = make_exercise(have_your_say, slug="recent", opens_on=days(-90), closes_on=days(-29))
    kept = respond(old, "Keep my words", channel="paper", entered_by=staff, email="a@example.org", wants_updates=True)
    spam = respond(old, "Spam", channel="paper", entered_by=staff)
    moderation.reject(spam, staff, "Spam")
    too_soon = respond(recent, "Too soon", channel="paper", entered_by=staff, email="b@example.org",
                       wants_updates=True)
    assert feedback.apply_retention() == 2
    kept.refresh_from_db()
    too_soon.refresh_from_db()
    assert kept.email == "" and not kept.wants_updates and kept.contact_removed_at is not None
    assert kept.answers.get(kind="free_text").text == "Keep my words"
    assert not Response.objects.filter(pk=spam.pk).exists()
    assert too_soon.email == "b@example.org"
    assert feedback.apply_retention() == 0  # nothing left to do


def test_erasure_deletes_a_persons_responses_and_equality_answers(exercise):
    from privacy.registry import erase_all, export_all

    mine = respond(exercise, "Mine", email="me@example.org", wants_updates=True, equality={"sex": "female"})
    other = respond(exercise, "Theirs")
    exported = export_all("me@example.org")
    assert exported["engagement.response"][0]["answers"][0]["answer"] == "Mine"
    assert exported["engagement.equalitymonitoring.feedback"][0]["sex"] == "Female"
    counts = erase_all("me@example.org")
    assert counts["engagement.response"] == 1 and counts["engagement.equalitymonitoring.feedback"] == 1
    assert list(Response.objects.all()) == [other]
    assert not Answer.objects.filter(response_id=mine.pk).exists()
    assert not EqualityMonitoring.objects.exists()


def test_export_has_no_contact_details_and_guards_against_formulas(exercise, staff):
    respond(exercise, "=HYPERLINK(\"http://evil\")", email="sam@example.org", wants_updates=True)
    text = csv_bytes(moderation.export_csv(Response.objects.all(), staff)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "sam@example.org" not in text
    assert "What matters most to you about care in Walsall?" in text.splitlines()[0]
    assert AuditLogEntry.objects.filter(action="export", details__responses=1).exists()


def test_export_reads_responses_in_batches_with_each_ones_own_answers_and_themes(exercise, staff, monkeypatch):
    monkeypatch.setattr(moderation, "EXPORT_BATCH", 2)  # three batches for five responses
    responses = [respond(exercise, f"Words {number}") for number in range(5)]
    theme = moderation.create_theme(exercise, "Care should be joined up", responses=responses[1:4:2])
    rows = list(moderation.export_csv(Response.objects.order_by("submitted_at", "pk"), staff))
    header = rows[0]
    text = header.index("What matters most to you about care in Walsall?")
    assert [(row[0], row[8], row[text]) for row in rows[1:]] == [
        (response.reference, theme.title if number in (1, 3) else "", f"Words {number}")
        for number, response in enumerate(responses)]
    assert AuditLogEntry.objects.filter(action="export", details__responses=5).exists()


def test_today_is_the_uk_date():
    assert feedback.today() == timezone.localtime(timezone.now(), LONDON).date()


def test_question_ids_are_stable_when_questions_are_reordered(exercise):
    ids = question_ids(exercise)
    exercise.questions = list(reversed(list(exercise.questions.raw_data)))
    exercise.save_revision().publish()
    assert question_ids(exercise)["private"] == ids["text"]  # the same block, now first
