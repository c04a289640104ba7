from django_tasks import task

from operations.task_recovery import fail_abandoned_tasks

from . import services


@task()
def send_queued_emails():
    """Send due messages in batches; queued after every commit that queued e-mail."""
    return services.send_queued()


@task()
def requeue_due_emails():
    """The sweep, every minute: e-mails left behind, and tasks left running by a stopped worker."""
    fail_abandoned_tasks()
    return services.requeue_due()
