"""Load benchmark of the public pages through the production server, with and without the
front cache (Varnish) and the app's own page cache, in one run.

    .venv/bin/python bench/load.py [--duration 10] [--connections 16] [--workers N] [--rate 20]
                                   [--max-requests 10000] [--no-preload]
                                   [--postgres-url postgres://postgres@127.0.0.1:5432]
                                   [--redis-url redis://127.0.0.1:6379/5] [--database-prefix bench_load]

Creates a database of its own (`<--database-prefix>_<random>`, by default `bench_load_<random>`, dropped at the end: a run never touches
another run's database), migrates it, loads the demo content and collects the static files,
then starts two gunicorns with the production settings (DEBUG off, hashed and compressed static
files through whitenoise, Redis cache under a key prefix of its own, persistent database
connections) on free ports of 127.0.0.1, with `--workers` sync workers each (2 x cores + 1 by
default, as the README says): one with the page cache on and FRONT_CACHE_SECONDS set, with
Varnish (deploy/varnish/default.vcl, Debian package `varnish`) in front of it, and one with the
page cache off. Only SECURE_SSL_REDIRECT is turned off, because the benchmark speaks plain HTTP.

It then drives them with wrk (Debian package `wrk`) and prints, for each page in PAGES,
requests per second and p50/p95/p99 latency:

1. front cache: the page through Varnish (fetched once first, so wrk measures hits);
2. app cache: the page from gunicorn with the page cache (hits);
3. uncached: the page from the gunicorn without it (every request builds the page);

each measured between two runs of the same static file from the same server (Varnish's own copy
for 1, whitenoise for 2 and 3), right before and right after, so a busy moment on the shared
machine shows in both; then uncached pages at a fixed rate (default 20 requests per second,
spread over the pages, scheduled whatever the answers, so a slow answer cannot hide the queue
behind it): p50/p95/p99.

Goals on 2 cores: pages through the front cache at least 10 x the app's static-file rate and
80% of Varnish's own static-file rate; pages from the app cache at least half the app's
static-file rate; uncached p95 under 150 ms at 20 requests per second; zero errors. wrk and the
servers share the 2 cores, so the figures are lower than on a separate load generator.

A page that answers 404 (for example a page type not built yet) is skipped with a note; add new
pages to PAGES.

gunicorn runs as the README's production command does, with `site/config/gunicorn.py` (preloaded
and warmed up, `--max-requests 10000`); only the workers, address and these two differ on demand.
`--no-preload` and `--max-requests 1000` show what those choices are worth: without preloading,
a new worker loads the whole site itself, and replaced every 1,000 requests at wrk's rates every
worker restarts every few seconds, which shows as multi-second p95/p99.
"""
import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "site" / "config" / "gunicorn.py"
sys.path.insert(0, str(ROOT))

from deploy.varnish.local import free_port, running_varnish, varnishd  # noqa: E402

# (name, path) of the pages measured, from the demo content.
PAGES = [
    ("home", "/"),
    ("listing", "/publications/highlight-reports/"),
    ("highlight report", "/publications/highlight-reports/november-2020/"),
    ("event", "/get-involved/events/respiratory-workshop/"),
    ("you said we did", "/get-involved/have-your-say/you-said-we-did/"),
]
KINDS = ("front cache", "app cache", "uncached")

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server where the benchmark may create (and drop) a database of its own")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5",
                        help="a Redis database (the run's keys have a prefix of their own)")
    parser.add_argument("--database-prefix", default="bench_load",
                        help="the run's database is named this, an underscore and a random part")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per measurement")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--rate", type=float, default=20, help="requests per second for the fixed-rate run")
    parser.add_argument("--rate-seconds", type=int, default=30, help="length of the fixed-rate run")
    parser.add_argument("--max-requests", type=int, default=10000,
                        help="gunicorn restarts a worker after this many requests (0: never)")
    parser.add_argument("--no-preload", dest="preload", action="store_false",
                        help="without gunicorn --preload: each worker loads the site itself")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (Debian package)")
    if not varnishd():
        sys.exit("varnishd is not installed: apt-get install varnish (Debian package)")
    run = f"{args.database_prefix}_{secrets.token_hex(4)}"
    database_url = f"{args.postgres_url.rstrip('/')}/{run}"
    workdir = Path(tempfile.mkdtemp(prefix="wt-bench-load-"))
    cached_port, uncached_port = free_port(), free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{cached_port}",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": run,
        "VAR_DIR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    create_database(args.postgres_url, run)
    try:
        prepare(env)
        print(f"servers: 2 gunicorns, {args.workers} sync workers each{' (preloaded)' if args.preload else ''}, "
              f"restarted after {args.max_requests or 'no'} requests, production settings, PostgreSQL "
              f"({run}), Redis; Varnish (deploy/varnish/default.vcl) in front of the one with the page "
              f"cache; wrk {args.connections} connections, {args.duration} s per measurement; "
              f"{os.cpu_count()} cores shared with wrk\n")
        with (server(args, cached_port, {**env, "PAGE_CACHE_SECONDS": "300", "FRONT_CACHE_SECONDS": "3600"}) as app,
              server(args, uncached_port, {**env, "PAGE_CACHE_SECONDS": "0"}) as uncached_app,
              running_varnish(app) as front):
            pages = available_pages(app)
            static = static_file(app)
            bases = {"front cache": front, "app cache": app, "uncached": uncached_app}
            for base in bases.values():
                warm(base, [static] + [path for _, path in pages], args.workers)
            for kind in ("front cache", "app cache"):
                for _, path in pages:
                    check_cached(kind, bases[kind] + path)
            static_base = {"front cache": front, "app cache": app, "uncached": app}
            results = {}
            for name, path in pages:  # each kind of each page, between two static-file runs
                for kind in KINDS:
                    before = wrk(static_base[kind] + static, args)
                    figures = wrk(bases[kind] + path, args)
                    after = wrk(static_base[kind] + static, args)
                    figures["static"] = (before["rps"] + after["rps"]) / 2
                    figures["static_errors"] = before["errors"] + after["errors"]
                    results[name, kind] = figures
            app_static = statistics.mean(results[name, kind]["static"] for name, _ in pages
                                         for kind in ("app cache", "uncached"))
            paced = fixed_rate(uncached_app, pages, args.rate, args.rate_seconds)
        report(pages, results, app_static, paced, args)
    finally:
        drop_database(args.postgres_url, run)
        shutil.rmtree(workdir, ignore_errors=True)


# Setting up ------------------------------------------------------------------------------------


def prepare(env):
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["load_demo_content"]):
        result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def create_database(server_url, name):
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server_url, name):
    """This run's own database (its name has a random part), never another's."""
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class server:
    """gunicorn with the production settings, as the README runs it, for a `with` block."""

    def __init__(self, args, port, env):
        self.args, self.port, self.env = args, port, env

    def __enter__(self):
        self.process = subprocess.Popen(
            # as the README's production command runs it, from its configuration file
            [str(ROOT / ".venv/bin/gunicorn"), "--config", str(gunicorn_config(self.args, Path(self.env["VAR_DIR"]))),
             "--workers", str(self.args.workers), "--bind", f"127.0.0.1:{self.port}",
             "--max-requests", str(self.args.max_requests),
             "--max-requests-jitter", str(self.args.max_requests // 10),
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )
        # Every worker loads the URL configuration (and the admin) on its first request: send a
        # few requests so the workers are ready before anything is measured.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with ThreadPoolExecutor(max_workers=self.args.workers * 2) as pool:
                    list(pool.map(lambda _: requests.get(f"http://127.0.0.1:{self.port}/robots.txt",
                                                         timeout=60), range(self.args.workers * 4)))
                return f"http://127.0.0.1:{self.port}"
            except requests.ConnectionError:
                time.sleep(0.3)
            except requests.RequestException:
                break
        self.__exit__()
        sys.exit("the server did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def gunicorn_config(args, folder):
    """The site's gunicorn configuration; with --no-preload, a copy that only changes that."""
    if args.preload:
        return GUNICORN_CONFIG
    config = folder / "gunicorn-no-preload.py"
    config.write_text(f"import runpy\nglobals().update(runpy.run_path({str(GUNICORN_CONFIG)!r}))\n"
                      "preload_app = False\n")
    return config


def available_pages(base):
    pages = []
    for name, path in PAGES:
        status = requests.get(base + path, timeout=120).status_code
        if status == 200:
            pages.append((name, path))
        else:
            print(f"note: skipping {name} ({path}): it answers {status}")
    return pages


def static_file(base):
    """The site's stylesheet, by its hashed name, as the pages link to it."""
    html = requests.get(base + "/", timeout=30).text
    return re.search(r'href="(/static/css/walsall-together\.[0-9a-f]+\.css)"', html).group(1)


def warm(base, paths, workers):
    """Every worker builds every page once (its first request of a page compiles templates),
    so the runs measure a server in its steady state."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for path in paths:
            list(pool.map(lambda _: requests.get(base + path, timeout=120), range(workers * 3)))


def check_cached(kind, url):
    """The page is served from the cache being measured (Varnish: X-Cache; the app: X-Page-Cache)."""
    headers = requests.get(url, timeout=120).headers
    state = headers.get("X-Cache") if kind == "front cache" else headers.get("X-Page-Cache")
    if state != "hit":
        print(f"note: {url} is not served from the {kind} ({state})")


# Measuring -------------------------------------------------------------------------------------


def wrk(url, args):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        result = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s", script.name, url],
            capture_output=True, text=True, check=True,
        )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def fixed_rate(base, pages, rate, seconds):
    """Requests sent on a fixed schedule (open loop), each page in turn; latency counts from the
    moment a request was due, so time spent waiting for a free connection is included."""
    total = int(rate * seconds)
    latencies, errors, lock = [], [], threading.Lock()
    local = threading.local()

    def send(number, due):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        name, path = pages[number % len(pages)]
        try:
            ok = session.get(base + path, timeout=30).status_code == 200
        except requests.RequestException:
            ok = False
        with lock:
            latencies.append(time.perf_counter() - due)
            if not ok:
                errors.append(name)

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=64) as pool:
        for number in range(total):
            due = start + number / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            pool.submit(send, number, due)
    latencies.sort()
    return {"requests": total, "errors": len(errors), "p50": percentile(latencies, 50) * 1000,
            "p95": percentile(latencies, 95) * 1000, "p99": percentile(latencies, 99) * 1000,
            "mean": statistics.mean(latencies) * 1000}


def percentile(values, pct):
    return values[min(len(values) - 1, round(pct / 100 * (len(values) - 1)))]


# Reporting -------------------------------------------------------------------------------------


def report(pages, results, app_static, paced, args):
    print(f"{'':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  "
          f"{'static req/s around it':>22}  share")
    for kind in KINDS:
        for name, _ in pages:
            figures = results[name, kind]
            print(f"{kind + ': ' + name:<30} {figures['rps']:>8.0f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
                  f"{figures['p99']:>8.1f} {figures['errors']:>7d}  {figures['static']:>22.0f}  "
                  f"{figures['rps'] / figures['static']:.0%}")
    print(f"\nuncached at a fixed {args.rate:g} requests per second for {args.rate_seconds} s, over the "
          f"{len(pages)} pages in turn: p50 {paced['p50']:.1f} ms, p95 {paced['p95']:.1f} ms, "
          f"p99 {paced['p99']:.1f} ms, {paced['errors']} errors of {paced['requests']} requests")

    front = [results[name, "front cache"] for name, _ in pages]
    app = [results[name, "app cache"] for name, _ in pages]
    times_app_static = min(figures["rps"] for figures in front) / app_static
    front_share = min(figures["rps"] / figures["static"] for figures in front)
    app_share = min(figures["rps"] / figures["static"] for figures in app)
    errors = sum(figures["errors"] + figures["static_errors"] for figures in results.values()) + paced["errors"]
    print("\ngoals:")
    print(f"  front cache pages at least 10 x the app's static-file rate ({app_static:.0f} req/s): lowest "
          f"{times_app_static:.1f} x {'(met)' if times_app_static >= 10 else '(NOT met)'}")
    print(f"  front cache pages at least 80% of Varnish's own static-file rate: lowest {front_share:.0%} "
          f"{'(met)' if front_share >= 0.8 else '(NOT met)'}")
    print(f"  app cache pages at least half the app's static-file rate: lowest {app_share:.0%} "
          f"{'(met)' if app_share >= 0.5 else '(NOT met)'}")
    print(f"  uncached p95 under 150 ms at {args.rate:g} requests per second: {paced['p95']:.1f} ms "
          f"{'(met)' if paced['p95'] < 150 else '(NOT met)'}")
    print(f"  zero errors: {errors} {'(met)' if errors == 0 else '(NOT met)'}")


if __name__ == "__main__":
    main()
