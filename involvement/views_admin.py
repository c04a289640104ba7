"""Involvement claims in the Wagtail admin: the claims queue, a claim's page with its decisions,
receipts (streamed from private storage to staff who may see claims), and the monthly finance
export. Thin: the rules are in services.py. Opening a claim, a receipt or an export is audit-logged.
"""
import datetime

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from base.admin_views import StaffPageMixin
from base.spreadsheets import csv_bytes
from privacy.models import AuditLogEntry
from privacy.services import audit

from . import permissions, services
from .forms import ExpenseForm, InviteForm, ReasonForm, StaffClaimForm
from .models import Activity, Claim, ExpenseLine, InvolvementLevel, MileageRate, PaymentRate
from .money import format_money


class MonthFilter(django_filters.CharFilter):
    """A month typed as 2021-03: claims sent in it."""

    def filter(self, queryset, value):
        month = _month(value)
        if month is None:
            return queryset
        end = (month + datetime.timedelta(days=32)).replace(day=1)
        return queryset.filter(submitted_at__date__gte=month, submitted_at__date__lt=end)


WAITING = "waiting"  # the queue's "waiting for a decision": sent or checked, not yet decided


class ClaimFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=[(WAITING, "Waiting for a decision"), *Claim.Status.choices],
                                         empty_label="Any status", method="filter_status")
    activity = django_filters.ModelChoiceFilter(queryset=Activity.objects.order_by("-date"), empty_label="Any activity")
    person = django_filters.CharFilter(label="Person (name, e-mail or phone)", method="filter_person")
    month = MonthFilter(label="Month sent (for example 2021-03)")

    class Meta:
        model = Claim
        fields = ["status", "activity", "person", "month"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=Claim.WAITING) if value == WAITING else queryset.filter(status=value)

    def filter_person(self, queryset, name, value):
        value = value.strip()
        digits = "".join(ch for ch in value if ch.isdigit())
        query = Q(name__icontains=value) | Q(email__iexact=value)
        if len(digits) >= 6:
            query |= Q(phone__contains=digits)
        return queryset.filter(query)


class ClaimIndexView(IndexView):
    page_title = "Involvement claims"
    header_icon = "tag"
    finance_url_name = None
    add_claim_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("activity")

    @cached_property
    def header_buttons(self):
        buttons = []
        if permissions.can_enter_claims(self.request.user):
            buttons.append(HeaderButton("Add a person to claim", url=reverse(self.add_claim_url_name),
                                        icon_name="plus"))
        if permissions.can_export_claims(self.request.user):
            buttons.append(HeaderButton("Finance export", url=reverse(self.finance_url_name), icon_name="download"))
        return buttons


class ClaimDetailView(InspectView):
    template_name = "involvement/admin/claim_detail.html"
    page_title = "Involvement claim"
    header_icon = "tag"
    action_url_names = {}
    receipt_url_name = None
    enter_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(Claim.objects.select_related("activity__level", "checked_by", "approved_by"),
                                 pk=self.pk)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email or self.object.phone,
              source=Claim._meta.label_lower, id=self.object.pk)
        return response

    def get_page_subtitle(self):
        return self.object.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        context.update(
            claim=claim, expenses=list(claim.expenses.all()), history=list(claim.history.all()),
            audit_log=services.audit_history(claim),
            can_decide=permissions.can_decide_claims(self.request.user) and claim.status in Claim.WAITING,
            can_mark_paid=permissions.can_export_claims(self.request.user) and claim.status == Claim.Status.APPROVED,
            needs_two=services.needs_two_people(claim),
            threshold=format_money(services.current_settings().two_person_threshold),
            action_urls={name: reverse(url, args=[claim.pk]) for name, url in self.action_url_names.items()},
            receipt_url_name=self.receipt_url_name, claim_url=services.claim_url(claim),
            enter_url=reverse(self.enter_url_name, args=[claim.pk])
            if claim.is_editable and permissions.can_enter_claims(self.request.user) else "",
        )
        return context


class ClaimActionView(View):
    """POST one decision about one claim to a service; back to the claim."""

    http_method_names = ["post"]
    detail_url_name = None
    permission_check = staticmethod(permissions.can_decide_claims)

    def post(self, request, pk):
        if not self.permission_check(request.user):
            raise PermissionDenied
        claim = get_object_or_404(Claim, pk=pk)
        try:
            message = self.perform(claim, request)
        except services.ClaimError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect(self.detail_url_name, pk)


class ApproveView(ClaimActionView):
    def perform(self, claim, request):
        claim = services.approve_claim(claim, request.user)
        if claim.status == Claim.Status.CHECKED:
            return "Checked. Another member of staff must now approve it."
        return f"Approved: {format_money(claim.total)} for {claim.name}."


class MarkPaidView(ClaimActionView):
    permission_check = staticmethod(permissions.can_export_claims)

    def perform(self, claim, request):
        if not services.mark_paid([claim], request.user):
            raise services.ClaimError("Only an approved claim can be marked paid.")
        return "Marked paid."


class ClaimsPage(StaffPageMixin):
    """An admin page under "Involvement claims", for staff who pass `permission_check`."""

    header_icon = "tag"
    index_label = "Involvement claims"
    permission_check = staticmethod(permissions.can_enter_claims)


class OneClaimPage(ClaimsPage):
    """An admin page about one claim (`pk` in the URL), titled with the person's name."""

    detail_url_name = None

    @cached_property
    def claim(self):
        return get_object_or_404(Claim.objects.select_related("activity__level"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.claim.name


class ReasonView(OneClaimPage, View):
    """Return or reject a claim with a reason the person reads. The claim's page posts here; with no
    reason, this page says so beside the box and keeps the claim as it was."""

    template_name = "involvement/admin/claim_reason.html"
    permission_check = staticmethod(permissions.can_decide_claims)
    decide = None  # the service
    done_message = ""
    button_label = ""
    button_class = "button"

    def get(self, request, pk):
        return self.render(ReasonForm())

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                self.decide(self.claim, request.user, form.cleaned_data["reason"])
            except services.ClaimError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, self.done_message.format(name=self.claim.name))
            return redirect(self.detail_url_name, pk)
        return self.render(form)

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(
            form=form, claim=self.claim, detail_url=reverse(self.detail_url_name, args=[self.claim.pk]),
            button_label=self.button_label, button_class=self.button_class))


class ReturnView(ReasonView):
    page_title = "Return the claim to correct"
    decide = staticmethod(services.return_claim)
    done_message = "Returned to {name}, who has been told why."
    button_label = "Return"


class RejectView(ReasonView):
    page_title = "Reject the claim"
    decide = staticmethod(services.reject_claim)
    done_message = "Rejected. {name} has been told why."
    button_label = "Reject"
    button_class = "button serious"


class AddClaimView(ClaimsPage, View):
    """Add someone to an activity: they get their personal link by e-mail, if they have an address."""

    template_name = "involvement/admin/add_claim.html"
    page_title = "Add a person to claim"
    enter_url_name = None

    def get(self, request):
        return TemplateResponse(request, self.template_name, self.get_context_data(form=InviteForm()))

    def post(self, request):
        form = InviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            claim = services.invite(data["activity"], name=data["name"], email=data["email"], phone=data["phone"])
            messages.success(request, f"{claim.name} can now claim." + (
                " We have e-mailed them their personal link." if claim.email else ""))
            return redirect(self.enter_url_name, claim.pk)
        return TemplateResponse(request, self.template_name, self.get_context_data(form=form))


class EnterClaimView(OneClaimPage, View):
    """Staff enter a person's claim for them (by phone, on paper, in person): expenses one at a
    time, then send it with the channel recorded. They count as its first checker."""

    template_name = "involvement/admin/enter_claim.html"
    page_title = "Enter a claim"

    def get(self, request, pk):
        return self.render(ExpenseForm(prefix="expense"), StaffClaimForm())

    def post(self, request, pk):
        claim = self.claim
        expense_form, claim_form = ExpenseForm(prefix="expense"), StaffClaimForm()
        try:
            if "remove" in request.POST:
                services.remove_expense(claim, request.POST["remove"])
                return redirect(request.path)
            if "add_expense" in request.POST:
                expense_form = ExpenseForm(request.POST, request.FILES, prefix="expense")
                if expense_form.is_valid():
                    data = expense_form.cleaned_data
                    services.add_expense(claim, kind=data["kind"], day=data["date"], amount=data.get("amount"),
                                         miles=data.get("miles"), description=data.get("description", ""),
                                         receipt=data.get("receipt"), submission_token=data.get("submission_token"))
                    return redirect(request.path)
            else:
                claim_form = StaffClaimForm(request.POST)
                if claim_form.is_valid():
                    services.submit_claim(claim, decline_payment=claim_form.cleaned_data["payment"] == "decline",
                                          actor=request.user, channel=claim_form.cleaned_data["channel"])
                    messages.success(request, f"Claim sent for {claim.name}. Another member of staff approves it "
                                              "if it is over the two-person amount.")
                    return redirect(self.detail_url_name, claim.pk)
        except services.ClaimError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            expense_form.add_error("receipt", error.messages[0])
        return self.render(expense_form, claim_form)

    def render(self, expense_form, claim_form):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(
            claim=self.claim, expenses=list(self.claim.expenses.all()), expense_form=expense_form,
            claim_form=claim_form, payment=format_money(services.involvement_payment(self.claim.activity)[1])))


def receipt_download(request, pk):
    """A receipt, only to staff who may see claims: streamed from private storage, never a public address."""
    if not permissions.can_view_claims(request.user):
        raise PermissionDenied
    line = get_object_or_404(ExpenseLine.objects.select_related("claim"), pk=pk)
    if not line.receipt:
        raise Http404("No receipt")
    try:
        handle = line.receipt.open("rb")
    except FileNotFoundError:
        raise Http404("The receipt file is missing") from None
    audit(request.user, AuditLogEntry.Action.VIEW, line.claim.email or line.claim.phone,
          source=Claim._meta.label_lower, id=line.claim_id, receipt=line.pk)
    response = FileResponse(handle, as_attachment=True, filename=line.receipt_name or "receipt")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class FinanceExportView(ClaimsPage, View):
    """The month's approved claims: a printable summary, the CSV, and marking them paid."""

    template_name = "involvement/admin/finance_export.html"
    page_title = "Finance export"
    header_icon = "download"
    permission_check = staticmethod(permissions.can_export_claims)

    def month(self):
        return _month(self.request.GET.get("month") or self.request.POST.get("month")) or (
            timezone.localdate().replace(day=1))

    def get(self, request):
        month = self.month()
        report = services.finance_report(month)
        if request.GET.get("format") == "csv":
            audit(request.user, AuditLogEntry.Action.EXPORT, "", source="involvement finance export",
                  month=f"{month:%Y-%m}", claims=len(report["rows"]))
            response = HttpResponse(csv_bytes(services.finance_rows(report)), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="involvement-claims-{month:%Y-%m}.csv"'
            response["Cache-Control"] = "no-store"
            return response
        context = self.get_context_data(report=report, month=month, month_value=f"{month:%Y-%m}",
                                        to_pay=[row for row in report["rows"]
                                                if row["claim"].status == Claim.Status.APPROVED])
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        month = self.month()
        report = services.finance_report(month)
        count = services.mark_paid([row["claim"] for row in report["rows"]], request.user)
        messages.success(request, f"{count} claim{'s' if count != 1 else ''} marked paid.")
        return redirect(f"{request.path}?month={month:%Y-%m}")


def _month(value):
    try:
        return datetime.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        return None


class ClaimMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_claims(request.user)


class ClaimViewSet(ModelViewSet):
    model = Claim
    name = "involvement-claims"
    icon = "tag"
    menu_label = "Claims"
    menu_order = 100
    menu_item_class = ClaimMenuItem
    index_view_class = ClaimIndexView
    inspect_view_class = ClaimDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = ClaimFilterSet
    ordering = "-submitted_at"
    list_per_page = 50
    list_display = [
        "name",
        Column("activity", label="Activity", accessor=lambda c: str(c.activity)),
        Column("total", label="Total", accessor=lambda c: format_money(c.total)),
        Column("declined", label="Payment", accessor=lambda c: "Declined" if c.payment_declined else ""),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("flags", label="Flags", accessor=lambda c: ", ".join(c.flag_labels())),
        DateColumn("submitted_at", label="Sent", sort_key="submitted_at"),
    ]
    actions = ("approve", "return", "reject", "paid")

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None, history_url_name=None,
                           usage_url_name=None, copy_url_name=None)
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(finance_url_name=self.get_url_name("finance"),
                                             add_claim_url_name=self.get_url_name("add_claim"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            action_url_names={name: self.get_url_name(name) for name in self.actions},
            receipt_url_name=self.get_url_name("receipt"), enter_url_name=self.get_url_name("enter"), **kwargs)

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        detail = self.get_url_name("inspect")
        index = self.get_url_name("index")
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("receipt/<int:pk>/", receipt_download, name="receipt"),
            path("finance/", FinanceExportView.as_view(index_url_name=index), name="finance"),
            path("add/", AddClaimView.as_view(index_url_name=index, enter_url_name=self.get_url_name("enter")),
                 name="add_claim"),
            path("<int:pk>/enter/", EnterClaimView.as_view(index_url_name=index, detail_url_name=detail),
                 name="enter"),
            path("<int:pk>/approve/", ApproveView.as_view(detail_url_name=detail), name="approve"),
            path("<int:pk>/paid/", MarkPaidView.as_view(detail_url_name=detail), name="paid"),
            path("<int:pk>/return/", ReturnView.as_view(index_url_name=index, detail_url_name=detail), name="return"),
            path("<int:pk>/reject/", RejectView.as_view(index_url_name=index, detail_url_name=detail), name="reject"),
        ]


class ActivityViewSet(ModelViewSet):
    model = Activity
    icon = "date"
    menu_label = "Activities"
    menu_order = 200
    copy_view_enabled = False
    list_display = ["title", "date", Column("level", label="Level"), Column("kind", accessor="get_kind_display",
                                                                             label="Kind")]
    list_filter = ["kind", "level"]
    form_fields = ["title", "kind", "event", "exercise", "level", "date", "units", "locality", "paid_by"]


class LevelViewSet(ModelViewSet):
    model = InvolvementLevel
    icon = "list-ul"
    menu_label = "Involvement levels"
    menu_order = 300
    copy_view_enabled = False
    list_display = ["name", Column("payment_unit", accessor="get_payment_unit_display", label="Payment"),
                    "pays_expenses"]
    form_fields = ["name", "description", "payment_unit", "pays_expenses", "sort_order"]


class RateViewSet(ModelViewSet):
    model = PaymentRate
    icon = "tag"
    menu_label = "Payment rates"
    menu_order = 400
    copy_view_enabled = False
    list_display = [Column("level", label="Level"),
                    Column("amount", label="Rate", accessor=lambda rate: format_money(rate.amount)),
                    "valid_from"]
    list_filter = ["level"]
    form_fields = ["level", "amount", "valid_from"]


class MileageRateViewSet(ModelViewSet):
    model = MileageRate
    icon = "site"
    menu_label = "Mileage rates"
    menu_order = 500
    copy_view_enabled = False
    list_display = [Column("amount", label="Rate per mile", accessor=lambda rate: format_money(rate.amount)),
                    "valid_from"]
    form_fields = ["amount", "valid_from"]


class InvolvementViewSetGroup(ModelViewSetGroup):
    menu_label = "Involvement payments"
    menu_icon = "tag"
    menu_order = 260
    items = (ClaimViewSet, ActivityViewSet, LevelViewSet, RateViewSet, MileageRateViewSet)
