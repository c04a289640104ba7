"""Staff privacy tools in the Wagtail admin: find, export and erase a person's data, and the
audit log of who did so. Wired up in wagtail_hooks.py as one "Personal data" menu group.

A person is found by an e-mail address or a phone number (privacy.people.Person). Every form is
POSTed, so neither ever appears in URLs, browser history or server logs.
"""
import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from . import exports, registry
from .readable import holdings
from .forms import EraseForm, ExportForm, PersonForm
from .models import AuditLogEntry
from .permissions import ManagePersonalDataRequiredMixin, can_manage_personal_data, can_view_audit_log
from .services import audit, email_digest, erase_person
from .subject_access import SubjectAccessRequestViewSet

#: Other apps add their personal-data admin (e.g. contact messages) to the "Personal data"
#: submenu by giving their viewset this `menu_hook`.
PERSONAL_DATA_MENU_HOOK = "register_personal_data_menu_item"


# Finding what we hold -------------------------------------------------------------------


def counts_of(results):
    return {result["key"]: result["count"] for result in results if result["count"]}


def describe_details(entry):
    """An audit entry's details for people: source labels instead of keys."""
    labels = {source.key: source.label for source in registry.sources()}
    parts = []
    for key, value in (entry.details or {}).items():
        label = labels.get(key) or capfirst(key.replace("_", " "))
        parts.append(f"{label}: {labels.get(value, value) if isinstance(value, str) else value}")
    return "; ".join(parts)


def _summary(counts):
    if not counts:
        return "nothing"
    labels = {source.key: source.label for source in registry.sources()}
    total = sum(counts.values())
    detail = ", ".join(f"{labels.get(key, key).lower()}: {count}" for key, count in counts.items())
    return f"{total} record{'s' if total != 1 else ''} ({detail})"


# Views -------------------------------------------------------------------------------------


class PersonalDataViewMixin(ManagePersonalDataRequiredMixin, WagtailAdminTemplateMixin):
    header_icon = "user"
    find_url_name = None
    export_url_name = None
    erase_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.find_url_name), "label": "Personal data"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            find_url=reverse(self.find_url_name),
            export_url=reverse(self.export_url_name),
            erase_url=reverse(self.erase_url_name),
        )
        return context


class FindView(PersonalDataViewMixin, TemplateView):
    """An address or phone number in, everything every registered source holds about that person
    out. Each search is logged."""

    template_name = "privacy/find.html"
    page_title = "Personal data"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PersonForm()))

    def post(self, request, *args, **kwargs):
        form = PersonForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            person = form.cleaned_data["person"]
            results = holdings(person)
            counts = counts_of(results)
            audit(request.user, AuditLogEntry.Action.SEARCH, person, **counts)
            context.update(
                person=person,
                subject_digest=email_digest(str(person)),
                audit_log_url=reverse("personal-data-audit-log:index"),
                results=results,
                total=sum(counts.values()),
                found_in=len(counts),
                searched=True,
            )
        return self.render_to_response(self.get_context_data(**context))


class ExportView(ManagePersonalDataRequiredMixin, View):
    """Download everything held about a person as JSON or CSV. Logged."""

    find_url_name = None

    def get(self, request, *args, **kwargs):
        return redirect(self.find_url_name)

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The export could not be made: find the person again.")
            return redirect(self.find_url_name)
        person, fmt = form.cleaned_data["person"], form.cleaned_data["format"]
        now = timezone.now()
        data = exports.export_data(person, now)
        audit(request.user, AuditLogEntry.Action.EXPORT, person, format=fmt, **exports.record_counts(data))
        if fmt == "html":
            return self.document(person, now)
        return exports.download(data, fmt, f"personal-data-{now:%Y%m%d-%H%M%S}")

    def document(self, person, now):
        """The same data as a page the person can read, printed or saved as a PDF by staff."""
        results = [result for result in holdings(person) if result["count"]]
        response = render(self.request, "privacy/export_document.html", {
            "person": person, "results": results, "exported_at": timezone.localtime(now),
            "contact_email": settings.CONTACT_EMAIL})
        response["Content-Disposition"] = f'inline; filename="personal-data-{now:%Y%m%d-%H%M%S}.html"'
        response["Cache-Control"] = "no-store"
        return response


class EraseView(PersonalDataViewMixin, TemplateView):
    """Erase everything held about a person, after the member of staff confirms. Logged."""

    template_name = "privacy/erase_confirm.html"
    page_title = "Erase personal data"
    header_icon = "bin"

    def get(self, request, *args, **kwargs):
        return redirect(self.find_url_name)

    def post(self, request, *args, **kwargs):
        if "confirming" in request.POST:
            form = EraseForm(request.POST)
            if form.is_valid():
                person = form.cleaned_data["person"]
                counts = erase_person(request.user, person)
                if counts:
                    messages.success(request, f"Erased {_summary(counts)} held about {person.masked()}.")
                else:
                    messages.warning(request, f"There was nothing to erase for {person.masked()}.")
                return redirect(self.find_url_name)
            person = form.cleaned_data.get("person")
        else:
            start = PersonForm(request.POST)
            person = start.cleaned_data["person"] if start.is_valid() else None
            form = EraseForm(initial={"person": person})
        if not person:
            messages.error(request, "Enter the e-mail address or phone number of the person whose data "
                                    "you want to erase.")
            return redirect(self.find_url_name)
        results = [result for result in holdings(person) if result["count"]]
        return self.render_to_response(self.get_context_data(
            form=form, person=person, results=results, total=sum(r["count"] for r in results),
        ))


class StaffFilter(django_filters.ModelChoiceFilter):
    """Members of staff who appear in the log, by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=self.staff_in_log, **kwargs)

    @staticmethod
    def staff_in_log(request):
        users = get_user_model().objects.filter(
            pk__in=AuditLogEntry.objects.exclude(actor=None).values("actor")).order_by("first_name", "last_name", "email")
        return users

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda user: user.get_full_name().strip() or user.email
        return field


class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(choices=AuditLogEntry.Action.choices, empty_label="Any action")
    actor = StaffFilter(label="Member of staff", empty_label="Anyone")
    created_at = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)
    # A person is chosen by the keyed hash of their address (from the Find page, or a log line),
    # never the address itself, so no one's address is put in a URL or a server log.
    subject = django_filters.CharFilter(field_name="subject_digest", label="Person", widget=forms.HiddenInput)

    class Meta:
        model = AuditLogEntry
        fields = ["action", "actor", "created_at", "subject"]


def actor_name(entry):
    """The member of staff's name when the account still exists and has one, else who was recorded."""
    name = entry.actor.get_full_name().strip() if entry.actor else ""
    return name or entry.actor_label


class SubjectColumn(Column):
    """Whose data, linking to every log line about the same person."""

    cell_template_name = "privacy/audit_subject_cell.html"


class AuditLogReportView(ReportView):
    """Read only. Looking at the log is not itself logged: it holds no addresses."""

    model = AuditLogEntry
    permission_required = "view"
    page_title = "Audit log"
    header_icon = "history"
    filterset_class = AuditLogFilterSet
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor")

    @cached_property
    def active_filters(self):
        """The person filter is a keyed hash: name the person as the log does (masked) instead."""
        return [self._named_person(active) if active.field_label == "Person" else active
                for active in super().active_filters]

    @staticmethod
    def _named_person(active):
        entry = AuditLogEntry.objects.filter(subject_digest=active.value).exclude(subject="").first()
        return active._replace(value=entry.subject if entry else "Someone no longer in the log")
    columns = [
        DateColumn("created_at", label="When", sort_key="created_at"),
        Column("actor_label", label="Who", sort_key="actor_label", accessor=actor_name),
        Column("action", label="Action", accessor="get_action_display", sort_key="action"),
        SubjectColumn("subject", label="Whose data"),
        Column("details", label="Details", accessor=describe_details),
    ]


# Viewsets and menu items ------------------------------------------------------------------


class ManagePersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_audit_log(request.user)


class PersonalDataViewSet(ViewSet):
    name = "personal-data"
    icon = "user"
    menu_label = "Find, export or erase"
    menu_name = "personal-data-find"
    menu_order = 100
    menu_item_class = ManagePersonalDataMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            find_url_name=self.get_url_name("find"),
            export_url_name=self.get_url_name("export"),
            erase_url_name=self.get_url_name("erase"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.construct_view(FindView), name="find"),
            path("export/", self.construct_view(ExportView), name="export"),
            path("erase/", self.construct_view(EraseView), name="erase"),
        ]


class AuditLogViewSet(ViewSet):
    name = "personal-data-audit-log"
    icon = "history"
    menu_label = "Audit log"
    menu_name = "personal-data-audit-log"
    menu_order = 300
    menu_item_class = AuditLogMenuItem

    def get_urlpatterns(self):
        kwargs = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", self.construct_view(AuditLogReportView, **kwargs), name="index"),
            path("results/", self.construct_view(AuditLogReportView, results_only=True, **kwargs),
                 name="index_results"),
        ]


class PersonalDataViewSetGroup(ViewSetGroup):
    """The "Personal data" menu: find/export/erase, contact messages (from base) and the audit log."""

    menu_label = "Personal data"
    menu_name = "personal-data"
    menu_icon = "lock"
    submenu_hook = PERSONAL_DATA_MENU_HOOK
    items = (PersonalDataViewSet, SubjectAccessRequestViewSet, AuditLogViewSet)
