"""What an operator relies on: the README's commands, production checks, static files."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, timeout=300, **kwargs):
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


def test_set_up_is_idempotent(tmp_path):
    """`make run` migrates and loads the demo content every time it starts."""
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    counts = []
    for _ in range(2):
        for command in (["migrate", "--noinput"], ["load_demo_content"]):
            result = manage(*command, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
        counted = manage("shell", "-c", "from wagtail.models import Page; from django.contrib.auth.models import User;"
                                        "print(Page.objects.count(), User.objects.count())", env=env)
        counts.append(counted.stdout.split()[-2:])
    assert counts[0] == counts[1] and int(counts[0][0]) > 20


def dev_env(tmp_path, **extra):
    return {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "", **extra}


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
    result = manage("shell", "-c", script, env=dev_env(tmp_path))
    assert result.stdout.split()[-3:] == ["False", "200", "200"], result.stdout + result.stderr
    result = manage("shell", "-c", script, env=dev_env(tmp_path, DEBUG="true"))
    assert result.stdout.split()[-3:] == ["True", "200", "200"], result.stdout + result.stderr
