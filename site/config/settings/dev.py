"""Development and the demo (`make run`): embedded defaults (SQLite, local media, e-mail as
files, DB task queue), and DEBUG off unless asked for (`DEBUG=true make run`), so the demo shows
residents the same pages as production: the site's own 404, 403, 400 and 500 pages, never
Django's debug pages."""
from config.env import env_bool

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", False)
PRODUCTION = False
# runserver serves static files only with DEBUG on: whitenoise (already in MIDDLEWARE) serves
# them straight from the apps' and project's static folders instead, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
