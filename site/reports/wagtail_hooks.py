"""Wiring only: reports are not copied in the admin (a copy would repeat the month, and
there is one report a month)."""
from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from .models import HighlightReportPage


@hooks.register("before_copy_page")
def refuse_to_copy_a_report(request, page):
    if page.specific_class is HighlightReportPage:
        messages.error(request, "A highlight report cannot be copied, because there is one report a month. "
                                "Add a new report for the month instead.")
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("home_page_sections")
def latest_report_section(home):
    from base.home import HomeSection

    from .services import latest_report

    if report := latest_report():
        return HomeSection("Latest highlight report", [report], report.get_parent().url, "All highlight reports",
                           order=40)
    return None
