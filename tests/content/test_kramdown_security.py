"""What kramdown's syntax adds to an attacker's means, still sanitized: IALs,
{::nomarkdown}, MathML, video embeds. Checked on the parsed output, not on
substrings of it."""

import pytest

from blog.content.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render

from .htmltree import parse

# What the rewrite after nh3 adds (external links, lazy images, embeds, scrolling tables).
REWRITE_ATTRIBUTES = {"a": {"rel"}, "img": {"loading", "decoding"}, "iframe": {"loading", "sandbox", "referrerpolicy"}}

EMBED_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"


def elements(html):
    def walk(node):
        for child in node.children:
            if not isinstance(child, str):
                yield child
                yield from walk(child)

    return list(walk(parse(html)))


def assert_allowed(html):
    """Every element and attribute is on the sanitizer's allowlist (or added by its rewrite)."""
    for el in elements(html):
        assert el.tag in ALLOWED_TAGS, el.tag
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(el.tag, set())
        allowed |= REWRITE_ATTRIBUTES.get(el.tag, set())
        assert set(el.attrs) <= allowed | {"xmlns"}, (el.tag, set(el.attrs) - allowed)


def assert_harmless(html):
    for el in elements(html):
        assert el.tag not in {"script", "style", "object", "embed", "form", "maction", "annotation-xml", "svg"}, el
        for name, value in el.attrs.items():
            assert not name.startswith("on"), (el.tag, name)
            if name in {"style", "href", "xlink:href", "src", "srcdoc"}:
                assert not value.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), (el.tag, value)
            if el.tag in {f"m{x}" for x in ("ath", "row", "i", "n", "o", "text", "frac", "sub", "sup")}:
                assert name not in {"href", "xlink:href"}, (el.tag, name)


@pytest.mark.parametrize(
    "evil",
    [
        'para\n{: onclick="alert(1)" onmouseover="alert(2)" .x}',
        '*x*{: onclick="alert(1)"}',
        '{: onload="alert(1)" #id}\npara',
        '- item\n{: onclick="alert(1)"}',
        "## Head {#x onclick=alert(1)}",
        "{::nomarkdown}\n<script>alert(1)</script><img src=x onerror=alert(1)>\n{:/nomarkdown}",
        'text {::nomarkdown}<a href="javascript:alert(1)">x</a>{:/nomarkdown}',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="JaVaScRiPt:alert(1)"></iframe>',
        '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>" src="https://www.youtube.com/embed/x"></iframe>',
        '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)"></iframe>',
        '<iframe src="https://evil.example/embed"></iframe>',
        '<iframe src="https://www.youtube.com.evil.example/embed"></iframe>',
        '<iframe src="https://user@www.youtube.com.evil.example/"></iframe>',
        '<iframe src="http://www.youtube.com:8080/embed/x"></iframe>',
        "<iframe><script>alert(1)</script></iframe>",
        '<object data="https://www.youtube.com/v/x"></object><embed src="https://www.youtube.com/v/x">',
        "$$a \\href{javascript:alert(1)}{x}$$",
        '<math><mi href="javascript:alert(1)">x</mi></math>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<math><maction actiontype="statusline"><mi>x</mi><mtext>javascript:alert(1)</mtext></maction></math>',
        '<math><semantics><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml>'
        "</semantics></math>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "$$\\text{<script>alert(1)</script>}$$",
        "$$\\text{<img src=x onerror=alert(1)>}$$",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    ],
)
def test_kramdown_syntax_cannot_smuggle_script(evil):
    out = render(evil).html
    assert_harmless(out)
    assert_allowed(out)


def test_an_allowed_video_embed_is_kept_lazy_sandboxed_and_over_https():
    out = render(
        '<iframe src="//player.bilibili.com/player.html?aid=1" width="640" frameborder="no" '
        'allowfullscreen="true" onload="x()"></iframe>'
    ).html
    (iframe,) = [el for el in elements(out) if el.tag == "iframe"]
    assert iframe.attrs["src"] == "https://player.bilibili.com/player.html?aid=1"
    assert iframe.attrs["loading"] == "lazy"
    assert iframe.attrs["sandbox"] == EMBED_SANDBOX
    assert iframe.attrs["referrerpolicy"] == "strict-origin-when-cross-origin"
    assert set(iframe.attrs) == {"src", "width", "allowfullscreen", "loading", "sandbox", "referrerpolicy"}


@pytest.mark.parametrize("host", ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"])
def test_each_allowed_host(host):
    out = render(f'<iframe src="https://{host}/embed/x"></iframe>').html
    assert f'src="https://{host}/embed/x"' in out


def test_other_iframes_are_removed_with_their_content():
    out = render('before <iframe src="https://evil.example/">inner <b>text</b></iframe> after').html
    assert "iframe" not in out and "inner" not in out and "before" in out and "after" in out


def test_the_host_list_is_extendable_in_settings(settings):
    settings.BLOG = {**settings.BLOG, "EMBED_HOSTS": [*settings.BLOG["EMBED_HOSTS"], "video.example.org"]}
    assert 'src="https://video.example.org/v/1"' in render('<iframe src="https://video.example.org/v/1"></iframe>').html


def test_csp_frame_src_lists_exactly_the_embed_hosts(db, client, settings):
    response = client.get("/")
    parts = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    directives = dict((part.split(" ", 1) + [""])[:2] for part in parts)
    assert sorted(directives["frame-src"].split()) == sorted(f"https://{h}" for h in settings.BLOG["EMBED_HOSTS"])
    assert sorted(settings.BLOG["EMBED_HOSTS"]) == sorted(
        ["www.youtube.com", "www.youtube-nocookie.com", "player.bilibili.com", "player.vimeo.com"]
    )
    assert directives["object-src"] == "'none'"


def test_mathml_keeps_only_its_own_elements_and_attributes():
    out = render("$$\\frac{a}{b}$$").html
    tags = {el.tag for el in elements(out)}
    assert "math" in tags and "mfrac" in tags
    for el in elements(out):
        assert not set(el.attrs) - {
            "display",
            "stretchy",
            "fence",
            "separator",
            "mathvariant",
            "xmlns",
            "class",
            "lspace",
            "rspace",
            "columnalign",
            "displaystyle",
            "width",
            "minsize",
            "maxsize",
        }
