"""What an operator relies on: the README's commands, production checks, static files."""
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from gunicorn.app.base import Application
from gunicorn.config import Config

from tests.conftest import dev_env

# Runs the real commands on SQLite databases of its own, whatever DATABASE_URL says (see pytest.ini).
pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, timeout=900, **kwargs):
    # The test settings allow Playwright's event loop; a real deployment never does.
    clean = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=timeout, **kwargs,
    )


def production_env(tmp_path):
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "walsalltogether.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
        "ANYMAIL_WEBHOOK_SECRET": "postmark:" + secrets.token_urlsafe(20),
    }


def test_readme_opens_with_the_two_commands_and_make_has_them():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^\s*(make \w+)\s*$", readme.split("## ")[0] + readme, flags=re.M)
    assert commands[:2] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, flags=re.M)
    assert re.search(r"^test:", makefile, flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "postgres://postgres@127.0.0.1:5432/test" in ci


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_bounce_reports_cannot_reach_us(tmp_path):
    env = production_env(tmp_path)
    del env["ANYMAIL_WEBHOOK_SECRET"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "mailer.W001" in result.stderr + result.stdout
    assert "ANYMAIL_WEBHOOK_SECRET is not set" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    env["SECRET_KEY"] = ""
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_collectstatic_with_hashed_compressed_storage(tmp_path):
    result = manage("collectstatic", "--noinput", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    static = tmp_path / "static"
    css = list((static / "wagtailnhsukfrontend" / "css").glob("nhsuk-frontend-10.4.2.min.*.css"))
    assert css, "hashed NHS.UK CSS was not written"
    (site_css,) = (static / "css").glob("walsall-together.[0-9a-f]*[0-9a-f].css")
    for compressed in (site_css.with_name(site_css.name + ".gz"), site_css.with_name(site_css.name + ".br")):
        assert compressed.exists(), f"{compressed.name} was not written"
        assert 0 < compressed.stat().st_size < site_css.stat().st_size
    served = manage("shell", "-c", (
        "from django.test import Client; from django.templatetags.static import static;"
        "r = Client().get(static('css/walsall-together.css'), HTTP_HOST='walsalltogether.example',"
        " HTTP_ACCEPT_ENCODING='gzip, br', secure=True);"
        "print(r.status_code, r['Content-Encoding'], r['Cache-Control'])"
    ), env=production_env(tmp_path))
    status, encoding, cache_control = served.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (status, encoding) == ("200", "br"), served.stdout + served.stderr
    assert "immutable" in cache_control and "max-age=315360000" in cache_control  # hashed: cached for good


def test_set_up_is_idempotent(tmp_path, demo_var):
    """`make run` migrates and loads the demo content every time it starts: a second start adds
    nothing. (`demo_var` is the first start, `migrate` and `load_demo_content` from nothing with
    these settings, asserting both succeed; shared with the demo server's tests.)"""
    demo_var(tmp_path)

    def counts():
        with closing(sqlite3.connect(tmp_path / "db.sqlite3")) as database:
            return [database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    for table in ("wagtailcore_page", "wagtailcore_revision", "auth_user")]

    first = counts()
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        result = manage(*command, env=dev_env(tmp_path))
        assert result.returncode == 0, result.stdout + result.stderr
    assert counts() == first and first[0] > 20 and first[2] > 0


def test_the_demo_runs_with_debug_off_unless_asked_and_still_serves_static_files_and_media(tmp_path):
    """`make run` shows residents the production pages; `DEBUG=true make run` is the opt-in."""
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "photo.png").write_bytes(b"\x89PNG not really")
    script = (
        "from django.conf import settings; from django.test import Client;"
        "from django.templatetags.static import static; c = Client(HTTP_HOST='127.0.0.1');"
        "print(settings.DEBUG, c.get(static('css/walsall-together.css')).status_code,"
        " c.get('/media/images/photo.png').status_code)"
    )
    result = manage("shell", "-c", script, env=dev_env(tmp_path, DEBUG=""))
    assert result.stdout.split()[-3:] == ["False", "200", "200"], result.stdout + result.stderr
    result = manage("shell", "-c", script, env=dev_env(tmp_path, DEBUG="true"))
    assert result.stdout.split()[-3:] == ["True", "200", "200"], result.stdout + result.stderr


def readme_start_up_commands():
    """The `manage.py` commands of the README's production start-up block, before the servers."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Running in production", 1)[1].split("```", 2)[1]
    commands = [line.split("manage.py", 1)[1].split("#")[0].split() for line in block.splitlines()
                if line.startswith(".venv/bin/python manage.py") and "db_worker" not in line
                and "run_periodic_tasks" not in line]
    assert [command[0] for command in commands] == ["migrate", "collectstatic", "check"]
    return commands


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory, migrated_sqlite):
    """A database `migrate` has set up once, copied for each test that needs one."""
    folder = tmp_path_factory.mktemp("migrated")
    migrated_sqlite(folder / "prod.sqlite3")  # set up by `migrate` with the development settings
    result = manage("migrate", "--noinput", env=production_env(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "prod.sqlite3"


@pytest.mark.xdist_group("migrated_database")  # one test process migrates it for all three
@pytest.mark.parametrize("https", [True, False], ids=["https", "plain-http-on-a-private-network"])
def test_the_readmes_start_up_sequence_runs_as_written(tmp_path, https, migrated_database):
    shutil.copy(migrated_database, tmp_path / "prod.sqlite3")  # `migrate` below: a new release's
    env = production_env(tmp_path)
    if not https:
        env["SECURE_SSL_REDIRECT"] = "false"  # as the README documents for a private network
    for command in readme_start_up_commands():
        result = manage(*command, env=env)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    if not https:
        assert "operations.I001" in result.stdout + result.stderr  # check --deploy explains plain HTTP


@pytest.mark.xdist_group("migrated_database")
def test_forms_work_over_plain_http_when_the_site_is_not_redirected_to_https(tmp_path, migrated_database):
    """Browsers never send Secure cookies over HTTP: with SECURE_SSL_REDIRECT=false the CSRF and
    session cookies are not Secure, so a form posted over plain HTTP is accepted."""
    shutil.copy(migrated_database, tmp_path / "prod.sqlite3")
    env = {**production_env(tmp_path), "SECURE_SSL_REDIRECT": "false"}
    result = manage("shell", "-c", (
        # plain static file names: this test runs no collectstatic for the hashed ones
        "from django.conf import settings; from django.test.utils import override_settings;"
        "override_settings(STORAGES={**settings.STORAGES, 'staticfiles':"
        " {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable();"
        "import re; from django.test import Client;"
        "c = Client(enforce_csrf_checks=True, HTTP_HOST='walsalltogether.example');"
        "form = c.get('/accounts/login/'); cookie = form.cookies['csrftoken'];"
        "token = re.search(r'name=.csrfmiddlewaretoken. value=.([^\\x22]+)', form.content.decode()).group(1);"
        "r = c.post('/accounts/login/', {'csrfmiddlewaretoken': token,"
        " 'login': 'someone@example.org', 'password': 'wrong-password'});"
        "print(form.status_code, repr(cookie['secure']), r.status_code)"
    ), env=env)
    assert result.stdout.split()[-3:] == ["200", "''", "200"], result.stdout + result.stderr
    https = manage("shell", "-c", "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE,"
                   " settings.CSRF_COOKIE_SECURE)", env=production_env(tmp_path))
    assert https.stdout.split()[-2:] == ["True", "True"]


def test_gunicorn_runs_from_its_configuration_file_preloaded_and_replacing_workers_rarely():
    """The README and the benchmarks start gunicorn with site/config/gunicorn.py, and gunicorn
    itself reads from it: workers forked from a loaded, warmed-up master; each replaced after
    about 10,000 requests (not every few seconds under load), at staggered times; no control socket
    (gunicorn 27 opens one at a single path per user: two gunicorns on one host would share it)."""
    readme = (ROOT / "README.md").read_text()
    [command] = re.findall(r"^\.venv/bin/gunicorn (?:.*\\\n)*.*$", readme, flags=re.M)
    assert command == ".venv/bin/gunicorn --config site/config/gunicorn.py"
    for bench in ("load.py", "events_booking.py"):
        assert 'ROOT / "site" / "config" / "gunicorn.py"' in (ROOT / "bench" / bench).read_text()
    reader = Application.__new__(Application)  # gunicorn's own reading of a configuration file
    reader.cfg = Config()
    reader.load_config_from_file(str(ROOT / "site" / "config" / "gunicorn.py"))
    config = reader.cfg
    assert config.wsgi_app == "config.wsgi:application"
    assert config.preload_app is True and config.control_socket_disable is True
    assert (config.max_requests, config.max_requests_jitter) == (10000, 1000)
    assert config.timeout == 30 and config.forwarded_allow_ips == ["*"]
    assert config.when_ready.__module__ == "__config__"  # the warm-up before forking, not gunicorn's no-op


def test_the_warm_up_before_forking_compiles_the_templates_and_leaves_no_connection_open(tmp_path):
    env = {**production_env(tmp_path), "LOG_LEVEL": "INFO", "LOG_FORMAT": "plain"}
    result = manage("shell", "-c", (
        "from django.db import connection; from django.template import engines\n"
        "from config.warm_up import warm_up\n"
        "warm_up()\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "print(len(loader.get_template_cache), connection.connection is None)"
    ), env=env)
    compiled, closed = result.stdout.split()[-2:]
    assert int(compiled) > 200 and closed == "True", result.stdout + result.stderr


def test_production_serves_public_media_from_local_disk(tmp_path):
    """One machine, no web server in front: the newsletter's image, and a video that seeks."""
    env = production_env(tmp_path)
    media = tmp_path / "var" / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "newsletter-october-2020.png").write_bytes(b"\x89PNG picture")
    result = manage("shell", "-c", (
        "from django.test import Client; c = Client(HTTP_HOST='walsalltogether.example');"
        "r = c.get('/media/original_images/newsletter-october-2020.png', secure=True);"
        "p = c.get('/media/original_images/newsletter-october-2020.png', HTTP_RANGE='bytes=0-3', secure=True);"
        "print(r.status_code, r['Content-Type'], p.status_code, p['Content-Range'])"
    ), env=env)
    assert result.stdout.split()[-5:] == ["200", "image/png", "206", "bytes", "0-3/12"], result.stdout + result.stderr
