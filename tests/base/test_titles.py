"""Page titles name the site once: never "... - Walsall Together - Walsall Together"."""
import re

import pytest

from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_titles_name_the_site_once(client, home_page):
    from events.models import EventIndexPage
    from tests.factories import make_page

    event = make_event(make_page(home_page, EventIndexPage, title="Events", slug="events"), title="Diabetes day")
    titles = {
        "home": title(client.get("/")),
        "event": title(client.get(event.url)),
        "booking": title(client.get(f"{event.url}book/")),
        "search": title(client.get("/search/", {"q": "diabetes"})),
    }
    assert titles["booking"] == "Your details - Book a place: Diabetes day - Walsall Together"
    assert titles["home"] == "Walsall Together: working together for a healthier Walsall"
    for name, text in titles.items():
        assert text.count("Walsall Together") == 1, (name, text)
