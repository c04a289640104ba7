"""Tasks left RUNNING by a worker that was killed (deployment, out of memory, a lost machine).

django-tasks' database worker marks a task RUNNING when it takes it and keeps no heartbeat, so
a task whose worker died would stay RUNNING for ever. A task running for longer than
settings.TASKS_RUNNING_MAX_SECONDS (far longer than any task here takes) has lost its worker:
the e-mail sweep (mailer.tasks.requeue_due_emails, every minute) marks it failed, and /health/
fails while one is waiting to be swept. Tasks are not run again: an interrupted e-mail send
is recovered by the mailer's own rules, and the scheduler queues its next run as usual.
"""
import datetime
import logging

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

ABANDONED = "operations.task_recovery.WorkerLost"


def abandoned_tasks(now=None):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.TASKS_RUNNING_MAX_SECONDS)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - limit)


def fail_abandoned_tasks(now=None):
    """Mark every abandoned task failed; returns how many."""
    from django_tasks.base import TaskResultStatus

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    now = now or timezone.now()
    failed = 0
    for task_id, path in abandoned_tasks(now).values_list("id", "task_path"):
        # Conditional on still RUNNING: a task that finished meanwhile keeps its own result.
        failed += abandoned_tasks(now).filter(id=task_id).update(
            status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=ABANDONED,
            traceback=f"Still running after {settings.TASKS_RUNNING_MAX_SECONDS} seconds: its worker was stopped.",
        )
        logger.warning("Task %s (%s) was left running by a stopped worker: marked failed", task_id, path)
    return failed
