# The two commands for a fresh machine:  make run  and  make test  (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# One address everywhere: e-mailed links, the sitemap, robots.txt and feeds (the Wagtail Site
# record follows SITE_URL after every migrate), so `make run PORT=8080` links to port 8080.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL

.PHONY: run test setup install browser messages

run: setup
	@echo "Walsall Together on http://127.0.0.1:$(PORT)/ (e-mails are written to var/mail/). Ctrl+C stops everything."
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker --interval 1 & \
	$(BIN)/python manage.py run_periodic_tasks --loop & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One test process per core; tests marked xdist_group (a module-scoped set-up, e.g. the demo site)
# stay in one process. The slowest set-ups and tests are listed at the end, to keep CI fast.
test: install browser
	$(BIN)/python -m pytest --numprocesses=auto --dist loadgroup --durations=25

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
# The front-cache test runs Debian's Varnish in front of the site (it is skipped without it).
browser:
	@{ command -v chromium >/dev/null && [ -x /usr/sbin/varnishd ]; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium varnish; \
	  else echo "Install Debian's chromium and varnish packages (sudo apt-get install chromium varnish) for the browser and front-cache tests." >&2; \
	  command -v chromium >/dev/null || exit 1; fi; }

# The site's own words in every interface language: update locale/*/LC_MESSAGES/django.po from the
# code and templates, then compile them (.mo). Translators edit the .po files between the two:
# `make messages`, translate, `make messages` again; commit the .po and .mo files together.
messages: install
	$(BIN)/python manage.py update_translations
