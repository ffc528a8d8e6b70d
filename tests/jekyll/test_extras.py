"""Pinning and series in Jekyll front matter: read as themes write them (``top``, ``sticky``,
``pin``, ``pinned``; ``series`` with ``series_order``/``part``), reported, applied, written back."""

import pytest
import time_machine
import yaml
from django.test import Client

from blog.models import Post, Series
from jekyll.extras import read_extras
from jekyll.frontmatter import split_front_matter

from ..helpers import local
from .utils import import_ok, post_text, run, write

pytestmark = pytest.mark.django_db

NOW = local(2025, 7, 1, 0, 20)  # after midnight in Shanghai, the day before in UTC


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def extras_of(front):
    meta, _body = split_front_matter(post_text(front))
    return read_extras(meta)


# --- Reading ------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["top", "sticky", "pin", "pinned"])
@pytest.mark.parametrize(
    "value, pinned, order, noted",
    [
        ("true", True, None, False),
        ("True", True, None, False),
        ("TRUE", True, None, False),
        ("false", False, None, False),
        ("", False, None, False),
        ("~", False, None, False),
        ("3", True, 3, False),
        ("0", False, None, False),
        # YAML 1.2 reads these as text, not booleans: not pinned, and said so.
        ("yes", False, None, True),
        ("on", False, None, True),
        ("'true'", False, None, True),
        ("-1", False, None, True),
        ("1.5", False, None, True),
        ("[1]", False, None, True),
    ],
)
def test_pin_keys_as_yaml_1_2_reads_them(key, value, pinned, order, noted):
    extras = extras_of(f"title: T\n{key}: {value}")
    assert (extras.pinned, extras.pin_order) == (pinned, order)
    assert bool(extras.notes) == noted
    if noted:
        assert extras.notes[0].startswith(f"{key}: ")


def test_any_pin_key_pins_and_the_first_number_orders():
    extras = extras_of("title: T\ntop: false\nsticky: 2\npinned: true")
    assert (extras.pinned, extras.pin_order) == (True, 2)


@pytest.mark.parametrize(
    "front, series, order, noted",
    [
        ("series: Rust 入门", "Rust 入门", None, False),
        ("series: Rust 入门\nseries_order: 2", "Rust 入门", 2, False),
        ("series: Rust 入门\npart: 3", "Rust 入门", 3, False),
        ("series: Rust 入门\npart: '4'", "Rust 入门", 4, False),
        ("series: Rust 入门\nseries_order: 1\npart: 9", "Rust 入门", 1, False),
        ("series: 2024", "2024", None, False),
        ("series: [Rust 入门]", "Rust 入门", None, False),
        ("series: [A, B]", "A", None, True),
        ("series: Rust\npart: first", "Rust", None, True),
        ("series: Rust\npart: -2", "Rust", None, True),
        ("series: true", "", None, True),
        ("series: {name: X}", "", None, True),
        ("part: 2", "", None, True),
        ("series: ''", "", None, False),
    ],
)
def test_series_keys(front, series, order, noted):
    extras = extras_of("title: T\n" + front)
    assert (extras.series, extras.series_order) == (series, order)
    assert bool(extras.notes) == noted, extras.notes


def test_an_overlong_series_name_fails_the_file(tmp_path):
    path = write(tmp_path, "2025-06-01-a.md", post_text(f"title: A\nseries: {'长' * 201}"))
    result = run("import_jekyll", path)
    assert result.error is not None
    assert "longer than 200 characters" in result.stderr
    assert not Post.objects.exists()


# --- Importing ------------------------------------------------------------------------------
def tutorial_site(root):
    """A site with two pinned posts and a three-part series (one part placed by date)."""
    write(root, "_config.yml", "title: Site\n")
    write(root, "_posts/2025-06-01-intro.md", post_text("title: 介绍\nseries: Rust 入门\npart: 1\ntop: 2"))
    write(root, "_posts/2025-06-03-ownership.md", post_text("title: 所有权\nseries: Rust 入门"))
    write(root, "_posts/2025-06-02-types.md", post_text("title: 类型\nseries: Rust 入门\nseries_order: 2"))
    write(root, "_posts/2025-06-10-news.md", post_text("title: 新闻\nsticky: true"))
    write(root, "_posts/2025-06-20-latest.md", post_text("title: 最新\npin: yes"))
    return root


def home_titles(client):
    import re

    return re.findall(r'<h2 class="post-title">\s*<a href="[^"]+">([^<]+)</a>', client.get("/").content.decode())


def test_import_applies_pins_and_series_and_reports_them(tmp_path):
    site = tutorial_site(tmp_path / "site")
    result = import_ok(site, verbosity=2)
    assert "Applied: 2 pinned; 1 series: 'Rust 入门' (3 parts)." in result.stdout
    assert "pin: 'yes' is not true, false or a positive whole number; not pinned by it" in result.stderr
    assert "note: pinned (order 2); series 'Rust 入门', part 1" in result.stderr
    assert "ignored front matter" not in result.stderr
    series = Series.objects.get()
    assert (series.name, series.slug) == ("Rust 入门", "rust-入门")
    parts = list(Post.objects.in_series(series.pk).values_list("title", "series_order"))
    assert parts == [("介绍", 1), ("类型", 2), ("所有权", None)]
    client = Client()
    assert home_titles(client) == ["介绍", "新闻", "最新", "所有权", "类型"]
    part = Post.objects.get(title="所有权")
    assert "第 3 篇，共 3 篇" in client.get(part.get_absolute_url()).content.decode()


def test_default_verbosity_reports_the_summary_and_what_was_not_applied(tmp_path):
    result = import_ok(tutorial_site(tmp_path / "site"))
    assert "Applied: 2 pinned; 1 series: 'Rust 入门' (3 parts)." in result.stdout
    assert "pin: 'yes'" in result.stderr
    assert "note: pinned (order 2)" not in result.stderr


def test_dry_run_makes_no_series(tmp_path):
    result = import_ok(tutorial_site(tmp_path / "site"), dry_run=True)
    assert "Would apply: 2 pinned; 1 series: 'Rust 入门' (3 parts)." in result.stdout
    assert not Series.objects.exists() and not Post.objects.exists()


def test_reimport_follows_the_file(tmp_path):
    site = tutorial_site(tmp_path / "site")
    import_ok(site)
    write(site, "_posts/2025-06-01-intro.md", post_text("title: 介绍\nseries: Go 语言"))
    write(site, "_posts/2025-06-10-news.md", post_text("title: 新闻"))
    import_ok(site)
    intro = Post.objects.get(title="介绍")
    assert (intro.pinned, intro.pin_order, intro.series.name, intro.series_order) == (False, None, "Go 语言", None)
    assert not Post.objects.get(title="新闻").pinned
    assert Series.objects.count() == 2
    assert Post.objects.count() == 5


def test_series_data_file_gives_slug_and_description(tmp_path):
    site = tutorial_site(tmp_path / "site")
    write(site, "_data/series.yml", "- name: Rust 入门\n  slug: rust\n  description: 从零开始。\n- name: Unused\n")
    import_ok(site)
    series = Series.objects.get()
    assert (series.slug, series.description, series.description_html) == ("rust", "从零开始。", "<p>从零开始。</p>")
    assert Client().get("/series/rust/").status_code == 200


@pytest.mark.parametrize(
    "data, note",
    [
        ("name: [broken", "not read: "),
        ("rust: {slug: rust}", "not read: expected a list of series"),
        ("- name: Rust 入门\n  slug: not a slug\n", "series 'Rust 入门': slug 'not a slug' is not a slug"),
        ("- slug: nameless\n", "{'slug': 'nameless'} has no name; left out"),
    ],
)
def test_a_bad_series_data_file_is_reported_and_the_posts_still_import(tmp_path, data, note):
    site = tutorial_site(tmp_path / "site")
    write(site, "_data/series.yml", data)
    result = import_ok(site)
    assert "_data/series.yml: note: " + note in result.stderr
    assert Series.objects.get().slug == "rust-入门"
    assert Post.objects.count() == 5


# --- Exporting and back ---------------------------------------------------------------------
def test_export_writes_the_keys_back(tmp_path, make_post):
    from blog.writing.series import place_in_series

    series = Series.objects.create(name="Rust 入门", slug="rust", description="从零开始。")
    pinned = make_post(title="Pinned", slug="pinned", publish=local(2025, 6, 19, 8, 0))
    pinned.pinned, pinned.pin_order = True, 3
    pinned.save()
    place_in_series(pinned, series, 2)
    unordered = make_post(title="Unordered", slug="unordered", publish=local(2025, 6, 18, 8, 0), pinned=True)
    place_in_series(unordered, series)
    make_post(title="Plain", slug="plain", publish=local(2025, 6, 17, 8, 0))
    assert run("export_jekyll", tmp_path / "site").error is None
    posts = tmp_path / "site" / "_posts"
    pinned_front, _ = split_front_matter((posts / "2025-06-19-pinned.md").read_text(encoding="utf-8"))
    assert {k: pinned_front[k] for k in ("top", "series", "series_order")} == {
        "top": 3,
        "series": "Rust 入门",
        "series_order": 2,
    }
    unordered_front, _ = split_front_matter((posts / "2025-06-18-unordered.md").read_text(encoding="utf-8"))
    assert unordered_front["top"] is True and "series_order" not in unordered_front
    plain_front, _ = split_front_matter((posts / "2025-06-17-plain.md").read_text(encoding="utf-8"))
    assert not {"top", "series", "series_order"} & set(plain_front)
    data = yaml.safe_load((tmp_path / "site" / "_data" / "series.yml").read_text(encoding="utf-8"))
    assert data == [{"name": "Rust 入门", "slug": "rust", "description": "从零开始。"}]


def pins_and_series():
    return {
        post.get_absolute_url(): (
            post.pinned,
            post.pin_order,
            post.series and (post.series.name, post.series.slug, post.series.description),
            post.series_order,
        )
        for post in Post.objects.select_related("series")
    }


def test_roundtrip_keeps_pins_and_series(tmp_path):
    site = tutorial_site(tmp_path / "site")
    write(site, "_data/series.yml", "- name: Rust 入门\n  slug: rust\n  description: 从零开始。\n")
    import_ok(site)
    Post.objects.filter(title="最新").update(pinned=True, pin_order=1)  # what the file could not say
    before = pins_and_series()
    assert run("export_jekyll", tmp_path / "export").error is None
    Post.objects.all().delete()
    Series.objects.all().delete()
    import_ok(tmp_path / "export")
    assert pins_and_series() == before
    assert home_titles(Client())[:3] == ["最新", "介绍", "新闻"]


def test_dry_run_changes_no_existing_series(tmp_path):
    Series.objects.create(name="Rust 入门", slug="rust", description="Old.")
    site = tutorial_site(tmp_path / "site")
    write(site, "_data/series.yml", "- name: Rust 入门\n  slug: rust\n  description: New.\n")
    import_ok(site, dry_run=True)
    assert Series.objects.get().description == "Old."
    import_ok(site)
    assert Series.objects.get().description == "New."


def test_a_pinned_hidden_post_is_imported_and_said_to_stay_off_the_home_page(tmp_path):
    path = write(tmp_path, "2025-06-01-a.md", post_text("title: A\ntop: true\nhidden: true"))
    result = import_ok(path)
    assert "pinned and hidden: it stays off the home page while it is hidden" in result.stderr
    post = Post.objects.get()
    assert post.pinned and post.hidden
    assert "A" not in home_titles(Client())
