import math

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .search import clean_query, search_pages


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))[:200]
    results = search_pages(query, request.GET.get("page"))
    page_range = results.page.paginator.get_elided_page_range(results.page.number) if results.page else []
    return render(request, "base/search_results.html", {"query": query, "results": results, "page_range": page_range})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # SITE_URL, like every other absolute address (operations.site_url), not the Host header.
    return render(request, "robots.txt", {"site_url": settings.SITE_URL}, content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def too_many_requests(request, exception=None, wait_seconds=5 * 60, form_not_sent=False, sign_in_limited_by=None):
    """The 429 page for every rate limit: public forms (base.ratelimit) and sign-in (django-allauth).
    `sign_in_limited_by` (accounts.sign_in_protection) says which failed sign-in limit was reached:
    the page then offers a sign-in code by e-mail."""
    if request.path == reverse("account_reset_password"):  # allauth does not say which limit
        wait_seconds = settings.ACCOUNT_EMAIL_LIMIT_MINUTES * 60
    context = {
        "wait_minutes": max(1, math.ceil(wait_seconds / 60)),
        "form_not_sent": form_not_sent,
        "about_sign_in": request.path.startswith("/accounts/"),
        "sign_in_limited_by": sign_in_limited_by,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(int(wait_seconds))
    add_never_cache_headers(response)
    return response


def server_error(request):
    return render(request, "500.html", status=500)
