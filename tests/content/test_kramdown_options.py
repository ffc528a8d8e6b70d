"""Rendering options: a Jekyll site's kramdown: block (from_kramdown_config), what
import_jekyll does with it, the site setting, and re-rendering saved HTML."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.content.kramdown.options import DEFAULTS, from_kramdown_config, merged
from blog.models import Author, Page, Post


def test_jekylls_defaults_need_no_options():
    config = {"input": "GFM", "hard_wrap": False, "auto_ids": True, "smart_quotes": "lsquo,rsquo,ldquo,rdquo"}
    options, applied, ignored = from_kramdown_config(config)
    assert merged(options) == DEFAULTS
    assert sorted(applied) == ["auto_ids", "hard_wrap", "smart_quotes"] and ignored == []


def test_options_are_read_and_checked():
    options, applied, ignored = from_kramdown_config(
        {
            "hard_wrap": "true",
            "toc_levels": "2..3",
            "auto_id_prefix": "id-",
            "smart_quotes": ["apos", "apos", "quot", "quot"],
            "typographic_symbols": {"hellip": "...", "mdash": "---"},
            "auto_ids": "maybe",
            "syntax_highlighter": "rouge",
            "input": "kramdown",
            "made_up": 1,
        }
    )
    assert options == {
        "hard_wrap": True,
        "toc_levels": [2, 3],
        "auto_id_prefix": "id-",
        "smart_quotes": ["apos", "apos", "quot", "quot"],
        "typographic_symbols": {"...": "...", "---": "---"},
    }
    assert sorted(applied) == ["auto_id_prefix", "hard_wrap", "smart_quotes", "toc_levels", "typographic_symbols"]
    reasons = dict(ignored)
    assert set(reasons) == {"auto_ids", "syntax_highlighter", "input", "made_up"}
    assert "not understood" in reasons["auto_ids"] and "Pygments" in reasons["syntax_highlighter"]


def test_options_change_the_rendering():
    from blog.content.markdown import render

    assert render('"x"...', {"smart_quotes": ["apos", "apos", "quot", "quot"]}).html == '<p>"x"…</p>'
    assert render("x...", {"typographic_symbols": {"...": "..."}}).html == "<p>x...</p>"
    assert 'id="id-title"' in render("## Title", {"auto_id_prefix": "id-"}).html


def write(folder, name, text):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.django_db
def test_import_jekyll_applies_the_sites_kramdown_options_and_says_so(tmp_path):
    write(
        tmp_path,
        "_config.yml",
        "title: S\nkramdown:\n  hard_wrap: true\n  auto_ids: true\n  syntax_highlighter: rouge\n",
    )
    write(tmp_path, "_posts/2020-01-02-a.md", "---\ntitle: A\n---\n第一行\n第二行\n")
    write(tmp_path, "_posts/2020-01-03-b.md", "---\ntitle: B\n---\nline\nline\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_jekyll", str(tmp_path), no_progress=True, stdout=out, stderr=err)
    notes = err.getvalue()
    assert notes.count("kramdown options applied: hard_wrap: True, auto_ids: True") == 1  # once per site
    assert "kramdown option syntax_highlighter not applied: code is highlighted with Pygments" in notes
    post = Post.objects.get(slug="a")
    assert post.markdown_options == {"hard_wrap": True, "auto_ids": True}
    assert post.body_html == "<p>第一行<br>\n第二行</p>"
    post.save()  # an edit keeps the site's way of reading it
    assert Post.objects.get(slug="a").body_html == "<p>第一行<br>\n第二行</p>"


@pytest.mark.django_db
def test_a_site_without_kramdown_options_reads_as_jekylls_defaults(tmp_path):
    write(tmp_path, "_config.yml", "title: S\n")
    write(tmp_path, "_posts/2020-01-02-a.md", "---\ntitle: A\n---\n第一行\n第二行\n")
    err = io.StringIO()
    call_command("import_jekyll", str(tmp_path), no_progress=True, stdout=io.StringIO(), stderr=err)
    post = Post.objects.get(slug="a")
    assert post.markdown_options == {} and post.body_html == "<p>第一行\n第二行</p>"
    assert "kramdown" not in err.getvalue()


@pytest.mark.django_db
def test_rerender_writes_only_what_changed_and_keeps_dates(make_post, author):
    make_post(body="## 标题\n\n正文")
    stale = make_post(body="a\nb")
    Post.objects.filter(pk=stale.pk).update(body_html="<p>a<br>\nb</p>", word_count=99)
    page = Page.objects.create(slug="about", title="About", body='"hi"')
    Page.objects.filter(pk=page.pk).update(body_html='<p>"hi"</p>')
    Author.objects.filter(pk=author.pk).update(bio="**me**", bio_html="old")
    updated = {p.pk: p.updated for p in Post.objects.all()}
    out = io.StringIO()
    call_command("rerender", no_progress=True, stdout=out)
    assert out.getvalue().strip() == "Re-rendered with changes: 1 of 2 posts, 1 of 1 pages, 1 of 1 authors."
    stale.refresh_from_db()
    assert stale.body_html == "<p>a\nb</p>" and stale.word_count == 2
    assert Page.objects.get(pk=page.pk).body_html == "<p>“hi”</p>"
    assert Author.objects.get(pk=author.pk).bio_html == "<p><strong>me</strong></p>"
    assert {p.pk: p.updated for p in Post.objects.all()} == updated
    assert stale.search.text == stale.search_text()  # search reads the new HTML too


@pytest.mark.django_db
def test_rerender_dry_run_changes_nothing(make_post):
    post = make_post(body="a\nb")
    Post.objects.filter(pk=post.pk).update(body_html="old")
    out = io.StringIO()
    call_command("rerender", dry_run=True, no_progress=True, stdout=out)
    assert "Would change: 1 of 1 posts" in out.getvalue()
    assert Post.objects.get(pk=post.pk).body_html == "old"


@pytest.mark.django_db
def test_the_live_preview_reads_an_imported_post_with_its_options(admin_client, make_post):
    post = make_post(body="a\nb", markdown_options={"hard_wrap": True})
    assert post.body_html == "<p>a<br>\nb</p>"
    url = "/admin/blog/post/preview/"
    assert admin_client.post(url, {"body": "x\ny", "post": str(post.pk)}).json()["html"] == "<p>x<br>\ny</p>"
    assert admin_client.post(url, {"body": "x\ny", "post": ""}).json()["html"] == "<p>x\ny</p>"
    page = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert f'data-post="{post.pk}"' in page


@pytest.mark.django_db
def test_a_sites_kramdown_options_survive_export_and_import(tmp_path):
    import yaml

    write(
        tmp_path / "site",
        "_config.yml",
        "title: S\nkramdown:\n  hard_wrap: true\n  smart_quotes: apos,apos,quot,quot\n  toc_levels: 2..3\n",
    )
    write(tmp_path / "site", "_posts/2020-01-02-a.md", '---\ntitle: A\n---\n"第一行"\n第二行\n')
    call_command("import_jekyll", str(tmp_path / "site"), no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    before = Post.objects.get().body_html
    assert before == '<p>"第一行"<br>\n第二行</p>'
    call_command("export_jekyll", str(tmp_path / "out"), stdout=io.StringIO(), stderr=io.StringIO())
    config = yaml.safe_load((tmp_path / "out" / "_config.yml").read_text())
    assert config["kramdown"] == {"hard_wrap": True, "smart_quotes": "apos,apos,quot,quot", "toc_levels": [2, 3]}
    Post.objects.all().delete()
    call_command("import_jekyll", str(tmp_path / "out"), no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert Post.objects.get().body_html == before
