"""The Comms team's newsletter screens in the Wagtail admin: mailing lists, subscribers (with
the CSV import) and campaigns (send an issue by e-mail: preview, test, send or schedule,
cancel, and the progress report). Wired up in wagtail_hooks.py.

Every rule is in subscriptions.py, imports.py and campaigns.py; these views check permissions,
show and hand over.
"""
import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, ProtectedError, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from base.admin_views import ListAndInspectViewSet
from base.add_page import AddPageViewSet, add_page_url
from base.admin_columns import YesNoColumn
from base.languages import english_name
from base.spreadsheets import csv_download, read_csv_text
from privacy.models import AuditLogEntry
from privacy.services import audit

from . import campaigns, imports, links
from .forms import AskApproverForm, CampaignForm, ImportForm, TestSendForm
from .models import MailingList, NewsletterCampaign, NewsletterIssuePage, Subscriber, Subscription
from .permissions import PermissionRequiredMixin, can_import_subscribers, can_send_campaigns, can_view_campaigns

# Mailing lists ---------------------------------------------------------------------------------


class MailingListIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(
            subscriber_count=Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.SUBSCRIBED,
                                                            subscriptions__subscriber__confirmed_at__isnull=False)))


class MailingListDeleteView(DeleteView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, "Newsletters have been sent to this list, so it cannot be deleted. "
                                         "Untick 'Show on the sign-up form' to close it to new sign-ups.")
            return redirect(self.get_success_url())


class MailingListViewSet(ModelViewSet):
    model = MailingList
    name = "mailing-lists"
    icon = "list-ul"
    menu_label = "Mailing lists"
    menu_order = 100
    index_view_class = MailingListIndexView
    delete_view_class = MailingListDeleteView
    copy_view_enabled = False
    form_fields = ["name", "slug", "description", "is_public", "sort_order"]
    list_display = [
        "name", "slug", YesNoColumn("is_public", label="On the sign-up form"),
        Column("subscriber_count", label="Confirmed subscribers", sort_key="subscriber_count"),
    ]


# Subscribers -----------------------------------------------------------------------------------


class SubscriberFilterSet(WagtailFilterSet):
    mailing_list = django_filters.ModelChoiceFilter(
        label="Subscribed to", queryset=MailingList.objects.all(), method="filter_list", empty_label="Any list")
    confirmed = django_filters.BooleanFilter(
        label="Confirmed", field_name="confirmed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Subscriber
        fields = ["mailing_list", "confirmed"]

    def filter_list(self, queryset, name, value):
        return queryset.filter(subscriptions__mailing_list=value,
                               subscriptions__status=Subscription.Status.SUBSCRIBED)


class SubscriberIndexView(IndexView):
    page_title = "Newsletter subscribers"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(
            list_count=Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.SUBSCRIBED)))

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import_subscribers(self.request.user):
            buttons.append(HeaderButton("Import from CSV", url=reverse("newsletter-subscribers:import"),
                                        icon_name="upload"))
        return buttons


class SubscriberInspectView(InspectView):
    """One subscriber and their lists. Recorded in the audit log."""

    template_name = "newsletters/admin/subscriber_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit(request.user, AuditLogEntry.Action.VIEW, self.object.email,
              source=Subscriber._meta.label_lower, id=self.object.pk)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscriptions=self.object.subscriptions.select_related("mailing_list", "consent"),
            language_name=english_name(self.object.language), **kwargs)


class ImportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload a CSV file: the good rows are imported; the skipped ones are listed, with why, and
    can be downloaded to correct."""

    template_name = "newsletters/admin/import.html"
    page_title = "Import subscribers"
    header_icon = "upload"
    permission_check = staticmethod(can_import_subscribers)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("newsletter-subscribers:index"), "label": "Newsletter subscribers"},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = imports.import_subscribers(form.cleaned_data["file"].read())
            except imports.ImportFailed as failure:
                form.add_error("file", " ".join(f"Line {line}: {message}" for line, message in failure.errors))
            else:
                if not report.skipped:
                    messages.success(request, _import_message(report))
                    return redirect("newsletter-subscribers:index")
                return self.render_to_response(self.get_context_data(
                    form=ImportForm(), report=report, summary=_import_message(report),
                    skipped_csv=imports.skipped_csv(report.skipped)))
        return self.render_to_response(self.get_context_data(form=form, error_form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=imports.COLUMNS, bases=Subscription.ConsentBasis.choices,
            lists=MailingList.objects.all(), **kwargs)


class ImportTemplateView(PermissionRequiredMixin, View):
    """GET: an example CSV file to fill in."""

    permission_check = staticmethod(can_import_subscribers)

    def get(self, request):
        return csv_download(imports.template_rows(), "subscribers-template.csv")


class SkippedRowsView(PermissionRequiredMixin, View):
    """POST: the rows an import just skipped, sent back as a file to correct. The rows travel in
    the form (nothing about them is stored on the server), so they are written again here, every
    cell made safe, whatever was posted."""

    permission_check = staticmethod(can_import_subscribers)

    def post(self, request):
        return csv_download(read_csv_text(request.POST.get("skipped", "")), "subscribers-skipped.csv")


def _import_message(report):
    parts = [f"Imported {report.rows} row{'s' if report.rows != 1 else ''}: {report.new_subscribers} new "
             f"subscriber{'s' if report.new_subscribers != 1 else ''}, {report.subscriptions_added} subscription"
             f"{'s' if report.subscriptions_added != 1 else ''} added."]
    if report.merged:
        parts.append(f"{report.merged} line{'s' if report.merged != 1 else ''} merged with another line for "
                     f"the same address.")
    if report.already_subscribed:
        parts.append(f"{report.already_subscribed} already subscribed.")
    if report.already_waiting:
        parts.append(f"{report.already_waiting} already asked to confirm (not e-mailed again).")
    if report.kept_unsubscribed:
        parts.append(f"{report.kept_unsubscribed} not added because the person had unsubscribed.")
    if report.confirmation_emails:
        parts.append(f"{report.confirmation_emails} asked by e-mail to confirm.")
    return " ".join(parts)


class SubscriberViewSet(ListAndInspectViewSet):
    model = Subscriber
    name = "newsletter-subscribers"
    icon = "user"
    menu_label = "Subscribers"
    menu_order = 200
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_path = "inspect/<str:pk>/"  # Wagtail's, as subscribers' pages have always been
    filterset_class = SubscriberFilterSet
    form_fields = ["email", "name"]  # required by ModelViewSet; its add and edit views are not routed
    search_fields = ["email", "name"]
    ordering = "email"
    list_per_page = 50
    list_display = [
        "email", "name",
        YesNoColumn("is_confirmed", label="Confirmed"),
        Column("language", label="Language", accessor=lambda s: english_name(s.language), sort_key="language"),
        Column("list_count", label="Lists", sort_key="list_count"),
        DateColumn("created_at", label="Added", sort_key="created_at"),
    ]

    def get_extra_urlpatterns(self):
        # Subscribers come from the sign-up form and the import (adding one by hand would skip
        # consent), and leave by unsubscribing, erasure (Personal data) or retention.
        return [
            path("import/", ImportView.as_view(), name="import"),
            path("import/template.csv", ImportTemplateView.as_view(), name="import_template"),
            path("import/skipped.csv", SkippedRowsView.as_view(), name="import_skipped"),
        ]


# Campaigns ----------------------------------------------------------------------------------


class CampaignAdminMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    header_icon = "mail"

    def campaign_breadcrumbs(self, *items):
        return self.breadcrumbs_items + [{"url": reverse("newsletter-campaigns:index"), "label": "Campaigns"},
                                         *items]

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_send=can_send_campaigns(self.request.user), **kwargs)


class CampaignListView(CampaignAdminMixin, TemplateView):
    template_name = "newsletters/admin/campaign_list.html"
    page_title = "Newsletter campaigns"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Campaigns"}]

    @property
    def header_buttons(self):
        write_url = add_page_url(NewsletterIssuePage, self.request.user)
        return [HeaderButton("Write a new issue", url=write_url, icon_name="plus")] if write_url else []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaigns=NewsletterCampaign.objects.select_related("issue", "mailing_list", "created_by")[:200],
            # Only published issues can be sent: drafts (and autosaved new pages) are not offered.
            issues=NewsletterIssuePage.objects.live().order_by("-date")[:12], **kwargs)


class IssueCampaignView(CampaignAdminMixin, TemplateView):
    """Send one issue by e-mail: its campaigns so far, a preview, a test to yourself, and
    (for Comms approvers) send now or schedule, after a confirm step that says how many people
    get it; others ask an approver."""

    template_name = "newsletters/admin/issue_campaign.html"
    confirm_template_name = "newsletters/admin/campaign_confirm.html"
    page_title = "Send by e-mail"

    def dispatch(self, request, *args, **kwargs):
        self.issue = get_object_or_404(NewsletterIssuePage, pk=kwargs["issue_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.issue.title

    def get_breadcrumbs_items(self):
        return self.campaign_breadcrumbs({"url": "", "label": self.issue.title})

    def get(self, request, *args, **kwargs):
        initial = {"mailing_list": MailingList.objects.first()}
        return self.render_to_response(self.get_context_data(
            form=CampaignForm(initial=initial), test_form=TestSendForm(initial=initial),
            ask_form=AskApproverForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        if not can_send_campaigns(request.user):
            raise PermissionDenied
        form = CampaignForm(request.POST)
        if form.is_valid() and not form.cleaned_data["confirmed"]:
            return self.render_confirm(form)
        if form.is_valid():
            try:
                campaign = campaigns.send_campaign(self.issue, form.cleaned_data["mailing_list"], user=request.user,
                                                   send_at=form.cleaned_data["send_at"])
            except campaigns.CampaignError as error:
                form.add_error(None, str(error))
            else:
                if campaign.status == NewsletterCampaign.Status.SCHEDULED:
                    when = timezone.localtime(campaign.scheduled_for).strftime("%-d %B %Y at %H:%M")
                    messages.success(request, f"Scheduled to go to {campaign.mailing_list.name} on {when}.")
                else:
                    messages.success(request, f"Sending to {campaign.mailing_list.name}.")
                return redirect("newsletter-campaigns:report", campaign.pk)
        return self.render_to_response(self.get_context_data(
            form=form, test_form=TestSendForm(initial={"mailing_list": request.POST.get("send-mailing_list")}),
            ask_form=AskApproverForm()))

    def render_confirm(self, form):
        """The confirm step: what will happen, with the choices carried in hidden fields."""
        mailing_list = form.cleaned_data["mailing_list"]
        self.page_title = "Send this newsletter?"
        return TemplateResponse(self.request, self.confirm_template_name, self.get_context_data(
            form=form, mailing_list=mailing_list, recipients=campaigns.recipient_count(mailing_list),
            send_at=form.cleaned_data["send_at"]))

    def get_context_data(self, **kwargs):
        lists = list(MailingList.objects.all())
        form = kwargs.get("form")
        return super().get_context_data(
            issue=self.issue, campaigns=campaigns.campaigns_for(self.issue), lists=lists,
            list_counts=[(ml, campaigns.recipient_count(ml)) for ml in lists],
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.issue.pk]),
            preview_list=lists[0] if lists else None,
            error_form=form if form is not None and form.errors else None, **kwargs)


class TestSendView(PermissionRequiredMixin, View):
    """POST: the issue as an e-mail, to the member of staff who asks."""

    def post(self, request, issue_id):
        issue = get_object_or_404(NewsletterIssuePage, pk=issue_id)
        form = TestSendForm(request.POST)
        if not form.is_valid() or not request.user.email:
            messages.error(request, "Choose a list. Your account needs an e-mail address to get a test.")
        elif campaigns.send_test(issue, form.cleaned_data["mailing_list"], request.user.email):
            messages.success(request, f"A test e-mail is on its way to {request.user.email}.")
        else:
            messages.error(request, f"{request.user.email} is on the suppression list, so it gets no newsletters.")
        return redirect("newsletter-campaigns:issue", issue.pk)


class AskApproverView(PermissionRequiredMixin, View):
    """POST: a member of the Comms team who may not send asks the Comms approvers to."""

    def post(self, request, issue_id):
        issue = get_object_or_404(NewsletterIssuePage, pk=issue_id)
        form = AskApproverForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the list it should go to.")
            return redirect("newsletter-campaigns:issue", issue.pk)
        url = links.absolute(reverse("newsletter-campaigns:issue", args=[issue.pk]))
        asked = campaigns.ask_approvers(issue, form.cleaned_data["mailing_list"], requested_by=request.user,
                                        note=form.cleaned_data["note"], url=url)
        if asked:
            messages.success(request, f"We have e-mailed {asked} Comms approver{'s' if asked != 1 else ''} "
                                      f"asking them to send it to {form.cleaned_data['mailing_list'].name}.")
        else:
            messages.error(request, "There is no Comms approver to ask. Ask an administrator to add one.")
        return redirect("newsletter-campaigns:issue", issue.pk)


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PreviewView(PermissionRequiredMixin, View):
    """The e-mail as subscribers of a list would get it: HTML (shown in a frame) or ?format=text."""

    def get(self, request, issue_id):
        issue = get_object_or_404(NewsletterIssuePage, pk=issue_id)
        mailing_list = get_object_or_404(MailingList, pk=request.GET.get("list") or 0) if request.GET.get(
            "list") else MailingList.objects.first()
        if mailing_list is None:
            return HttpResponse("Add a mailing list first.", content_type="text/plain; charset=utf-8")
        rendered = campaigns.preview(issue, mailing_list)
        if request.GET.get("format") == "text":
            return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
        return HttpResponse(rendered.html)


class CampaignReportView(CampaignAdminMixin, TemplateView):
    """Progress while sending (the page refreshes itself), then the report."""

    template_name = "newsletters/admin/campaign_report.html"
    page_title = "Campaign"
    refresh_seconds = 5

    def dispatch(self, request, *args, **kwargs):
        self.campaign = get_object_or_404(
            NewsletterCampaign.objects.select_related("issue", "mailing_list", "created_by"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.campaign.issue.title} to {self.campaign.mailing_list.name}"

    def get_breadcrumbs_items(self):
        return self.campaign_breadcrumbs(
            {"url": reverse("newsletter-campaigns:issue", args=[self.campaign.issue_id]),
             "label": self.campaign.issue.title},
            {"url": "", "label": self.campaign.mailing_list.name},
        )

    def get_template_names(self):
        # ?progress: only the progress region, which the page fetches every few seconds while
        # sending (without JavaScript, the page says to reload it).
        if "progress" in self.request.GET:
            return ["newsletters/admin/_campaign_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        progress = campaigns.report(self.campaign)
        refresh = self.campaign.status == NewsletterCampaign.Status.SENDING
        return super().get_context_data(campaign=self.campaign, progress=progress, refresh=refresh,
                                        refresh_seconds=self.refresh_seconds,
                                        progress_url=f"{self.request.path}?progress", **kwargs)


class CancelCampaignView(PermissionRequiredMixin, View):
    permission_check = staticmethod(can_send_campaigns)

    def post(self, request, pk):
        campaign = get_object_or_404(NewsletterCampaign, pk=pk)
        try:
            campaigns.cancel_campaign(campaign, user=request.user)
        except campaigns.CampaignError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The scheduled send is cancelled. Nothing was sent.")
        return redirect("newsletter-campaigns:report", campaign.pk)


class CampaignMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_campaigns(request.user)


class CampaignViewSet(ViewSet):
    name = "newsletter-campaigns"
    icon = "mail"
    menu_label = "Campaigns"
    menu_order = 300
    menu_item_class = CampaignMenuItem

    def get_urlpatterns(self):
        return [
            path("", CampaignListView.as_view(), name="index"),
            path("issue/<int:issue_id>/", IssueCampaignView.as_view(), name="issue"),
            path("issue/<int:issue_id>/test/", TestSendView.as_view(), name="test"),
            path("issue/<int:issue_id>/ask/", AskApproverView.as_view(), name="ask"),
            path("issue/<int:issue_id>/preview/", PreviewView.as_view(), name="preview"),
            path("<int:pk>/", CampaignReportView.as_view(), name="report"),
            path("<int:pk>/cancel/", CancelCampaignView.as_view(), name="cancel"),
        ]


class WriteIssueViewSet(AddPageViewSet):
    name = "write-newsletter"
    page_class = NewsletterIssuePage
    icon = "plus"
    menu_label = "Write a new issue"
    menu_order = 50


class NewslettersViewSetGroup(ViewSetGroup):
    menu_label = "Newsletters"
    menu_name = "newsletters"
    menu_icon = "mail"
    menu_order = 260
    items = (WriteIssueViewSet, CampaignViewSet, MailingListViewSet, SubscriberViewSet)
