from django_tasks import task

from . import services


@task()
def send_due_reminders():
    """Run every minute (settings.PERIODIC_TASKS): queue the event reminders that are due."""
    return services.send_due_reminders()
