"""What /health/ checks: each check is cheap, returns ok and a short plain reason, and never
shows personal data, secrets or error messages (those go to the log, scrubbed)."""
import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class Result:
    ok: bool
    detail: str


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Result(True, "answers queries")


def check_cache():
    value = uuid.uuid4().hex
    cache.set("operations:health", value, 30)
    if cache.get("operations:health") != value:
        return Result(False, "did not keep a value")
    return Result(True, "stores and returns values")


def check_tasks(now=None):
    """The scheduler queues a task at least every few minutes, and the worker takes each one
    soon after it is due. A dead scheduler or worker fails within settings.HEALTH_TASKS_MAX_DELAY.

    A fresh deployment starts its web servers before the scheduler (README), so until the
    scheduler's first run the delay counts from the last `migrate` instead: the site becomes
    healthy in the order the README starts it, and still fails if no scheduler ever starts.
    A task left RUNNING by a killed worker (operations.task_recovery) fails the check until the
    e-mail sweep marks it failed."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASK_BACKEND:
        return Result(True, "tasks run in the web process")
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from base.models import PeriodicTaskRun

    from .task_recovery import abandoned_tasks

    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.HEALTH_TASKS_MAX_DELAY)
    if settings.PERIODIC_TASKS:
        last = PeriodicTaskRun.objects.order_by("-last_enqueued_at").values_list("last_enqueued_at", flat=True).first()
        if last is None:
            migrated = _last_migrated_at()
            if migrated is None or now - migrated > limit:
                return Result(False, f"the scheduler has queued nothing for over {_minutes(limit)}")
        elif now - last > limit:
            return Result(False, f"the scheduler has queued nothing for over {_minutes(limit)}")
    oldest = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        .order_by("run_after").values_list("run_after", flat=True).first()
    )
    if oldest is not None and now - oldest > limit:
        return Result(False, f"a task has waited over {_minutes(limit)} for the worker")
    abandoned = abandoned_tasks(now).count()
    if abandoned:
        return Result(False, f"{abandoned} task{'s' if abandoned != 1 else ''} left running by a stopped worker")
    if settings.PERIODIC_TASKS and last is None:
        return Result(True, "waiting for the scheduler's first run")
    return Result(True, "the scheduler and the worker are keeping up")


def _last_migrated_at():
    """When `migrate` last applied a migration: the start of this deployment."""
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder.Migration.objects.order_by("-applied").values_list("applied", flat=True).first()


def check_email(now=None):
    """The e-mail backend can be set up (an ESP's settings are present) and the outbox is
    being sent: nothing due has waited longer than settings.HEALTH_OUTBOX_MAX_DELAY."""
    from mailer.models import OutgoingEmail

    get_connection()  # raises when the backend or its ANYMAIL_* settings are missing
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.HEALTH_OUTBOX_MAX_DELAY)
    waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lt=now - limit).count()
    if waiting:
        return Result(False, f"{waiting} e-mail{'s' if waiting != 1 else ''} waiting over {_minutes(limit)}")
    return Result(True, "configured; the outbox is being sent")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
    "email": check_email,
}


def run_checks():
    """{name: Result} for every check; an exception is a failure, logged without its details shown."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - a health check reports, it never raises
            logger.exception("Health check %s failed", name)
            results[name] = Result(False, f"unavailable ({type(error).__name__})")
    return results


def _minutes(delta):
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
