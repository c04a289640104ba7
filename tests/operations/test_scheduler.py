"""The scheduler in normal running: claims without a failing INSERT (each one is an ERROR line
in the PostgreSQL log)."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from base.scheduling import enqueue_due_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_statements():
    failures = []

    def record(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except Exception as error:
            failures.append(f"{type(error).__name__}: {sql}")
            raise

    with connection.execute_wrapper(record):
        yield failures


def test_scheduler_loops_issue_no_failing_statement(settings, failed_statements):
    settings.PERIODIC_TASKS = {"mailer.tasks.requeue_due_emails": 60, "privacy.tasks.apply_retention": 86400}
    now = timezone.now()
    assert enqueue_due_tasks(now) == list(settings.PERIODIC_TASKS)  # first run: the rows are made
    for seconds in (30, 60, 90):  # the loop, every 30 seconds
        enqueue_due_tasks(now + datetime.timedelta(seconds=seconds, microseconds=1))
    assert enqueue_due_tasks(now + datetime.timedelta(seconds=121)) == ["mailer.tasks.requeue_due_emails"]
    assert failed_statements == []


def test_two_schedulers_starting_together_queue_a_new_task_once(settings, failed_statements):
    settings.PERIODIC_TASKS = {"mailer.tasks.requeue_due_emails": 60}
    now = timezone.now()
    assert enqueue_due_tasks(now) == ["mailer.tasks.requeue_due_emails"]
    assert enqueue_due_tasks(now) == []
    assert failed_statements == []
