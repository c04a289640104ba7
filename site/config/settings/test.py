"""Tests: fast hashing, memory cache, tasks run at once, e-mail in memory unless a test asks."""
import os
import tempfile

from .base import *  # noqa: F401,F403

PRODUCTION = False
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0  # tests/base/test_page_cache.py turns it on
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="wt-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="wt-test-private-")
ALLOWED_HOSTS = ["*"]
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

WHITENOISE_AUTOREFRESH = True
