import fcntl
import os
import sqlite3
from contextlib import closing

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories import make_home_page


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limit counts (and anything else cached) start afresh in every test."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def english_to_start():
    """Every test starts in English: a request under /pl/ leaves Polish active in its thread
    (LocaleMiddleware activates the address's language and nothing switches it back)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory):
    """A SQLite file `manage.py migrate` has set up from nothing, made once per test run and shared
    by its test processes. Tests that run the real commands in subprocesses copy it (see
    `migrated_sqlite`) instead of each migrating from nothing, which takes a CPU-minute."""
    from tests.test_deployment import manage

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # shared by this run's test processes
    database = run_folder / "migrated.sqlite3"
    with open(run_folder / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process migrates; the others wait for its file
        if not database.exists():
            building = run_folder / "migrating" / "db.sqlite3"
            building.parent.mkdir(exist_ok=True)
            result = manage("migrate", "--noinput", env={
                "DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(building.parent),
                "DATABASE_URL": f"sqlite:///{building}"})
            assert result.returncode == 0, result.stdout + result.stderr
            copy_sqlite(building, database)
    return database


def copy_sqlite(source, target):
    """Copy a SQLite database (with anything still in its write-ahead log) to a new file."""
    with closing(sqlite3.connect(source)) as source_db, closing(sqlite3.connect(target)) as target_db:
        source_db.backup(target_db)


@pytest.fixture(scope="session")
def migrated_sqlite(migrated_sqlite_file):
    """`migrated_sqlite(path)` puts a copy of the migrated database at `path` (for DATABASE_URL)."""
    return lambda path: copy_sqlite(migrated_sqlite_file, path)


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


def module_data(load):
    """Decorator: a module-scoped fixture, named like `load`, holding what `load()` returns.
    `load()` (e.g. the whole demo site) runs once per module and test process, in a transaction
    that every test's own transaction nests in, so each test starts from the loaded data whatever
    the previous test changed; rolled back after the module's last test. Only for modules whose
    tests all use it (a test that does not would still see the data) and none is transactional
    (no live_server). Mark the module `pytest.mark.xdist_group(<name>)` so one test process loads
    it, not both."""

    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cache.clear()
            yield load()
            transaction.set_rollback(True)
        cache.clear()

    fixture.__doc__ = load.__doc__
    return pytest.fixture(scope="module", name=load.__name__)(fixture)
