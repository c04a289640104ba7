"""Settings shared by every environment. Values come from environment variables."""
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str

SITE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SITE_DIR.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnop")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # Project apps (site/)
    "base",
    "accounts",
    "privacy",
    "mailer",
    "reports",
    "roadshows",
    "branding",
    "resources",
    "accessible_formats",
    "operations",
    # Feature apps (repository root)
    "newsletters",
    "events",
    "engagement",
    "involvement",
    # Wagtail
    "wagtailnhsukfrontend",
    "wagtailmedia",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (the admin's Locales screen)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # E-mail and background work
    "anymail",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "operations.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above every middleware that adds headers (CSP, frame options), so a stored page keeps them.
    "base.page_cache.PageCacheMiddleware",
    "operations.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the language comes from the address (/ur/..., see config.urls);
    # addresses without a prefix are always English.
    "django.middleware.locale.LocaleMiddleware",
    "base.locales.ActiveLocaleMiddleware",  # the active Wagtail Locale, looked up once a request
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a write lock instead of failing at once when the worker and the web
    # process write together; IMMEDIATE takes the lock when a transaction starts.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise memory in this process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL,
                          # lets two sites (or benchmark runs) share one Redis database
                          "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for anonymous visitors (base/page_cache.py), for this many seconds; 0 turns it off.
# On by default only with Redis: purges must reach every web and worker process.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
# A shared cache in front (Varnish: deploy/varnish/default.vcl, or a CDN) may keep the pages the
# page cache keeps for this many seconds (Cache-Control s-maxage); 0: none is in front. Each
# purge of the page cache is sent on to it (wagtail.contrib.frontend_cache): to Varnish with
# FRONT_CACHE_PURGE_URL (HTTP PURGE), or to a CDN set here in WAGTAILFRONTENDCACHE.
FRONT_CACHE_SECONDS = env_int("FRONT_CACHE_SECONDS", 0)
WAGTAILFRONTENDCACHE = {}
if FRONT_CACHE_PURGE_URL := env_str("FRONT_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONT_CACHE_PURGE_URL}
if CLOUDFLARE_ZONE_ID := env_str("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID, "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN")}
if CLOUDFRONT_DISTRIBUTION_ID := env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The languages pages can be translated into (base/languages.py names each in its own language).
# Easy Read is a locale of its own, en-x-easyread (a private-use BCP 47 tag: English, Easy Read),
# so it gets wagtail-localize's translation workflow like any other language (README: Translations).
LANGUAGES = [
    ("en-gb", "English"),
    ("en-x-easyread", "Easy Read"),
    ("pa", "Punjabi"),
    ("ur", "Urdu"),
    ("pl", "Polish"),
    ("bn", "Bengali"),
]
# The words of forms, e-mails and the site's own pages in those languages: one catalog,
# locale/<language>/LC_MESSAGES/django.po, compiled .mo files committed (README: Translations).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The languages whose catalog in locale/ translates the site's own words (forms, e-mails).
INTERFACE_LANGUAGES = ["en-gb", "pa", "ur", "pl", "bn"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Private files (branding assets for partner staff): outside MEDIA_ROOT and with no URL, served
# only by the branding download view after its permission check. With S3, point "private" at a
# private bucket instead (the view streams the file, so no bucket address is ever shown).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES["private"] = {"BACKEND": "branding.storage.PrivateFileSystemStorage"}
# Media on S3-compatible object storage, so several web servers share one set of files: set
# AWS_STORAGE_BUCKET_NAME and install django-storages[s3] (README: "Media on object storage").
# Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) as boto3 reads
# them. Public media are under media/ (make only that prefix publicly readable); private files
# under private/ of AWS_PRIVATE_STORAGE_BUCKET_NAME (the same bucket unless set), never public.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")  # for S3-compatible services
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")  # a CDN or the bucket's public host name
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None  # the bucket's policy decides who may read
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME),
            "location": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
# Uploads. A request body without its files may be 5 MB (a long page edited in the admin);
# files over 5 MB are streamed to a temporary file instead of memory. Each kind of upload has
# its own size limit and list of allowed types (WAGTAILDOCS_*, WAGTAILIMAGES_*, WAGTAILMEDIA).
# The web server or load balancer in front should allow bodies up to MEDIA_MAX_UPLOAD_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail. Every message goes through the outbox (mailer app) and is sent by the task
# worker with EMAIL_BACKEND: files under EMAIL_FILE_PATH by default, or an ESP through
# anymail (for example anymail.backends.postmark.EmailBackend, configured by ANYMAIL_*).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Walsall Together <no-reply@walsalltogether.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in __import__("os").environ.items()
    if key.startswith("ANYMAIL_")
}
MAILER_MAX_ATTEMPTS = env_int("MAILER_MAX_ATTEMPTS", 6)
MAILER_SENT_RETENTION_DAYS = env_int("MAILER_SENT_RETENTION_DAYS", 30)
# The worker claims this many due messages at a time and sends them through one connection,
# at most MAILER_RATE_PER_SECOND messages a second (0: as fast as the ESP takes them; shared by
# every worker through Redis when REDIS_URL is set).
MAILER_BATCH_SIZE = env_int("MAILER_BATCH_SIZE", 100)
MAILER_RATE_PER_SECOND = env_int("MAILER_RATE_PER_SECOND", 0)
# Delivery reports from the ESP's tracking webhook (ANYMAIL_WEBHOOK_SECRET="user:password").
MAILER_EVENT_RETENTION_DAYS = env_int("MAILER_EVENT_RETENTION_DAYS", 365)
# The role mailbox that receives contact form messages; never a person's address.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "walsall.together@walsallhealthcare.nhs.uk")
# Role mailboxes that read replies: we send from a no-reply address, so every e-mail that
# invites a reply sets Reply-To to one of these. Healthwatch Walsall runs the User Group;
# EVENTS_EMAIL is the organisers' mailbox for an event without its own organiser address.
USER_GROUP_EMAIL = env_str("USER_GROUP_EMAIL", CONTACT_EMAIL)
EVENTS_EMAIL = env_str("EVENTS_EMAIL", CONTACT_EMAIL)
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365)
# Days after an event before its attendees' names, contact details and access needs are removed.
EVENTS_RETENTION_DAYS = env_int("EVENTS_RETENTION_DAYS", 90)
# Publications in other formats: working days the Comms team has to make one, days a done request
# is kept, and the mailbox that reads replies to the e-mails about it.
FORMAT_REQUEST_WORKING_DAYS = env_int("FORMAT_REQUEST_WORKING_DAYS", 10)
FORMAT_REQUEST_RETENTION_DAYS = env_int("FORMAT_REQUEST_RETENTION_DAYS", 365)
FORMAT_REQUESTS_EMAIL = env_str("FORMAT_REQUESTS_EMAIL", CONTACT_EMAIL)
USER_GROUP_WAITING_DAYS = env_int("USER_GROUP_WAITING_DAYS", 10)
USER_GROUP_RETENTION_DAYS = env_int("USER_GROUP_RETENTION_DAYS", 365)
# Behind a proxy, RATELIMIT_IP_META_KEY names the header with the visitor's internet address
# (e.g. HTTP_X_REAL_IP): rate limits, and the hashed address a blocked feedback sender is known by.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY")
# E-mail addresses (and hashed internet addresses) are removed this many days after an exercise
# closes; the consent wording promises two years. Rejected and quarantined responses are deleted then.
FEEDBACK_CONTACT_RETENTION_DAYS = env_int("FEEDBACK_CONTACT_RETENTION_DAYS", 730)
# Who is alerted when staff flag a safeguarding concern in a response: the safeguarding lead's
# own role mailbox, never the contact form's (which more people read).
SAFEGUARDING_LEAD_EMAIL = env_str("SAFEGUARDING_LEAD_EMAIL", "walsall.together.safeguarding@walsallhealthcare.nhs.uk")

# Background work: django-tasks with the database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Walsall Together"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No SVG or HTML documents: served from our own address they could run scripts.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "vtt", "png", "jpg", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Upload forms that also check each file's content (operations/file_content.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "operations.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "operations.uploads.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs before resizing
# Roadshow recordings and audio: formats every browser plays, size checked by the upload form.
WAGTAILMEDIA = {
    "AUDIO_EXTENSIONS": ["m4a", "mp3", "ogg", "wav"],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
    "MEDIA_FORM_BASE": "operations.uploads.MediaForm",
}
MEDIA_MAX_UPLOAD_SIZE = env_int("MEDIA_MAX_UPLOAD_SIZE", 500 * 1024 * 1024)
# Staff avatars are never fetched from Gravatar (it would send a hash of their address to a third party).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Sign in through django-allauth, or a 403 for people signed in without access (accounts/views.py).
WAGTAILADMIN_LOGIN_URL = "sign_in_or_refuse"
WAGTAIL_FRONTEND_LOGIN_URL = "sign_in_or_refuse"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

# Accounts (django-allauth). Sign-in is by e-mail; sign-up is for partner staff only,
# from the allowlisted domains, with a verified address.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.PartnerSignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Walsall Together: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Beyond these, django-allauth answers with the 429 page (accounts.adapter, base.views).
ACCOUNT_RATE_LIMITS = {
    "login": env_str("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "5/5m/ip,5/5m/key"),
    "signup": env_str("RATE_LIMIT_SIGNUP", "20/h/ip"),
    # E-mails anyone can make the site send to an address (a sign-in code, a password reset link,
    # a confirmation link) are limited per address and per IP address, so that nobody can fill a
    # person's inbox with them. The messages people see say "15 minutes" (accounts.templatetags.
    # account_ui, base.views.too_many_requests): change them with the windows.
    "reset_password": env_str("RATE_LIMIT_RESET_PASSWORD", "20/15m/ip,3/15m/key"),
    "request_login_code": env_str("RATE_LIMIT_REQUEST_LOGIN_CODE", "20/15m/ip,3/15m/key"),
    "confirm_email": env_str("RATE_LIMIT_CONFIRM_EMAIL", "1/3m/key,5/d/key"),  # more are not sent
}
ACCOUNT_EMAIL_LIMIT_MINUTES = 15  # the windows of reset_password and request_login_code above
# Failed sign-ins: the per-address limit above does not apply in a browser that has signed in to
# that account before (a signed cookie kept this many days), so a stranger who knows a staff
# address cannot lock its owner out; the owner is e-mailed and can sign in with an e-mailed code
# (accounts.sign_in_protection). A code sign-in still asks for the authenticator code.
SIGN_IN_KNOWN_DEVICE_DAYS = env_int("SIGN_IN_KNOWN_DEVICE_DAYS", 365)
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60  # the e-mail goes through the outbox and the task worker
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Walsall Together"
# Accept the code from the 30 seconds before or after too: phone clocks drift, and a code typed
# as it changes would otherwise be refused (RFC 6238 section 5.2 allows one step).
MFA_TOTP_TOLERANCE = 1
PARTNER_EMAIL_DOMAINS = env_list(
    "PARTNER_EMAIL_DOMAINS",
    [
        "walsallhealthcare.nhs.uk",
        "nhs.net",
        "walsall.gov.uk",
        "whg.uk.com",
        "onewalsall.org",
        "healthwatchwalsall.co.uk",
        "blackcountryhealthcare.nhs.uk",
    ],
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# "This form has expired, please send it again" in the site's design, not Django's plain page.
CSRF_FAILURE_VIEW = "operations.views.csrf_failure"

# Rate limits on public form posts (base.ratelimit.rate_limit_posts: one line on a view or a
# page's serve): "count/period" per internet address and form, then the 429 page. Counted by
# django-ratelimit in the default cache (Redis when REDIS_URL is set, shared by every process).
# An unreachable cache lets posts through rather than turning residents away.
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMIT_PUBLIC_FORMS = env_str("RATE_LIMIT_PUBLIC_FORMS", "20/10m")
# Every post to a form, sent or not (a page of questions, a mistake corrected): a flood guard.
RATE_LIMIT_FORM_POSTS = env_str("RATE_LIMIT_FORM_POSTS", "200/10m")
RATE_LIMITS = {
    "contact": env_str("RATE_LIMIT_CONTACT", "10/10m"),
    "event_booking": env_str("RATE_LIMIT_EVENT_BOOKING", "30/10m"),
    "user_group_application": env_str("RATE_LIMIT_USER_GROUP_APPLICATION", "20/10m"),
    "engagement_feedback": env_str("RATE_LIMIT_ENGAGEMENT_FEEDBACK", "10/h"),
    "format_request": env_str("RATE_LIMIT_FORMAT_REQUEST", "10/10m"),
    # Wrong passwords for private pages (only wrong ones count: base.ratelimit.rate_limit_failed_posts).
    "page_password": env_str("RATE_LIMIT_PAGE_PASSWORD", "5/5m"),
}
RATELIMIT_FAIL_OPEN = True
# Behind a load balancer, RATELIMIT_IP_META_KEY (above) names the header holding the visitor's
# address; django-allauth's sign-in limits read the same header.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    RATELIMIT_IP_META_KEY.removeprefix("HTTP_").replace("_", "-").title() if RATELIMIT_IP_META_KEY else None
)

# Content-Security-Policy (django-csp through operations.csp.CSPMiddleware). Public pages run
# only our own static scripts and styles: no inline scripts, event handler or style
# attributes. The Wagtail admin, its previews and "view draft" need inline scripts and styles
# and frame their own previews, so paths under CSP_ADMIN_PATH_PREFIXES get the admin policy.
CSP_MEDIA_ORIGINS = env_list(  # where media are served from when not from this site
    "CSP_MEDIA_ORIGINS",
    [f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_STORAGE_BUCKET_NAME and AWS_S3_CUSTOM_DOMAIN else [],
)
CSP_FRAME_ORIGINS = env_list(
    "CSP_FRAME_ORIGINS", ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
)  # video embeds (EmbedBlock)
CSP_REPORTS_URL = env_str("CSP_REPORTS_URL")  # where browsers report violations, if anywhere
CSP_ADMIN_PATH_PREFIXES = ["/admin/"]
_CSP_COMMON = {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'", "data:", "https://assets.nhs.uk"],  # NHS.UK frontend's Frutiger
    "form-action": ["'self'"],
    "frame-src": ["'self'", *CSP_FRAME_ORIGINS],
    "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
    "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
    "object-src": ["'none'"],
    **({"report-uri": CSP_REPORTS_URL} if CSP_REPORTS_URL else {}),
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*_CSP_COMMON["img-src"], "blob:"],
        "frame-ancestors": ["'self'"],  # the page preview panel
    }
}
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"

# Health check (/health/): how late the scheduler, worker and outbox may run before it fails.
HEALTH_TASKS_MAX_DELAY = env_int("HEALTH_TASKS_MAX_DELAY", 10 * 60)
HEALTH_OUTBOX_MAX_DELAY = env_int("HEALTH_OUTBOX_MAX_DELAY", 30 * 60)
# A task RUNNING longer than this has lost its worker (killed): the e-mail sweep marks it failed
# (operations.task_recovery). Far longer than any task here takes.
TASKS_RUNNING_MAX_SECONDS = env_int("TASKS_RUNNING_MAX_SECONDS", 60 * 60)

# Logs: one line per record on the console (JSON lines in production: LOG_FORMAT=json), each
# with the request id, and never personal data: e-mail addresses and phone numbers are removed
# and the request (POST body, cookies) dropped (operations/logging.py). Errors are not e-mailed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "operations.logging.AddRequestId"},
        "scrub_personal_data": {"()": "operations.logging.ScrubPersonalData"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain"),
            "filters": ["request_id", "scrub_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers for "django", AdminEmailHandler among them.
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Each app's demo content, loaded after the base pages by `manage.py load_demo_content`.
# A loader takes no arguments, is idempotent and returns lines to print.
DEMO_CONTENT_LOADERS = [
    "newsletters.demo.load_demo",
    "roadshows.demo.load_demo",
    "branding.demo.load_demo",
    "resources.demo.load_demo",
    "reports.demo.load_demo_reports",
    "events.demo.load_demo",
    "engagement.demo.load_demo",
    "accessible_formats.demo.load_demo",
    "involvement.demo.load_demo",
    "engagement.demo_translations.load_demo",
    "events.demo_translations.load_demo",
]

# Privacy: how long staff-facing personal data is kept (days) unless an app says otherwise.
PRIVACY_AUDIT_RETENTION_DAYS = env_int("PRIVACY_AUDIT_RETENTION_DAYS", 365 * 6)

# Scheduled work: `manage.py run_periodic_tasks --loop` queues each task when it is due;
# the task worker runs it. Seconds between runs.
PERIODIC_TASKS = {
    "mailer.tasks.requeue_due_emails": 60,
    "privacy.tasks.apply_retention": 60 * 60 * 24,
    "events.tasks.send_due_reminders": 60,
    "newsletters.tasks.start_due_campaigns": 60,
}
