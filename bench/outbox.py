"""Outbox throughput: queue N messages, send them as the worker would, print the figures.

    .venv/bin/python bench/outbox.py --messages 2000 [--database-url postgres://...]

Uses a throwaway SQLite database unless --database-url is given, and Django's in-memory
e-mail backend so the figure is the app's own cost, not an ESP's.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="wt-bench-")
    os.environ.setdefault("DATABASE_URL", args.database_url or f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["VAR_DIR"] = workdir
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from mailer import services
    from mailer.models import OutgoingEmail

    call_command("migrate", verbosity=0)
    OutgoingEmail.objects.all().delete()

    started = time.perf_counter()
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"person{i}@example.org", subject="Benchmark", body_text="Hello", body_html="<p>Hello</p>")
        for i in range(args.messages)
    )
    queued = time.perf_counter() - started

    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for email_id in ids:
            services.deliver(email_id)
    sending = time.perf_counter() - started
    sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()

    print(f"database: {connection.vendor}")
    print(f"messages: {args.messages}, sent: {sent}")
    print(f"queue (bulk insert): {queued:.2f} s")
    print(f"send: {sending:.2f} s = {args.messages / sending:.0f} messages per second")
    print(f"queries per message: {len(queries) / args.messages:.1f}")


if __name__ == "__main__":
    main()
