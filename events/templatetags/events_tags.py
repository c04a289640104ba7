from django import template
from django.utils.translation import ngettext

from base.models import Topic
from events.formatting import clock, day, describe_when

register = template.Library()


@register.filter
def event_when(event):
    """"Thursday 19 November 2020, 11am to 12:30pm", in UK time."""
    return describe_when(event.start, event.end)


@register.filter
def event_day(moment):
    return day(moment)


@register.filter
def event_clock(moment):
    return clock(moment)


@register.filter
def event_topic_label(topic):
    """How a topic reads on its own: "North locality", "Respiratory"."""
    return f"{topic.name} locality" if topic.kind == Topic.Kind.LOCALITY else topic.name


@register.filter
def places(number):
    return ngettext("%(number)d place", "%(number)d places", number) % {"number": number}
