"""Render again what was saved as HTML: posts, pages and author bios.

HTML is rendered once, when something is saved; after the Markdown pipeline
changes (``blog.content``), ``manage.py rerender`` brings every saved page in
step. Only rows whose HTML (or what is derived from it) changes are written,
with ``update_fields``, so their "updated" dates stay as they were.
"""

from dataclasses import dataclass

from ..models import Author, Page, Post
from .posts import index_for_search

POST_FIELDS = Post.DERIVED_FIELDS


@dataclass
class Counts:
    seen: int = 0
    changed: int = 0


def _post(post, dry_run):
    before = [getattr(post, name) for name in POST_FIELDS]
    post.render()
    if [getattr(post, name) for name in POST_FIELDS] == before:
        return False
    if not dry_run:
        post.save(update_fields=["body_html"])  # save() adds every rendered field
        index_for_search([post])  # the search text is read from the HTML
    return True


def _html_field(instance, source, target, dry_run):
    from blog.content import markdown

    html = markdown.render_html(getattr(instance, source))
    if html == getattr(instance, target):
        return False
    if not dry_run:
        instance.save(update_fields=[target])
    return True


KINDS = {
    "posts": (lambda: Post.objects.select_related("author").order_by("pk"), _post),
    "pages": (lambda: Page.objects.order_by("pk"), lambda page, dry: _html_field(page, "body", "body_html", dry)),
    "authors": (lambda: Author.objects.order_by("pk"), lambda author, dry: _html_field(author, "bio", "bio_html", dry)),
}


def total():
    return sum(query().count() for query, _render in KINDS.values())


def rerender(dry_run=False, step=lambda kind: None):
    """{kind: Counts} after rendering every post, page and bio again; ``step(kind)`` after each one."""
    counts = {}
    for kind, (query, render) in KINDS.items():
        counts[kind] = Counts()
        for instance in query().iterator(chunk_size=200):
            counts[kind].seen += 1
            counts[kind].changed += render(instance, dry_run)
            step(kind)
    return counts
