"""The Liquid stage on its own: Jekyll's tags and filters, and the sandbox (what one render may
read and cost). No database: the site is a ``LiquidSite`` holding a few files."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.content import liquid
from blog.content.liquid import sandbox

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Site(liquid.LiquidSite):
    """A site of a few files, which remembers every path asked for."""

    url = "https://example.com"

    def __init__(self, files=None, posts=None, config=None):
        self.files = files or {}
        self.posts = posts or {}
        self.config = config or {}
        self.asked = []

    @property
    def zone(self):
        return SHANGHAI

    def variables(self):
        return {**super().variables(), **self.config}

    def read(self, path):
        self.asked.append(path)
        return self.files.get(path)

    def post_url(self, name):
        return self.posts.get(name)

    def link(self, path):
        return self.posts.get(path)


def out(source, page=None, site=None):
    rendered = liquid.render(source, page=page, site=site or Site())
    assert rendered.error == "", rendered.error
    return rendered.text


def failed(source, page=None, site=None):
    rendered = liquid.render(source, page=page, site=site or Site())
    assert rendered.error, "expected an error"
    assert rendered.text == source  # shown as written, never half-rendered
    return rendered.error


# --- Variables and the standard tags ----------------------------------------------------------
def test_page_and_site_variables():
    site = Site(config={"title": "小站", "author": {"name": "Ada"}})
    assert out("{{ page.title }} · {{ site.title }} · {{ site.author.name }}", {"title": "第一篇"}, site) == (
        "第一篇 · 小站 · Ada"
    )


def test_undefined_is_empty_and_unknown_filters_pass_through():
    assert out("[{{ nothing.here }}][{{ 'kept' | no_such_filter }}]") == "[][kept]"


def test_assign_capture_if_unless_case():
    source = (
        "{% assign n = 3 %}{% capture word %}{% if n > 2 %}many{% elsif n == 1 %}one{% else %}few{% endif %}"
        "{% endcapture %}{{ word }}|{% unless n == 3 %}no{% endunless %}|"
        "{% case n %}{% when 3 %}three{% else %}other{% endcase %}"
    )
    assert out(source) == "many||three"


def test_for_with_limit_offset_reversed_and_forloop():
    source = (
        "{% for i in (1..6) limit:3 offset:1 reversed %}{{ i }}{% unless forloop.last %},{% endunless %}{% endfor %}"
    )
    assert out(source) == "4,3,2"
    assert out("{% for x in page.tags %}{{ forloop.index }}{{ x }}{% endfor %}", {"tags": ["a", "b"]}) == "1a2b"


def test_raw_and_comment_and_whitespace_control():
    assert out("{% raw %}{{ page.title }} {% if %}{% endraw %}") == "{{ page.title }} {% if %}"
    assert out("a{% comment %}hidden {{ x }}{% endcomment %}b") == "ab"
    assert out("a  {%- assign x = 1 -%}  \n b {{- ' c' }}") == "ab c"


# --- include and include_relative ------------------------------------------------------------
def test_include_with_quoted_and_variable_parameters():
    site = Site({"_includes/note.html": "<{{ include.kind }}|{{ include.text }}|{{ include.who }}|{{ include.n }}>"})
    source = r"""{% include note.html kind="warn" text='it\'s "quoted"' who=page.author n=3 %}"""
    assert out(source, {"author": "小明"}, site) == """<warn|it's "quoted"|小明|3>"""


def test_include_with_escaped_quotes_and_a_name_from_a_variable():
    site = Site({"_includes/a.md": "A{{ include.x }}", "_includes/b.md": "B"})
    assert out(r'{% include a.md x="say \"hi\"" %}', site=site) == 'Asay "hi"'
    assert out("{% include {{ page.which }} %}", {"which": "b.md"}, site) == "B"


def test_include_sees_the_page_and_its_assigns_leak_out_as_in_jekyll():
    site = Site({"_includes/set.html": "{% assign made = page.title | upcase %}"})
    assert out("{% include set.html %}{{ made }}", {"title": "x"}, site) == "X"


def test_nested_includes_keep_the_outer_parameters_when_they_have_none():
    site = Site({"_includes/outer.html": "{% include inner.html %}", "_includes/inner.html": "[{{ include.v }}]"})
    assert out('{% include outer.html v="1" %}', site=site) == "[1]"


def test_include_relative_reads_beside_the_page():
    site = Site({"_posts/part.md": "part of {{ page.title }}", "notes/x.md": "X"})
    page = {"title": "T", "path": "_posts/2020-01-01-t.md"}
    assert out("{% include_relative part.md %}", page, site) == "part of T"
    assert out("{% include_relative x.md %}", {"path": "notes/index.md"}, site) == "X"


def test_the_includes_folder_comes_from_the_site():
    site = Site({"_partials/a.html": "A"})
    site.includes_dir = "_partials"
    assert out("{% include a.html %}", site=site) == "A"


def test_what_was_read_is_reported():
    site = Site({"_includes/a.html": "{% include b.html %}", "_includes/b.html": "b"})
    rendered = liquid.render("{% include a.html %}", site=site)
    assert rendered.uses == {"_includes/a.html", "_includes/b.html"}


# --- Jekyll's other tags ----------------------------------------------------------------------
def test_highlight_is_highlighted_like_fenced_code():
    html = out('{% highlight python %}\nx = "<a>"\n{% endhighlight %}')
    assert '<div class="language-python highlight">' in html
    assert "&lt;a&gt;" in html and "<a>" not in html
    assert 'class="linenos"' in out("{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}")
    assert "plain" in out("{% highlight no-such-language %}plain{% endhighlight %}")


def test_highlight_evaluates_liquid_inside_as_jekyll_does():
    assert "42" in out("{% highlight text %}{{ 40 | plus: 2 }}{% endhighlight %}")


def test_post_url_and_link_ask_the_site():
    site = Site(posts={"2010-07-21-name": "/2010/07/21/name/", "about.md": "/about/"})
    assert out("{% post_url 2010-07-21-name %}|{% link about.md %}", site=site) == "/2010/07/21/name/|/about/"
    assert "could not find" in failed("{% post_url 2010-07-21-missing %}", site=site)


def test_gist_becomes_a_link():
    assert out("{% gist parkr/931c1c8d465a04042403 %}") == (
        '<a href="https://gist.github.com/parkr/931c1c8d465a04042403">'
        "https://gist.github.com/parkr/931c1c8d465a04042403</a>"
    )


# --- Filters ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '**b**' | markdownify }}", "<p><strong>b</strong></p>"),
        ("{{ '/x y.png' | relative_url }}", "/x%20y.png"),
        ("{{ 'x' | relative_url }}", "/x"),
        ("{{ 'https://e.org/a' | relative_url }}", "https://e.org/a"),
        ("{{ '/about/' | absolute_url }}", "https://example.com/about/"),
        ("{{ '/a/index.html' | strip_index }}", "/a/"),
        ("{{ 'a & <b> \"c\"' | xml_escape }}", "a &amp; &lt;b&gt; &quot;c&quot;"),
        ("{{ 'a b&c/d' | cgi_escape }}", "a+b%26c%2Fd"),
        ("{{ '/a b/中' | uri_escape }}", "/a%20b/%E4%B8%AD"),
        ("{{ ' a \n\t b ' | normalize_whitespace }}", "a b"),
        ("{{ 'Hello World 中文!' | slugify }}", "hello-world-中文"),
        ("{{ 'Hello World 中文!' | slugify: 'pretty' }}", "hello-world-中文!"),
        ("{{ 'Héllo Wörld 中文' | slugify: 'ascii' }}", "h-llo-w-rld"),
        ("{{ 'Héllo Wörld' | slugify: 'latin' }}", "hello-world"),
        ("{{ 'a  b' | slugify: 'raw' }}", "a-b"),
        ("{{ 'one two 三四' | number_of_words }}", "3"),
        ("{{ 'one two 三四' | number_of_words: 'cjk' }}", "4"),
        ("{{ 'one two' | number_of_words: 'auto' }}", "2"),
        ("{{ page.tags | jsonify }}", '["中","b"]'),
        ("{{ page.tags | array_to_sentence_string }}", "中 and b"),
        ("{{ page.three | array_to_sentence_string: 'or' }}", "1, 2, or 3"),
        ("{{ page.tags | push: 'c' | join: ',' }}", "中,b,c"),
        ("{{ page.tags | unshift: 'c' | pop | join: ',' }}", "c,中"),
        ("{{ page.tags | shift | join: ',' }}", "b"),
        ("{{ '12.7' | to_integer }}", "12"),
        ("{{ page.three | sample }}", "1"),
        ("{{ page.tags | inspect }}", "[&quot;中&quot;,&quot;b&quot;]"),
    ],
)
def test_text_url_and_array_filters(source, expected):
    assert out(source, {"tags": ["中", "b"], "three": [1, 2, 3]}) == expected


def test_smartify():
    assert out("{{ '\"quoted\" -- and...' | smartify }}") == "&ldquo;quoted&rdquo; &ndash; and&hellip;"


DATE = datetime(2020, 6, 1, 9, 5, 7, 123456, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ page.date }}", "2020-06-01 09:05:07 +0800"),
        ("{{ page.date | date: '%Y年%m月%d日 %-H:%M' }}", "2020年06月01日 9:05"),
        ("{{ page.date | date: '%L %N %:z %%L' }}", "123 123456000 +08:00 %L"),
        ("{{ page.date | date_to_string }}", "01 Jun 2020"),
        ("{{ page.date | date_to_string: 'ordinal' }}", "1st Jun 2020"),
        ("{{ page.date | date_to_string: 'ordinal', 'US' }}", "Jun 1st, 2020"),
        ("{{ page.date | date_to_long_string }}", "01 June 2020"),
        ("{{ page.date | date_to_xmlschema }}", "2020-06-01T09:05:07+08:00"),
        ("{{ page.date | date_to_rfc822 }}", "Mon, 01 Jun 2020 09:05:07 +0800"),
        ("{{ '2021-03-04 10:00' | date: '%d/%m %z' }}", "04/03 +0800"),
        ("{{ 'not a date' | date: '%Y' }}", "not a date"),
        ("{{ page.date | date: '' }}", "2020-06-01 09:05:07 +0800"),
    ],
)
def test_date_filters(source, expected):
    assert out(source, {"date": DATE}) == expected


def test_date_now_is_the_sites_time():
    assert out("{{ 'now' | date: '%Y' }}") == str(datetime.now(SHANGHAI).year)


POSTS = [
    {"title": "b", "tags": ["x", "y"], "n": 2, "meta": {"kind": "note"}},
    {"title": "a", "tags": ["y"], "n": None},
    {"title": "c", "tags": "x", "n": 1},
]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% assign xs = page.posts | where: 'tags', 'x' %}{% for p in xs %}{{ p.title }}{% endfor %}", "bc"),
        ("{{ page.posts | where: 'n', '2' | map: 'title' | join }}", "b"),
        ("{{ page.posts | where: 'meta.kind', 'note' | map: 'title' | join }}", "b"),
        ("{{ page.posts | where_exp: 'p', \"p.tags contains 'y'\" | map: 'title' | join }}", "b a"),
        ("{{ page.posts | where_exp: 'p', 'p.n > 1 or p.title == page.want' | map: 'title' | join }}", "b c"),
        ("{{ page.posts | find: 'title', 'c' | map: 'n' }}", "1"),
        ("{{ page.posts | find_exp: 'p', 'p.n == 2' | map: 'title' }}", "b"),
        ("{{ page.posts | sort: 'title' | map: 'title' | join }}", "a b c"),
        ("{{ page.posts | sort: 'n' | map: 'title' | join }}", "a c b"),
        ("{{ page.posts | sort: 'n', 'last' | map: 'title' | join }}", "c b a"),
        ("{{ page.mixed | sort | join }}", "1 2 a b"),
        (
            "{% assign gs = page.posts | group_by: 'n' %}{% for g in gs %}{{ g.name }}={{ g.size }};{% endfor %}",
            "2=1;=1;1=1;",
        ),
        (
            "{% assign gs = page.posts | group_by_exp: 'p', 'p.title | upcase' %}{{ gs | map: 'name' | join }}",
            "B A C",
        ),
    ],
)
def test_jekylls_array_filters(source, expected):
    assert out(source, {"posts": POSTS, "want": "c", "mixed": ["b", 2, "a", 1]}) == expected


# --- Errors and the sandbox -----------------------------------------------------------------
def test_a_syntax_error_leaves_the_text_as_written_and_says_where():
    error = failed("fine\n\n{% if %}never{% endif %}")
    assert "line 3" in error


def test_an_unknown_tag_is_an_error():
    assert "youtube" in failed("{% youtube abc %}")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "a/../../b.html", "./x.html", "a//b.html", "x.html;rm", "{{ page.evil }}"],
)
def test_include_names_cannot_leave_the_includes(name):
    site = Site({"_includes/x.html": "x"})
    error = failed(f"{{% include {name} %}}", {"evil": "../../../etc/passwd"}, site)
    assert "invalid" in error
    assert not any(".." in path or path.startswith("/") for path in site.asked)


def test_include_relative_cannot_climb_either():
    site = Site()
    failed("{% include_relative ../../etc/passwd %}", {"path": "_posts/a.md"}, site)
    assert site.asked == []


def test_a_missing_include_is_an_error():
    assert "could not find _includes/nope.html" in failed("{% include nope.html %}")


def test_an_include_that_includes_itself_stops():
    site = Site({"_includes/loop.html": "x{% include loop.html %}"})
    assert "depth" in failed("{% include loop.html %}", site=site)


def test_a_loop_bomb_stops():
    assert "loop" in failed("{% for a in (1..1000) %}{% for b in (1..1000) %}{{ b }}{% endfor %}{% endfor %}")


def test_many_loops_one_after_another_stop_too():
    assert "loop" in failed("{% for a in (1..99999) %}{% endfor %}" * 6)


def test_an_output_bomb_stops(monkeypatch):
    monkeypatch.setattr(sandbox.SandboxEnvironment, "output_stream_limit", 10_000)
    assert "output" in failed("{% for a in (1..20000) %}xxxx{% endfor %}")


def test_a_growing_variable_stops(monkeypatch):
    monkeypatch.setattr(sandbox.SandboxEnvironment, "local_namespace_limit", 100_000)
    source = "{% assign s = 'x' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}"
    assert "namespace" in failed(source)


def test_a_slow_template_stops(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.05)
    source = "{% for a in (1..300) %}{% for b in (1..300) %}{% assign c = b | plus: a %}{% endfor %}{% endfor %}"
    assert "time limit" in failed(source)


def test_shopifys_render_tag_reads_nothing():
    assert "render" in failed("{% render 'x' %}") or "x" in failed("{% render 'x' %}")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*"{}%|-'\" abcx.=\n()[]:0123456789<>", "{%", "%}", "{{", "}}", "include x"])).map("".join)
)
def test_any_text_renders_or_is_kept_as_written(text):
    rendered = liquid.render(text, site=Site({"_includes/x": "{{ include.a }}"}))
    assert isinstance(rendered.text, str)
    if rendered.error:
        assert rendered.text == text
