"""Background work for engagement feedback. Tasks get ids, never model instances."""
from django_tasks import task


@task()
def send_action_update(update_id):
    """E-mail one action update to every contributor who asked to hear back (services/loop.py)."""
    from .services.loop import notify_contributors

    return notify_contributors(update_id)
