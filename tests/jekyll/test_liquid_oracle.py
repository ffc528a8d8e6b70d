"""Differential tests against Debian's jekyll 4.3: small sites (English and Chinese) that use
includes with parameters, capture + markdownify, page.* and site.* variables, _data, relative
links to Markdown files (jekyll-relative-links) and pages. Each is built by ``jekyll build``
(with a layout printing only the page's content) and imported; every document must render as
Jekyll rendered it, and every URL Jekyll wrote must answer here."""

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from blog.models import Page, Post

from .liquid_oracle import LAYOUT, build, linker, normalized, require_jekyll, url_of, written_documents
from .utils import import_ok

pytestmark = pytest.mark.django_db

SITES = Path(__file__).resolve().parent / "sites"
ORACLE_SITES = ["liquid_en", "liquid_zh"]


def built_and_imported(name, tmp_path, settings):
    """``(source folder, build folder, import output)`` of the test site ``name``."""
    require_jekyll("jekyll-relative-links")
    source = tmp_path / "source"
    shutil.copytree(SITES / name, source)
    (source / "_layouts").mkdir()
    for layout in ("default", "post", "page"):
        (source / "_layouts" / f"{layout}.html").write_text(LAYOUT, encoding="utf-8")
    config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
    # The blog lives at the old site's address now: absolute_url gives the same host.
    settings.BLOG = {**settings.BLOG, "SITE_URL": config["url"]}
    dest = tmp_path / "built"
    build(source, dest)
    result = import_ok(source)
    return source, dest, result


def document_at(source_path):
    return Post.objects.filter(source_path=source_path).first() or Page.objects.filter(source_path=source_path).first()


@pytest.mark.parametrize("name", ORACLE_SITES)
def test_every_document_renders_as_jekyll_rendered_it(name, client, tmp_path, settings):
    source, dest, result = built_and_imported(name, tmp_path, settings)
    hosts = ("testserver", urlsplit(settings.BLOG["SITE_URL"]).hostname)
    compared, mismatches = 0, []
    for path, (url, content) in sorted(written_documents(dest).items()):
        document = document_at(path)
        if document is None:
            assert path in result.stdout, f"{path} was neither imported nor reported skipped"
            continue
        assert document.liquid_error == "", (path, document.liquid_error)
        theirs = normalized(content, linker(client, url, hosts))
        ours = normalized(document.body_html, linker(client, document.get_absolute_url(), hosts))
        compared += 1
        if theirs != ours:
            mismatches.append((path, theirs, ours))
    assert compared >= 5
    assert not mismatches, "\n\n".join(f"{p}\njekyll: {t}\nours:   {o}" for p, t, o in mismatches)


@pytest.mark.parametrize("name", ORACLE_SITES)
def test_every_url_jekyll_writes_answers(name, client, tmp_path, settings):
    source, dest, _result = built_and_imported(name, tmp_path, settings)
    failures = []
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        url = url_of(dest, path)
        if url == "/404.html":
            continue  # the not-found page: ours answers 404 there, as it should
        response = client.get(url)
        if response.status_code == 301:
            response = client.get(response["Location"])
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert not failures


@pytest.mark.parametrize("name", ORACLE_SITES)
def test_served_pages_carry_what_was_rendered(name, client, tmp_path, settings):
    """The rendered body is what readers get, at the document's URL."""
    _source, _dest, _result = built_and_imported(name, tmp_path, settings)
    documents = [*Post.objects.all(), *Page.objects.exclude(source_path="")]
    assert documents
    for document in documents:
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200, document.get_absolute_url()
        assert document.body_html in response.content.decode()
