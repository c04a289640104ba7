"""Redaction suggestions: the names people give for themselves, as they introduce themselves or
sign off, and the name they typed in the form, are found in their words."""
import pytest

from engagement import redaction
from engagement.services import moderation

from .conftest import respond


@pytest.mark.parametrize("text, expected", [
    ("I'm Margaret Jones and the nurse was great.", "I'm [name removed] and the nurse was great."),
    ("I’m Margaret Jones, a carer.", "I’m [name removed], a carer."),
    ("I am Margaret. The clinic is too far.", "I am [name removed]. The clinic is too far."),
    ("Hello, my name is Sam Jones.", "Hello, my name is [name removed]."),
    ("my name is sandra and I live in Bloxwich", "my name is [name removed] and I live in Bloxwich"),
    ("I'm called Bob by everyone", "I'm called [name removed] by everyone"),
    ("Im Tom, 72", "Im [name removed], 72"),
    ("The GP was great.\nThanks,\nMargaret Jones", "The GP was great.\nThanks,\n[name removed]"),
    ("Great service. Kind regards, Pat Smith.", "Great service. Kind regards, [name removed]."),
    ("The ward was clean\n\n- Margaret J", "The ward was clean\n\n- [name removed]"),
    ("Help from a friend.\nFrom Margaret", "Help from a friend.\nFrom [name removed]"),
])
def test_the_persons_own_name_is_suggested(text, expected):
    assert redaction.apply(text) == expected


@pytest.mark.parametrize("text", [
    "I am worried about the waiting list.",
    "I'm British and I am 75.",
    "I am Asian British and I'm Muslim.",
    "I'm Diabetic, so I see the nurse every month.",
    "I love Walsall",
    "I got help from Age Concern",
    "Thanks to everyone - Walsall",
])
def test_words_after_i_am_that_are_not_names_are_left(text):
    assert redaction.apply(text) == text


def test_a_known_name_is_found_anywhere_in_full_or_in_part():
    text = "Margaret Jones here. The Jones family thanks the nurse, says margaret."
    assert redaction.apply(text, names=["Margaret Jones"]) == (
        "[name removed] here. The [name removed] family thanks the nurse, says [name removed].")
    assert redaction.apply("Mags was here", names=["Margaret Jones"]) == "Mags was here"


@pytest.mark.django_db
def test_the_name_given_in_the_form_is_suggested_in_the_words(exercise):
    response = respond(exercise, "Sandra here: the community nurse keeps me out of hospital. Sandra",
                       publish_consent="named", display_name="Sandra")
    answer = response.answers.get(quotable=True)
    assert moderation.suggested_public_text(answer) == (
        "[name removed] here: the community nurse keeps me out of hospital. [name removed]")
    moderation.approve(response, None)
    answer.refresh_from_db()
    assert answer.public_text.startswith("[name removed] here:")


@pytest.mark.parametrize("text, expected", [
    ("Call me on 07700 900123 please", "Call me on [phone number removed] please"),
    ("Ring 07700-900-123.", "Ring [phone number removed]."),
    ("My number is +44 7700 900123", "My number is [phone number removed]"),
    ("The surgery is (01922) 605000 or 0121 496 0000", "The surgery is [phone number removed] or [phone number removed]"),
    ("Text 07700900123 or call 0300 123 4567", "Text [phone number removed] or call [phone number removed]"),
])
def test_uk_phone_numbers_are_suggested(text, expected):
    assert redaction.apply(text) == expected


@pytest.mark.parametrize("text", [
    "I waited 799854 seconds for an answer",
    "My reference is 12345678 and the ward is 4",
    "There were 1500000 people waiting",
    "Between 2019 and 2020 it got worse",
])
def test_other_long_numbers_are_not_taken_for_phone_numbers(text):
    assert redaction.apply(text) == text


def test_short_and_common_words_of_a_known_name_are_left_alone():
    text = "Thanks for the help of Friends of Bloxwich. Ann of Bloxwich was kind, and so was ann."
    assert redaction.apply(text, names=["Ann of Bloxwich"]) == (
        "Thanks for the help of Friends of [name removed]. [name removed] was kind, and so was [name removed].")
    assert redaction.apply("Jo for Jo. The clinic, for jo.", names=["Jo For"]) == (
        "[name removed] Jo. The clinic, for jo.")  # "Jo" alone is too short to be sure of
    # whole words only, in any case
    assert redaction.apply("Annette met ANN at Annfield", names=["Ann Lee"]) == "Annette met [name removed] at Annfield"
