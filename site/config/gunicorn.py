"""gunicorn's settings for the web servers: the README's production command and the benchmarks
start it with `--config site/config/gunicorn.py` (options on the command line win over these).

- The site is loaded once in the master process and every worker is forked from it
  (preload_app), after `config.warm_up` has compiled the templates and loaded the URLs and page
  classes: a new worker answers its first request as fast as its thousandth.
- Each worker is replaced after about 10,000 requests (max_requests, with up to 1,000 more at
  random so they are not all replaced at once) to give back memory it has grown. At 100 requests
  a second over 5 workers that is one replacement every few minutes, not every few seconds, and a
  replacement is a fork of the loaded master, not a new start.
- 2 x CPU cores + 1 sync workers, unless WEB_CONCURRENCY says otherwise; never more than the
  database and Redis accept connections for.
- `forwarded_allow_ips = "*"` trusts X-Forwarded-Proto from the load balancer in front: only the
  load balancer may reach gunicorn.
- No control socket: gunicorn's is one fixed path per user, which a second gunicorn on the same
  host (another site, a benchmark) would take over; nothing here uses it.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

wsgi_app = "config.wsgi:application"
pythonpath = f"{ROOT / 'site'},{ROOT}"
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"
timeout = 30
preload_app = True
max_requests = 10000
max_requests_jitter = 1000
forwarded_allow_ips = "*"
control_socket_disable = True


def when_ready(server):
    """In the master, once the site is loaded and before the first worker is forked."""
    if server.cfg.preload_app:
        from config.warm_up import warm_up

        warm_up()
