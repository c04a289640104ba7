"""Staff screens and public pages with a lot of data: time and memory per request.

    .venv/bin/python bench/data_scale.py [--rows 50000] [--steps 2]
                                         [--postgres postgres://postgres@127.0.0.1:5432]
                                         [--database-prefix bench_data_scale]

Builds the demo site, then adds `--rows` feedback responses (to the demo's 2018 exercise, each
with two answers and a theme, most approved with a quotable answer), User Group applications,
newsletter subscribers (each subscribed to the demo's list) and bookings of one event, with
bulk_create, then counts them with `manage.py recount_feedback` (as after any load straight into
the database: the site keeps its counts as responses change). It grows to that size in `--steps` steps (by default half, then all) and after each
step measures, through Django's test client signed in as Healthwatch staff with two-factor
authentication:

- each staff CSV download (feedback, the event's bookings, the User Group reach dashboard),
  reading the stream as a browser does, without keeping it;
- the reach dashboard page, the newsletter subscribers list in the admin, and the 2018
  exercise's "You said, we did" page (as a visitor, page cache off).

For each it prints the time, the peak memory the request allocated (tracemalloc, in a second
request: tracing slows the first) and the size of the answer. The goal: a page's time and memory
stay flat as the data grows; a download's time grows with its own rows and its memory stays
flat (under 50 MB at 50,000 rows), not with the size of the file.

The database is its own: a SQLite file in a new temporary folder (deleted at the end), or with
--postgres a new database named <--database-prefix>_<random> (by default
bench_data_scale_<random>) on that server, dropped at the end.
Settings are the development ones with DEBUG off (cached templates, as in production).
"""
import argparse
import datetime
import gc
import io
import os
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
BATCH = 5000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50000, help="responses, applications, subscribers and bookings")
    parser.add_argument("--steps", type=int, default=2, help="measure after growing to each 1/steps of --rows")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL, without a database name")
    parser.add_argument("--database-prefix", default="bench_data_scale",
                        help="with --postgres, the database is named this, an underscore and a random part")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wt-bench-data-scale-"))
    database = f"{args.database_prefix}_{secrets.token_hex(4)}"
    if args.postgres:
        server = args.postgres.rstrip("/")
        create_database(server, database)
        database_url = f"{server}/{database}"
    else:
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "PAGE_CACHE_SECONDS": "0",
        "RATE_LIMIT_ENABLED": "false",
    })
    os.environ.pop("REDIS_URL", None)
    try:
        import django

        django.setup()
        run(args, database_url)
    finally:
        from django.db import connections

        connections.close_all()
        if args.postgres:
            drop_database(args.postgres.rstrip("/"), database)
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, database_url):
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    site = Site.build()
    print(f"database: {connection.vendor} ({urlsplit(database_url).path.rsplit('/', 1)[-1]}); demo site loaded "
          f"in {time.perf_counter() - started:.0f} s; {os.cpu_count()} cores (shared)\n")
    results = {}
    sizes = [args.rows * step // args.steps for step in range(1, args.steps + 1)]
    made = 0
    for size in sizes:
        started = time.perf_counter()
        site.add(made, size)
        made = size
        made_in = time.perf_counter() - started
        started = time.perf_counter()
        call_command("recount_feedback", stdout=io.StringIO())  # as after any load straight into the database
        print(f"{size:,} of each made (+{made_in:.0f} s), responses counted again by recount_feedback in "
              f"{time.perf_counter() - started:.1f} s; measuring")
        results[size] = {name: measure(site, request) for name, request in site.requests()}
    report(sizes, results)


class Site:
    """The demo site's pages the benchmark adds to, and a signed-in member of Healthwatch staff."""

    @classmethod
    def build(cls):
        from django.test import Client

        from accounts.roles import HEALTHWATCH_STAFF
        from engagement.models import EngagementExercisePage, Theme
        from engagement.services import feedback
        from events.models import EventPage
        from newsletters.models import MailingList
        from tests.factories import UserFactory, activate_totp

        site = cls()
        site.exercise = EngagementExercisePage.objects.get(slug="outcomes-framework-2018")
        site.themes = list(Theme.objects.filter(exercise=site.exercise))
        site.questions = [(question.id, question.label) for question in feedback.questions(site.exercise)
                          if question.kind == "free_text"][:2]
        site.event = EventPage.objects.live().order_by("pk").first()
        site.mailing_list = MailingList.objects.order_by("pk").first()
        user = activate_totp(UserFactory(groups=[HEALTHWATCH_STAFF], is_superuser=True))
        site.staff = Client()
        site.staff.force_login(user)
        site.visitor = Client()
        return site

    def add(self, start, stop):
        for first in range(start, stop, BATCH):
            last = min(first + BATCH, stop)
            self.add_responses(first, last)
            self.add_applications(first, last)
            self.add_subscribers(first, last)
            self.add_bookings(first, last)

    def add_responses(self, first, last):
        from django.utils import timezone

        from engagement.localities import Locality
        from engagement.models import Answer, Response, Theme

        localities = [value for value, _ in Locality.choices]
        since = timezone.now() - datetime.timedelta(days=400)
        responses = Response.objects.bulk_create([Response(
            exercise=self.exercise, status="approved" if number % 5 else "new", channel="online",
            locality=localities[number % len(localities)], publish_consent="anonymous",
            submitted_at=since + datetime.timedelta(minutes=number),
            moderated_at=since + datetime.timedelta(days=1, minutes=number) if number % 5 else None,
        ) for number in range(first, last)])
        if not responses[0].pk:  # databases that do not return ids from bulk_create
            responses = list(Response.objects.filter(exercise=self.exercise).order_by("-pk")[:len(responses)])[::-1]
        answers = []
        for response, number in zip(responses, range(first, last)):
            for position, (question_id, question) in enumerate(self.questions):
                text = f"Response {number}: care should be joined up between my GP and the hospital."
                answers.append(Answer(response=response, question_id=question_id, question=question,
                                      kind="free_text", sort_order=position, text=text, quotable=True,
                                      public_text=text if response.status == "approved" else ""))
        Answer.objects.bulk_create(answers)
        Theme.responses.through.objects.bulk_create([
            Theme.responses.through(theme=self.themes[number % len(self.themes)], response=response)
            for response, number in zip(responses, range(first, last))])

    def add_applications(self, first, last):
        from engagement.localities import Locality
        from engagement.models import UserGroupApplication

        localities = [value for value, _ in Locality.choices]
        statuses = ["new", "active", "screening", "active", "left"]
        UserGroupApplication.objects.bulk_create([UserGroupApplication(
            name=f"Applicant {number}", email=f"applicant{number}@example.org", preferred_contact="email",
            locality=localities[number % len(localities)], status=statuses[number % len(statuses)],
            heard_about="gp_practice",
        ) for number in range(first, last)])

    def add_subscribers(self, first, last):
        from django.utils import timezone

        from newsletters.models import Subscriber, Subscription

        now = timezone.now()
        subscribers = Subscriber.objects.bulk_create([Subscriber(
            email=f"subscriber{number}@example.org", name=f"Subscriber {number}", confirmed_at=now,
        ) for number in range(first, last)])
        if not subscribers[0].pk:
            subscribers = list(Subscriber.objects.filter(email__in=[s.email for s in subscribers]))
        Subscription.objects.bulk_create([Subscription(
            subscriber=subscriber, mailing_list=self.mailing_list, status="subscribed", subscribed_at=now,
        ) for subscriber in subscribers])

    def add_bookings(self, first, last):
        from events.models import Booking

        Booking.objects.bulk_create([Booking(
            event=self.event, status="waiting" if number >= 30 else "confirmed", name=f"Person {number}",
            email=f"person{number}@example.org", phone="07700900123", role="living_with",
        ) for number in range(first, last)])

    def requests(self):
        from django.urls import reverse

        return [
            ("feedback CSV", (self.staff, reverse("feedback-responses:export"))),
            ("bookings CSV (one event)", (self.staff, reverse("event-bookings:export", args=[self.event.pk]))),
            ("reach dashboard CSV", (self.staff, reverse("user-group-reach:export"))),
            ("reach dashboard page", (self.staff, reverse("user-group-reach:index"))),
            ("subscribers list (admin)", (self.staff, reverse("newsletter-subscribers:index"))),
            ("You said, we did (2018)", (self.visitor, self.exercise.url + "you-said-we-did/")),
        ]


def measure(site, request):
    client, url = request
    fetch(client, url)  # a first request, so both measured ones find templates compiled
    started = time.perf_counter()
    size = fetch(client, url)
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    fetch(client, url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "peak": peak, "size": size}


def fetch(client, url):
    """The answer's size, read as a browser reads it: a streamed download chunk by chunk."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return size


def report(sizes, results):
    names = list(results[sizes[0]])
    print()
    header = "| Request | " + " | ".join(f"{size:,} rows: time, peak memory, size" for size in sizes) + " |"
    print(header)
    print("|---|" + "---|" * len(sizes))
    for name in names:
        cells = [f"{r['seconds']:.2f} s, {r['peak'] / 2**20:.1f} MB, {r['size'] / 2**20:.1f} MB"
                 for r in (results[size][name] for size in sizes)]
        print(f"| {name} | " + " | ".join(cells) + " |")


def create_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
