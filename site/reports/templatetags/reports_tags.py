from django import template

from base.models import Topic

register = template.Library()


@register.filter
def topic_label(topic):
    """How a topic reads on its own: "North locality", "Respiratory"."""
    if topic is None:
        return ""
    return f"{topic.name} locality" if topic.kind == Topic.Kind.LOCALITY else topic.name
