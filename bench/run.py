"""`make bench`: throughput of the real stack, printed, never asserted.

For each stack (a fresh SQLite file with the diskcache page cache; PostgreSQL + Redis too when
BENCH_DATABASE_URL / BENCH_REDIS_URL are given), at BENCH_POSTS posts made by `seed_demo`:

* SQL queries per page, counted in-process (bench/queries.py);
* the seed post side by side, each loaded by Debian's `wrk`: nginx serving its HTML as a file
  (the ceiling), through Varnish (deploy/varnish/default.vcl) in front of gunicorn, from the
  page cache through gunicorn (2 workers, gunicorn.conf.py), and uncached (DJANGO_PAGE_CACHE=0);
  then the other pages cached and uncached;
* save under load: 50 URLs cycled by wrk for BENCH_MIX_DURATION seconds through the page cache,
  without saves, then while a post among them is saved every 2 s (bench/saver.py): the ratio
  of the two, and the share of hits during the saves;
* the cache down: REDIS_URL pointing at a port that refuses connections, then at a socket that
  accepts and never answers: requests/s of the post and of the 50 URLs, all served uncached.

Then which single-machine cache (bench/cache_backends.py), import_jekyll's speed
(bench/import_speed.py, BENCH_IMPORT_POSTS posts) and the page weight (bench/page_weight.py).

Environment: BENCH_DURATION (s per cell, default 5), BENCH_MIX_DURATION (default 10),
BENCH_CONNECTIONS (default 16), BENCH_POSTS (default 10000), BENCH_IMPORT_POSTS (default 2000),
BENCH_DATABASE_URL, BENCH_REDIS_URL.
"""

import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from servers import ROOT, Gunicorn, Nginx, Varnish, available, fetch, free_port, wrk

PY = sys.executable
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
MIX_DURATION = int(os.environ.get("BENCH_MIX_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
POSTS = int(os.environ.get("BENCH_POSTS", "10000"))
PAGES = ["home", "tag", "archive", "search"]


def manage(env, *args):
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def quote(path):
    return urllib.parse.quote(path, safe="/?=&")


def prepare(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput")
    have = int(manage(env, "shell", "-c", "from blog.models import Post; print(Post.objects.count())").split()[-1])
    if have < POSTS:
        started = time.monotonic()
        print("  " + manage(env, "seed_demo", str(POSTS - have), "--random-seed", "1").strip(), flush=True)
        print(f"  (seed_demo wall time {time.monotonic() - started:.1f} s)", flush=True)
    out = subprocess.run([PY, "bench/queries.py"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    info["paths"] = {name: quote(path) for name, path in info["urls"].items()}
    info["mix"] = [quote(path) for path in info["mix"]]
    return info


def warm(base, paths, times=3):
    for _ in range(times):
        for path in paths:
            fetch(base + path)


def cell(label, url, paths=None, duration=DURATION):
    result = wrk(url, CONNECTIONS, duration, paths=paths)
    print(f"    {label:<34} {result['rps']:>8.0f} req/s  p50 {result['p50']:>6.2f} ms  p99 {result['p99']:>7.2f} ms"
          f"  errors {result['non2xx'] + result['socket_errors']}", flush=True)  # fmt: skip
    return result


def side_by_side(env, tmp, log, info):
    """nginx file, Varnish, page cache, and the cached pages; then save under load."""
    post = info["paths"]["post"]
    varnish_port = free_port()
    found = {}
    with Gunicorn(env, log, DJANGO_VARNISH_PURGE_URLS=f"http://127.0.0.1:{varnish_port}/") as app:
        warm(app.base, [*info["paths"].values(), *info["mix"]])
        with Nginx({"post.html": fetch(app.base + post)[2]}) as nginx:
            found["nginx"] = cell("nginx, the post's HTML as a file", nginx.base + "/post.html")
        with Varnish(app.port, port=varnish_port) as varnish:  # up to the end: saves purge it
            warm(varnish.base, [post])
            found["varnish"] = cell("the post through Varnish", varnish.base + post)
            found["cached"] = cell("the post from the page cache", app.base + post)
            for page in PAGES:
                found[f"cached {page}"] = cell(f"{page} from the page cache", app.base + info["paths"][page])
            found.update(save_under_load(env, app, info, varnish_port))
    return found


def save_under_load(env, app, info, varnish_port):
    """Without saves, with, and again both: other work on the machine drifts, and alternating
    shares it between the two."""
    warm(app.base, info["mix"], times=2)
    runs = [(quiet_run(app, info), busy_run(env, app, info, varnish_port)) for _ in range(2)]
    quiet = {"rps": sum(q["rps"] for q, _b in runs) / 2, "p99": max(q["p99"] for q, _b in runs)}
    busy = {"rps": sum(b["rps"] for _q, b in runs) / 2, "p99": max(b["p99"] for _q, b in runs)}
    for name in ("hit", "stale", "miss", "none", "saves", "non2xx", "socket_errors"):
        busy[name] = sum(b[name] for _q, b in runs)
    served = busy["hit"] + busy["stale"] + busy["miss"] + busy["none"]
    busy["hit_ratio"] = (busy["hit"] + busy["stale"]) / served if served else 0.0
    print(f"    ({busy['saves']} saves; hits {busy['hit']}, stale {busy['stale']}, misses {busy['miss']}, "
          f"uncached {busy['none']}: hit ratio {busy['hit_ratio']:.1%})", flush=True)  # fmt: skip
    return {"quiet": quiet, "busy": busy}


def quiet_run(app, info):
    return cell("50 URLs, no saves", app.base + "/", paths=info["mix"], duration=MIX_DURATION)


def busy_run(env, app, info, varnish_port):
    # The editor's process starts (Django's import) before the load does, and saves from then on.
    start = time.time() + 4
    saver_env = {
        **env,
        "BENCH_SAVE_AT": str(start),
        "BENCH_SAVE_FOR": str(MIX_DURATION),
        "BENCH_SAVE_SLUGS": " ".join(info["slugs"]),
        "DJANGO_VARNISH_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
    }
    saver = subprocess.Popen([PY, "bench/saver.py"], cwd=ROOT, env=saver_env, stdout=subprocess.PIPE, text=True)
    time.sleep(max(0.0, start - time.time()))
    busy = cell("50 URLs, a save every 2 s", app.base + "/", paths=info["mix"], duration=MIX_DURATION)
    busy["saves"] = int(saver.communicate(timeout=60)[0].split()[-1])
    return busy


def uncached(env, log, info):
    found = {}
    with Gunicorn(env, log, DJANGO_PAGE_CACHE="0") as app:
        warm(app.base, info["paths"].values(), times=2)
        found["uncached"] = cell("the post uncached", app.base + info["paths"]["post"])
        for page in PAGES:
            found[f"uncached {page}"] = cell(f"{page} uncached", app.base + info["paths"][page])
    return found


def cache_down(env, log, info):
    """REDIS_URL at a refused port, then at a socket that never answers."""
    found = {}
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(1024)
    try:
        for label, port in (("refused", free_port()), ("hung", hung.getsockname()[1])):
            with Gunicorn({**env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, log) as app:
                warm(app.base, [info["paths"]["post"]], times=2)
                found[f"down {label}"] = cell(f"the post, cache {label}", app.base + info["paths"]["post"])
                found[f"down {label} mix"] = cell(f"50 URLs, cache {label}", app.base + "/", paths=info["mix"])
    finally:
        hung.close()
    return found


def bench_stack(name, env, tmp):
    print(f"\n## {name}, {POSTS} posts", flush=True)
    info = prepare(env)
    print("  SQL queries per page (page cache off): " + ", ".join(f"{k} {v}" for k, v in info["queries"].items()))
    with open(tmp / "gunicorn.log", "a") as log:
        found = side_by_side(env, tmp, log, info)
        found.update(uncached(env, log, info))
        found.update(cache_down(env, log, info))
    return found


def verdict(ok):
    return "PASS" if ok else "MISS"


def report(name, found):
    nginx, varnish, cached = found["nginx"]["rps"], found["varnish"]["rps"], found["cached"]["rps"]
    ratio = found["busy"]["rps"] / found["quiet"]["rps"]
    print(f"\n### {name}")
    print(f"  post: nginx file {nginx:.0f}/s, Varnish {varnish:.0f}/s ({varnish / nginx:.2f}x), page cache "
          f"{cached:.0f}/s ({cached / nginx:.2f}x), uncached {found['uncached']['rps']:.0f}/s "
          f"({found['uncached']['rps'] / nginx:.2f}x)")  # fmt: skip
    print(f"  50 URLs: {found['quiet']['rps']:.0f}/s without saves, {found['busy']['rps']:.0f}/s with a save every "
          f"2 s ({ratio:.2f}x; p99 {found['quiet']['p99']:.1f} -> {found['busy']['p99']:.1f} ms)")  # fmt: skip
    print(f"  cache down: post {found['down refused']['rps']:.0f}/s refused, {found['down hung']['rps']:.0f}/s hung;"
          f" 50 URLs {found['down refused mix']['rps']:.0f}/s, {found['down hung mix']['rps']:.0f}/s")  # fmt: skip
    errors = sum(result.get("non2xx", 0) + result.get("socket_errors", 0) for result in found.values())
    print(f"  [{verdict(varnish >= 0.5 * nginx)}] through Varnish >= 0.5x the nginx file: {varnish / nginx:.2f}x")
    print(f"  [{verdict(ratio >= 0.8)}] save under load >= 0.8x without saves: {ratio:.2f}x")
    print(f"  [{verdict(found['busy']['hit_ratio'] >= 0.95)}] hit ratio during it >= 95%: "
          f"{found['busy']['hit_ratio']:.1%}")  # fmt: skip
    print(f"  [{verdict(errors == 0)}] no error in any run (cache down included): {errors}")


def stack_env(tmp, database_url, redis_url):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")
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
        GUNICORN_LOG_LEVEL="warning",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def extras(env):
    for title, script, args in (
        ("Which single-machine cache (bench/cache_backends.py)", "cache_backends.py", []),
        ("import_jekyll (bench/import_speed.py)", "import_speed.py", [os.environ.get("BENCH_IMPORT_POSTS", "2000")]),
        ("Page weight (bench/page_weight.py)", "page_weight.py", []),
    ):
        print(f"\n## {title}", flush=True)
        subprocess.run([PY, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env)


def main():
    missing = [tool for tool in ("wrk", "nginx", "varnishd") if not available(tool)]
    if missing:
        sys.exit(f"Needed: {', '.join(missing)} (sudo apt-get install -y wrk nginx varnish varnish-modules)")
    print(f"# make bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}, wrk {CONNECTIONS} connections, "
          f"{DURATION} s per cell")  # fmt: skip
    stacks = [("SQLite + diskcache", None, None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        stacks.append(("PostgreSQL + Redis", os.environ["BENCH_DATABASE_URL"], os.environ.get("BENCH_REDIS_URL")))
    results = []
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as tmpdir:
        for index, (name, database_url, redis_url) in enumerate(stacks):
            tmp = Path(tmpdir) / str(index)
            tmp.mkdir()
            results.append((name, bench_stack(name, stack_env(tmp, database_url, redis_url), tmp)))
        for name, found in results:
            report(name, found)
    extras({**os.environ, "BENCH_REDIS_URL": os.environ.get("BENCH_REDIS_URL", "")})
    shutil.rmtree(ROOT / "bench" / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
