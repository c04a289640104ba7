"""The person's claim pages, reached by the personal link we e-mail. Thin: the rules are in services.py.

No account is needed: the random token in the link is the key, as for event bookings. The pages
are never cached or indexed.
"""
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from base.ratelimit import count_submission, rate_limit_posts

from . import services
from .forms import ExpenseForm, SubmitClaimForm
from .models import Claim
from .money import format_money

RATE_GROUP = "involvement_claim"


@rate_limit_posts(RATE_GROUP)
def claim(request, token):
    """The claim: its status and history, its expenses and (while it can be changed) sending it."""
    claim = _get_claim(token)
    form = None
    if claim.is_editable:
        form = SubmitClaimForm(request.POST if request.method == "POST" else None, claim=claim)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_claim(claim, decline_payment=form.declined)
            except services.ClaimError as error:
                form.add_error(None, str(error))
            else:
                count_submission(request, RATE_GROUP)
                return redirect(reverse("involvement:claim", args=[token]) + "#status")
    elif request.method == "POST":
        return redirect("involvement:claim", token)
    _, payment = services.involvement_payment(claim.activity)
    return _private(TemplateResponse(request, "involvement/claim.html", {
        "claim": claim, "form": form, "payment_text": format_money(payment),
        "expenses": list(claim.expenses.all()), "history": list(claim.history.all()),
        "total_text": format_money(claim.total),
    }))


@rate_limit_posts(RATE_GROUP, sends_form=False)
def add_expense(request, token):
    claim = _get_claim(token)
    if not claim.is_editable or not claim.activity.level.pays_expenses:
        return redirect("involvement:claim", token)
    posted = request.method == "POST"
    form = ExpenseForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_expense(claim, kind=data["kind"], day=data["date"], amount=data.get("amount"),
                                 miles=data.get("miles"), description=data.get("description", ""),
                                 receipt=data.get("receipt"), submission_token=data.get("submission_token"))
        except (services.ClaimError, ValidationError) as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            return redirect(reverse("involvement:claim", args=[token]) + "#expenses")
    return _private(TemplateResponse(request, "involvement/expense_form.html", {"claim": claim, "form": form}))


@require_POST
@rate_limit_posts(RATE_GROUP, sends_form=False)
def remove_expense(request, token, line_id):
    claim = _get_claim(token)
    try:
        services.remove_expense(claim, line_id)
    except services.ClaimError:
        pass  # already sent: the claim page says so
    return redirect(reverse("involvement:claim", args=[token]) + "#expenses")


@rate_limit_posts(RATE_GROUP, sends_form=False)
def withdraw(request, token):
    """Withdraw a sent claim, after a page that asks "are you sure?" (no script needed)."""
    claim = _get_claim(token)
    status_url = reverse("involvement:claim", args=[token]) + "#status"
    if not claim.can_be_withdrawn:
        return redirect(status_url)  # the claim page says where it stands
    if request.method == "POST":
        try:
            services.withdraw_claim(claim)
        except services.ClaimError:
            pass  # approved a moment ago: the claim page says so
        return redirect(status_url)
    return _private(TemplateResponse(request, "involvement/withdraw.html", {
        "claim": claim, "total_text": format_money(claim.total)}))


def _get_claim(token):
    claim = Claim.objects.select_related("activity__level").filter(token=token, contact_erased_at__isnull=True).first()
    if claim is None:
        raise Http404("No such claim")
    return claim


def _private(response):
    """A page with someone's claim on it: not kept by browsers or proxies, not indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
