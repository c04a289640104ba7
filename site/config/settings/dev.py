"""Development: embedded defaults (SQLite, local media, e-mail as files, DB task queue)."""
from config.env import env_bool

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", True)
PRODUCTION = False
WHITENOISE_AUTOREFRESH = DEBUG
