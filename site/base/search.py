"""Site search: every live public page, grouped by page type for the results page."""
from collections import OrderedDict

from wagtail.models import Page

MAX_RESULTS = 100


def search_pages(query):
    """Returns [(type label, [pages])] in order of each type's best result, and the total.

    Wagtail's database backend uses PostgreSQL full-text search on PostgreSQL.
    """
    results = Page.objects.live().public().exclude(depth__lte=1).specific().search(query)[:MAX_RESULTS]
    groups = OrderedDict()
    for page in results:
        groups.setdefault(page.specific_class._meta.verbose_name.capitalize(), []).append(page)
    return [(_plural(label), pages) for label, pages in groups.items()], len(results)


def _plural(label):
    irregular = {"Home page": "Home page"}
    return irregular.get(label, label + "s")
