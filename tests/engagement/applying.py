"""Going through the User Group application's question pages with the Django test client."""
from engagement.equality import ETHNIC_HEADING_OF
from engagement.views.application import FLOW
from tests.base.question_pages import answer_question_pages

from .conftest import PAGE_URL, topic

CHECK_URL = PAGE_URL + "check/"
SENT_URL = PAGE_URL + "sent/"


def step_url(slug):
    return f"{PAGE_URL}{slug}/"


def answers(**overrides):
    """A valid application's answers, as the pages' fields would post them (None leaves one out)."""
    data = {
        "name": "Sam Resident", "email": "sam.resident@example.org", "phone": "", "preferred_contact": "email",
        "postcode": "ws3 2pn", "locality": "", "pathways": [str(topic("Diabetes").pk)], "programme_areas": [],
        "lived_experience": "patient", "participation": ["meetings", "surveys"], "availability": ["weekend"],
        "access_needs": "", "heard_about": "one_walsall", "heard_about_other": "", "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def step_data(step, data):
    """The part of `data` a step's page posts. The ethnic group is asked on two pages: the broad
    group first, here the one the background given belongs to unless the data names one."""
    prefix = "equality-" if step.form == "equality" else ""
    if "equality-ethnic_group" in data and "equality-ethnic_heading" not in data:
        group = data["equality-ethnic_group"]
        heading = ETHNIC_HEADING_OF.get(group, group) if isinstance(group, str) else group  # fuzzed: a list
        data = {**data, "equality-ethnic_heading": heading}
    return {f"{prefix}{name}": data[f"{prefix}{name}"] for name in step.fields + step.hidden
            if f"{prefix}{name}" in data}


def answer_every_question(client, data, skip_equality=None, each=None):
    """Post each question page in turn, following where the site sends the person next, until the
    check page. Equality answers are keys like "equality-age_band"; without any, the section is
    skipped in one press. `each(response)` is called on every answer. Returns the last response
    (the check page, or a page with errors)."""
    if skip_equality is None:
        skip_equality = not any(key.startswith("equality-") for key in data)
    return answer_question_pages(
        client, step_url(FLOW.steps[0].slug), lambda url: FLOW.step(url.rstrip("/").rsplit("/", 1)[-1]),
        lambda step: {"skip": "1"} if step.skippable and skip_equality else step_data(step, data), each=each)


def apply(client, data, **kwargs):
    """Answer every question and press "Send application"; returns the page after sending."""
    answer_every_question(client, data, **kwargs)
    return client.post(CHECK_URL, follow=True)
