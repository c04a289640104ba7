"""The real background parts on embedded defaults: database task queue, its worker, files for
e-mail; and the optional services configured by environment (Redis, an ESP through anymail)."""
import pytest

from tests.conftest import dev_env as environment_of_make_run
from tests.test_deployment import manage

# Runs the real commands on SQLite databases of its own, whatever DATABASE_URL says (see pytest.ini).
pytestmark = pytest.mark.own_database


@pytest.fixture(scope="module")
def dev_env(tmp_path_factory, migrated_sqlite):
    var = tmp_path_factory.mktemp("var")
    migrated_sqlite(var / "db.sqlite3")  # a database `manage.py migrate` has set up, as `make run` would
    env = environment_of_make_run(var, EMAIL_FILE_PATH=str(var / "mail"))
    return env, var


def test_task_worker_sends_queued_email_to_the_mail_folder(dev_env):
    env, var = dev_env
    queue = manage("shell", "-c", (
        "from mailer.models import OutgoingEmail; from mailer.services import _save;"
        "_save(to='resident@example.org', subject='Your booking', body_text='See you on Thursday')"
    ), env=env)
    assert queue.returncode == 0, queue.stderr
    assert not (var / "mail").exists() or not list((var / "mail").iterdir())  # nothing sent in the request

    worker = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
    assert worker.returncode == 0, worker.stderr
    files = list((var / "mail").iterdir())
    assert len(files) == 1
    assert "See you on Thursday" in files[0].read_text()
    status = manage("shell", "-c", "from mailer.models import OutgoingEmail; print(OutgoingEmail.objects.get().status)",
                    env=env)
    assert status.stdout.strip().endswith("sent")


def test_scheduler_queues_periodic_tasks_for_the_worker(dev_env):
    env, _ = dev_env
    result = manage("run_periodic_tasks", env=env)
    assert result.returncode == 0, result.stderr
    assert "Queued privacy.tasks.apply_retention" in result.stdout
    again = manage("run_periodic_tasks", env=env)
    assert "apply_retention" not in again.stdout  # not due again for a day
    worker = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
    assert worker.returncode == 0, worker.stderr


def test_redis_cache_when_redis_url_is_set(dev_env):
    env, _ = dev_env
    result = manage("shell", "-c", (
        "from django.core.cache import caches; cache = caches['default']; cache.set('wt-check', 'ok', 5);"
        "client = cache._cache.get_client(); cache.delete('wt-gone');"
        "print(type(cache).__module__, cache.get('wt-check'), cache.get_many(['wt-check', 'wt-gone']),"
        " cache._cache.get_client() is client)"  # one redis-py client, not a new one per call
    ), env={**env, "REDIS_URL": "redis://127.0.0.1:6379/15"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "config.cache ok {'wt-check': 'ok'} True"


def test_esp_is_configured_through_anymail_environment_variables(dev_env):
    env, _ = dev_env
    result = manage("shell", "-c", (
        "from django.conf import settings; from django.core.mail import get_connection;"
        "print(type(get_connection()).__module__, settings.ANYMAIL['POSTMARK_SERVER_TOKEN'])"
    ), env={**env, "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "server-token-123"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["anymail.backends.postmark", "server-token-123"]
