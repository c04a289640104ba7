from django_tasks import task

from . import services


@task()
def send_email(email_id):
    return services.deliver(email_id)


@task()
def requeue_due_emails():
    return services.requeue_due()
