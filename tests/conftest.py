import fcntl
import os
import shutil
import sqlite3
from contextlib import closing, contextmanager

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


def shared_run_folder(tmp_path_factory):
    """A folder of this test run that all its test processes (pytest-xdist workers) share."""
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    return run_folder


@contextmanager
def one_process_at_a_time(run_folder, name):
    """A lock held by one test process of the run at a time (the others wait for it)."""
    with open(run_folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings,
                    tmp_path_factory):
    """The test database, migrated ONCE per test run: the first test process migrates its own
    database as pytest-django does and keeps a copy as a template (a SQLite file, or a PostgreSQL
    database); every other process clones the template (SQLite's backup API, PostgreSQL's
    `CREATE DATABASE ... TEMPLATE`) in about a second, where migrating takes some 20 CPU-seconds.
    Without pytest-xdist, or with --reuse-db or --nomigrations, pytest-django's own set-up."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    verbosity = request.config.option.verbose
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or request.config.getvalue("reuse_db") or request.config.getvalue("nomigrations") \
            or set(aliases) - {"default"}:
        keepdb = request.config.getvalue("reuse_db") and not request.config.getvalue("create_db")
        if request.config.getvalue("nomigrations"):
            from pytest_django.fixtures import _disable_migrations
            _disable_migrations()
        with django_db_blocker.unblock():
            old_config = setup_databases(verbosity=verbosity, interactive=False, aliases=aliases,
                                         serialized_aliases=serialized_aliases, keepdb=keepdb)
        yield
        if not keepdb:
            with django_db_blocker.unblock():
                teardown_databases(old_config, verbosity=verbosity)
        return
    if not aliases:  # no test in this process uses the database
        yield
        return

    run_folder = shared_run_folder(tmp_path_factory)
    with django_db_blocker.unblock(), one_process_at_a_time(run_folder, "test-database"):
        template = template_database_name(connection, run_folder, worker)
        if not (run_folder / "test-database.made").exists():
            old_config = setup_databases(verbosity=verbosity, interactive=False, aliases=["default"],
                                         serialized_aliases=serialized_aliases)
            save_as_template(connection, template)
            (run_folder / "test-database.made").write_text(template)
        else:
            old_config = [(connection, connection.settings_dict["NAME"], True)]
            clone_template(connection, template)
            if "default" in serialized_aliases:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=verbosity)


def template_database_name(connection, run_folder, worker):
    if connection.vendor == "sqlite":
        return str(run_folder / "test-database.sqlite3")
    test_name = connection.creation._get_test_db_name()  # test_<name>_gw0
    return test_name.removesuffix(f"_{worker}") + "_template"


def save_as_template(connection, template):
    """Keep a copy of this process's freshly migrated test database as the run's template."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(template)) as copy:
            connection.connection.backup(copy)
        return
    name = connection.settings_dict["NAME"]
    connection.close()  # PostgreSQL copies a database nobody is connected to
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
        cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(name)}")


def clone_template(connection, template):
    """This process's test database made as a copy of the template, as `create_test_db` would
    have made it by migrating."""
    from django.conf import settings
    from django.core.management import call_command

    test_name = connection.creation._get_test_db_name()
    connection.close()
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    if connection.vendor == "sqlite":  # an in-memory database, kept while the connection is open
        connection.ensure_connection()
        with closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()


TEST_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                          "live_server"}


def pytest_collection_modifyitems(config, items):
    """A test marked `own_database` runs once in CI (on the SQLite pass), so it must not touch the
    test database, which is the one DATABASE_URL chooses."""
    wrong = [item.nodeid for item in items if item.get_closest_marker("own_database")
             and (item.get_closest_marker("django_db") or TEST_DATABASE_FIXTURES & set(item.fixturenames))]
    if wrong:
        raise pytest.UsageError("Marked own_database but uses the test database: " + ", ".join(wrong))


def pytest_sessionfinish(session):
    """Once every test process has finished, the run's PostgreSQL template database goes."""
    made = shared_run_folder(session.config._tmp_path_factory) / "test-database.made"
    if os.environ.get("PYTEST_XDIST_WORKER") or not made.exists():
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    if connection.vendor == "postgresql":
        with session.config.stash[blocking_manager_key].unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(made.read_text())}")


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory):
    """A SQLite file `manage.py migrate` has set up from nothing, made once per test run and shared
    by its test processes. Tests that run the real commands in subprocesses copy it (see
    `migrated_sqlite`) instead of each migrating from nothing, which takes a CPU-minute."""
    from tests.test_deployment import manage

    run_folder = shared_run_folder(tmp_path_factory)
    database = run_folder / "migrated.sqlite3"
    with one_process_at_a_time(run_folder, "migrated"):  # one process migrates; the others wait
        if not database.exists():
            building = run_folder / "migrating" / "db.sqlite3"
            building.parent.mkdir(exist_ok=True)
            result = manage("migrate", "--noinput", env=dev_env(building.parent))
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


@pytest.fixture(scope="session")
def demo_var_folder(tmp_path_factory, migrated_sqlite_file):
    """A VAR_DIR as `make run` leaves it after its first start: a SQLite database set up by
    `manage.py migrate` and `manage.py load_demo_content` (run here as subprocesses, as the
    Makefile runs them), with the demo's media files. Made once per test run and shared by its
    test processes: the demo server's tests and the set-up's second start copy it."""
    from tests.test_deployment import manage

    run_folder = shared_run_folder(tmp_path_factory)
    folder = run_folder / "demo-var"
    with one_process_at_a_time(run_folder, "demo-var"):  # one process loads it; the others wait
        if not folder.exists():
            building = run_folder / "demo-var-building"
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir()
            copy_sqlite(migrated_sqlite_file, building / "db.sqlite3")
            env = dev_env(building)
            for command in (["migrate", "--noinput"], ["load_demo_content"]):
                result = manage(*command, env=env, timeout=1200)  # a busy machine is slow
                assert result.returncode == 0, result.stdout + result.stderr
            building.rename(folder)
    return folder


def dev_env(var, **extra):
    """The environment of a command `make run` starts (development settings), on the SQLite
    database and files in `var`; `extra` adds to it."""
    return {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}", **extra}


@pytest.fixture(scope="session")
def demo_var(demo_var_folder):
    """`demo_var(path)` makes `path` a copy of `demo_var_folder` (for VAR_DIR)."""
    return lambda path: shutil.copytree(demo_var_folder, path, dirs_exist_ok=True)


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
