"""Template tags other apps' pages use to link to "You said, we did"."""
from django import template

from ..services.loop import actions_recorded_in

register = template.Library()


@register.simple_tag
def recorded_actions(page):
    """The published actions whose "where this is recorded" links name `page` (services.loop)."""
    return actions_recorded_in(page)
