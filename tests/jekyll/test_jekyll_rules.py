"""Jekyll's reading rules, each checked against the real ``jekyll build``: small sites are built
by Jekyll 4.3 and imported here, and every post URL Jekyll wrote must answer here with 200, or
one 301 to a 200, on the post Jekyll wrote there (its title, its text)."""

from urllib.parse import quote, unquote

import pytest
from django.urls import resolve

from blog.models import Post

from .oracle import build
from .utils import import_ok, run, write

pytestmark = pytest.mark.django_db
ZONE = "Asia/Shanghai"


def site(tmp_path, config="", posts=()):
    """A site folder: ``_config.yml`` (every post in the oracle's layout) and ``posts`` as
    ``(path, text)`` pairs."""
    root = tmp_path / "site"
    write(
        root,
        "_config.yml",
        f"timezone: {ZONE}\ndefaults:\n  - scope: {{path: ''}}\n    values: {{layout: post}}\n" + config,
    )
    for path, text in posts:
        write(root, path, text)
    return root


def fm(front="", body=None, name=""):
    """A post file's text: front matter and a body unique to the post."""
    return f"---\n{front}\n---\n{body or 'Body of ' + name}\n"


def landing(client, url):
    """The post ``url`` leads to: 200 there, or exactly one 301 to a 200."""
    response = client.get(quote(url))
    if response.status_code == 301:
        target = response["Location"]
        final = client.get(target)
        assert final.status_code == 200, (url, target, final.status_code)
    else:
        assert response.status_code == 200, (url, response.status_code)
        target = url
    match = resolve(unquote(target))
    return Post.objects.get(slug=match.kwargs["slug"], publish__year=match.kwargs["year"]), response


def assert_every_jekyll_url_answers(client, written, prefixes=("",)):
    """Each URL Jekyll wrote answers with its post; different pages are different posts."""
    assert written, "Jekyll wrote no post"
    posts = {}
    for page in written:
        for prefix in prefixes:
            post, _response = landing(client, prefix + page.url)
            assert page.body in post.body, (page.url, page.body, post.body)
            assert post.title == page.title.strip(), (page.url, page.title, post.title)
            posts.setdefault(post.pk, set()).add(page.url)
    bodies = {page.body for page in written}
    assert len(posts) == len(bodies), posts  # no two Jekyll posts merged into one here
    assert Post.objects.count() == len(bodies)  # and nothing Jekyll did not build
    return posts


def test_titles_from_names_posts_without_front_matter_and_odd_file_names(client, tmp_path):
    root = site(
        tmp_path,
        posts=[
            ("_posts/2020-01-06-no-front-matter.md", "Body of a file without front matter\n"),
            ("_posts/2020-01-07-no-title-here.md", fm("tags: [x]", name="no title")),
            ("_posts/2020-01-08-what-is-this...md", fm(name="trailing dots")),
            ("_posts/2020-01-08-hello world.md", fm(name="a space")),
            ("_posts/2020-01-08-100%-sure.md", fm(name="a percent sign")),
            ("_posts/2020-01-08-Ünïcödé 中文.md", fm(name="unicode")),
            ("_posts/2020-01-09-my-iOS--post-.md", fm(name="odd hyphens")),
            ("_posts/2020-01-09-a+b=c&d@e.md", fm(name="pretty characters")),
            ("_posts/2020-01-10-raw.html", fm("title: An HTML post", name="html")),
            ("_posts/2020-01-10-short.htm", fm(name="htm")),
            ("_posts/sub/2020-01-11-in-a-subfolder.md", fm(name="subfolder")),
            ("_posts/20-1-5-two-digit-year.md", fm(name="two digit year")),
            ("_posts/2020-01-12-titled.markdown", fm("title: A real title", name="titled")),
            # Not posts for Jekyll: no date in the name, ending in a dot, hidden, special.
            ("_posts/undated.md", fm(name="undated")),
            ("_posts/2020-01-13-x.md.", fm(name="dot at the end")),
            ("_posts/.2020-01-13-hidden.md", fm(name="hidden")),
            ("_posts/_drafty/2020-01-13-underscore.md", fm(name="underscore folder")),
            ("_posts/2020-01-13-backup.md~", fm(name="backup")),
            ("_posts/#2020-01-13-hash.md", fm(name="hash")),
        ],
    )
    written = build(root, ZONE)
    import_ok(root)
    assert_every_jekyll_url_answers(client, written)
    titles = {page.url: page.title for page in written}
    assert titles["/2020/01/08/what-is-this.html"] == "What Is This"
    assert titles["/2020/01/09/my-iOS-post.html"] == "My Ios  Post"


def test_categories_from_folders_keep_two_posts_of_one_day_and_name_apart(client, tmp_path):
    root = site(
        tmp_path,
        config="exclude: [old]\n",
        posts=[
            ("en/_posts/2020-01-07-same.md", fm("title: Same (en)", name="en")),
            ("zh/_posts/2020-01-07-same.md", fm("title: Same (zh)", name="zh")),
            ("_posts/2020-01-07-same.md", fm("title: Same (root)", name="root")),
            ("blog/notes/_posts/2020-01-08-deep.md", fm("categories: Extra More", name="deep")),
            ("my_posts/_posts/2020-01-09-odd-folder.md", fm(name="odd folder")),
            ("_posts/2020-01-10-front.md", fm("categories: [Tech, My Notes]\ncategory: Misc", name="front matter")),
            ("_hidden/_posts/2020-01-11-not-read.md", fm(name="under an underscore folder")),
            ("old/_posts/2020-01-12-excluded.md", fm(name="excluded")),
        ],
    )
    written = build(root, ZONE)
    assert "/en/2020/01/07/same.html" in {page.url for page in written}
    import_ok(root)
    assert_every_jekyll_url_answers(client, written)
    slugs = set(Post.objects.filter(publish__day=7).values_list("slug", flat=True))
    assert slugs == {"same", "en-same", "zh-same"}
    # A second import finds each post again: nothing new, nothing merged.
    result = import_ok(root)
    assert "0 created" in result.stdout and Post.objects.count() == len({p.body for p in written})
    assert_every_jekyll_url_answers(client, written)


def test_front_matter_defaults_by_path_and_type(client, tmp_path):
    config = """  - scope: {path: "_posts/tech", type: posts}
    values: {categories: [tech], title: Tech default}
  - scope: {path: "_posts", type: posts}
    values: {title: General default, categories: [all]}
  - scope: {path: "_posts/tech/deep"}
    values: {permalink: "/deep/:title/"}
  - scope: {path: "_posts/*/2020-02-*", type: posts}
    values: {date: "2021-03-04 05:06:07 +0000"}
  - scope: {path: "_posts/off"}
    values: {published: false}
  - scope: {type: pages}
    values: {permalink: /pages-only/}
"""
    root = site(
        tmp_path,
        posts=[
            ("_posts/2020-01-01-general.md", fm(name="general")),
            ("_posts/tech/2020-01-02-tech.md", fm(name="tech")),
            ("_posts/tech/2020-01-03-own-title.md", fm("title: Its own", name="own title")),
            ("_posts/tech/deep/2020-01-04-deep.md", fm(name="deep")),
            ("_posts/glob/2020-02-05-globbed.md", fm(name="globbed")),
            ("_posts/off/2020-01-06-unpublished.md", fm(name="unpublished")),
        ],
    )
    (root / "_config.yml").write_text((root / "_config.yml").read_text() + config)
    written = build(root, ZONE)
    import_ok(root)
    assert not any("unpublished" in page.body for page in written)
    for page in written:
        post, _ = landing(client, page.url)
        assert post.title == page.title and page.body in post.body
    assert Post.objects.published().count() == len(written)
    assert Post.objects.get(body__contains="Body of unpublished").status == Post.Status.DRAFT


@pytest.mark.parametrize(
    "config",
    [
        "permalink: date",
        "permalink: pretty",
        "permalink: ordinal",
        "permalink: weekdate",
        "permalink: none",
        "permalink: /:categories/:year/:i_month/:i_day/:slug:output_ext",
        "permalink: /blog/:short_year/:name/:hour:minute:second/",
        "permalink: /p/:path/:slugified_categories/:long_month/:short_day/:w_year-:week-:w_day",
        "collections:\n  posts:\n    permalink: /news/:year/:month/:day/:title/",
        "permalink: pretty\ncollections:\n  posts:\n    output: true\n    permalink: /c/:title:output_ext",
    ],
)
def test_permalink_styles_and_collection_permalinks(client, tmp_path, config):
    root = site(
        tmp_path,
        config=config + "\n",
        posts=[
            ("_posts/2020-01-02-first-post.md", fm("date: 2020-01-02 13:14:15 +0800", name="first")),
            ("news/_posts/2021-12-31-Last Day.md", fm("categories: [Year End]", name="last")),
            ("_posts/2020-03-04-own.md", fm("permalink: /own/page", name="own permalink")),
            ("_posts/2020-03-05-own-placeholders.md", fm("permalink: /:year/:title/", name="own template")),
        ],
    )
    written = build(root, ZONE)
    import_ok(root)
    assert_every_jekyll_url_answers(client, written)


def test_baseurl_serves_the_old_urls_under_it_too(client, tmp_path):
    root = site(
        tmp_path,
        config="baseurl: /myblog\npermalink: pretty\n",
        posts=[("_posts/2020-01-02-based.md", fm(name="based"))],
    )
    written = build(root, ZONE)
    import_ok(root)
    assert_every_jekyll_url_answers(client, written, prefixes=("", "/myblog"))


JEKYLL_DATES = [
    "2023-01-29 18:30:22 2023 -0800",
    "2020-01-05 23:00:00",  # a YAML timestamp without offset: UTC, so the 6th in Shanghai
    '"2020-01-05 23:00:00"',  # quoted: local time
    "2020-01-05 23:30:00 -0500",
    "2020-01-05T23:30:00Z",
    "2020-01-05",
    "2020-1-5 8:05",
    "2020/01/05 10:00 PST",
    "Jan 5 2020 11pm",
    "5 January 2020",
    "Sun, 05 Jan 2020 23:59:59 +0000",
    "2020-02-30",  # runs on into March, as Ruby's Time.local does
    "20200105T235959",
    "2020-060",
    "2020-01-05 24:00",
    "2020-01-05 10:00 CET",  # a zone Ruby does not know: local time
]


def test_every_date_string_jekyll_accepts(client, tmp_path):
    posts = [
        (f"_posts/2019-06-{n + 1:02d}-date-{n}.md", fm(f"date: {written}", name=f"date {n}"))
        for n, written in enumerate(JEKYLL_DATES)
    ]
    root = site(tmp_path, posts=posts)
    written = build(root, ZONE)
    assert len(written) == len(JEKYLL_DATES)
    import_ok(root)
    assert_every_jekyll_url_answers(client, written)
    for page in written:
        post, _ = landing(client, page.url)
        if not page.date.endswith("00:00:00 +0800"):  # a day with a time: the same moment
            assert post.publish.strftime("%Y-%m-%d %H:%M:%S") == _utc(page.date), page


def _utc(jekyll_date):
    from datetime import UTC, datetime

    return datetime.strptime(jekyll_date, "%Y-%m-%d %H:%M:%S %z").astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize("written", ["2020-13-01", "2020-01-32", "2020-01-05 25:00", "someday"])
def test_a_date_jekyll_refuses_is_refused_with_the_reason(tmp_path, written):
    root = site(tmp_path, posts=[("_posts/2020-01-05-bad.md", fm(f"date: {written}", name="bad"))])
    with pytest.raises(AssertionError, match="Invalid date|could not be parsed|InvalidDateError"):
        build(root, ZONE)
    result = run("import_jekyll", root)
    assert result.error is not None
    assert "bad date" in result.stderr and "Jekyll refuses it too" in result.stderr


def test_a_sibling_added_later_gets_its_own_post(client, tmp_path):
    root = site(tmp_path, posts=[("_posts/2020-01-07-same.md", fm("title: Root", name="root"))])
    import_ok(root)
    write(root, "zh/_posts/2020-01-07-same.md", fm("title: Chinese", name="zh"))
    write(root, "en/_posts/2020-01-07-same.md", fm("title: English", name="en"))
    import_ok(root)
    assert_every_jekyll_url_answers(client, build(root, ZONE))
    assert Post.objects.get(slug="same").title == "Root"


def test_files_jekyll_copies_as_they_are_are_skipped_and_said_so(tmp_path):
    root = site(
        tmp_path,
        posts=[
            ("_posts/2020-01-09-plain.txt", fm(name="plain text")),
            ("_posts/2020-01-09-post.md", fm(name="post")),
        ],
    )
    result = run("import_jekyll", root, verbosity=2)
    assert result.error is None
    assert "2020-01-09-plain.txt: note: skipped: a .txt file: Jekyll copies it out as it is" in result.stderr
    assert list(Post.objects.values_list("slug", flat=True)) == ["post"]
