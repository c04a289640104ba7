"""Events, bookings and organisers for the events tests."""
import datetime
import itertools

import pytest
from django.utils import timezone

from accounts.roles import COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from events.models import EventIndexPage, EventPage
from events.services import register_for_event
from tests.factories import UserFactory, make_page
from tests.privacy.conftest import activate_totp, signed_in

_numbers = itertools.count(1)


@pytest.fixture
def events_index(home_page):
    return make_page(home_page, EventIndexPage, title="Events and workshops", slug="events")


def make_event(index, **fields):
    """A published event starting in 14 days (online, 10 places) unless told otherwise."""
    start = fields.pop("start", timezone.now() + datetime.timedelta(days=14))
    fields.setdefault("title", f"Respiratory workshop {next(_numbers)}")
    fields.setdefault("slug", f"workshop-{next(_numbers)}")
    fields.setdefault("summary", "Share your experience of living with a lung condition.")
    fields.setdefault("who_for", "People living with or caring for someone with COPD.")
    fields.setdefault("format", EventPage.Format.ONLINE)
    fields.setdefault("joining_link", "https://meet.example.org/secret-room-123")
    fields.setdefault("capacity", 10)
    fields.setdefault("end", start + datetime.timedelta(minutes=90))
    return make_page(index, EventPage, start=start, **fields)


def book(event, email=None, **data):
    """Book through the service, as the public form does."""
    data.setdefault("name", "Sam Resident")
    data["email"] = email or f"person{next(_numbers)}@example.org"
    data.setdefault("role", "carer")
    data.setdefault("companions", 0)
    return register_for_event(event, data, source=event.url)


@pytest.fixture
def event(events_index):
    return make_event(events_index)


@pytest.fixture
def organiser(db):
    return activate_totp(UserFactory(groups=[COMMS_TEAM]))


@pytest.fixture
def organiser_client(organiser):
    return signed_in(organiser)


@pytest.fixture
def healthwatch_client(db):
    return signed_in(activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF])))


@pytest.fixture
def partner_client(db):
    return signed_in(activate_totp(UserFactory(groups=[PARTNER_STAFF])))


@pytest.fixture
def racing(transactional_db):
    """A context manager: inside it, threads (each with its own connection) race on a database
    that locks like production's.

    PostgreSQL needs nothing. The SQLite test database is in memory with a shared cache, where
    a writer blocked by another gets "table is locked" at once instead of waiting, which is not
    how the SQLite file of a real site behaves. So on entry the database is copied to a file
    that new connections (the threads') open with the site's settings (IMMEDIATE transactions,
    a busy timeout); on exit the file is copied back into memory for the assertions.
    """
    import contextlib
    import os
    import sqlite3
    import tempfile

    from django.db import connection

    @contextlib.contextmanager
    def race():
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            yield
            return
        connection.ensure_connection()
        handle, path = tempfile.mkstemp(suffix=".sqlite3")
        os.close(handle)
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()
        memory_name = connection.settings_dict["NAME"]
        connection.settings_dict["NAME"] = path
        try:
            yield
        finally:
            connection.settings_dict["NAME"] = memory_name
            source = sqlite3.connect(path)
            source.backup(connection.connection)
            source.close()
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)

    return race
