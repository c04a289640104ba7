import pytest
from django.core.cache import cache

from tests.factories import make_home_page


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limit counts (and anything else cached) start afresh in every test."""
    cache.clear()
    yield


@pytest.fixture
def home_page(db):
    return make_home_page(introduction="We are the integrated care partnership for Walsall.")


@pytest.fixture
def mail_outbox(mailoutbox):
    """E-mails sent by the task worker (tasks run at once in tests)."""
    return mailoutbox
