"""Levels, rates, activities and claims for the involvement tests."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import HEALTHWATCH_STAFF
from involvement.models import Activity, InvolvementLevel, MileageRate, PaymentRate
from involvement.services import invite
from tests.events.conftest import book, event, events_index, make_event  # noqa: F401 - fixtures
from tests.factories import UserFactory, activate_totp

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test's receipts in its own folder, beside (never inside) MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def mileage_rate(db):
    """45p a mile from 6 April 2011 (HMRC's approved rate), as the demo sets."""
    return MileageRate.objects.create(amount=Decimal("0.45"), valid_from=datetime.date(2011, 4, 6))


def receipt(name="ticket.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def co_design(db):
    """Co-designing a service: £25 per half day from 1 April 2020, £30 from 1 April 2021."""
    level = InvolvementLevel.objects.create(name="Co-designing a service", payment_unit="half_day")
    PaymentRate.objects.create(level=level, amount=Decimal("25.00"), valid_from=datetime.date(2020, 4, 1))
    PaymentRate.objects.create(level=level, amount=Decimal("30.00"), valid_from=datetime.date(2021, 4, 1))
    return level


@pytest.fixture
def workshop_level(db):
    return InvolvementLevel.objects.create(name="Attending a workshop", payment_unit="none")


def make_activity(level, day=None, **fields):
    fields.setdefault("title", "Respiratory pathway co-design")
    fields.setdefault("paid_by", "Walsall Healthcare NHS Trust")
    return Activity.objects.create(level=level, date=day or datetime.date.today() - datetime.timedelta(days=3),
                                   **fields)


@pytest.fixture
def activity(co_design):
    return make_activity(co_design, units=Decimal("2"))


@pytest.fixture
def claim(activity):
    return invite(activity, name="Pat Jones", email="pat.jones@example.org")


def make_staff():
    return activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF]))


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def second_staff(db):
    return make_staff()
