"""Demo requests for other formats, so the Comms team's queue has something in it: one by e-mail
with the need kept on record, one by phone that is overdue. Made through the same service as the
public form; only outside production, and only once."""
import datetime

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from . import services
from .models import FormatRequest

REQUESTS = [
    # (page slug, days ago, answers)
    ("post-covid-19-patient-information-booklet", 1, {
        "format": "large_print", "name": "Pat Demo", "reply_by": "email", "email": "pat.demo@example.org",
        "keep_need": True}),
    ("september-2020", 20, {
        "format": "language", "language": "Punjabi", "name": "Harjit Demo", "reply_by": "phone",
        "phone": "07700 900461", "keep_need": False}),
]


def load_demo():
    if getattr(settings, "PRODUCTION", True) or FormatRequest.objects.exists():
        return ["Requests for other formats: kept as they are"]
    made = 0
    for slug, days_ago, answers in REQUESTS:
        page = Page.objects.live().filter(slug=slug).specific().first()
        if page is None or not getattr(page, "offers_other_formats", False):
            continue
        with transaction.atomic():
            request = services.request_format(page, answers, source="demo content")
            received = request.received_at - datetime.timedelta(days=days_ago)
            FormatRequest.objects.filter(pk=request.pk).update(
                received_at=received, due_on=services.due_date(received.date()))
        made += 1
    return [f"Requests for other formats: {made} created"]
