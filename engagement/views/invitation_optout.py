"""The "stop receiving invitations" page, from the link in every User Group invitation.
Thin: the rule is in services/invitation_optout.py."""
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from ..services import invitation_optout


def stop_invitations(request, token):
    """A page with a button (so a mail scanner following the link stops nothing), then stopping."""
    member = invitation_optout.member_for_token(token)
    if member is None:
        context, status = {"invalid": True}, 400
    else:
        context, status = {"stopped": None}, 200
        if request.method == "POST":
            invitation_optout.stop_invitations(member)
            context["stopped"] = True
    response = TemplateResponse(request, "engagement/stop_invitations.html", context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
