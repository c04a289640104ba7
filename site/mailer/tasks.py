from django_tasks import task

from . import services


@task()
def send_queued_emails():
    """Send due messages in batches; queued after every commit that queued e-mail."""
    return services.send_queued()


@task()
def requeue_due_emails():
    return services.requeue_due()
