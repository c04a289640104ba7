"""What the home page shows: each content area adds its own section through the
`home_page_sections` Wagtail hook (a function taking the home page and returning a HomeSection
or None), as Wagtail's own menus and summary items do, so this module knows none of them."""
from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "home_page_sections"


@dataclass
class HomeSection:
    heading: str
    items: list = field(default_factory=list)
    more_url: str = ""
    more_text: str = ""
    order: int = 100  # lower comes first
    template: str = ""  # its own template (given `section`), instead of a row of page cards
    context: dict = field(default_factory=dict)

    @property
    def is_single(self):
        """One card: shown beside other one-card sections, not alone in a row."""
        return not self.template and len(self.items) <= 1

    @property
    def card_column(self):
        """Each card's share of the row: halves for two cards, thirds otherwise."""
        return "one-half" if len(self.items) == 2 else "one-third"


COLUMNS = {1: "two-thirds", 2: "one-half", 3: "one-third"}  # a one-card section alone: two thirds


def latest_news(limit=3):
    from .models import NewsPage

    return list(NewsPage.objects.live().public().order_by("-date", "-pk")[:limit])


def home_page_sections(home):
    sections = [section for hook in hooks.get_hooks(HOOK) if (section := hook(home))]
    return sorted(sections, key=lambda section: section.order)


def home_page_rows(sections):
    """The sections in rows that use the page's width: a section of several cards has a row of
    its own, with its cards side by side; one-card sections next to each other share a row (up
    to three), each taking an equal share of it (one alone takes two thirds, like the page's
    text). [(column width, [sections])]"""
    rows, singles = [], []

    def flush():
        while singles:
            shared = singles[:3]
            del singles[:3]
            rows.append((COLUMNS[len(shared)], shared))

    for section in sections:
        if section.is_single:
            singles.append(section)
        else:
            flush()
            rows.append(("full", [section]))
    flush()
    return rows

