"""Load benchmark of the public pages through the production server.

    .venv/bin/python bench/load.py [--duration 10] [--connections 16] [--workers N] [--rate 20]
                                   [--max-requests 10000] [--no-preload]
                                   [--database-url postgres://postgres@127.0.0.1:5432/bench_load]
                                   [--redis-url redis://127.0.0.1:6379/5] [--port 8105]

Creates (or re-creates) the benchmark database, migrates it, loads the demo content and collects
the static files, then starts gunicorn with the production settings (DEBUG off, hashed and
compressed static files through whitenoise, Redis cache, persistent database connections) on
127.0.0.1, with `--workers` sync workers (2 x cores + 1 by default, as the README says). Only
SECURE_SSL_REDIRECT is turned off, because the benchmark speaks plain HTTP.

It then drives the server with wrk (Debian package `wrk`) and prints, for each page in PAGES:

1. cached: requests per second and p50/p95/p99 latency with the page cache on (each page is
   fetched once first, so wrk measures hits);
2. uncached: the same with the page cache off (a second server started with
   PAGE_CACHE_SECONDS=0, so every request builds the page);
3. the ceiling: the same server returning a static file through whitenoise;
4. uncached at a fixed rate (default 20 requests per second, spread over the pages, scheduled
   whatever the answers, so a slow answer cannot hide the queue behind it): p50/p95/p99.

Goals on 2 cores: cached pages at least half the static-file ceiling; uncached p95 under 150 ms
at 20 requests per second; zero errors. wrk and the server share the 2 cores, so the figures are
lower than on a separate load generator.

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
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "site" / "config" / "gunicorn.py"

# (name, path) of the pages measured, from the demo content.
PAGES = [
    ("home", "/"),
    ("listing", "/publications/highlight-reports/"),
    ("highlight report", "/publications/highlight-reports/november-2020/"),
    ("event", "/get-involved/events/respiratory-workshop/"),
    ("you said we did", "/get-involved/have-your-say/you-said-we-did/"),
]

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
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_load",
                        help="a PostgreSQL database the benchmark may drop and re-create")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5", help="a Redis database it may empty")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
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
    workdir = Path(tempfile.mkdtemp(prefix="wt-bench-load-"))
    base = f"http://127.0.0.1:{args.port}"
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": base,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": args.redis_url,
        "VAR_DIR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    try:
        prepare(args, env)
        print(f"server: gunicorn, {args.workers} sync workers{' (preloaded)' if args.preload else ''}, "
              f"restarted after {args.max_requests or 'no'} requests, "
              f"production settings, PostgreSQL "
              f"({urlsplit(args.database_url).path.lstrip('/')}), Redis; wrk {args.connections} connections, "
              f"{args.duration} s per page; {os.cpu_count()} cores shared with wrk\n")
        with server(args, {**env, "PAGE_CACHE_SECONDS": "300"}):
            pages = available_pages(base)
            static = static_file(base)
            warm(base, [static] + [path for _, path in pages], args.workers)
            ceiling = wrk(base + static, args)
            cached = {}
            for name, path in pages:
                cached[name] = wrk(base + path, args)
                cached[name]["cache"] = cache_state(base + path)
        with server(args, {**env, "PAGE_CACHE_SECONDS": "0"}):
            warm(base, [path for _, path in pages], args.workers)
            uncached = {name: wrk(base + path, args) for name, path in pages}
            paced = fixed_rate(base, pages, args.rate, args.rate_seconds)
        report(pages, ceiling, static, cached, uncached, paced, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# Setting up ------------------------------------------------------------------------------------


def prepare(args, env):
    recreate_database(args.database_url)
    empty_redis(args.redis_url)
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["load_demo_content"]):
        result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"bench\w*", name):
        sys.exit(f"refusing to drop {name!r}: the benchmark database's name must start with 'bench'")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def empty_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class server:
    """gunicorn with the production settings, as the README runs it, for a `with` block."""

    def __init__(self, args, env):
        self.args, self.env = args, env

    def __enter__(self):
        empty_redis(self.env["REDIS_URL"])
        self.process = subprocess.Popen(
            # as the README's production command runs it, from its configuration file
            [str(ROOT / ".venv/bin/gunicorn"), "--config", str(gunicorn_config(self.args, Path(self.env["VAR_DIR"]))),
             "--workers", str(self.args.workers), "--bind", f"127.0.0.1:{self.args.port}",
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
                    list(pool.map(lambda _: requests.get(f"http://127.0.0.1:{self.args.port}/robots.txt",
                                                         timeout=60), range(self.args.workers * 4)))
                return self
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


def cache_state(url):
    state = requests.get(url, timeout=120).headers.get("X-Page-Cache", "-")
    if state != "hit":
        print(f"note: {url} is not served from the cache ({state})")
    return state


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


def report(pages, ceiling, static, cached, uncached, paced, args):
    def row(label, figures, extra=""):
        print(f"{label:<34} {figures['rps']:>8.0f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
              f"{figures['p99']:>8.1f} {figures['errors']:>7d}  {extra}")

    print(f"{'':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    row(f"static file (ceiling) {static.split('/')[-1][:12]}", ceiling)
    for name, _ in pages:
        share = cached[name]["rps"] / ceiling["rps"]
        row(f"cached: {name}", cached[name], f"{share:.0%} of ceiling ({cached[name]['cache']})")
    for name, _ in pages:
        row(f"uncached: {name}", uncached[name])
    print(f"\nuncached at a fixed {args.rate:g} requests per second for {args.rate_seconds} s, over the "
          f"{len(pages)} pages in turn: p50 {paced['p50']:.1f} ms, p95 {paced['p95']:.1f} ms, "
          f"p99 {paced['p99']:.1f} ms, {paced['errors']} errors of {paced['requests']} requests")

    lowest = min(cached[name]["rps"] / ceiling["rps"] for name, _ in pages)
    errors = sum(figures["errors"] for figures in [ceiling, *cached.values(), *uncached.values()]) + paced["errors"]
    print("\ngoals:")
    print(f"  cached pages at least half the static-file ceiling: lowest {lowest:.0%} "
          f"{'(met)' if lowest >= 0.5 else '(NOT met)'}")
    print(f"  uncached p95 under 150 ms at {args.rate:g} requests per second: {paced['p95']:.1f} ms "
          f"{'(met)' if paced['p95'] < 150 else '(NOT met)'}")
    print(f"  zero errors: {errors} {'(met)' if errors == 0 else '(NOT met)'}")


if __name__ == "__main__":
    main()
