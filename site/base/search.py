"""Site search: every live public page, grouped by page type for the results page."""
import unicodedata
from collections import OrderedDict

from wagtail.models import Page

MAX_RESULTS = 100


def clean_query(query):
    """The words of a visitor's query, without what the search backends cannot take: control
    characters (PostgreSQL refuses NUL in text) and double quotes (SQLite's full-text search
    reads one as an unterminated phrase). Both were server errors."""
    kept = "".join(" " if char == '"' or unicodedata.category(char) == "Cc" else char for char in query)
    return " ".join(kept.split())


def search_pages(query):
    """Returns [(type label, [pages])] in order of each type's best result, and the total.

    Wagtail's database backend uses PostgreSQL full-text search on PostgreSQL.
    """
    query = clean_query(query)
    if not query:
        return [], 0
    results = Page.objects.live().public().exclude(depth__lte=1).specific().search(query)[:MAX_RESULTS]
    groups = OrderedDict()
    for page in results:
        groups.setdefault(page.specific_class._meta.verbose_name.capitalize(), []).append(page)
    return [(_plural(label), pages) for label, pages in groups.items()], len(results)


def _plural(label):
    irregular = {"Home page": "Home page"}
    return irregular.get(label, label + "s")
