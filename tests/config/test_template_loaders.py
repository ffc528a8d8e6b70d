"""config.template_loaders: indentation leaves HTML templates as they load, and
nothing a reader could see changes."""

import re

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import get_template
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from config.template_loaders import Loader, squeeze_template


def squeezed_engine(templates):
    """A Django engine loading ``templates`` (name -> source) through our loader."""
    return Engine(
        loaders=[("config.template_loaders.Loader", [("django.template.loaders.locmem.Loader", templates)])],
        libraries={"i18n": "django.templatetags.i18n"},
    )


def render(source, name="page.html", **context):
    return squeezed_engine({name: source}).get_template(name).render(Context(context))


def test_indentation_and_blank_lines_go_and_a_line_break_stays():
    source = '<ul>\n    <li>\n        <a href="/">Home</a>\n    </li>\n\n  \n    <li>x</li>\n</ul>\n'
    assert squeeze_template(source) == '<ul>\n<li>\n<a href="/">Home</a>\n</li>\n<li>x</li>\n</ul>\n'


def test_text_between_inline_elements_keeps_its_spaces():
    source = '<p>\n    <a href="/feed/">RSS</a> · <a href="/atom/">Atom</a>  and  <b>more</b>\n  </p>'
    assert (
        squeeze_template(source) == '<p>\n<a href="/feed/">RSS</a> · <a href="/atom/">Atom</a>  and  <b>more</b>\n</p>'
    )


def test_inline_elements_on_consecutive_lines_stay_apart():
    # The line break renders as the space the template's author saw.
    assert squeeze_template("<time>2025</time>\n      <a>AI</a>") == "<time>2025</time>\n<a>AI</a>"


@pytest.mark.parametrize("element", ["pre", "textarea", "script", "style", "PRE"])
def test_preformatted_elements_are_left_as_written(element):
    inner = "\n    keep   this\n        {{ code }}\n  and this  \n"
    source = f'<div>\n    <{element} class="x">{inner}</{element}>\n    <p>after</p>\n</div>'
    assert squeeze_template(source) == f'<div>\n<{element} class="x">{inner}</{element}>\n<p>after</p>\n</div>'


def test_code_inside_pre_keeps_its_indentation():
    source = "<pre><code>def f():\n    return 1\n</code></pre>\n    <p>x</p>"
    assert squeeze_template(source) == "<pre><code>def f():\n    return 1\n</code></pre>\n<p>x</p>"


def test_attributes_on_their_own_lines_end_up_on_one():
    source = '<a\n   class="tag"\n   href="/tags/ai/"\n   >AI</a>'
    assert squeeze_template(source) == '<a class="tag" href="/tags/ai/" >AI</a>'


def test_quoted_attribute_values_are_left_as_written():
    source = '<img\n     src="a.png"\n     alt="two\n          lines"\n     title=\'and\n    more\'>'
    assert squeeze_template(source) == '<img src="a.png" alt="two\n          lines" title=\'and\n    more\'>'


def test_html_comments_are_left_as_written():
    source = "<!--\n    [if IE]   keep\n-->\n    <p>x</p>"
    assert squeeze_template(source) == "<!--\n    [if IE]   keep\n-->\n<p>x</p>"


def test_template_tags_and_variables_are_never_touched():
    source = '<p>\n    {% if   x %}{{ "a   b" }}{% endif %}\n    {# a   comment #}\n</p>'
    assert squeeze_template(source) == '<p>\n{% if   x %}{{ "a   b" }}{% endif %}\n{# a   comment #}\n</p>'


def test_verbatim_blocks_are_left_as_written():
    source = (
        "<div>\n    {% verbatim %}\n    <p>  {{ raw }}\n      </p>\n    {% endverbatim %}\n"
        "    {% verbatim inner %}\n  {% endverbatim %}\n    {% endverbatim inner %}\n</div>"
    )
    expected = (
        "<div>\n{% verbatim %}\n    <p>  {{ raw }}\n      </p>\n    {% endverbatim %}\n"
        "{% verbatim inner %}\n  {% endverbatim %}\n    {% endverbatim inner %}\n</div>"
    )
    assert squeeze_template(source) == expected


def test_blocktranslate_bodies_stay_the_message_ids_they_were():
    body = "{% blocktranslate %}\n    Posted by {{ author }}\n      on{% endblocktranslate %}"
    assert squeeze_template(f"<p>\n    {body}\n</p>") == f"<p>\n{body}\n</p>"


def test_a_comment_block_does_not_open_a_pre_for_what_follows():
    source = "{% comment %}\n   <pre>\n{% endcomment %}\n    <p>x</p>"
    assert squeeze_template(source) == "{% comment %}\n   <pre>\n{% endcomment %}\n<p>x</p>"


def test_a_pre_opened_in_a_verbatim_block_is_still_a_pre():
    source = "{% verbatim %}<pre>{% endverbatim %}\n    kept\n</pre>\n    <p>x</p>"
    assert squeeze_template(source) == "{% verbatim %}<pre>{% endverbatim %}\n    kept\n</pre>\n<p>x</p>"


def test_a_no_break_space_is_text():
    assert squeeze_template("<p>\n\u00a0\u3000x\n    y</p>") == "<p>\n\u00a0\u3000x\ny</p>"


def test_a_lone_less_than_sign_is_text():
    assert squeeze_template("<p>\n    a < b\n    c</p>") == "<p>\na < b\nc</p>"


def test_an_unclosed_verbatim_is_left_for_django_to_report():
    source = "<p>\n    {% verbatim %}\n    x"
    assert squeeze_template(source) == source


def test_rendered_values_are_never_touched():
    html = render("<div>\n    {{ body|safe }}\n</div>", body="<p>\n    indented   value\n</p>")
    assert html == "<div>\n<p>\n    indented   value\n</p>\n</div>"


def test_a_multiline_blocktranslate_still_finds_its_translation():
    from django.utils import translation

    source = "{% load i18n %}\n  <p>\n    {% blocktranslate trimmed %}\n      Page not\n      found\n    {% endblocktranslate %}\n  </p>"
    with translation.override("zh-hans"):
        assert render(source) == "\n<p>\n页面未找到\n</p>"


def test_only_html_templates_are_squeezed():
    engine = squeezed_engine({"robots.txt": "a\n    b", "page.html": "a\n    b"})
    assert engine.get_template("robots.txt").render(Context()) == "a\n    b"
    assert engine.get_template("page.html").render(Context()) == "a\nb"


def test_the_loader_is_djangos_cached_loader():
    engine = squeezed_engine({"page.html": "x"})
    loader = engine.template_loaders[0]
    assert isinstance(loader, Loader)
    assert engine.get_template("page.html") is engine.get_template("page.html")


def test_the_site_loads_its_templates_through_it(db):
    request = RequestFactory().get("/")
    html = get_template("blog/includes/search_form.html").render({"field_id": "q"}, request)
    assert "\n  " not in html and "\n" in html
    assert re.search(r'<input id="q"\s+type="search"', html)


# --- Properties ------------------------------------------------------------------------
FRAGMENTS = [
    "<p>",
    "</p>",
    "<pre>",
    '<pre title="',
    "</pre>",
    "<script>",
    "</script>",
    "<b>",
    "</b>",
    '<a title="',
    '"',
    ">",
    "<!--",
    "-->",
    "{% if x %}",
    "{% endif %}",
    "{{ x }}",
    "{% verbatim %}",
    "{% endverbatim %}",
    "{% comment %}",
    "{% endcomment %}",
    "a",
    "文字",
    " ",
    "  ",
    "\n",
    "\t",
    "\n    ",
    "<",
    "'",
]
template_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join) | st.text(max_size=200)


def spaces(text):
    """Text as a browser reads it outside <pre>: each run of HTML whitespace as one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text)


@settings(max_examples=300, deadline=None)
@given(template_text)
def test_only_whitespace_runs_with_a_line_break_change(source):
    """And each becomes one line break or one space, so reads the same."""
    out = squeeze_template(source)
    assert spaces(out) == spaces(source)


@settings(max_examples=300, deadline=None)
@given(template_text)
def test_squeezing_twice_changes_nothing_more(source):
    once = squeeze_template(source)
    assert squeeze_template(once) == once


attribute = st.sampled_from(["", ' class="a  b"', ' title="x\n   y"', " data-x='\n >'", "\n    id=z"])
pre_text = st.text(max_size=80).filter(lambda t: "</pre" not in t.lower() and "{" not in t)


@settings(max_examples=300, deadline=None)
@given(st.lists(attribute, max_size=3).map("".join), pre_text)
def test_what_a_pre_holds_is_never_changed(attributes, text):
    source = f"<div>\n    <pre{attributes}>{text}</pre>\n    <p>after</p>\n</div>"
    assert f">{text}</pre>\n<p>after</p>" in squeeze_template(source)


@settings(max_examples=200, deadline=None)
@given(template_text, st.sampled_from(["", "x  \n  y", "<pre>\n  z</pre>"]))
def test_django_renders_the_same_page_up_to_whitespace(source, value):
    plain = Engine(loaders=[("django.template.loaders.locmem.Loader", {"page.html": source})])
    try:
        expected = plain.get_template("page.html").render(Context({"x": value}))
    except TemplateSyntaxError:
        with pytest.raises(TemplateSyntaxError):
            render(source, x=value)
        return
    assert spaces(render(source, x=value)) == spaces(expected)
