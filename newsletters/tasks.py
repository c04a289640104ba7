from django_tasks import task

from . import campaigns


@task()
def fan_out_campaign(campaign_id):
    """Queue one message per subscriber of a campaign that has started sending."""
    return campaigns.fan_out(campaign_id)


@task()
def start_due_campaigns():
    """Run every minute (settings.PERIODIC_TASKS): start scheduled campaigns whose time has come."""
    return campaigns.start_due_campaigns()
