"""The sitemap: every public page in every language, each listing its versions in the other
languages (hreflang alternates), so search engines show people the version in their language.

Pages in other languages live in their own tree under a translation of the site's home page.
Aliases there (an untranslated parent, base.languages) repeat English words, so are left out.
"""
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .languages import Language, language_order


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        wanted = Q(path__startswith=root.path)
        for translated_root in root.get_translations():
            wanted |= Q(path__startswith=translated_root.path, alias_of__isnull=True)
        return (Page.objects.filter(wanted).live().public().order_by("path")
                .select_related("locale").defer_streamfields().specific())

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        versions = {}
        for item in items:
            if not item.alias_of_id:
                versions.setdefault(item.translation_key, []).append(item)
        alternates = {}
        for same_page in versions.values():
            if len(same_page) < 2:
                continue
            links = [{"lang_code": Language(version.locale.language_code).tag,
                      "location": version.get_full_url(self.request)}
                     for version in sorted(same_page, key=lambda version: language_order(version.locale.language_code))]
            for version in same_page:
                alternates[version.pk] = links
        urls = []
        last_mods = set()
        for item in items:
            for number, url_info in enumerate(item.get_sitemap_urls(self.request)):
                if number == 0 and item.pk in alternates:  # the page itself, not its extra routes
                    url_info = {**url_info, "alternates": alternates[item.pk]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
