"""Build the demo site from `content`. Safe to run again: pages are matched by slug and
only republished when their content changed (see base.publishing.publish_page)."""
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string
from django.db import transaction
from wagtail.models import Locale, Page, Site

from operations.site_url import sync_default_site

from ..models import ContactPage, FooterLink, HomePage, NewsPage, SectionIndexPage, SiteSettings, StandardPage
from ..publishing import publish_page, set_site_root
from . import content

PAGE_LINK = re.compile(r'<a linktype="page" page="(?P<key>[^"]+)">')


STATUS_RANK = {"unchanged": 0, "kept": 1, "updated": 2, "created": 3}


@dataclass
class LoadReport:
    """What a run did to each page (by key), the footer links and the site."""

    status: dict = field(default_factory=dict)  # page key -> "created", "updated", "unchanged" or "kept"
    footer_links: list = field(default_factory=list)
    site: Site | None = None
    app_lines: list = field(default_factory=list)  # what each app's demo loader reported

    def keys(self, status):
        return [key for key, value in self.status.items() if value == status]

    @property
    def created(self):
        return self.keys("created")

    @property
    def updated(self):
        return self.keys("updated")

    @property
    def unchanged(self):
        return self.keys("unchanged")

    @property
    def kept(self):
        """Pages a member of staff has edited, left as they are."""
        return self.keys("kept")

    def record(self, key, status):
        # The home page is published twice on a run; keep the stronger outcome.
        previous = self.status.get(key)
        if previous is None or STATUS_RANK[status] > STATUS_RANK[previous]:
            self.status[key] = status


class DemoLoader:
    """Publishes the pages in `content` in tree order (the main menu follows it), so that
    every page a text links to already exists when the text is published.

    A page that a member of staff has edited or published in the admin is kept as it is
    (`make run` loads the demo at every start), unless `overwrite` is true.
    """

    def __init__(self, overwrite=False):
        self.overwrite = overwrite
        self.report = LoadReport()
        self.pages = {}  # key (slug path below the home page, "" for home) -> page
        self.home = None

    def load(self):
        self.home = self.publish(None, "", HomePage, content.HOME)
        self.report.site = self.configure_site()

        about = self.publish(self.home, "", SectionIndexPage, content.ABOUT)
        get_involved = self.publish(self.home, "", SectionIndexPage, content.GET_INVOLVED)
        self.publish(self.home, "", SectionIndexPage, content.PUBLICATIONS)
        news = self.publish(self.home, "", SectionIndexPage, content.NEWS)
        # Footer pages, the contact page first: most other pages link to it.
        self.publish(self.home, "", ContactPage, {**content.CONTACT, "show_in_menus": False})
        for spec in (content.COOKIES, content.PRIVACY, content.ACCESSIBILITY):
            self.publish(self.home, "", StandardPage, {**spec, "show_in_menus": False})

        for spec in content.GET_INVOLVED_CHILDREN:
            self.publish(get_involved, "get-involved/", StandardPage, spec)
        for spec in content.NEWS_CHILDREN:
            self.publish(news, "news/", NewsPage, spec)
        for spec in content.ABOUT_CHILDREN:
            self.publish(about, "about/", StandardPage, spec)

        # The home page again, now that everything it links to exists.
        self.home = self.publish(None, "", HomePage, {
            **content.HOME,
            "body": content.HOME_BODY,
            "join_page": self.join_page(),
        })
        self.set_footer_links()
        return self.report

    def join_page(self):
        """content.HOME_JOIN_PAGE, which an app's demo loader may add after this one runs: until
        it exists (the first run), the Get involved section."""
        key = content.HOME_JOIN_PAGE
        if key in self.pages:
            return self.pages[key]
        return Page.objects.filter(url_path=f"{self.home.url_path}{key}/").first() or self.pages["get-involved"]

    def publish(self, parent, key_prefix, page_class, spec):
        spec = {name: self.resolve_links(value) for name, value in spec.items()}
        key = "" if page_class is HomePage else key_prefix + spec["slug"]
        page, status = publish_demo_page(parent or Page.get_first_root_node(), page_class, spec,
                                         overwrite=self.overwrite)
        self.report.record(key or "(home)", status)
        self.pages[key] = page
        return page

    def resolve_links(self, value):
        """Turn `content.link()` markers into Wagtail page links, in strings and block data."""
        if isinstance(value, str):
            return PAGE_LINK.sub(self._page_link, value)
        if isinstance(value, list):
            return [self.resolve_links(item) for item in value]
        if isinstance(value, dict):
            return {name: self.resolve_links(item) for name, item in value.items()}
        return value

    def _page_link(self, match):
        key = match.group("key")
        if key not in self.pages:
            raise LookupError(f"Demo content links to {key!r} before that page is loaded")
        return f'<a linktype="page" id="{self.pages[key].pk}">'

    def configure_site(self):
        """Make the home page the default site's root, at the host and port of SITE_URL
        (operations.site_url, as after every migrate).

        The site stays the default one, so it also answers on any other host name.
        """
        set_site_root(self.home)
        site = sync_default_site()
        if site.site_name != "Walsall Together":
            site.site_name = "Walsall Together"
            site.save(update_fields=["site_name"])
        return site

    def set_footer_links(self):
        """One footer link per footer page, in content order; other links editors add are kept."""
        site_settings = SiteSettings.load()
        for order, spec in enumerate(content.FOOTER_PAGES):
            page = self.pages[spec["slug"]]
            link = FooterLink.objects.filter(settings=site_settings, page=page).first()
            if link is None:
                FooterLink.objects.create(settings=site_settings, page=page, sort_order=order)
            elif link.sort_order != order:
                link.sort_order = order
                link.save(update_fields=["sort_order"])
            self.report.footer_links.append(page.title)


def edited_by_staff(page):
    """Has a person (rather than this loader, which saves revisions with no user) changed it?"""
    return page.revisions.exclude(user=None).exists()


def publish_demo_page(parent, page_class, spec, *, overwrite=False):
    """THE way every demo loader makes a page: create the child of `parent` with `spec["slug"]`,
    or bring it up to date with `spec` (a new revision only when something changed), or keep
    it as it is when staff have edited it (unless `overwrite`). Returns (page, status) where
    status is "created", "updated", "unchanged" or "kept"."""
    fields = dict(spec)
    slug = fields.pop("slug")
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None and not overwrite and edited_by_staff(existing):
        return existing.specific, "kept"
    page = publish_page(parent, page_class, slug=slug, **fields)
    if existing is None:
        return page, "created"
    return page, "updated" if page.latest_revision_id != existing.latest_revision_id else "unchanged"


def load_demo_content(overwrite=False):
    """Create or update every demo page and the footer links, then each app's demo content
    (settings.DEMO_CONTENT_LOADERS). Returns a LoadReport.

    overwrite: also reset pages that staff have edited to the demo text.
    """
    with transaction.atomic():
        report = DemoLoader(overwrite=overwrite).load()
        for path in settings.DEMO_CONTENT_LOADERS:
            for line in import_string(path)():
                report.app_lines.append(line)
        return report


def section(slug):
    """A top-level section of the demo site (e.g. "publications") for apps to add pages under."""
    return HomePage.objects.get(locale=Locale.get_default()).get_children().get(slug=slug).specific
