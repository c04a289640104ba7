"""What the home page shows. Each content area adds its section here."""
from dataclasses import dataclass, field


@dataclass
class HomeSection:
    heading: str
    items: list = field(default_factory=list)
    more_url: str = ""
    more_text: str = ""


def latest_news(limit=3):
    from .models import NewsPage

    return list(NewsPage.objects.live().public().order_by("-date", "-pk")[:limit])


def home_page_sections(home):
    sections = []
    news = latest_news()
    if news:
        parent = news[0].get_parent()
        sections.append(HomeSection("Latest news", news, parent.url, "All news"))
    return sections
