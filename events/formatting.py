"""Event dates and times in UK time. In English as the NHS writes them: "Thursday 19 November
2020, 11am to 12:30pm"; in another language (an e-mail or page in Polish, Urdu...) in Django's
date and time formats for that language, with its names of days and months."""
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format_modules, time_format
from django.utils.translation import gettext as _


def _in_english():
    return translation.get_language() in (None, "en", "en-gb", "en-x-easyread")


def clock(moment):
    """11am, 12:30pm, midday, midnight."""
    moment = timezone.localtime(moment)
    if not _in_english():
        return time_format(moment, "TIME_FORMAT" if get_format_modules() else "H:i")
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def day(moment):
    moment = timezone.localtime(moment)
    if not _in_english():
        # Django has no date formats for some languages (Urdu, Punjabi): day, month, year there.
        written = date_format(moment, "DATE_FORMAT" if get_format_modules() else "j F Y")
        return f"{date_format(moment, 'l')}, {written}"
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def describe_when(start, end=None):
    """The day and times of an event, in UK time."""
    if end is None:
        return f"{day(start)}, {clock(start)}"
    if timezone.localtime(start).date() == timezone.localtime(end).date():
        return _("%(day)s, %(start)s to %(end)s") % {"day": day(start), "start": clock(start), "end": clock(end)}
    return _("%(start_day)s, %(start)s to %(end_day)s, %(end)s") % {
        "start_day": day(start), "start": clock(start), "end_day": day(end), "end": clock(end)}
