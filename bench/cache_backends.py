"""Which single-machine cache: Django's file cache against diskcache's Django backend (and Redis
when BENCH_REDIS_URL is set), as the page cache uses them: a get of a stored page, a set of a
new one, and an incr, each timed with 300 and with 3,000 entries already stored (the file
cache culls at MAX_ENTRIES by listing its directory on every set). Prints µs per operation.

    python bench/cache_backends.py
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.cache.backends.filebased import FileBasedCache  # noqa: E402

from config.cachebackends import DiskCache, RedisCache  # noqa: E402

PAGE = b"<html>" + b"x" * 20_000 + b"</html>"
ROUNDS = 300


def timed(operation, rounds=ROUNDS):
    started = time.perf_counter()
    for n in range(rounds):
        operation(n)
    return (time.perf_counter() - started) / rounds * 1e6


def measure(cache, stored):
    cache.clear()
    for n in range(stored):
        cache.set(f"page:{n}", PAGE, 3600)
    cache.set("counter", 1, None)
    return {
        "get": timed(lambda n: cache.get(f"page:{n % stored}")),
        "set": timed(lambda n: cache.set(f"new:{stored}:{n}", PAGE, 3600)),
        "incr": timed(lambda n: cache.incr("counter")),
    }


def backends(tmp):
    yield "file cache (Django)", FileBasedCache(str(tmp / "file"), {"OPTIONS": {"MAX_ENTRIES": 5000}})
    yield "diskcache (chosen)", DiskCache(str(tmp / "disk"), {"SHARDS": 4, "OPTIONS": {"size_limit": 2**30}})
    if os.environ.get("BENCH_REDIS_URL"):
        yield "Redis", RedisCache(os.environ["BENCH_REDIS_URL"], {"KEY_PREFIX": "bench-backends"})


def main():
    tmp = Path(tempfile.mkdtemp(prefix="blog-bench-caches-"))
    try:
        print(f"{'backend':<22} {'entries':>7} {'get µs':>8} {'set µs':>8} {'incr µs':>8}")
        for name, cache in backends(tmp):
            for stored in (300, 3000):
                result = measure(cache, stored)
                print(f"{name:<22} {stored:>7} {result['get']:>8.0f} {result['set']:>8.0f} {result['incr']:>8.0f}")
            cache.clear()
        print("(The file cache's incr is a read and a write, not atomic across processes: the page cache's")
        print(" change counters need diskcache's or Redis's.)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
