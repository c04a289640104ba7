"""The public form "Ask for this in another format" and its confirmation. Thin: the rules are in
services.py. Neither page is cached or indexed; the confirmation is shown only in the browser
that sent the request (its id is kept in the session), so no link reveals anyone's request."""
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from base.languages import language_of_request
from base.ratelimit import count_submission, rate_limit_posts

from . import app_settings, services
from .forms import FormatRequestForm
from .models import FormatRequest

RATE_GROUP = "format_request"
SESSION_KEY = "accessible_formats_sent"


@never_cache
@rate_limit_posts(RATE_GROUP)
def request_format(request, page_id):
    publication = services.find_publication(page_id)
    if publication is None:
        raise Http404("No publication offers other formats here")
    if request.method == "POST":
        form = FormatRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            format_request = services.request_format(publication, data, source=publication.url,
                                                     submission_token=data.get("submission_token"),
                                                     consent_version=form.consent_version,
                                                     language=language_of_request())
            count_submission(request, RATE_GROUP)
            sent = request.session.get(SESSION_KEY, [])
            if format_request.pk not in sent:
                request.session[SESSION_KEY] = [*sent, format_request.pk][-20:]
            return redirect("accessible_formats:sent", pk=format_request.pk)
    else:
        form = FormatRequestForm()
    context = {"form": form, "publication": publication, "working_days": app_settings.working_days_to_reply()}
    return TemplateResponse(request, "accessible_formats/request_form.html", context)


@never_cache
def request_sent(request, pk):
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404("Not a request sent from this browser")
    format_request = get_object_or_404(FormatRequest, pk=pk)
    return TemplateResponse(request, "accessible_formats/request_sent.html", {
        "request_sent": format_request, "publication_url": format_request.publication_url,
    })
