from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks


@never_cache
@require_safe
def health(request):
    """200 when every part works, 503 otherwise, for load balancers and monitoring."""
    results = run_checks()
    healthy = all(result.ok for result in results.values())
    body = {
        "status": "ok" if healthy else "failing",
        "checks": {name: {"ok": result.ok, "detail": result.detail} for name, result in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: "this form has expired, please send it again", in the site's
    design. It offers a link back to the form only when the Referer is this site (never another
    site's address), and never re-sends what was posted."""
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())
    back_url = referer if referer and same_site and referer.startswith(("http://", "https://")) else ""
    response = render(request, "403_csrf.html", {"back_url": back_url}, status=403)
    add_never_cache_headers(response)
    return response
