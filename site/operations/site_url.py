"""One address everywhere: SITE_URL (`make run PORT=8080` sets it to http://127.0.0.1:8080).

E-mails build their links from settings.SITE_URL; Wagtail builds full page addresses (the
sitemap, feeds, "view live", page links in e-mails) from the default Site record's host name and
port. After every `migrate` the default Site is moved to SITE_URL's host and port, so both agree.
"""
from urllib.parse import urlsplit

from django.conf import settings


def site_url_host_and_port():
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


def sync_default_site(using="default"):
    """Give the default Wagtail Site SITE_URL's host name and port, unless another Site already
    answers there (a multi-site set-up staff configured themselves). Returns the default Site."""
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    hostname, port = site_url_host_and_port()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return site
    if Site.objects.using(using).filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return site
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    return site


def sync_default_site_after_migrate(sender, using="default", **kwargs):
    sync_default_site(using=using)
