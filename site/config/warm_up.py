"""Loading the site before gunicorn forks its workers (config/gunicorn.py runs `warm_up` in the
master process, with preload_app), so that every worker, the first ones and each one started to
replace a worker after max_requests, begins with the work below already done instead of doing it
on its first requests:

- the URL configuration, and with it every view module and Wagtail's admin and hooks;
- every template of the site (`templates/`) compiled, kept by Django's cached template loader
  (on whenever DEBUG is off);
- the content types of every page class, which Wagtail looks up to serve any page.

Nothing here may leave a database connection open: a connection must never be shared by the
processes forked from this one, so they are all closed at the end.
"""
import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver, reverse

logger = logging.getLogger(__name__)


def warm_up():
    try:
        get_resolver().url_patterns
        reverse("wagtailadmin_home")  # fills in the resolver's table of names
        templates = _compile_templates()
        page_classes = _page_content_types()
    finally:
        connections.close_all()
    logger.info("Warmed up: %s templates compiled, %s page classes", templates, page_classes)


def _compile_templates():
    engine = engines["django"]
    compiled = 0
    for folder in (Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".html", ".txt", ".xml"):
                continue
            try:
                engine.get_template(path.relative_to(folder).as_posix())
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                # Served as an error when it is asked for, as without the warm-up.
                logger.warning("Template %s could not be compiled in advance", path, exc_info=True)
    return compiled


def _page_content_types():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import get_page_models

    models = get_page_models()
    try:
        ContentType.objects.get_for_models(*models)
    except DatabaseError:  # no database yet (before the first migrate): workers look them up themselves
        logger.warning("Page content types not loaded in advance: the database did not answer")
    return len(models)
