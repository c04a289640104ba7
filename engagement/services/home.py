"""What engagement adds to the home page (registered in wagtail_hooks.py): "You said, we did"
with its headline and the latest change made, and the engagements open now."""
from base.home import HomeSection

from ..models import YouSaidWeDidIndexPage
from .feedback import headline_figure, open_exercises
from .loop import action_url, latest_change


def you_said_we_did_section():
    """First on the home page: it is what the partnership is held to."""
    index = YouSaidWeDidIndexPage.objects.live().public().first()
    if index is None:
        return None
    headline = headline_figure()
    change = latest_change()
    context = {"headline": headline}
    if change:
        action, entry = change
        context.update(change_action=action, change_entry=entry, change_url=action_url(action))
    return HomeSection("You said, we did", [], index.url, "See what we did after every engagement", order=10,
                       template="engagement/includes/home_you_said_we_did.html", context=context)


def have_your_say_section():
    if exercises := open_exercises():
        return HomeSection("Have your say", exercises, exercises[0].get_parent().url, "All engagements", order=20)
    return None
