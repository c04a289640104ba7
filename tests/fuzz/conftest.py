"""Fixtures for the fuzz tests: rate limits off (hypothesis posts hundreds of times), and the
public pages of each area, borrowed from that area's own test fixtures."""
import pytest

from tests.engagement.conftest import exercise, have_your_say, join_page  # noqa: F401 - fixtures
from tests.events.conftest import event, events_index  # noqa: F401 - fixtures
from tests.newsletters.conftest import lists, signup_page  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Without this the fuzz would soon get the 429 page instead of reaching the forms."""
    settings.RATE_LIMIT_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = False
