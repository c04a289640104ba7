"""The one way code (demo loader, tests) creates and publishes pages."""
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
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
        if _comparable(page, name, current) != _comparable(page, name, value):
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


def _comparable(page, name, value):
    """`value` in a form that compares equal when it would store the same content."""
    if isinstance(value, models.Model):
        return value.pk  # a specific page and its plain Page row are the same page
    try:
        field = page._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if isinstance(field, StreamField):
        stream = field.to_python(value)
        # Convert every block (not just the raw JSON) so equal content compares equal
        # however it was given; block ids are generated on save, so they are ignored.
        return _without_block_ids([
            {"type": child.block_type, "value": child.block.get_prep_value(child.value)} for child in stream
        ])
    if value is None:
        return None
    try:
        return field.to_python(value)  # e.g. "2023-07-14" and date(2023, 7, 14) are the same date
    except Exception:  # noqa: BLE001 - a value the field cannot parse just counts as different
        return value


def _without_block_ids(data):
    if isinstance(data, StreamValue):
        data = data.get_prep_value()
    if isinstance(data, dict):
        is_block = "type" in data and "value" in data
        return {key: _without_block_ids(item) for key, item in data.items() if not (is_block and key == "id")}
    if isinstance(data, list | tuple):
        return [_without_block_ids(item) for item in data]
    return data
