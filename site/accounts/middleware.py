from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .roles import sees_personal_data


class RequireMFAMiddleware:
    """Staff who can see residents' personal data must set up two-factor authentication
    before they reach the admin."""

    protected_prefixes = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(self.protected_prefixes)
            and request.user.is_authenticated
            and sees_personal_data(request.user)
            and not is_mfa_enabled(request.user)
        ):
            messages.info(request, "Set up two-factor authentication before you use the admin. "
                                   "Your role lets you see residents' personal data.")
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
