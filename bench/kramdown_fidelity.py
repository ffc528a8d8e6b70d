#!/usr/bin/env python3
"""How close our rendering is to Jekyll's on real posts: figures, printed.

    .venv/bin/python bench/kramdown_fidelity.py FOLDER [--show N] [--config _config.yml]

FOLDER holds Jekyll posts (``.md``/``.markdown``, searched recursively, front
matter stripped). Every body is built once by the real ``jekyll build`` (Debian's
jekyll 4 with kramdown, a layout that prints ``{{ content }}``) and rendered by
our pipeline (blog.content.markdown.render), then compared as parsed trees
(tests/content/htmltree.py, whose ON_PURPOSE lists what is not compared).

Prints: posts compared, the share with the same element tree, the same
structure (with ids and author classes), the same text, and heading ids Jekyll
gives that our page lacks. --show N prints the first N differences; --old
REV:PATH measures an older pipeline (bench/render.py's baseline) the same way.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")


def read_posts(folder):
    from jekyll.errors import FrontMatterError
    from jekyll.frontmatter import split_front_matter

    posts = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() not in {".md", ".markdown", ".mkd", ".mkdn"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        try:
            _meta, body = split_front_matter(text)
        except FrontMatterError:
            body = text
        posts[str(path.relative_to(folder))] = body
    return posts


def compare_all(posts, built, render, options, show):
    """Counts of posts alike in each way; the first ``show`` differing posts are printed."""
    from tests.content import htmltree

    counts = {"posts": 0, "elements": 0, "structure": 0, "text": 0, "ids": 0, "heading_ids": 0, "missing_ids": 0}
    shown = 0
    for name, body in posts.items():
        if name not in built:
            continue
        result = htmltree.compare(render(body, options).html, built[name])
        counts["posts"] += 1
        counts["elements"] += result.same_elements
        counts["structure"] += result.same_structure
        counts["text"] += result.same_text
        counts["ids"] += not result.missing_ids
        counts["heading_ids"] += len(htmltree.heading_ids(result.theirs))
        counts["missing_ids"] += len(result.missing_ids)
        if shown < show and not result.same:
            shown += 1
            print(f"=== {name}  missing ids: {result.missing_ids}")
            print(htmltree.diff(result))
    return counts


def report(counts, total):
    n = counts["posts"] or 1
    print(f"posts compared: {counts['posts']} of {total} (the rest Jekyll would not build)")
    print(f"same element tree:            {counts['elements'] / n:6.1%}")
    print(f"same structure, ids, classes: {counts['structure'] / n:6.1%}")
    print(f"same text:                    {counts['text'] / n:6.1%}")
    print(
        f"every Jekyll heading id kept: {counts['ids'] / n:6.1%} of posts "
        f"({counts['missing_ids']} of {counts['heading_ids']} heading ids missing)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--show", type=int, default=0, help="print the first N differing posts")
    parser.add_argument("--config", help="a _config.yml whose kramdown: options both sides use")
    parser.add_argument(
        "--old",
        metavar="REV:PATH",
        help="measure the Markdown module at REV:PATH in git instead (e.g. the pipeline before)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    import yaml

    from blog.content import markdown
    from blog.content.kramdown.options import from_kramdown_config
    from tests.content import jekyll_oracle

    config, options = {}, None
    if args.config:
        config = {"kramdown": (yaml.safe_load(Path(args.config).read_text()) or {}).get("kramdown") or {}}
        options = from_kramdown_config(config["kramdown"])[0]
    render = markdown.render
    if args.old:
        from render import load_old

        old = load_old(args.old)
        render = lambda body, _options: old.render(body)  # noqa: E731 (the old one took no options)
    posts = read_posts(args.folder)
    built = jekyll_oracle.build(posts, config)
    report(compare_all(posts, built, render, options, args.show), len(posts))


if __name__ == "__main__":
    main()
