"""`import_jekyll` speed: N generated Jekyll posts (Chinese and English, tags, code, a table)
into a fresh SQLite database (or BENCH_DATABASE_URL), printed as posts/s; with --profile, where
the time goes (cProfile, top functions by cumulative time).

    python bench/import_speed.py [N] [--profile]
"""

import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAGS = ["AI", "开源", "Python", "数据库", "缓存", "前端", "随笔", "Rust", "运维", "读书"]
PARAGRAPHS = [
    "开源不是慈善，而是一种更高效的协作方式。代码公开之后，问题被更多的人看见，也被更快地修复。",
    "A cache is a promise that an answer computed earlier is still true; invalidation keeps it.",
    "我们在周末重写了导入器，把每个文件放进它自己的事务里：失败的文件单独回滚，其余照常导入。",
    "Measure first. The slow part is rarely where you expect it, and never where it is easy to fix.",
]
BODY_EXTRA = """
## 代码

```python
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
```

| 名称 | 数量 |
| --- | --- |
| 文章 | 2000 |
"""


# The import in a child that reports its own CPU time and its workers' (those that read and
# render files ahead of it): on a shared machine wall time says as much about the other jobs.
MEASURED = """
import resource, sys, django
django.setup()
from django.core.management import call_command
call_command("import_jekyll", sys.argv[1], "--no-progress", verbosity=0)
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print("CPU", me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime)
"""


def write_site(folder, count, rng):
    posts = folder / "_posts"
    posts.mkdir(parents=True)
    start = 1_600_000_000
    for n in range(count):
        moment = time.gmtime(start + n * 3600 * 7)
        date = time.strftime("%Y-%m-%d", moment)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        body = "\n\n".join(rng.choice(PARAGRAPHS) for _ in range(rng.randint(3, 8))) + BODY_EXTRA
        text = (
            f"---\nlayout: post\ntitle: 文章 {n} Post {n}\nsubtitle: 副标题 {n}\n"
            f"date: {time.strftime('%Y-%m-%d %H:%M:%S', moment)} +0800\n"
            f"tags: [{', '.join(tags)}]\n---\n\n{body}\n"
        )
        (posts / f"{date}-post-{n}.md").write_text(text, encoding="utf-8")


def env_for(tmp):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("DATABASE_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp / "cache"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_CACHE_PREFIX=f"bench-import-{secrets.token_hex(4)}",
    )
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


def run(count, profile=False):
    with tempfile.TemporaryDirectory(prefix="blog-import-") as tmpdir:
        tmp = Path(tmpdir)
        write_site(tmp / "site", count, random.Random(count))
        env = env_for(tmp)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
        command = [sys.executable, "-c", MEASURED, str(tmp / "site")]
        if profile:
            command = [sys.executable, "-m", "cProfile", "-s", os.environ.get("BENCH_PROFILE_SORT", "cumulative"),
                       "manage.py", "import_jekyll", str(tmp / "site"), "--no-progress"]  # fmt: skip
        started = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        if result.returncode:
            sys.exit(f"import_jekyll failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        if profile:
            print("\n".join(result.stdout.splitlines()[:70]))
            return elapsed, None
        main_cpu, workers_cpu = (float(x) for x in result.stdout.split("CPU", 1)[1].split())
        return elapsed, (main_cpu, workers_cpu)


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    count = int(args[0]) if args else 2000
    elapsed, cpu = run(count, profile="--profile" in sys.argv)
    print(
        f"import_jekyll: {count} posts in {elapsed:.1f} s wall = {count / elapsed:.0f} posts/s (process start included)"
    )
    if cpu:
        main_cpu, workers_cpu = cpu
        # Saving runs in the importing process, reading and rendering in its workers at the same
        # time: on an otherwise idle machine the slower of the two sets the pace.
        print(
            f"  CPU: importing process {main_cpu:.1f} s ({main_cpu / count * 1000:.2f} ms/post), "
            f"its workers {workers_cpu:.1f} s; rate if the CPUs were ours alone: "
            f"{count / max(main_cpu, workers_cpu / max(1, min((os.cpu_count() or 1) - 1, 3))):.0f} posts/s"
        )


if __name__ == "__main__":
    main()
