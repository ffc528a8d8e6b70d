#!/usr/bin/env python3
"""Render time per post, the Markdown pipeline before kramdown fidelity and now, in one run.

    .venv/bin/python bench/render.py [--posts FOLDER] [--rounds 5] [--old REV:PATH]

Bodies: the seed, the kramdown corpus (tests/content/kramdown_corpus/), and
the posts of FOLDER (front matter stripped) when given. The old pipeline is
the module at REV:PATH in git (default: the commit this work started from),
loaded beside the current one. Prints milliseconds per post (median of the
rounds) and new/old; the budget is at most 2x.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
BASELINE = "e59c52e:blog/markdown.py"


def load_old(spec):
    source = subprocess.run(["git", "-C", str(ROOT), "show", spec], capture_output=True, text=True, check=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(source)
    module_spec = importlib.util.spec_from_file_location("old_markdown", fh.name)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def per_post(render, bodies, rounds):
    """Median over rounds of the mean time to render one body, in ms."""
    for body in bodies:
        render(body)  # warm up (imports, lexers, cached instances)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for body in bodies:
            render(body)
        times.append((time.perf_counter() - start) / len(bodies) * 1000)
    return statistics.median(times)


def body_sets(posts):
    from jekyll.frontmatter import split_front_matter

    seed = (ROOT / "fixtures" / "seed" / "000_ea213a962918cc47.txt").read_text(encoding="utf-8")
    corpus = sorted((ROOT / "tests" / "content" / "kramdown_corpus").glob("*.md"))
    sets = {"seed": [split_front_matter(seed)[1]], "corpus": [p.read_text(encoding="utf-8") for p in corpus]}
    if posts:
        from kramdown_fidelity import read_posts

        sets[f"posts ({posts})"] = list(read_posts(posts).values())
    return sets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", help="a folder of Jekyll posts to time as well")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--old", default=BASELINE, help=f"git REV:PATH of the old pipeline (default {BASELINE})")
    args = parser.parse_args()
    # A post's whole render reads the site (includes, site.*) from the database: a scratch one.
    scratch = tempfile.mkdtemp(prefix="blog-bench-render-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/db.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    from blog.content import markdown

    call_command("migrate", verbosity=0)
    old = load_old(args.old)
    header = f"{'bodies':<24} {'n':>4} {'old ms':>8} {'Markdown':>9} {'ratio':>6} {'+Liquid':>8} {'ratio':>6}"
    print(header + "   (ms per post: the old pipeline, the new Markdown stage, a whole Post.render with Liquid)")
    for name, bodies in body_sets(args.posts).items():
        before = per_post(old.render, bodies, args.rounds)
        after = per_post(markdown.render, bodies, args.rounds)
        whole = per_post(post_render, bodies, args.rounds)
        print(
            f"{name[:24]:<24} {len(bodies):>4} {before:>8.2f} {after:>9.2f} {after / before:>6.2f}"
            f" {whole:>8.2f} {whole / before:>6.2f}"
        )


def post_render(body):
    """What saving an imported post renders: its Liquid, then Markdown, then the counts."""
    from blog.models import Post

    Post(title="Bench", slug="bench", body=body, liquid=True).render()


if __name__ == "__main__":
    main()
