"""Queues the tasks in settings.PERIODIC_TASKS when they are due.

The claim is a conditional UPDATE on PeriodicTaskRun, so several schedulers running at
once (one per server) still queue each run once. A task's first row is inserted with
INSERT ... ON CONFLICT DO NOTHING, never an INSERT that fails: a failing insert is an ERROR line
in the PostgreSQL log, and a not-yet-due task would write one on every loop.
"""
import datetime

from django.conf import settings
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


# A new task's row starts as "last queued long ago", so it is due at once and claimed below.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def _claim(name, now, interval):
    """True for the one scheduler whose conditional update moves the task's last run to `now`."""
    due = PeriodicTaskRun.objects.filter(name=name, last_enqueued_at__lte=now - interval)
    if due.update(last_enqueued_at=now):
        return True
    if PeriodicTaskRun.objects.filter(name=name).exists():
        return False  # queued recently: the usual answer, in one SELECT
    PeriodicTaskRun.objects.bulk_create([PeriodicTaskRun(name=name, last_enqueued_at=NEVER)], ignore_conflicts=True)
    return bool(due.update(last_enqueued_at=now))
