"""The Content-Security-Policy: strict on the public site, relaxed for the Wagtail admin.

Public pages (settings.CONTENT_SECURITY_POLICY) load scripts and styles from our own static
files only: no inline scripts, no event handler attributes, no style attributes, no nonces
(a cached page would repeat one nonce to everyone). Wagtail 8's admin still writes inline
scripts (date pickers, inline panels), inline styles and uses eval in its bundled libraries, and
frames its own page previews, so paths under settings.CSP_ADMIN_PATH_PREFIXES (the admin,
its previews and "view draft") get settings.CONTENT_SECURITY_POLICY_ADMIN instead. Only
signed-in staff reach those paths.
"""
from csp.constants import HEADER
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import default_config
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, choosing the admin policy by path; also sends
    settings.PERMISSIONS_POLICY (features no page here uses: camera, location...)."""

    def process_response(self, request, response):
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        if is_admin_path(request.path_info):
            # A preview is the page rendered through the whole middleware stack for the page's
            # own (public) address, so it arrives with the public policy, which forbids framing.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


def is_admin_path(path):
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))
