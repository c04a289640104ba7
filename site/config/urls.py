from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as accounts_views
from base import views as base_views
from base.sitemap import TranslatedSitemap
from base.ratelimit import rate_limit_failed_posts
from mailer.webhooks import tracking_webhook

urlpatterns = [
    # Every sign-in, the admin's included, goes through django-allauth (MFA, rate limits).
    # Wagtail's own sign-in forms (admin, private pages) would skip MFA and the rate limits.
    path("admin/login/", accounts_views.sign_in_or_refuse, name="sign_in_or_refuse"),
    path("_util/login/", accounts_views.sign_in_or_refuse),
    # Wagtail's password form for private pages, with wrong passwords rate limited (same name, so
    # Wagtail's own links to it come here).
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         rate_limit_failed_posts("page_password")(wagtail_views.authenticate_with_password),
         name="wagtailcore_authenticate_with_password"),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", base_views.robots_txt, name="robots_txt"),
    path("branding/", include("branding.urls")),
    path("feedback/", include("engagement.urls")),
    path("involvement/", include("involvement.urls")),
    path("", include("operations.urls")),
    path("subscriptions/", include("newsletters.urls")),
    # The e-mail provider's tracking webhook (bounces, complaints), behind ANYMAIL_WEBHOOK_SECRET
    # basic auth: only the provider EMAIL_BACKEND sends through (mailer.webhooks).
    path("anymail/<slug:provider>/tracking/", tracking_webhook, name="tracking_webhook"),
]

if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    # Public media on local disk, with or without DEBUG (operations.media); object storage serves its own.
    from django.urls import re_path

    from operations.media import serve_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media, name="media")]

# Pages and search in each language: English at the addresses it always had, other languages under
# their code (/ur/..., /en-x-easyread/...). The language comes from the address (LocaleMiddleware).
# "Ask for this in another format" too, so that a translated publication's form is in its language.
urlpatterns += i18n_patterns(
    path("search/", base_views.search, name="search"),
    path("other-formats/", include("accessible_formats.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "base.views.page_not_found"
handler500 = "base.views.server_error"
# Django's own 403 and 400 views render the site's templates/403.html and templates/400.html
# (400 without the request: a bad Host header must not be looked up again). A failed CSRF check
# has its own page: settings.CSRF_FAILURE_VIEW.
# Not a Django hook: django-allauth answers its rate limits with this (base.ratelimit uses it too).
handler429 = "base.views.too_many_requests"
