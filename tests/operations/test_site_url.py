"""One address everywhere: SITE_URL, which `make run PORT=...` sets from the port."""
import os
import stat
import subprocess

import pytest
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Site

from base.models import StandardPage
from tests.factories import make_page
from tests.test_deployment import ROOT


def test_make_run_on_another_port_gives_every_command_that_address(tmp_path):
    """Every command `make run` starts sees SITE_URL=http://127.0.0.1:8080 (a stand-in Python
    prints what it was given instead of running it)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    # runserver waits a moment, as the real one would, so the recipe's `kill 0` on its way out does
    # not stop the worker and scheduler before they have printed.
    python.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL $*"\ncase "$*" in *runserver*) sleep 3;; esac\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    (venv / ".installed").touch()  # newer than requirements.txt: nothing to install
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(["make", "--no-print-directory", "run", "PORT=8080", f"VENV={venv}"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60,
                            start_new_session=True)  # the recipe ends with `kill 0` on its own group
    commands = [line for line in result.stdout.splitlines() if line.startswith("SITE_URL=")]
    assert {line.split()[2] for line in commands} == {
        "migrate", "load_demo_content", "db_worker", "run_periodic_tasks", "runserver"}, result.stdout + result.stderr
    assert all(line.startswith("SITE_URL=http://127.0.0.1:8080 ") for line in commands)
    assert "runserver 127.0.0.1:8080" in result.stdout


@pytest.mark.django_db
def test_after_migrate_the_wagtail_site_and_every_absolute_address_use_site_url(client, home_page, settings):
    settings.SITE_URL = "http://127.0.0.1:8080"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what `migrate` ends with

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8080, "http://127.0.0.1:8080")
    about = make_page(home_page, StandardPage, title="About us", slug="about")
    assert about.full_url == "http://127.0.0.1:8080/about/"
    assert "<loc>http://127.0.0.1:8080/about/</loc>" in client.get("/sitemap.xml").content.decode()
    assert "Sitemap: http://127.0.0.1:8080/sitemap.xml" in client.get("/robots.txt").content.decode()


@pytest.mark.django_db
def test_a_site_staff_configured_at_that_address_is_left_alone(home_page, settings):
    settings.SITE_URL = "https://www.walsalltogether.example"
    Site.objects.create(hostname="www.walsalltogether.example", port=443, root_page=home_page)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Site.objects.get(is_default_site=True).hostname != "www.walsalltogether.example"
