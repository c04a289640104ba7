import time

from django.core.management.base import BaseCommand

from base.scheduling import enqueue_due_tasks


class Command(BaseCommand):
    help = "Queue scheduled tasks that are due (retention rules, e-mail retries). Use --loop to keep running."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every --interval seconds.")
        parser.add_argument("--interval", type=float, default=30)

    def handle(self, *args, loop=False, interval=30, **options):
        while True:
            for name in enqueue_due_tasks():
                self.stdout.write(f"Queued {name}")
            if not loop:
                return
            time.sleep(interval)
