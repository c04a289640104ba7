"""Where Wagtail sends people it will not let in (its admin, and pages only some people may
see): to the django-allauth sign-in when they are not signed in, and otherwise to a clear
"you cannot see this page" (403). Without that, a signed-in Partner staff member sent to sign
in would be sent straight back by allauth, round and round ("too many redirects"). Wagtail's own
password-only sign-in form is never shown: it would skip two-factor authentication."""
from django.shortcuts import redirect, render
from django.urls import reverse


def sign_in_or_refuse(request):
    if request.user.is_authenticated:
        return render(request, "403.html", status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))
