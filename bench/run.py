"""`make bench`: throughput and latency of the real stack, printed, never asserted.

For each database (a fresh SQLite file; PostgreSQL + Redis too when
BENCH_DATABASE_URL / BENCH_REDIS_URL are given) and each size (10, then
10,000 posts made by `seed_demo`):

* SQL queries per page, counted in-process (bench/queries.py);
* gunicorn from gunicorn.conf.py with 2 workers, page cache on, then off
  (DJANGO_PAGE_CACHE=0), loaded by Debian's `wrk` from a second process:
  requests/s, p50 and p99 for `/`, the seed post, a tag page, `/archive/` and
  a search, each with its ratio to a static file (the ceiling) loaded for
  half as long right before it; pages that answer 404 print n/a;
* at the largest size, a stress run: 64 connections cycling through those
  pages, non-2xx responses and socket errors reported.

Environment: BENCH_DURATION (s per matrix cell, default 5),
BENCH_STRESS_DURATION (default 30), BENCH_CONNECTIONS (matrix, default 16),
BENCH_STRESS_CONNECTIONS (default 64), BENCH_SIZES (default "10,10000"),
BENCH_DATABASE_URL, BENCH_REDIS_URL.
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
PAIR_DURATION = max(1, DURATION // 2)
STRESS_DURATION = int(os.environ.get("BENCH_STRESS_DURATION", "30"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
STRESS_CONNECTIONS = int(os.environ.get("BENCH_STRESS_CONNECTIONS", "64"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,10000").split(",")]
PAGES = ["static", "home", "post", "tag", "archive", "search"]
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def manage(env, *args):
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Gunicorn:
    """gunicorn from gunicorn.conf.py with 2 workers on a free port."""

    def __init__(self, env, page_cache, log):
        self.env = {
            **env,
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": "2",
            "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
        }
        self.base = f"http://127.0.0.1:{self.env['PORT']}"
        self.log = log

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                if fetch(self.base + "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        self.process.kill()
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def parse_latency(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS[unit]


def wrk(url, connections, duration, paths=None):
    """Run wrk; returns requests/s, p50/p99 (ms), requests, non-2xx/3xx, socket errors."""
    args = ["wrk", "-t2" if connections > 16 else "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    env = dict(os.environ)
    if paths:
        args[1:1] = ["-s", str(ROOT / "bench" / "mix.lua")]
        env["BENCH_PATHS"] = " ".join(paths)
    out = subprocess.run(args, capture_output=True, text=True, env=env).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["p50"] = parse_latency(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    result["p99"] = parse_latency(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(map(int, sock.groups())) if sock else 0
    return result


def static_path(base):
    _status, body = fetch(base + "/")
    found = re.search(rb'href="(/static/[^"]+\.css)"', body)
    return found.group(1).decode() if found else "/static/css/blog.css"


def quote(path):
    return urllib.parse.quote(path, safe="/?=&")


def bench_backend(name, env, tmp):
    print(f"\n## {name}", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput")
    log = open(tmp / "gunicorn.log", "a")
    rows, queries, stress = [], {}, []
    posts = int(manage(env, "shell", "-c", "from blog.models import Post; print(Post.objects.count())").split()[-1])
    for size in SIZES:
        if size > posts:
            started = time.monotonic()
            print("  " + manage(env, "seed_demo", str(size - posts), "--random-seed", str(size)).strip(), flush=True)
            print(f"  (seed_demo wall time {time.monotonic() - started:.1f} s)")
            posts = size
        info = json.loads(
            subprocess.run([PY, "bench/queries.py"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        queries[size] = info["queries"]
        for cached in (True, False):
            with Gunicorn(env, cached, log) as server:
                paths = {"static": static_path(server.base), **{k: quote(v) for k, v in info["urls"].items()}}
                available = {}
                for page in PAGES:
                    for _ in range(3):  # warm up (and fill the cache)
                        status = fetch(server.base + paths[page])[0]
                    available[page] = status == 200
                wrk(server.base + paths["static"], CONNECTIONS, 1)  # let both workers settle
                session = "cached" if cached else "uncached"
                for page in PAGES:
                    result = None
                    if available[page]:
                        # The static file again right before each page: other load on the
                        # machine shifts both alike, so the ratio stays meaningful.
                        static = wrk(server.base + paths["static"], CONNECTIONS, PAIR_DURATION)
                        result = wrk(server.base + paths[page], CONNECTIONS, DURATION)
                        result["static_rps"] = static["rps"] if page != "static" else result["rps"]
                    rows.append(
                        {
                            "size": size,
                            "page": page,
                            "path": paths[page],
                            "session": session,
                            "mode": "-" if page == "static" else session,
                            **(result or {"na": True}),
                        }
                    )
                    print("  " + format_row(rows[-1], rows), flush=True)
                if size == SIZES[-1]:
                    mix = [paths[p] for p in PAGES if available[p] and p != "static"]
                    result = wrk(server.base + "/", STRESS_CONNECTIONS, STRESS_DURATION, paths=mix)
                    stress.append({"mode": "cached" if cached else "uncached", "paths": mix, **result})
                    print(f"  stress {stress[-1]['mode']}: {result}", flush=True)
    log.close()
    return {"rows": rows, "queries": queries, "stress": stress}


def ratio(row, rows):
    return row["rps"] / row["static_rps"] if "rps" in row else None


def format_row(row, rows):
    if row.get("na"):
        return f"{row['size']:>6}  {row['page']:<8} {row['mode']:<9} n/a (404)  {row['path']}"
    return (
        f"{row['size']:>6}  {row['page']:<8} {row['mode']:<9} {row['rps']:>8.0f}  {row['p50']:>7.2f}  "
        f"{row['p99']:>7.2f}  {row['static_rps']:>8.0f}  {ratio(row, rows):>6.2f}x  {row['non2xx']:>6}  "
        f"{row['socket_errors']:>6}"
    )


def verdict(ok):
    return "n/a " if ok is None else ("PASS" if ok else "MISS")


def find(rows, size, page, mode):
    return next(
        (r for r in rows if r["size"] == size and r["page"] == page and r["mode"] == mode and not r.get("na")), None
    )


def report(name, result):
    rows, queries, stress = result["rows"], result["queries"], result["stress"]
    small, large = SIZES[0], SIZES[-1]
    print(f"\n### {name}: wrk {CONNECTIONS} connections, {DURATION} s per cell; latency in ms")
    print(
        f"{'posts':>6}  {'page':<8} {'mode':<9} {'req/s':>8}  {'p50':>7}  {'p99':>7}  {'static/s':>8}  "
        f"{'ratio':>7}  {'non2xx':>6}  {'sockerr':>6}"
    )
    for row in rows:
        print(format_row(row, rows))
    print("\nSQL queries per page (in-process, page cache off):")
    print(f"{'page':<8} " + " ".join(f"{size:>7}" for size in SIZES))
    for page in PAGES[1:]:
        counts = [queries[size].get(page) for size in SIZES]
        print(f"{page:<8} " + " ".join(f"{'n/a' if c is None else c:>7}" for c in counts))
    for run in stress:
        print(
            f"\nStress ({run['mode']}): {STRESS_CONNECTIONS} connections, {STRESS_DURATION} s, "
            f"cycling {len(run['paths'])} pages: {run['rps']:.0f} req/s, p50 {run['p50']:.2f} ms, "
            f"p99 {run['p99']:.2f} ms, {run['requests']} requests, {run['non2xx']} non-2xx, "
            f"{run['socket_errors']} socket errors"
        )

    print("\nTargets:")
    for size in SIZES:
        for mode, floor in (("cached", 0.9), ("uncached", 0.4)):
            row = find(rows, size, "post", mode)
            value = ratio(row, rows) if row else None
            print(
                f"  [{verdict(None if value is None else value >= floor)}] {mode} post page at {size} posts "
                f">= {floor}x static: {'n/a' if value is None else f'{value:.2f}x'}"
            )
    for run in stress:
        ok = run["non2xx"] == 0 and run["socket_errors"] == 0
        print(
            f"  [{verdict(ok)}] {run['mode']} stress, {STRESS_CONNECTIONS} connections {STRESS_DURATION} s: "
            f"{run['non2xx']} non-2xx, {run['socket_errors']} socket errors"
        )
    for page in ("home", "tag", "archive"):
        for mode in ("uncached", "cached"):
            a, b = find(rows, small, page, mode), find(rows, large, page, mode)
            growth = b["p50"] / a["p50"] if a and b else None
            shown = "n/a (404)" if growth is None else f"{a['p50']:.2f} -> {b['p50']:.2f} ms ({growth:.2f}x)"
            print(
                f"  [{verdict(None if growth is None else growth <= 1.5)}] p50 of {page} ({mode}) at {large} "
                f"<= 1.5x at {small}: {shown}"
            )


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: sudo apt-get install -y wrk")
    print(
        f"# make bench, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, sizes {SIZES}"
    )
    backends = [("SQLite (file cache)", None, None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        backends.append(("PostgreSQL + Redis", os.environ["BENCH_DATABASE_URL"], os.environ.get("BENCH_REDIS_URL")))
    results = []
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as tmpdir:
        for index, (name, database_url, redis_url) in enumerate(backends):
            tmp = Path(tmpdir) / str(index)
            tmp.mkdir()
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")
            }
            env.update(
                DJANGO_SETTINGS_MODULE="config.settings",
                DJANGO_DEBUG="0",
                DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
                DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
                DATABASE_URL=database_url or f"sqlite:///{tmp / 'db.sqlite3'}",
                DJANGO_STATIC_ROOT=str(tmp / "static"),
                DJANGO_MEDIA_ROOT=str(tmp / "media"),
                DJANGO_CACHE_DIR=str(tmp / "cache"),
                DJANGO_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}",
            )
            if redis_url:
                env["REDIS_URL"] = redis_url
            results.append((name, bench_backend(name, env, tmp)))
        for name, result in results:
            report(name, result)
    weight = ROOT / "bench" / "page_weight.py"
    if weight.exists():
        print("\n## Page weight (bench/page_weight.py)", flush=True)
        subprocess.run([PY, str(weight)], cwd=ROOT)


if __name__ == "__main__":
    main()
