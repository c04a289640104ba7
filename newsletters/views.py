"""The public subscription pages. Thin: the rules are in subscriptions.py.

The sign-up form is served by NewsletterSignupPage's routes; the pages reached from links in
our e-mails (confirm, preferences, unsubscribe) are plain views under /subscriptions/, found by
a signed token, need no account, and are never cached or indexed.
"""
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from base.languages import interface_language, language_of_request
from base.ratelimit import count_submission, rate_limit_posts
from privacy.consents import current_wording

from . import links, subscriptions
from .forms import PreferencesForm, SignUpForm
from .models import MailingList


# Signing up (NewsletterSignupPage routes) -------------------------------------------------------


@rate_limit_posts("newsletter")
def sign_up(request, page):
    """The form (GET) and signing up (POST), then to "check your e-mail" whatever happened,
    so that nobody can tell from the answer whether an address was already on a list."""
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscriptions.sign_up(
                    data["email"], data["lists"], name=data["name"].strip(),
                    source_page=data["source"] or page.url, consent_version=form.consent_version,
                    submission_token=data.get("submission_token"), language=language_of_request(),
                )
            except subscriptions.SubscriptionError as error:
                form.add_error(None, str(error))
            else:
                count_submission(request, "newsletter")
                return redirect(page.url + page.reverse_subpage("check_your_email"))
    else:
        form = SignUpForm()
    context = page.get_context(request)
    context["form"] = form
    return _private(TemplateResponse(request, page.get_template(request), context))


def check_your_email(request, page):
    context = page.get_context(request)
    return _private(TemplateResponse(request, "newsletters/check_your_email.html", context))


# Confirming -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what the link will confirm and a button (so that a link checker that opens
    every link in an e-mail confirms nothing); POST confirms. Using a link again is harmless."""
    try:
        value = links.read_confirmation_token(token)
        state = subscriptions.confirmation_state(value)
    except links.LinkExpired as expired:
        return _expired(request, token, expired.value)
    except links.BadLink:
        return _bad_link(request)
    if request.method == "POST" and not state.is_done:
        subscriptions.confirm(value)
        return redirect(reverse("newsletters:confirm", args=[token]) + "?confirmed=1")
    context = {
        "state": state, "just_confirmed": request.GET.get("confirmed") == "1",
        "preferences_url": links.preferences_url(state.subscriber.token),
    }
    return _their_page(request, state.subscriber, "newsletters/confirm.html", context)


def _expired(request, token, value):
    try:
        state = subscriptions.confirmation_state(value)
    except links.BadLink:
        return _bad_link(request)
    if state.is_done:
        context = {"state": state, "preferences_url": links.preferences_url(state.subscriber.token)}
        return _their_page(request, state.subscriber, "newsletters/confirm.html", context)
    context = {"resend_url": reverse("newsletters:resend", args=[token])}
    return _their_page(request, state.subscriber, "newsletters/confirm_expired.html", context)


@require_POST
@rate_limit_posts("newsletter")
def resend(request, token):
    """A new confirmation link in place of an expired one."""
    try:
        value = links.read_confirmation_token(token)
    except links.LinkExpired as expired:
        value = expired.value
    except links.BadLink:
        return _bad_link(request)
    try:
        subscriptions.resend_confirmation(value)
    except links.BadLink:
        return _bad_link(request)
    count_submission(request, "newsletter")
    return _private(TemplateResponse(request, "newsletters/check_your_email.html", {"resent": True}))


# Preferences ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """Change which lists, leave them all, or join again."""
    try:
        subscriber = subscriptions.subscriber_for_token(links.read_preferences_token(token))
    except links.BadLink:
        return _bad_link(request)
    choices = subscriptions.list_choices(subscriber)
    wording = current_wording(subscriptions.CONSENT_PURPOSE)
    if request.method == "POST":
        form = PreferencesForm(request.POST, choices=choices)
        if "unsubscribe_all" in request.POST:
            left = subscriptions.unsubscribe_from_all(subscriber)
            with _their_language(subscriber):
                messages.success(request, _("You have unsubscribed from all our e-mails.") if left else
                                 _("You were not getting any of our e-mails."))
            return HttpResponseRedirect(request.path)
        if form.is_valid():
            subscriptions.update_preferences(subscriber, form.cleaned_data["lists"],
                                             name=form.cleaned_data["name"].strip(), consent_version=wording.version,
                                             language=interface_language(subscriber.language))
            with _their_language(subscriber):
                messages.success(request, _("Your choices have been saved."))
            return HttpResponseRedirect(request.path)
    else:
        form = PreferencesForm(choices=choices, initial={
            "name": subscriber.name, "lists": [choice.mailing_list.pk for choice in choices if choice.subscribed],
        })
    subscribed = [choice.mailing_list for choice in choices if choice.subscribed]
    with _their_language(subscriber):
        names = get_text_list([mailing_list.name for mailing_list in subscribed], _("and"))
    context = {"form": form, "subscriber": subscriber, "consent_text": wording.label, "subscribed": subscribed,
               "subscribed_names": names}
    return _their_page(request, subscriber, "newsletters/preferences.html", context)


# One-click unsubscribe (RFC 8058) ---------------------------------------------------------------


@csrf_exempt  # mail programs POST here with no cookie and no form token (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """POST unsubscribes at once; GET (which link checkers also do) only asks."""
    try:
        subscriber_token, list_id = links.read_unsubscribe_token(token)
        subscriber = subscriptions.subscriber_for_token(subscriber_token)
    except links.BadLink:
        return _bad_link(request)
    mailing_list = MailingList.objects.filter(pk=list_id).first()
    if mailing_list is None:
        return _bad_link(request)
    done = False
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber, mailing_list)
        done = True
    context = {"mailing_list": mailing_list, "done": done,
               "preferences_url": links.preferences_url(subscriber.token)}
    return _their_page(request, subscriber, "newsletters/unsubscribe.html", context)


def test_link(request):
    """Where the personal links of a test e-mail and the admin preview go."""
    return _private(TemplateResponse(request, "newsletters/test_link.html", {}))


def _bad_link(request):
    return _private(TemplateResponse(request, "newsletters/bad_link.html", {}, status=404))


def _their_language(subscriber):
    """The pages reached from our e-mails' links (which have no language in their address) are in
    the language the person signed up in, as the e-mail was."""
    return translation.override(interface_language(subscriber.language))


def _their_page(request, subscriber, template, context):
    language = interface_language(subscriber.language)
    with translation.override(language):
        return _private(TemplateResponse(request, template, {**context, "words_language": language}).render())


def _private(response):
    """A page about one person's subscriptions: not kept by browsers or proxies, not indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
