"""/health/ for load balancers and monitoring: 200 when every part works, 503 naming the part
that does not, never personal data or error details, never cached."""
import datetime

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from base.models import PeriodicTaskRun
from mailer.models import OutgoingEmail
from mailer.tasks import requeue_due_emails

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def health(client):
    response = client.get("/health/")
    return response, response.json()


@pytest.fixture
def worker_setup(settings):
    """The production set-up: tasks queued in the database for `manage.py db_worker`, and a
    scheduler that has just queued its every-minute task."""
    settings.TASKS = DATABASE_TASKS
    PeriodicTaskRun.objects.create(name="mailer.tasks.requeue_due_emails", last_enqueued_at=ago(seconds=30))


def waiting_task(run_after):
    return DBTaskResult.objects.create(
        task_path="mailer.tasks.requeue_due_emails", args_kwargs={"args": [], "kwargs": {}},
        backend_name="default", queue_name="default", run_after=run_after,
    )


def test_all_parts_working(client, worker_setup):
    waiting_task(run_after=ago(seconds=20))  # queued a moment ago: the worker is on it
    response, body = health(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "cache": True, "tasks": True, "email": True}
    assert "no-store" in response["Cache-Control"]


def test_tasks_run_in_the_web_process_need_no_worker(client):
    response, body = health(client)  # test settings: the immediate task backend
    assert response.status_code == 200
    assert body["checks"]["tasks"] == {"ok": True, "detail": "tasks run in the web process"}


def test_a_stopped_scheduler_fails(client, worker_setup):
    PeriodicTaskRun.objects.update(last_enqueued_at=ago(minutes=30))
    response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"]["tasks"] == {"ok": False, "detail": "the scheduler has queued nothing for over 10 minutes"}
    assert body["checks"]["database"]["ok"] and body["checks"]["email"]["ok"]


def deployed(**delta):
    """`migrate` last ran this long ago (the start of a deployment)."""
    MigrationRecorder.Migration.objects.update(applied=ago(**delta))


def test_a_scheduler_that_never_ran_fails(client, settings):
    settings.TASKS = DATABASE_TASKS
    deployed(minutes=11)
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["tasks"] == {"ok": False, "detail": "the scheduler has queued nothing for over 10 minutes"}


def test_a_fresh_deployment_is_healthy_before_the_scheduler_first_runs(client, settings):
    """The README starts the web servers before the scheduler: a load balancer waiting for a
    healthy web server must not wait for the scheduler."""
    settings.TASKS = DATABASE_TASKS
    deployed(minutes=1)
    response, body = health(client)
    assert response.status_code == 200, body
    assert body["checks"]["tasks"] == {"ok": True, "detail": "waiting for the scheduler's first run"}


def running_task(started_at):
    return DBTaskResult.objects.create(
        task_path="privacy.tasks.apply_retention", args_kwargs={"args": [], "kwargs": {}}, backend_name="default",
        queue_name="default", run_after=started_at, status="RUNNING", started_at=started_at, worker_ids=["killed"],
    )


def test_a_task_left_running_by_a_killed_worker_fails_until_the_sweep_marks_it_failed(client, worker_setup):
    abandoned = running_task(started_at=ago(hours=2))
    busy = running_task(started_at=ago(minutes=5))  # a long task still at work
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["tasks"] == {"ok": False, "detail": "1 task left running by a stopped worker"}

    requeue_due_emails.call()  # the every-minute sweep
    abandoned.refresh_from_db()
    busy.refresh_from_db()
    assert (abandoned.status, abandoned.exception_class_path) == ("FAILED", "operations.task_recovery.WorkerLost")
    assert abandoned.finished_at is not None
    assert busy.status == "RUNNING"
    assert health(client)[0].status_code == 200


def test_a_stopped_worker_fails(client, worker_setup):
    waiting_task(run_after=ago(minutes=15))
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["tasks"] == {"ok": False, "detail": "a task has waited over 10 minutes for the worker"}


def test_a_task_scheduled_for_later_is_not_late(client, worker_setup):
    waiting_task(run_after=timezone.now() + datetime.timedelta(hours=1))
    assert health(client)[0].status_code == 200


def test_the_database_unavailable(client, monkeypatch, caplog):
    class Unreachable:
        def cursor(self):
            raise OperationalError('connection to server at "db.internal" failed: password authentication failed')

    monkeypatch.setattr("operations.health.connection", Unreachable())
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["database"] == {"ok": False, "detail": "unavailable (OperationalError)"}
    assert "db.internal" not in response.content.decode()  # details go to the log only
    assert "Health check database failed" in caplog.text


def test_a_cache_that_loses_values(client, monkeypatch):
    monkeypatch.setattr("operations.health.cache.get", lambda key, default=None: None)
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["cache"] == {"ok": False, "detail": "did not keep a value"}


def test_an_esp_without_its_settings(client, settings):
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {}
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["email"]["ok"] is False
    assert body["checks"]["email"]["detail"].startswith("unavailable (")


def test_a_stuck_outbox_fails_without_showing_whom_it_is_for(client):
    for minutes in (45, 50):
        OutgoingEmail.objects.create(to="sam.carer@example.org", subject="Your booking for the diabetes workshop",
                                     body_text="See you there", next_attempt_at=ago(minutes=minutes))
    OutgoingEmail.objects.create(to="new@example.org", subject="Just queued", body_text="Hello",
                                 next_attempt_at=ago(minutes=1))
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["email"] == {"ok": False, "detail": "2 e-mails waiting over 30 minutes"}
    text = response.content.decode()
    assert "example.org" not in text and "diabetes" not in text


def test_only_reading_is_allowed(client):
    assert client.post("/health/").status_code == 405
    assert client.head("/health/").status_code == 200
