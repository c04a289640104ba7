"""Going through an exercise's response form (its question pages) with the Django test client."""
from engagement.views.response_form import response_flow

from .applying import step_data
from .conftest import question_ids


def field(exercise, kind):
    """The form field name of one of conftest.QUESTIONS: "text", "choice", "rating" or "private"."""
    return f"q_{question_ids(exercise)[kind].replace('-', '')}"


def answers(exercise, **overrides):
    """A valid response's answers, as the pages' fields would post them; `text=...` (and choice,
    rating, private) set an exercise question; None leaves one out."""
    data = {"text": "Please join up my care.", "choice": ["Hospital"], "rating": "4", "private": "",
            "locality": "west", "publish_consent": "anonymous", "display_name": "", "email": ""}
    data.update(overrides)
    named = {field(exercise, key) if key in ("text", "choice", "rating", "private") else key: value
             for key, value in data.items()}
    return {key: value for key, value in named.items() if value is not None}


def start_url(exercise):
    return f"{exercise.url}respond/"


def step_url(exercise, slug):
    return f"{exercise.url}respond/{slug}/"


def check_url(exercise):
    return f"{exercise.url}respond/check/"


def answer_every_question(client, exercise, data, skip_equality=None, each=None, **extra):
    """Post each question page in turn, following where the site sends the person next, until the
    check page. Equality answers are keys like "equality-age_band"; without any, the section is
    skipped in one press. `each(response)` is called on every answer; `extra` goes with each post
    (REMOTE_ADDR, say). Returns the last response (the check page, or a page with errors)."""
    flow = response_flow(exercise)
    if skip_equality is None:
        skip_equality = not any(key.startswith("equality-") for key in data)
    url = step_url(exercise, flow.steps[0].slug)
    for _ in range(len(flow.steps) + 1):
        step = flow.step(url.rstrip("/").rsplit("/", 1)[-1])
        if step is None:
            break
        payload = {"skip": "1"} if step.skippable and skip_equality else step_data(step, data)
        if step == flow.steps[0] and "website" in data:
            payload["website"] = data["website"]  # the honeypot is on the first page
        response = client.post(url, payload, **extra)
        if each:
            each(response)
        if response.status_code != 302:
            return response
        url = response["Location"]
    return client.get(url, **extra)


def send_response(client, exercise, data, **kwargs):
    """Answer every question and press "Send my response"; returns the page after sending."""
    extra = {key: kwargs.pop(key) for key in list(kwargs) if key.isupper()}
    answer_every_question(client, exercise, data, **kwargs, **extra)
    return client.post(check_url(exercise), follow=True, **extra)
