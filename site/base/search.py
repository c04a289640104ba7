"""Site search: every live public page, a page of results at a time, grouped under headings a
resident knows (Events, Highlight reports, Newsletters, Have your say, Pages), never model names.

Wagtail's database backend uses PostgreSQL full-text search on PostgreSQL (and SQLite's FTS5 in
development and tests); the same pages are found on both.
"""
import unicodedata
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .locales import active_locale

MAX_RESULTS = 200
PER_PAGE = 20

# (heading, app labels or "app_label.model" names it holds), in the order a tie is broken.
# Named by label so the ground floor imports none of the apps above it.
EVENTS = _("Events")
GROUPS = [
    (EVENTS, {"events"}),
    (_("Highlight reports"), {"reports"}),
    (_("Newsletters"), {"newsletters"}),
    # The engagements (and what came of them), not every page of the engagement app: the User
    # Group application page is a way to get involved, not something to have your say on.
    (_("Have your say"), {"engagement.engagementindexpage", "engagement.engagementexercisepage",
                          "engagement.yousaidwedidindexpage"}),
]
OTHER = _("Pages")


def clean_query(query):
    """The words of a visitor's query, without what the search backends cannot take: control
    characters (PostgreSQL refuses NUL in text) and double quotes (SQLite's full-text search
    reads one as an unterminated phrase). Both were server errors."""
    kept = "".join(" " if char == '"' or unicodedata.category(char) == "Cc" else char for char in query)
    return " ".join(kept.split())


def group_of(page):
    meta = page.specific_class._meta
    for heading, members in GROUPS:
        if meta.app_label in members or meta.label_lower in members:
            return heading
    return OTHER


@dataclass
class SearchResults:
    query: str
    total: int
    page: object  # a Django paginator page of results, or None
    groups: list  # [(heading, [pages])] on this page, in the order of each heading's best result
    suggestions: list = ()  # with no results: topics to try instead


def _is_past(page, now):
    end = getattr(page, "end", None) or getattr(page, "start", None)
    return bool(end and hasattr(end, "tzinfo") and end < now)


def search_pages(query, page_number=1):
    """The results for `query`, PER_PAGE a page, best first; on each page grouped by heading,
    events to come before past ones (which are marked `is_past`). Only pages in the language
    of the search (/ur/search/ finds Urdu pages; /search/ English ones), and not the aliases
    Wagtail makes of untranslated parents (English words at an Urdu address)."""
    query = clean_query(query)
    if not query:
        return SearchResults(query, 0, None, [])
    pages = Page.objects.live().public().exclude(depth__lte=1).filter(locale=active_locale())
    # alias_of is not a search filter field, so aliases are left out of what the search returns
    found = [page for page in pages.specific().search(query)[:MAX_RESULTS] if page.alias_of_id is None]
    page = Paginator(found, PER_PAGE).get_page(page_number)
    now = timezone.now()
    groups = {}
    for result in page.object_list:
        result.is_past = _is_past(result, now)
        groups.setdefault(group_of(result), []).append(result)
    if events := groups.get(EVENTS):
        events.sort(key=lambda event: event.is_past)  # stable: best first within upcoming and past
    suggestions = [] if found else suggested_topics()
    return SearchResults(query, len(found), page, list(groups.items()), suggestions)


def suggested_topics(limit=8):
    """Topics to try when nothing was found: the priority pathways and programme areas."""
    from .models import Topic

    return list(Topic.objects.exclude(kind=Topic.Kind.LOCALITY).order_by("kind", "sort_order", "name")[:limit])
