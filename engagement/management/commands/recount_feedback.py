from django.core.management.base import BaseCommand

from engagement.models import EngagementExercisePage
from engagement.services import tallies


class Command(BaseCommand):
    help = ("Count every engagement exercise's responses and quotes again from scratch (the counts "
            "\"You said, we did\" pages show): after loading responses straight into the database.")

    def handle(self, *args, **options):
        for exercise in EngagementExercisePage.objects.order_by("pk"):
            tallies.recount(exercise)
            self.stdout.write(f"Counted {exercise.title}")
