import datetime

import pytest
from django.utils import timezone

from base.models import PeriodicTaskRun
from base.scheduling import enqueue_due_tasks

pytestmark = pytest.mark.django_db


def test_each_task_is_queued_once_per_interval(settings):
    settings.PERIODIC_TASKS = {"mailer.tasks.requeue_due_emails": 60}
    now = timezone.now()
    assert enqueue_due_tasks(now) == ["mailer.tasks.requeue_due_emails"]
    # A second scheduler (another server) in the same minute queues nothing.
    assert enqueue_due_tasks(now + datetime.timedelta(seconds=30)) == []
    assert enqueue_due_tasks(now + datetime.timedelta(seconds=61)) == ["mailer.tasks.requeue_due_emails"]
    assert PeriodicTaskRun.objects.get().last_enqueued_at == now + datetime.timedelta(seconds=61)


def test_retention_rules_are_scheduled_daily(settings):
    assert settings.PERIODIC_TASKS["privacy.tasks.apply_retention"] == 24 * 60 * 60
