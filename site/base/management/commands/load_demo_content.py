from django.conf import settings
from django.core.management.base import BaseCommand

from base.demo.loader import load_demo_content
from base.demo.users import DEMO_PASSWORD, DemoUsersRefused, load_demo_users


class Command(BaseCommand):
    help = (
        "Create or update the Walsall Together demo pages, footer links and (not in production) "
        "demo staff accounts. Safe to run again: unchanged pages are not republished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Only load the pages, not the demo accounts.")
        parser.add_argument("--overwrite", action="store_true",
                            help="Also reset pages that staff have edited in the admin (kept by default).")

    def handle(self, *args, no_users=False, overwrite=False, **options):
        report = load_demo_content(overwrite=overwrite)
        kept = f", {len(report.kept)} kept as edited by staff" if report.kept else ""
        self.stdout.write(
            f"Pages: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged{kept} ({len(report.status)} in all)."
        )
        for key in report.created + report.updated + report.kept:
            self.stdout.write(f"  {report.status[key]}: /{key}")
        site = report.site
        self.stdout.write(f"Site: {site.site_name} at {site.root_url}/ (default site, answers on any host).")
        self.stdout.write(f"Footer links: {', '.join(report.footer_links)}.")
        for line in report.app_lines:
            self.stdout.write(line)

        if no_users:
            self.stdout.write("Demo users: skipped (--no-users).")
            return
        try:
            users = load_demo_users()
        except DemoUsersRefused:
            production = getattr(settings, "PRODUCTION", True)
            self.stdout.write(self.style.WARNING(
                "Demo users: skipped. This is a production site (PRODUCTION="
                f"{production}), so no demo accounts with a known password are created."
            ))
            return
        for email, created in users:
            self.stdout.write(f"  {'created' if created else 'updated'}: {email}")
        self.stdout.write(f"Demo users: {len(users)} ready. Password for all: {DEMO_PASSWORD}")
