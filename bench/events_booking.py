"""Booking under load: 200 people book a 30-place event at the same moment, then 20 cancel.

    .venv/bin/python bench/events_booking.py [--people 200] [--capacity 30] [--cancellations 20]
                                             [--workers 4] [--database-url postgres://...]
                                             [--redis-url redis://127.0.0.1:6379/11]

Starts the production server as the README runs it (gunicorn with site/config/gunicorn.py, the
production settings with DEBUG off, hashed static files, Redis for the cache and the rate limits;
only SECURE_SSL_REDIRECT is off, because the benchmark speaks plain HTTP) on a throwaway SQLite
database, or on --database-url (use an empty database: it is migrated and the benchmark event
is recreated). The Redis database of --redis-url is emptied first: give it one nothing else uses.

The site's own rate limits stay on, as in production: each address may send 30 booking forms in
10 minutes. 200 people are 200 addresses, so as behind the production load balancer each request
carries its person's address in X-Real-IP (RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP, the header the
rate limits then trust); without that all 200 would share 127.0.0.1 and from the 31st on get the
"too many requests" page.

Each simulated person first answers the booking's question pages (their answers kept in their
session) up to "Check your answers", then all of them press "Book my place" at once from threads.
Prints how many got a place, how many are on the waiting list and how
many requests failed, with requests per second and the 95th percentile latency. Then 20 people
with a place cancel at once (from their own addresses), and it checks that the first 20 people
on the waiting list (in the order they joined) were given the places, nobody twice.

The goal: exactly `capacity` places taken, the rest waiting, zero errors, on SQLite and PostgreSQL.
"""
import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "site" / "config" / "gunicorn.py"
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--cancellations", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11",
                        help="a Redis database the benchmark may empty")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="wt-bench-events-")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.sqlite3",
        "VAR_DIR": workdir,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "REDIS_URL": args.redis_url,
        # As behind the load balancer: the visitor's address comes in X-Real-IP.
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": f"{workdir}/static",
        "MEDIA_ROOT": f"{workdir}/media",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    os.environ.update(env)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env,
                               capture_output=True, text=True)
    if collected.returncode:
        sys.exit(f"collectstatic failed:\n{collected.stderr}")
    import django

    django.setup()
    from django.db import connection

    event_url = set_up_event(args.capacity)
    print(f"database: {connection.vendor} ({'throwaway file' if not args.database_url else 'given URL'}); "
          f"production settings, Redis {args.redis_url}, rate limits on, one address per person")
    print(f"event: {args.capacity} places, {args.people} people booking at once, {args.workers} gunicorn workers")
    connection.close()

    server = subprocess.Popen(
        # as the README's production command, from its configuration file
        [str(ROOT / ".venv/bin/gunicorn"), "--config", str(GUNICORN_CONFIG),
         "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + event_url)
        booking_phase(base, event_url, args)
        cancel_phase(base, event_url, args)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def set_up_event(capacity):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from base.models import HomePage
    from base.publishing import publish_page, set_site_root
    from wagtail.models import Page

    from events.models import EventIndexPage, EventPage

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or publish_page(root, HomePage, slug="bench-home", title="Walsall Together")
    set_site_root(home)
    index = publish_page(home, EventIndexPage, slug="bench-events", title="Events")
    EventPage.objects.filter(slug="bench-workshop").delete()  # a fresh event (and bookings) every run
    start = timezone.now() + datetime.timedelta(days=14)
    event = publish_page(index, EventPage, slug="bench-workshop", title="Benchmark workshop", who_for="Everyone",
                         start=start, end=start + datetime.timedelta(hours=1), format=EventPage.Format.ONLINE,
                         joining_link="https://meet.example.org/bench", capacity=capacity, max_companions=1)
    return event.url


def booking_phase(base, event_url, args):
    from events.models import Booking

    with ThreadPoolExecutor(max_workers=args.workers * 2) as pool:
        clients = list(pool.map(lambda number: answer_questions(base, event_url, number), range(args.people)))
    barrier = threading.Barrier(args.people)

    def post(number):
        session, csrf = clients[number]
        barrier.wait()
        started = time.perf_counter()
        try:
            response = session.post(base + event_url + "book/check/", data={"csrfmiddlewaretoken": csrf},
                                    allow_redirects=False, timeout=120)
            ok = response.status_code == 302 and "/booking/" in response.headers.get("Location", "")
        except requests.RequestException:
            ok = False
        return ok, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.people) as pool:
        results = list(pool.map(post, range(args.people)))
    elapsed = time.perf_counter() - started

    bookings = Booking.objects.filter(event__slug="bench-workshop")
    confirmed = bookings.filter(status="confirmed").count()
    waiting = bookings.filter(status="waiting").count()
    errors = sum(1 for ok, _ in results if not ok)
    latencies = sorted(latency for _, latency in results)
    print(f"bookings: {confirmed} confirmed, {waiting} waiting, {errors} errors "
          f"(goal: {args.capacity}, {args.people - args.capacity}, 0)")
    print(f"places taken: {sum(b.places for b in bookings.filter(status='confirmed'))} of {args.capacity}")
    print(f"throughput: {args.people / elapsed:.0f} requests per second ({elapsed:.2f} s for {args.people})")
    print(f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")


def cancel_phase(base, event_url, args):
    from events.models import Booking
    from mailer.models import OutgoingEmail

    bookings = Booking.objects.filter(event__slug="bench-workshop")
    cancelling = list(bookings.filter(status="confirmed").order_by("?")[:args.cancellations])
    next_in_line = list(bookings.filter(status="waiting").order_by("waiting_since", "pk")
                        .values_list("pk", flat=True)[:args.cancellations])
    clients = [prepare(f"{base}{event_url}booking/{booking.token}/cancel/") for booking in cancelling]
    before = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    barrier = threading.Barrier(len(cancelling))

    def cancel(number):
        session, csrf, _ = clients[number]
        barrier.wait()
        started = time.perf_counter()
        person = int(cancelling[number].email.removeprefix("person").split("@")[0])
        response = session.post(f"{base}{event_url}booking/{cancelling[number].token}/cancel/",
                                data={"csrfmiddlewaretoken": csrf}, allow_redirects=False, timeout=120,
                                headers=address(person))
        return response.status_code == 302, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=len(cancelling)) as pool:
        results = list(pool.map(cancel, range(len(cancelling))))
    errors = sum(1 for ok, _ in results if not ok)
    cancelled = bookings.filter(pk__in=[b.pk for b in cancelling], status="cancelled").count()
    promoted = set(bookings.filter(status="confirmed", waiting_since__isnull=False).values_list("pk", flat=True))
    told = list(OutgoingEmail.objects.filter(pk__gt=before, subject__startswith="A place has come up")
                .values_list("to", flat=True))
    print(f"cancellations: {cancelled} of {len(cancelling)} cancelled at once, {errors} errors, "
          f"p95 {percentile(sorted(t for _, t in results), 95) * 1000:.0f} ms")
    print(f"promoted: {len(promoted)}; the first {len(next_in_line)} on the waiting list: "
          f"{'yes' if promoted == set(next_in_line) else 'NO'}; "
          f"each told once: {'yes' if len(told) == len(set(told)) == len(promoted) else 'NO'}; "
          f"places taken: {sum(b.places for b in bookings.filter(status='confirmed'))} of {args.capacity}")


ANSWERS = [  # (question page, answers): as a person with no companions and no access needs answers them
    ("book/", lambda number: {"name": f"Person {number}", "email": f"person{number}@example.org", "phone": ""}),
    ("book/about-you/", lambda number: {"role": "living_with"}),
    ("book/companions/", lambda number: {"companions": "0"}),
    ("book/access-needs/", lambda number: {"skip": "1"}),
    ("book/agree/", lambda number: {"consent": "on"}),
]


def answer_questions(base, event_url, number):
    """One person's browser, from their own address, through every question page to "Check your
    answers": (session, CSRF token)."""
    session, csrf, _ = prepare(base + event_url + "book/", person=number)
    for path, answers in ANSWERS:
        response = session.post(base + event_url + path, data={"csrfmiddlewaretoken": csrf, **answers(number)},
                                allow_redirects=False, timeout=60)
        if response.status_code != 302:
            raise SystemExit(f"{path} answered {response.status_code} for person {number}")
    check = session.get(base + event_url + "book/check/", timeout=60)
    if "Check your answers" not in check.text:
        raise SystemExit(f"Person {number} did not reach the check page")
    return session, CSRF.search(check.text).group(1)


def prepare(url, person=None):
    """A person's browser (from their own address when `person` is given): the form fetched, with
    its CSRF cookie and hidden tokens."""
    session = requests.Session()
    if person is not None:
        session.headers.update(address(person))
    html = session.get(url, timeout=60).text
    csrf = CSRF.search(html).group(1)
    submission = SUBMISSION.search(html)
    return session, csrf, submission.group(1) if submission else ""


def address(person):
    """The header the load balancer adds: each person's own internet address (private range)."""
    return {"X-Real-IP": f"10.20.{person // 250}.{person % 250 + 1}"}


def percentile(values, pct):
    return values[min(len(values) - 1, round(pct / 100 * (len(values) - 1)))]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
