"""The User Group application and the response form in the person's language: the question pages
in it, their preferred language stored, every later e-mail to them written in it, their consent
recorded in the words they were shown, and the reach dashboard's preferred-language counts."""
import csv
import io

import pytest
from django.urls import reverse

from engagement.models import Response, UserGroupApplication
from engagement.services import feedback, reach, user_group
from engagement.views.application import FLOW
from mailer.models import OutgoingEmail
from privacy.consents import current_wording
from privacy.models import ConsentRecord
from tests.base.question_pages import answer_question_pages
from tests.base.test_languages import translate

from .applying import answers, apply, step_data
from .conftest import application_data, make_exercise

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("user-group-reach:index")
EXPORT_URL = reverse("user-group-reach:export")


def apply_in(client, language, data):
    """Answer every question of the join page's version in `language` and send; the page after sending."""
    start = f"/{language}/get-involved/join/"
    answer_question_pages(
        client, start + FLOW.steps[0].slug + "/", lambda url: FLOW.step(url.rstrip("/").rsplit("/", 1)[-1]),
        lambda step: {"skip": "1"} if step.skippable else step_data(step, data))
    return client.post(start + "check/", follow=True)


@pytest.fixture
def join_in_punjabi_and_urdu(join_page):
    translate(join_page, "pa", title="ਯੂਜ਼ਰ ਗਰੁੱਪ ਵਿੱਚ ਸ਼ਾਮਲ ਹੋਵੋ")
    translate(join_page, "ur", title="یوزر گروپ میں شامل ہوں")
    return join_page


def test_applying_in_punjabi_shows_the_questions_stores_the_language_and_emails_in_punjabi(
        client, join_in_punjabi_and_urdu):
    start = client.get("/pa/get-involved/join/").content.decode()
    assert '<html lang="pa" dir="ltr"' in start and "ਹੁਣੇ ਸ਼ੁਰੂ ਕਰੋ" in start  # "Start now"
    question = client.get("/pa/get-involved/join/contact-details/").content.decode()
    assert '<html lang="pa" dir="ltr"' in question
    assert "ਤੁਹਾਡੇ ਸੰਪਰਕ ਵੇਰਵੇ" in question and "ਤੁਹਾਡਾ ਪੂਰਾ ਨਾਮ" in question  # heading, "Your full name"
    assert "Your full name" not in question

    sent = apply_in(client, "pa", answers())
    assert "ਅਰਜ਼ੀ ਭੇਜੀ ਗਈ" in sent.content.decode()  # "Application sent"

    application = UserGroupApplication.objects.get()
    assert application.language == "pa"
    email = OutgoingEmail.objects.get(to="sam.resident@example.org")
    assert email.subject == "ਸਾਨੂੰ ਯੂਜ਼ਰ ਗਰੁੱਪ ਵਿੱਚ ਸ਼ਾਮਲ ਹੋਣ ਲਈ ਤੁਹਾਡੀ ਅਰਜ਼ੀ ਮਿਲ ਗਈ ਹੈ"
    assert "ਪਿਆਰੇ Sam Resident," in email.body_text
    assert "ਅਸੀਂ 10 ਕੰਮਕਾਜੀ ਦਿਨਾਂ ਦੇ ਅੰਦਰ ਤੁਹਾਡੇ ਨਾਲ ਈਮੇਲ ਰਾਹੀਂ ਸੰਪਰਕ ਕਰਾਂਗੇ।" in email.body_text
    assert "We will contact you" not in email.body_text
    assert '<html lang="pa" dir="ltr">' in email.body_html


def test_a_wrong_answer_in_urdu_is_explained_in_urdu_and_what_was_typed_is_kept(client, join_in_punjabi_and_urdu):
    client.post("/ur/get-involved/join/contact-details/", step_data(FLOW.step("contact-details"), answers()))
    response = client.post("/ur/get-involved/join/where-you-live/", {"postcode": "WS1 ABC"})
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="ur" dir="rtl"' in html
    assert "ایک مسئلہ ہے" in html  # "There is a problem"
    assert "برطانیہ کا اصل پوسٹ کوڈ درج کریں، جیسے WS1 1AA" in html
    assert 'value="WS1 ABC"' in html


def test_an_english_application_stays_english(client, join_in_punjabi_and_urdu):
    apply(client, answers())
    application = UserGroupApplication.objects.get()
    assert application.language == "en-gb"
    email = OutgoingEmail.objects.get(to="sam.resident@example.org")
    assert email.subject == "We have received your application to join the User Group"
    assert "We will contact you by e-mail within 10 working days." in email.body_text
    assert '<html lang="en-GB" dir="ltr">' in email.body_html
    consent = ConsentRecord.objects.get(purpose="user_group")
    assert consent.wording_text == current_wording("user_group").text


def test_the_consent_record_keeps_the_words_shown_in_urdu(client, join_in_punjabi_and_urdu):
    agree = client.get("/ur/get-involved/join/agree/").content.decode()
    shown = current_wording("user_group").in_language("ur")
    assert shown != current_wording("user_group").text and shown in agree

    apply_in(client, "ur", answers())
    consent = ConsentRecord.objects.get(purpose="user_group")
    assert consent.wording_text == shown and consent.wording_version == current_wording("user_group").version


def test_screening_emails_staff_send_are_in_the_applicants_language(healthwatch_user):
    application, _ = user_group.submit_application(application_data(), language="ur")
    standard = user_group.standard_email("induction", application)
    assert standard["subject"] == "آپ کا یوزر گروپ تعارفی اجلاس"
    assert "ہم آپ کو ایک مختصر تعارفی اجلاس میں مدعو کرنا چاہیں گے۔" in standard["message"]

    email = user_group.email_applicant(application, standard["subject"], standard["message"], healthwatch_user,
                                       standard="induction")
    assert email.body_text.startswith("محترم/محترمہ Sam Resident،")
    assert "ہیلتھ واچ والسال، والسال ٹوگیدر کی جانب سے" in email.body_text  # the sign-off
    assert '<html lang="ur" dir="rtl">' in email.body_html


def test_staff_see_the_applicants_language(healthwatch_client):
    application, _ = user_group.submit_application(application_data(), language="pl")
    listing = healthwatch_client.get(reverse("user-group-applications:index")).content.decode()
    assert "Polish" in listing
    detail = healthwatch_client.get(reverse("user-group-applications:inspect", args=[application.pk]))
    assert "Preferred language" in detail.content.decode() and "Polish" in detail.content.decode()
    writing = healthwatch_client.get(reverse("user-group-applications:email", args=[application.pk]))
    assert "applied in Polish" in writing.content.decode()


def test_a_response_sent_in_polish_is_acknowledged_in_polish(exercise):
    data = {"locality": "", "email": "kim@example.org", "wants_updates": True, "publish_consent": "no",
            "display_name": ""}
    answers_given = {feedback.questions(exercise)[0].id: "Shorter waits, please."}
    response, _ = feedback.submit_response(exercise, data, answers_given, language="pl")
    assert response.language == "pl"
    email = OutgoingEmail.objects.get(to="kim@example.org")
    assert email.subject == "Dziękujemy za opinię na temat Care in Walsall"
    assert "Zatrzymaj te e-maile:" in email.body_text and '<html lang="pl" dir="ltr">' in email.body_html
    consent = ConsentRecord.objects.get(purpose="feedback_updates")
    assert consent.wording_text == current_wording("feedback_updates").in_language("pl")


def test_the_reach_dashboard_counts_preferred_languages_in_the_database(healthwatch_client, have_your_say):
    for n in range(6):
        user_group.submit_application(application_data(email=f"ur{n}@example.org"), language="ur")
    for n in range(2):
        user_group.submit_application(application_data(email=f"pa{n}@example.org"), language="pa")
    user_group.submit_application(application_data(email="en@example.org"))
    exercise = make_exercise(have_your_say)
    for n in range(5):
        Response.objects.create(exercise=exercise, language="bn")
    Response.objects.create(exercise=exercise, language="bn", channel=Response.Channel.PAPER)  # typed in by staff

    counts = reach.language_counts(reach.language_sources())
    by_language = {language: [str(cell) for cell in cells] for language, cells in counts.rows}
    assert counts.sources == ["User Group applications", "Feedback responses sent online"]
    assert by_language["Urdu"] == ["6", "0"]
    assert by_language["Bengali"] == ["0", "5"]
    # 2 in Punjabi and 1 in English are too few to show; so is the next smallest beside a lone hidden one.
    assert by_language["Punjabi"] == ["fewer than 5", "0"] and by_language["English"] == ["fewer than 5", "0"]

    html = healthwatch_client.get(DASHBOARD_URL).content.decode()
    assert "Preferred language" in html and "Newsletter subscribers" in html and "Urdu" in html
    rows = list(csv.reader(io.StringIO(b"".join(healthwatch_client.get(EXPORT_URL).streaming_content).decode())))
    heading = rows.index(next(row for row in rows if row and row[0] == "Preferred language"))
    column = rows[heading].index("User Group applications")
    assert rows[heading][column + 1] == "User Group applications hidden"
    assert next(row for row in rows[heading:] if row and row[0] == "Urdu")[column] == "6"


def test_a_response_sent_on_a_translation_counts_with_the_original_engagement(client, exercise):
    # The Polish page asks the same questions in other words: what is sent there is one more
    # response to the engagement staff moderate, and the Polish "You said, we did" page shows
    # the same counts as the English one, not "nobody has given their views yet".
    from tests.base.test_languages import translate

    from .responding import answer_every_question, answers, check_url

    polish = translate(exercise, "pl", title="Opieka w Walsall")
    assert polish.url.startswith("/pl/") and polish.original == exercise
    answer_every_question(client, polish, answers(exercise))
    sent = client.post(check_url(polish))
    assert sent.status_code == 302
    response = Response.objects.get()
    assert (response.exercise_id, response.language) == (exercise.pk, "pl")

    english = client.get(f"{exercise.url}you-said-we-did/").content.decode()
    in_polish = client.get(f"{polish.url}you-said-we-did/").content.decode()
    for page in (english, in_polish):
        assert "1 person gave their views" in page and "Nobody has given their views yet." not in page
