import pytest
from django.core.cache import cache

from tests.factories import make_home_page


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limit counts (and anything else cached) start afresh in every test."""
    from base.locales import forget

    cache.clear()
    forget()  # a flushed database's locales come back with new ids
    yield


@pytest.fixture
def rate_limit_clock(monkeypatch):
    """Rate limits count in fixed windows: the clock django-ratelimit reads stands still, so a
    slow test is never split across two windows (and given a fresh count half-way)."""
    import time

    import django_ratelimit.core

    class Clock:
        def time(self):
            return self.now

    clock = Clock()
    clock.now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", clock)
    return clock


@pytest.fixture
def home_page(db):
    return make_home_page(introduction="We are the integrated care partnership for Walsall.")


@pytest.fixture
def mail_outbox(mailoutbox):
    """E-mails sent by the task worker (tasks run at once in tests)."""
    return mailoutbox


@pytest.fixture
def page_cache_on(settings):
    """The anonymous page cache on (it is off without Redis), starting empty."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs what the block queues for after its transaction commits (the
    page cache's purges, e-mails), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
