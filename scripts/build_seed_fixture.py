"""Build fixtures/seed.json by importing the seed Jekyll post with import_jekyll.

    .venv/bin/python scripts/build_seed_fixture.py [SEED_FILE]

The seed is imported by the same command users run (into a throw-away SQLite
database), then written out with fixed primary keys, plus what a Jekyll file
cannot hold: the author's bio and the About page.

The post's date is written without a time zone on purpose: Django reads it in
the site's time zone (DJANGO_TIME_ZONE), so the post stays on 2025-06-19
whatever zone the site runs in. tests/test_import_jekyll.py keeps this file in
step with the importer, tests/test_fixture.py with the seed and the Markdown
pipeline.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "fixtures" / "seed" / "000_ea213a962918cc47.txt"
FIXTURE = ROOT / "fixtures" / "seed.json"

AUTHOR_BIO = "AI 与开源的观察者。"
ABOUT = """你好，我是 Agent Eric。

这里记录我对 AI、开源和商业的观察与思考。文章写在 Markdown 里，用这个博客引擎发布。

欢迎通过文章下方的标签找到相关主题，也可以订阅 [RSS](/feed/)。
"""


def _serialized(instances):
    from django.core import serializers

    return serializers.serialize("python", instances, use_natural_foreign_keys=True)


def fixture_objects(post):
    """The fixture's objects for an imported post: its author, tags, itself and its search text, its old URLs,
    the About page."""
    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils import timezone
    from taggit.models import TaggedItem

    from blog.content import markdown

    # Naive local wall time: the same calendar day in whatever zone the site runs.
    stamp = timezone.localtime(post.publish, timezone.get_default_timezone()).replace(tzinfo=None).isoformat()

    [author] = _serialized([post.author])
    author.update(pk=1)
    author["fields"].update(bio=AUTHOR_BIO, bio_html=markdown.render_html(AUTHOR_BIO))

    tags = sorted(post.tags.all(), key=lambda t: t.name)
    tag_pks = {tag.pk: i for i, tag in enumerate(tags, start=1)}
    tag_objects = _serialized(tags)
    for obj in tag_objects:
        obj["pk"] = tag_pks[obj["pk"]]

    [post_object] = _serialized([post])
    post_object["pk"] = 1
    post_object["fields"].update(author=1, publish=stamp, created=stamp, updated=stamp)
    post_object["fields"].pop("version", None)  # a save counter: loaded at its default, 0

    [search_object] = _serialized([post.search])  # written by save(), so loaddata needs it too
    search_object["pk"] = 1

    items = sorted(TaggedItem.objects.filter(object_id=post.pk, tag__in=tags), key=lambda i: tag_pks[i.tag_id])
    item_objects = [
        {
            "model": "taggit.taggeditem",
            "pk": i,
            "fields": {
                "tag": tag_pks[item.tag_id],
                "content_type": list(item.content_type.natural_key()),
                "object_id": 1,
            },
        }
        for i, item in enumerate(items, start=1)
    ]

    legacy_objects = _serialized(list(post.legacy_urls.order_by("path")))
    for i, obj in enumerate(legacy_objects, start=1):
        obj["pk"] = i
        obj["fields"]["post"] = 1

    about = {
        "model": "blog.page",
        "pk": 1,
        "fields": {
            "slug": "about",
            "title": "关于",
            "body": ABOUT,
            "body_html": markdown.render_html(ABOUT),
            "updated": stamp,
        },
    }
    objects = [author, *tag_objects, post_object, search_object, *item_objects, *legacy_objects, about]
    # Through JSON once so what we return is exactly what the file holds.
    return json.loads(json.dumps(objects, cls=DjangoJSONEncoder))


def build(seed_path=DEFAULT_SEED):
    """Import the seed into the current (empty) database; the fixture's objects."""
    from django.core.management import call_command

    from blog.models import Post

    call_command("import_jekyll", str(seed_path), no_progress=True, verbosity=0)
    return fixture_objects(Post.objects.get())


def dumps(objects):
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


def main():
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEED
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="seed-fixture-") as tmp:
        # A private database, media folder and cache: nothing of a real site is touched.
        os.environ.update(
            DATABASE_URL=f"sqlite:///{tmp}/seed.sqlite3",
            DJANGO_MEDIA_ROOT=f"{tmp}/media",
            DJANGO_CACHE_DIR=f"{tmp}/cache",
        )
        os.environ.pop("REDIS_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        FIXTURE.write_text(dumps(build(seed)), encoding="utf-8")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
