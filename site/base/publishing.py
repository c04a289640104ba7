"""The one way code (demo loader, tests) creates and publishes pages."""
from wagtail.models import Page, Site


def publish_page(parent, page_class, *, slug, **fields):
    """Create or update the child of `parent` with `slug`, then publish it.

    Idempotent: running it again updates the same page instead of adding another, and
    a new revision is only published when a field actually changed.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is None:
        page = page_class(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    page = existing.specific
    if not isinstance(page, page_class):
        raise TypeError(f"{page.url_path} is a {type(page).__name__}, not a {page_class.__name__}")
    changed = False
    for name, value in fields.items():
        current = getattr(page, name)
        if _comparable(current) != _comparable(value):
            setattr(page, name, value)
            changed = True
    if changed or not page.live:
        page.save_revision().publish()
    return page


def set_site_root(home_page, hostname="localhost", port=80, site_name="Walsall Together"):
    """Point the default site at `home_page`, removing Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page=home_page, is_default_site=True,
                                   site_name=site_name)
    elif site.root_page_id != home_page.pk:
        old_root = site.root_page
        site.root_page = home_page
        site.site_name = site_name
        site.save()
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    return site


def _comparable(value):
    raw = getattr(value, "raw_data", None)  # StreamValue
    if raw is not None:
        return [{"type": block["type"], "value": block["value"]} for block in raw]
    if hasattr(value, "get_prep_value"):
        return value.get_prep_value()
    return value
