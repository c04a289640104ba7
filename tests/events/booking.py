"""Booking a place through the question pages with the Django test client."""
import re

from events.views_booking import STEPS
from tests.base.question_pages import answer_question_pages


def book_url(event):
    return f"{event.url}book/"


def step_url(event, slug):
    return book_url(event) if slug == STEPS[0].slug else f"{event.url}book/{slug}/"


def check_url(event):
    return f"{event.url}book/check/"


def answers(**overrides):
    """A valid booking's answers, as the pages' fields would post them (None leaves one out)."""
    data = {
        "name": "Sam Carer", "email": "sam.carer@example.org", "phone": "", "role": "carer", "companions": "1",
        "access_needs": ["bsl"], "access_needs_other": "", "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def step_data(step, data):
    """The part of `data` a step's page posts."""
    return {name: data[name] for name in step.fields if name in data}


def answer_every_question(client, event, data, skip_access=False, each=None):
    """Post each question page in turn, following where the site sends the person next, until the
    check page. With skip_access the access needs question is skipped in one press.
    `each(response)` is called on every answer. Returns the last response (the check page, or a
    page with errors or the reason booking is closed)."""
    def step_at(url):
        slug = STEPS[0].slug if url == book_url(event) else url.rstrip("/").rsplit("/", 1)[-1]
        return next((step for step in STEPS if step.slug == slug), None)

    return answer_question_pages(
        client, book_url(event), step_at,
        lambda step: {"skip": "1"} if step.skippable and skip_access else step_data(step, data), each=each)


def book_through_pages(client, event, data, **kwargs):
    """Answer every question and press the button on the check page; returns that POST's response."""
    check = answer_every_question(client, event, data, **kwargs)
    expected = re.search(r'name="expected" value="(\w+)"', check.content.decode())
    return client.post(check_url(event), {"expected": expected.group(1)} if expected else {})
