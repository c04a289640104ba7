"""Queues the tasks in settings.PERIODIC_TASKS when they are due.

The claim is a conditional UPDATE on PeriodicTaskRun, so several schedulers running at
once (one per server) still queue each run once.
"""
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicTaskRun


def enqueue_due_tasks(now=None):
    now = now or timezone.now()
    queued = []
    for path, interval in settings.PERIODIC_TASKS.items():
        if _claim(path, now, datetime.timedelta(seconds=interval)):
            import_string(path).enqueue()
            queued.append(path)
    return queued


def _claim(name, now, interval):
    claimed = PeriodicTaskRun.objects.filter(name=name, last_enqueued_at__lte=now - interval).update(
        last_enqueued_at=now
    )
    if claimed:
        return True
    try:
        with transaction.atomic():
            PeriodicTaskRun.objects.create(name=name, last_enqueued_at=now)
        return True
    except IntegrityError:
        return False
