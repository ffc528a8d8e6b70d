"""The sanitizer's rules for form controls and URLs: no input, button, select or textarea on a
public page (task lists get ☐/☑ marks instead), and no javascript:, data: or vbscript: URL in
any attribute that holds one, however it is spelled."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.content import markdown, urls

FORM_CONTROLS = ("input", "button", "select", "textarea", "option", "form", "datalist", "output")


class Collect(HTMLParser):
    """Every element and attribute of a fragment, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def parse(html):
    collect = Collect()
    collect.feed(html)
    return collect


def browser_scheme(value):
    """The scheme a browser would read from an attribute value (WHATWG URL parsing), or ''."""
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(chr(c) for c in range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return match.group(1).lower() if match else ""


@pytest.mark.parametrize(
    "source",
    [
        "<input>",
        '<input type="text" name="q" value="search">',
        '<input type="checkbox" checked>',
        "<button>Pay</button>",
        '<select name="s"><option>1</option></select>',
        "<textarea>t</textarea>",
        '<form action="/x"><input type="password"></form>',
        '<INPUT TYPE="image" SRC="https://evil.example/x.png">',
    ],
)
def test_no_form_control_survives(source):
    html = markdown.render_html(f"Text\n\n{source}\n\nafter")
    assert not set(parse(html).tags) & set(FORM_CONTROLS), html


def test_task_lists_get_marks_not_checkboxes():
    html = markdown.render_html("- [ ] to do\n- [x] done\n- [X] also done\n- not a task")
    assert "<input" not in html
    assert '<li class="task-list-item"><span class="task-box">☐</span> to do</li>' in html
    assert '<li class="task-list-item"><span class="task-box task-box-done">☑</span> done</li>' in html
    assert html.count("☑") == 2 and '<li class="task-list-item">not a task</li>' in html  # as kramdown marks it
    assert '<ul class="task-list">' in html


def test_a_task_in_a_loose_list_gets_its_mark_in_the_paragraph():
    html = markdown.render_html("1. [x] first\n\n    more about it\n\n2. [ ] second")
    assert '<p><span class="task-box task-box-done">☑</span> first</p>' in html
    assert '<p><span class="task-box">☐</span> second</p>' in html


@pytest.mark.parametrize(
    "source",
    [
        '<q cite="javascript:alert(1)">q</q>',
        '<blockquote cite=" JaVaScRiPt:alert(1)">b</blockquote>',
        '<del cite="vbscript:msgbox(1)">d</del>',
        '<ins cite="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">i</ins>',
        '<a href="java&#x09;script:alert(1)">tab</a>',
        '<a href="java&#10;script:alert(1)">newline</a>',
        '<a href="&#106;avascript:alert(1)">entity</a>',
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex</a>',
        '<a href="javascript&colon;alert(1)">named entity</a>',
        '<a href="\x01javascript:alert(1)">control</a>',
        '<a href=" &#9; javascript:alert(1)">space</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">',
        '<img src="VBScript:x" alt="x">',
        "[md link](javascript:alert(1))",
        "![md image](data:image/png;base64,AAAA)",
        '<a href="DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    ],
)
def test_no_script_url_in_any_url_attribute(source):
    html = markdown.render_html(source)
    for tag, name, value in parse(html).attributes:
        if name in urls.URL_ATTRIBUTES:
            assert browser_scheme(value) in ("", *urls.SCHEMES), (tag, name, value)
    assert not re.search(r"(?i)(javascript|vbscript|data)\s*:", html.replace("&#", "")), html


@pytest.mark.parametrize(
    "source, kept",
    [
        ('<q cite="https://example.com/source">q</q>', 'cite="https://example.com/source"'),
        ('<blockquote cite="/2025/06/19/105626/">b</blockquote>', 'cite="/2025/06/19/105626/"'),
        ("[mail](mailto:me@example.com)", 'href="mailto:me@example.com"'),
        ("[phone](tel:+8610123)", 'href="tel:+8610123"'),
        ("[relative](../other/#part)", 'href="../other/#part"'),
        ("[a colon later](/search/?q=a:b)", 'href="/search/?q=a:b"'),
    ],
)
def test_safe_urls_are_kept(source, kept):
    assert kept in markdown.render_html(source)


def test_srcset_and_ping_are_checked_candidate_by_candidate():
    assert urls.safe_attribute("img", "srcset", "/a.jpg 1x, /b.jpg 2x") == "/a.jpg 1x, /b.jpg 2x"
    assert urls.safe_attribute("img", "srcset", "/a.jpg 1x, javascript:alert(1) 2x") is None
    assert urls.safe_attribute("a", "ping", "https://a.example/ JAVASCRIPT:x") is None
    assert urls.safe_attribute("a", "title", "javascript: is just words here") == "javascript: is just words here"


SCHEME_TRICKS = st.sampled_from(["javascript", "vbscript", "data", "JaVaScRiPt", "DATA", "vBsCrIpT"])
NOISE = st.sampled_from(["", " ", "\t", "\n", "&#9;", "&#x0A;", "&#13;", "\x01", "\x1f", "&#32;"])
URL_ATTRS = st.sampled_from(
    [("a", "href"), ("img", "src"), ("q", "cite"), ("blockquote", "cite"), ("del", "cite"), ("ins", "cite")]
)


@st.composite
def disguised_urls(draw):
    """A dangerous scheme with tabs, newlines, controls or entities sprinkled in and around it."""
    scheme = draw(SCHEME_TRICKS)
    letters = [draw(NOISE) + (f"&#{ord(c)};" if draw(st.booleans()) else c) for c in scheme]
    colon = draw(st.sampled_from([":", "&#58;", "&#x3a;", "&colon;"]))
    return draw(NOISE) + "".join(letters) + draw(NOISE) + colon + draw(st.text(max_size=20))


@settings(max_examples=300, deadline=None)
@given(url=disguised_urls(), where=URL_ATTRS, text=st.text(max_size=30))
def test_no_disguise_gets_a_dangerous_scheme_through(url, where, text):
    tag, attribute = where
    source = f'<{tag} {attribute}="{url.replace(chr(34), "")}">{text}</{tag}>'
    for _tag, name, value in parse(markdown.render_html(source)).attributes:
        if name in urls.URL_ATTRIBUTES:
            assert browser_scheme(value) in ("", *urls.SCHEMES), (source, name, value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_yields_a_form_control(text):
    html = markdown.render_html(text)
    assert not set(parse(html).tags) & set(FORM_CONTROLS)
