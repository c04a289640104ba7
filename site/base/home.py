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
    from reports.services import latest_report

    sections = []
    if report := latest_report():
        sections.append(HomeSection("Latest highlight report", [report], report.get_parent().url,
                                    "All highlight reports"))
    from events.services import upcoming_events

    if events := upcoming_events():
        sections.append(HomeSection("Upcoming events", events, events[0].get_parent().url, "All events"))
    from engagement.services.feedback import open_exercises

    if exercises := open_exercises():
        sections.append(HomeSection("Have your say", exercises, exercises[0].get_parent().url,
                                    "All engagements"))
    news = latest_news()
    if news:
        parent = news[0].get_parent()
        sections.append(HomeSection("Latest news", news, parent.url, "All news"))
    from newsletters.services import latest_newsletter_section

    if newsletter := latest_newsletter_section():
        sections.append(newsletter)
    return sections
