"""The Atom feed of the newest highlight reports, at <index page>/feed/."""
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure
from wagtail.models import Site

from .services import FEED_LENGTH, latest_reports


class HighlightReportFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index):
        # For absolute links; a new Feed is made for each request. Pages and documents are
        # linked on the site's own address, like index.get_full_url().
        self.request = request
        site = Site.find_for_request(request)
        self.root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
        return index

    def title(self, index):
        return f"{index.title} - Walsall Together"

    def subtitle(self, index):
        return (index.summary or "Monthly highlight reports from the Walsall Together Partnership Board "
                                 "to the Walsall Healthcare NHS Trust Board.")

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return latest_reports(index, limit=FEED_LENGTH)

    def item_title(self, report):
        return report.title

    def item_description(self, report):
        return report.summary

    def item_link(self, report):
        return report.get_full_url(self.request)

    def item_guid(self, report):
        return report.get_full_url(self.request)

    def item_pubdate(self, report):
        return report.first_published_at

    def item_updateddate(self, report):
        return report.last_published_at

    def item_enclosures(self, report):
        if not report.pdf:
            return []
        return [Enclosure(self.root_url + report.pdf.url, str(report.pdf.file_size or 0),
                          report.pdf.content_type)]
