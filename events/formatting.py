"""Event dates and times as the NHS writes them, in UK time: "Thursday 19 November 2020, 11am to 12:30pm"."""
from django.utils import timezone


def clock(moment):
    """11am, 12:30pm, midday, midnight."""
    moment = timezone.localtime(moment)
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def day(moment):
    moment = timezone.localtime(moment)
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def describe_when(start, end=None):
    """The day and times of an event, in UK time."""
    if end is None:
        return f"{day(start)}, {clock(start)}"
    if timezone.localtime(start).date() == timezone.localtime(end).date():
        return f"{day(start)}, {clock(start)} to {clock(end)}"
    return f"{day(start)}, {clock(start)} to {day(end)}, {clock(end)}"
