"""The real thing: a task worker process killed with SIGKILL in the middle of a campaign, sending
through anymail's Postmark backend to a local fake Postmark; after a restart every recipient has
exactly one message."""
import os
import signal
import subprocess
import sys
import time

import pytest

from bench.fake_esp import FakePostmark
from tests.conftest import dev_env
from tests.test_deployment import ROOT, manage

# Runs the real commands on SQLite databases of its own, whatever DATABASE_URL says (see pytest.ini).
pytestmark = pytest.mark.own_database

RECIPIENTS = 20
KILL_AT = 7  # Postmark has accepted message 7 when the worker dies, before it could record that

QUEUE_CAMPAIGN = f"""
from django.db import transaction
from mailer import services
with transaction.atomic():
    content = services.create_shared_content(subject="News for %%name%%", body_text="Hello %%name%%")
    services.queue_bulk(content, [(f"p{{i}}@example.org", {{"name": f"P{{i}}"}}, f"c:1:{{i}}")
                                  for i in range({RECIPIENTS})], batch_key="campaign:1")
"""
STATUSES = """
from mailer.models import OutgoingEmail
for email in OutgoingEmail.objects.order_by("pk"):
    print(email.to, email.status, email.last_error or "-", sep="|")
"""
# The statuses as the worker left them, then the scheduler's tick (one process instead of two).
STATUSES_THEN_SCHEDULER_TICK = STATUSES + """
from mailer.services import requeue_due
requeue_due()
"""
TEN_MINUTES_LATER = """
import datetime
from django.db.models import F
from mailer.models import OutgoingEmail
from mailer.services import requeue_due
ago = datetime.timedelta(minutes=11)
OutgoingEmail.objects.exclude(claimed_at=None).update(claimed_at=F("claimed_at") - ago)
OutgoingEmail.objects.exclude(send_started_at=None).update(send_started_at=F("send_started_at") - ago)
requeue_due()
"""


def statuses(env, script=STATUSES):
    """{address: (status, last error)} of every outgoing e-mail, printed by `script`."""
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    return {to: (status, error) for to, status, error in (line.split("|") for line in result.stdout.split("\n") if "|" in line)}


def run_worker(env):
    clean = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env={**clean, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture
def esp():
    worker = {}

    def kill_the_worker(payload):
        if sum(esp.received.values()) == KILL_AT and "process" in worker:
            os.kill(worker["process"].pid, signal.SIGKILL)
            time.sleep(0.5)  # the worker is gone before it reads our reply

    with FakePostmark(on_message=kill_the_worker) as esp:
        esp.worker = worker
        yield esp


def test_a_killed_worker_restarted_sends_every_remaining_recipient_exactly_once(tmp_path, esp, migrated_sqlite):
    env = dev_env(tmp_path, EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
                  ANYMAIL_POSTMARK_SERVER_TOKEN="server-token", ANYMAIL_POSTMARK_API_URL=esp.url,
                  MAILER_BATCH_SIZE="5")
    migrated_sqlite(tmp_path / "db.sqlite3")  # a database `manage.py migrate` has set up
    result = manage("shell", "-c", QUEUE_CAMPAIGN, env=env)
    assert result.returncode == 0, result.stderr

    esp.worker["process"] = worker = run_worker(env)
    assert worker.wait(timeout=120) == -signal.SIGKILL
    assert sum(esp.received.values()) == KILL_AT
    # Restarted at once, with the scheduler's next minutely sweep: the messages nobody had claimed
    # are sent; the killed worker's batch is not touched yet (that worker might still be alive).
    after_kill = statuses(env, STATUSES_THEN_SCHEDULER_TICK)
    assert after_kill["p6@example.org"][0] == "sending"  # Postmark has it; the worker could not record it
    worker = run_worker(env)
    assert worker.wait(timeout=120) == 0, worker.stderr.read()
    assert sum(esp.received.values()) == KILL_AT + 10

    # The scheduled sweep, ten minutes on, hands back the killed batch's unsent messages and
    # settles the one in doubt without sending it again.
    result = manage("shell", "-c", TEN_MINUTES_LATER, env=env)
    assert result.returncode == 0, result.stderr
    worker = run_worker(env)
    assert worker.wait(timeout=120) == 0, worker.stderr.read()

    assert esp.received == {f"p{i}@example.org": 1 for i in range(RECIPIENTS)}  # nobody missed, nobody twice
    final = statuses(env)
    assert final["p6@example.org"] == ("failed", "Interrupted while sending; not retried to avoid sending twice.")
    assert [to for to, (status, _) in final.items() if status != "sent"] == ["p6@example.org"]
