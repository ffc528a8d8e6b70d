"""Run by bench/run.py beside the load: every BENCH_SAVE_EVERY seconds (default 2) an editor's
save of one of the posts the load reads (its body changes), through ``save_post`` like the admin,
for BENCH_SAVE_FOR seconds. Prints how many saves it made."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from blog.models import Post  # noqa: E402
from blog.writing.posts import save_post  # noqa: E402


def main():
    every = float(os.environ.get("BENCH_SAVE_EVERY", "2"))
    slugs = os.environ.get("BENCH_SAVE_SLUGS", "").split()
    posts = list(Post.objects.published().filter(slug__in=slugs)) or list(Post.objects.published()[:30])
    start = float(os.environ.get("BENCH_SAVE_AT", "0")) or time.time()
    time.sleep(max(0.0, start - time.time()))
    until = start + float(os.environ.get("BENCH_SAVE_FOR", "10"))
    saves = 0
    while time.time() < until:
        post = posts[saves % len(posts)]
        post.body += f"\n\nEdited while under load ({saves})."
        save_post(post)
        saves += 1
        time.sleep(max(0.0, start + saves * every - time.time()))
    print(f"SAVES {saves}")


if __name__ == "__main__":
    main()
