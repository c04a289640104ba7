from django.http import JsonResponse
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
