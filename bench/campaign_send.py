"""Campaign sending, end to end: fan out one newsletter to N recipients, then let the real task
worker (`manage.py db_worker`) send it through anymail's Postmark backend to a fake Postmark
running on 127.0.0.1 (bench/fake_esp.py). Prints the figures the issue asks for.

    .venv/bin/python bench/campaign_send.py --recipients 2000
    .venv/bin/python bench/campaign_send.py --recipients 20000 --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/campaign_send.py --recipients 20000 --workers 2   # two workers at once

Goals: fan-out of 20,000 under 5 s; at least 200 messages a second with the rate unlimited
(--rate 0); worker memory flat between 2,000 and 20,000; queries per message constant; and
every recipient exactly one message (also with --workers 2).

Uses a throwaway SQLite database unless --database-url is given; the PostgreSQL database must
exist and is emptied of mail and tasks first. 1% of the recipients are suppressed (hard bounce).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

HTML_PARAGRAPH = (
    "<p>Walsall Together brings health and care services together so people in Walsall get joined-up "
    "support close to home. This month: new community clinics, a listening event and how to get involved.</p>"
)


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def recipients(count):
    """What the newsletters app hands queue_bulk for each confirmed subscriber."""
    for i in range(count):
        token = f"{i:08d}.{'x' * 43}"  # the size of a signed token
        yield (
            f"subscriber{i}@example.org",
            {"name": f"Subscriber {i}",
             "unsubscribe_url": f"https://walsalltogether.example/newsletters/unsubscribe/{token}/",
             "preferences_url": f"https://walsalltogether.example/newsletters/preferences/{token}/"},
            f"newsletter-campaign:bench:subscriber:{i}",
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rate", type=int, default=0, help="MAILER_RATE_PER_SECOND (0: unlimited)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker()

    from bench.fake_esp import FakePostmark

    workdir = tempfile.mkdtemp(prefix="wt-bench-")
    with FakePostmark() as esp:
        env = {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.sqlite3",
            "VAR_DIR": workdir,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "bench-token",
            "ANYMAIL_POSTMARK_API_URL": esp.url,
            "MAILER_RATE_PER_SECOND": str(args.rate),
        }
        setup_django(env)
        from django.core.management import call_command
        from django.db import connection, transaction
        from django_tasks_db.models import DBTaskResult

        from mailer import services
        from mailer.models import DeliveryEvent, OutgoingEmail, SharedContent, Suppression
        from mailer.tasks import send_queued_emails

        call_command("migrate", verbosity=0)
        for model in (DeliveryEvent, OutgoingEmail, SharedContent, Suppression, DBTaskResult):
            model.objects.all().delete()
        for i in range(0, args.recipients, 100):
            services.suppress(f"subscriber{i}@example.org", Suppression.Reason.HARD_BOUNCE)

        started = time.perf_counter()
        with transaction.atomic():
            content = services.create_shared_content(
                subject="Walsall Together news for %%name%%",
                body_text="Hello %%name%%,\n\n" + "News from Walsall Together.\n" * 100
                          + "\nChange what you get: %%preferences_url%%\nUnsubscribe: %%unsubscribe_url%%\n",
                body_html="<p>Hello %%name%%,</p>" + HTML_PARAGRAPH * 100
                          + '<p><a href="%%preferences_url%%">Your preferences</a> '
                            '<a href="%%unsubscribe_url%%">Unsubscribe</a></p>',
                headers={"List-Unsubscribe": "<%%unsubscribe_url%%>",
                         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            )
            created = services.queue_bulk(content, recipients(args.recipients), batch_key="newsletter-campaign:bench")
            for _ in range(args.workers - 1):
                send_queued_emails.enqueue()  # one sending task per extra worker
        fan_out = time.perf_counter() - started
        connection.close()

        started = time.perf_counter()
        workers = [
            subprocess.Popen([sys.executable, __file__, "--worker"], env={**os.environ, **env},
                             stdout=subprocess.PIPE, text=True)
            for _ in range(args.workers)
        ]
        reports = [json.loads(process.communicate()[0].strip().splitlines()[-1]) for process in workers]
        wall = time.perf_counter() - started

        progress = services.batch_progress("newsletter-campaign:bench")
        sent = sum(esp.received.values())
        twice = sum(1 for count in esp.received.values() if count > 1)
        sending = max(report["seconds"] for report in reports)
        queries = sum(report["queries"] for report in reports)

    print(f"database: {connection.vendor}, recipients: {args.recipients}, workers: {args.workers}, "
          f"rate limit: {args.rate or 'none'}")
    print(f"fan-out: {created} rows in {fan_out:.2f} s ({created / fan_out:,.0f} rows/s), "
          f"{progress['suppressed']} suppressed")
    print(f"sending: {sent} messages in {sending:.2f} s = {sent / sending:,.0f} messages/s "
          f"({wall:.2f} s including worker start-up)")
    print(f"queries per message: {queries / max(sent, 1):.2f}")
    for n, report in enumerate(reports, 1):
        app = report["seconds"] - report["esp_seconds"]
        print(f"worker {n}: sent {report['sent']}; {report['esp_seconds']:.2f} s in the ESP call (HTTP), "
              f"{app:.2f} s its own work ({report['sent'] / app:,.0f} messages/s if the ESP answered at once); "
              f"peak memory {report['peak_rss_mb']:.1f} MB (RSS grew {report['growth_mb']:+.1f} MB while sending)")
    print(f"progress: {progress}")
    print(f"recipients who got a message twice: {twice}; not sent: {progress['queued'] + progress['sending']}")


def worker():
    """One task worker process: `manage.py db_worker --batch` with a query counter."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mailer import services

    queries = sent = 0
    send_queued = services.send_queued

    def counting_send_queued(**kwargs):
        nonlocal sent
        count = send_queued(**kwargs)
        sent += count
        return count

    services.send_queued = counting_send_queued

    # Time spent waiting for the (fake) ESP, to tell the app's own cost from the ESP's.
    from anymail.backends.base_requests import AnymailRequestsBackend

    esp_seconds = 0.0
    post_to_esp = AnymailRequestsBackend.post_to_esp

    def timed_post_to_esp(self, payload, message):
        nonlocal esp_seconds
        started = time.perf_counter()
        try:
            return post_to_esp(self, payload, message)
        finally:
            esp_seconds += time.perf_counter() - started

    AnymailRequestsBackend.post_to_esp = timed_post_to_esp

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    rss_before = current_rss_mb()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.1, verbosity=0)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "esp_seconds": esp_seconds, "queries": queries, "sent": sent,
                      "peak_rss_mb": peak / 1024, "growth_mb": current_rss_mb() - rss_before}))


def current_rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
