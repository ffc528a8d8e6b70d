"""fixtures/seed.json holds the seed article faithfully."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from blog import markdown, text
from blog.jekyll import split_front_matter
from blog.models import Author, Page, Post

# The seed as handed to the project, and our copy of it (CI clones have only the copy).
SHARED_SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_ea213a962918cc47.txt"
SEED = Path(settings.BASE_DIR) / "fixtures" / "seed" / "000_ea213a962918cc47.txt"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


def fixture_post():
    return next(o for o in json.loads(FIXTURE.read_text(encoding="utf-8")) if o["model"] == "blog.post")


def seed_front_matter_and_body():
    return split_front_matter(SEED.read_text(encoding="utf-8"))


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared seed beside this checkout")
def test_our_copy_of_the_seed_is_the_shared_seed():
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_fixture_body_is_the_seed_body_byte_for_byte():
    _meta, body = seed_front_matter_and_body()
    assert fixture_post()["fields"]["body"].strip() == body.strip()
    assert fixture_post()["fields"]["body"].strip().encode() == body.strip().encode()


def test_fixture_front_matter_matches_the_seed():
    meta, _body = seed_front_matter_and_body()
    fields = fixture_post()["fields"]
    assert fields["title"] == meta["title"] == "Deepseek那么厉害,为什么要开源"
    assert fields["subtitle"] == meta["subtitle"] == "拆解AI明星的商业战略"
    assert fields["header_image_url"] == meta["header-img"] == "img/post-bg-2015.jpg"
    assert fields["slug"] == "105626"
    assert fields["status"] == "published"


def test_fixture_rendered_html_is_in_step_with_the_pipeline():
    fields = fixture_post()["fields"]
    rendered = markdown.render(fields["body"])
    assert fields["body_html"] == rendered.html
    assert fields["toc_html"] == rendered.toc_html
    body_text = text.html_to_text(rendered.html, footnotes=True)
    search = next(o for o in json.loads(FIXTURE.read_text(encoding="utf-8")) if o["model"] == "blog.searchtext")
    assert search["pk"] == fixture_post()["pk"]
    assert search["fields"]["text"] == text.search_text(fields["title"], fields["subtitle"], body_text)


def test_seed_loads_with_author_tags_and_date(seed):
    assert seed.author.name == "Agent Eric"
    assert sorted(t.name for t in seed.tags.all()) == ["AI", "DEEPSEEK"]
    assert seed.publish_date.isoformat() == "2025-06-19"
    assert seed.get_absolute_url() == "/2025/06/19/105626/"
    assert Page.objects.filter(slug="about").exists()


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/Los_Angeles", "Pacific/Auckland"])
def test_seed_date_is_the_19th_in_the_sites_time_zone(db, settings, zone):
    settings.TIME_ZONE = zone
    call_command("load_seed", verbosity=0)
    post = Post.objects.get(slug="105626")
    assert post.get_absolute_url() == "/2025/06/19/105626/"


def test_loading_the_fixture_twice_creates_no_duplicates(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert Post.objects.count() == 1
    assert Author.objects.count() == 1
    from taggit.models import Tag, TaggedItem

    assert Tag.objects.count() == 2
    assert TaggedItem.objects.count() == 2


def test_load_seed_never_overwrites_edits(seed):
    seed.title = "Edited in the admin"
    seed.save()
    call_command("load_seed", verbosity=0)
    seed.refresh_from_db()
    assert seed.title == "Edited in the admin"


def test_banner_is_a_real_image():
    from PIL import Image

    path = Path(settings.BASE_DIR) / "static" / "img" / "post-bg-2015.jpg"
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.width >= 1280
