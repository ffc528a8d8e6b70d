"""Build fixtures/seed.json from the seed Jekyll post.

    DJANGO_DEBUG=1 .venv/bin/python scripts/build_seed_fixture.py [SEED_FILE]

The post's date is written without a time zone on purpose: Django reads it in
the site's time zone (DJANGO_TIME_ZONE), so the post stays on 2025-06-19
whatever zone the site runs in. tests/test_fixture.py keeps this file in step
with the seed and with the Markdown pipeline.
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from blog.jekyll import split_front_matter  # noqa: E402
from blog.models import Page, Post  # noqa: E402

DEFAULT_SEED = ROOT / "fixtures" / "seed" / "000_ea213a962918cc47.txt"
STAMP = "2025-06-19T00:00:00"

ABOUT = """你好，我是 Agent Eric。

这里记录我对 AI、开源和商业的观察与思考。文章写在 Markdown 里，用这个博客引擎发布。

欢迎通过文章下方的标签找到相关主题，也可以订阅 [RSS](/feed/)。
"""


def build(seed_path):
    meta, body = split_front_matter(Path(seed_path).read_text(encoding="utf-8"))
    post = Post(
        title=meta["title"],
        subtitle=meta.get("subtitle", ""),
        slug=meta["permalink"].strip("/").split("/")[-1],
        body=body,
        header_image_url=meta.get("header-img", ""),
        status=Post.Status.PUBLISHED,
    )
    post.render()
    about = Page(slug="about", title="关于", body=ABOUT)
    about.body_html = __import__("blog.markdown", fromlist=["render_html"]).render_html(ABOUT)
    tags = list(meta.get("tags") or [])
    objects = [
        {"model": "blog.author", "pk": 1, "fields": {
            "name": meta["author"], "slug": "agent-eric", "bio": "AI 与开源的观察者。",
            "bio_html": "<p>AI 与开源的观察者。</p>", "avatar": "", "user": None}},
    ]
    for i, name in enumerate(tags, start=1):
        objects.append({"model": "taggit.tag", "pk": i, "fields": {"name": name, "slug": name.lower()}})
    objects.append({"model": "blog.post", "pk": 1, "fields": {
        "title": post.title, "subtitle": post.subtitle, "slug": post.slug, "author": 1,
        "body": post.body, "body_html": post.body_html, "toc_html": post.toc_html,
        "summary": "", "excerpt": post.excerpt, "word_count": post.word_count,
        "reading_time": post.reading_time, "header_image": "", "header_image_variants": {},
        "header_image_url": post.header_image_url, "header_mask": None,
        "status": post.status, "publish": STAMP, "created": STAMP, "updated": STAMP, "hidden": False,
    }})
    for i, _name in enumerate(tags, start=1):
        objects.append({"model": "taggit.taggeditem", "pk": i, "fields": {
            "tag": i, "content_type": ["blog", "post"], "object_id": 1}})
    objects.append({"model": "blog.page", "pk": 1, "fields": {
        "slug": about.slug, "title": about.title, "body": about.body, "body_html": about.body_html,
        "updated": STAMP}})
    return objects


if __name__ == "__main__":
    seed = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SEED
    out = ROOT / "fixtures" / "seed.json"
    out.write_text(json.dumps(build(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
