"""Newsletter campaign fan-out: N confirmed subscribers, one campaign, print the figures.

    .venv/bin/python bench/newsletter_fanout.py --subscribers 20000 [--database-url postgres://...]

Builds a throwaway database (SQLite, or the PostgreSQL database named by --database-url, which is
DROPPED and created again: give it a name of its own), a published issue with a
picture, and N confirmed subscribers of one list, then times newsletters.campaigns.fan_out: the
e-mail rendered once, stored once, and one outgoing message per subscriber with their own signed
links. Nothing is sent (the mailer's worker does that; see campaign_send.py). Goal: under 5 s for 20,000
on SQLite and PostgreSQL, with a number of queries that grows only with the 1,000-message chunks.
bench/campaign_send.py measures the sending that follows, through a fake ESP.
"""
import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="print where the fan-out spends its time")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="wt-bench-")
    if args.database_url:
        recreate_postgres_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["VAR_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from base.models import HomePage
    from base.publishing import publish_page, set_site_root
    from mailer.models import OutgoingEmail
    from newsletters import campaigns
    from newsletters.models import (
        MailingList, NewsletterCampaign, NewsletterIndexPage, NewsletterIssuePage, Subscriber, Subscription,
    )
    from wagtail.models import Page

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # send nothing
    call_command("migrate", verbosity=0)

    home = publish_page(Page.get_first_root_node(), HomePage, slug="bench-home", title="Walsall Together")
    set_site_root(home)
    archive = publish_page(home, NewsletterIndexPage, slug="newsletters", title="Newsletters")
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 400), (76, 44, 105)).save(buffer, format="PNG")
    picture = get_image_model()(title="Picture", file=ImageFile(buffer, name="bench.png"))
    picture.save()
    issue = publish_page(archive, NewsletterIssuePage, slug="bench", title="Benchmark issue", date="2026-11-01",
                         stories=[{"type": "heading", "value": "A story"},
                                  {"type": "text", "value": "<p>Words with a <a href=\"/x/\">link</a>.</p>" * 10},
                                  {"type": "image", "value": {"image": picture.pk, "alt_text": "A picture",
                                                              "decorative": False, "caption": ""}}])
    mailing_list = MailingList.objects.create(name="Bench list", slug="bench-list")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (Subscriber(email=f"person{i}@example.org", name=f"Person {i}", confirmed_at=now)
         for i in range(args.subscribers)), batch_size=2000)
    Subscription.objects.bulk_create(
        (Subscription(subscriber_id=pk, mailing_list=mailing_list, status=Subscription.Status.SUBSCRIBED)
         for pk in Subscriber.objects.values_list("pk", flat=True)), batch_size=2000)
    campaign = NewsletterCampaign.objects.create(issue=issue, mailing_list=mailing_list,
                                                 status=NewsletterCampaign.Status.SENDING, started_at=now)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(campaigns.fan_out, campaign.pk)
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(30)
        return
    started = time.perf_counter()
    built = sum(1 for _ in campaigns.campaign_recipients(campaign))
    recipients_time = time.perf_counter() - started
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        queued = campaigns.fan_out(campaign.pk)
    elapsed = time.perf_counter() - started
    # Memory measured on a second list of the same size, as tracing slows the code it measures.
    other_list = MailingList.objects.create(name="Bench list 2", slug="bench-list-2")
    Subscription.objects.bulk_create(
        (Subscription(subscriber_id=pk, mailing_list=other_list, status=Subscription.Status.SUBSCRIBED)
         for pk in Subscriber.objects.values_list("pk", flat=True)), batch_size=2000)
    second = NewsletterCampaign.objects.create(issue=issue, mailing_list=other_list,
                                               status=NewsletterCampaign.Status.SENDING, started_at=now)
    tracemalloc.start()
    campaigns.fan_out(second.pk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(f"database: {connection.vendor}")
    print(f"subscribers: {args.subscribers}, messages queued: {queued} "
          f"(rows: {OutgoingEmail.objects.filter(batch_key=campaign.batch_key).count()})")
    print(f"fan-out: {elapsed:.2f} s = {queued / elapsed:.0f} messages per second (goal: 20,000 under 5 s)")
    print(f"of which reading the list and signing each person's links: {recipients_time:.2f} s ({built} people)")
    print(f"queries: {len(queries)} in all ({len(queries) / max(queued, 1):.4f} per message)")
    print(f"peak Python memory during the fan-out: {peak / 1024 / 1024:.1f} MiB")


def recreate_postgres_database(url):
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
