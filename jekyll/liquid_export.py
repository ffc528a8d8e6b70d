"""Writing a site's Liquid and pages back out: ``_includes/`` and ``include_relative`` files
where they came from, ``_config.yml`` and ``_data/`` from the site variables, and every page
at its file with ``permalink:`` holding its URL (``import_jekyll`` reads all of it back)."""

import yaml

from blog.models import LiquidInclude, Page, SiteVariable
from blog.writing.legacy import safe_relative

from .frontmatter import dump_post

# Front matter the exporter writes from the post's own fields; other imported keys go back out.
MANAGED_KEYS = {
    "layout",
    "title",
    "subtitle",
    "date",
    "author",
    "header-img",
    "header-mask",
    "permalink",
    "tags",
    "tag",
    "description",
    "excerpt",
    "hidden",
    "published",
    "redirect_from",
    "slug",
    "render_with_liquid",
}


def carried_front_matter(document):
    """The imported front matter the export keeps as it was (``page.x`` reads it)."""
    return {k: v for k, v in (document.front_matter or {}).items() if k not in MANAGED_KEYS}


def liquid_switch(document):
    """``render_with_liquid: false`` for a document whose Liquid-looking text is not Liquid."""
    if not document.liquid and ("{%" in document.body or "{{" in document.body):
        return {"render_with_liquid": False}
    return {}


def _dump_yaml(data):
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def write_includes(root, failures):
    """Every include at its path; the relative paths written."""
    written = []
    for include in LiquidInclude.objects.all():
        relative = safe_relative(include.path)
        if not relative:
            failures.append(f"include {include.path}: not a path inside the site")
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(include.source.encode("utf-8"))
        written.append(relative)
    return written


def site_config():
    """The imported ``_config.yml`` (without ``data``, which lives in ``_data/``), or None."""
    variables = dict(SiteVariable.objects.values_list("name", "value"))
    data = variables.pop("data", None)
    return (variables or None), (data if isinstance(data, dict) else {})


def write_data(root, data):
    for name, value in data.items():
        relative = safe_relative(f"_data/{name}.yml")
        if relative:
            (root / "_data").mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(_dump_yaml(value), encoding="utf-8")


def _page_file(page, taken):
    relative = safe_relative(page.source_path) if page.source_path else None
    if not relative or relative.startswith("_") or relative in taken:
        ext = ".html" if page.format == Page.Format.HTML else ".md"
        relative = f"{page.slug}{ext}"
    taken.add(relative)
    return relative


def page_front_matter(page):
    front = {"layout": (page.front_matter or {}).get("layout") or "page", "title": page.title}
    if page.description:
        front["description"] = page.description
    if page.header_image_url:
        front["header-img"] = page.header_image_url
    front["permalink"] = page.path or f"/{page.slug}/"
    front.update(carried_front_matter(page))
    front.update(liquid_switch(page))
    return front


def write_pages(root):
    """Every page at its file; how many."""
    taken = set()
    pages = list(Page.objects.all())
    for page in pages:
        target = root / _page_file(page, taken)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(dump_post(page_front_matter(page), page.body))
    return len(pages)
