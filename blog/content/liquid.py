"""Liquid in posts imported from Jekyll, understood at render time.

The tags are kept verbatim in the body; here the ones posts rely on become Markdown: ``raw``
blocks, ``highlight`` blocks, ``post_url``/``link`` to other posts, ``site.url``/``baseurl``.
"""

import re

# Posts imported from Jekyll carry Liquid tags; they are kept verbatim in the
# body and understood here, at render time.
_RAW_BLOCK = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.S)
_HIGHLIGHT_OPEN = re.compile(r"^[ \t]*{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%}[ \t]*$", re.M)
_HIGHLIGHT_CLOSE = re.compile(r"^[ \t]*{%-?\s*endhighlight\s*-?%}[ \t]*$", re.M)
_SITE_URL = re.compile(r"{{\s*site\.(?:baseurl|url)\s*}}")
# {% post_url 2010-07-21-name %} and {% link _posts/2010-07-21-name.md %}: the
# post's date-and-name address, which is either its permalink or an old URL the
# importer recorded (answered with a 301).
_POST_URL = re.compile(
    r"{%-?\s*(?:post_url\s+(?:[^\s%]*/)?|link\s+(?:[^\s%]*/)?_posts/(?:[^\s%]*/)?)"
    r"(\d{4})-(\d{2})-(\d{2})-([^\s%/]+?)(?:\.(?:md|markdown|mkdn?|mdown|mdwn|html))?\s*-?%}"
)


def _liquid_outside_raw(text):
    text = _HIGHLIGHT_OPEN.sub(lambda m: "```" + m.group(1), text)
    text = _HIGHLIGHT_CLOSE.sub("```", text)
    text = _POST_URL.sub(lambda m: "/{}/{}/{}/{}/".format(*m.groups()), text)
    return _SITE_URL.sub("", text)


def to_markdown(text):
    parts = []
    pos = 0
    for match in _RAW_BLOCK.finditer(text):
        parts.append(_liquid_outside_raw(text[pos : match.start()]))
        parts.append(match.group(1))
        pos = match.end()
    parts.append(_liquid_outside_raw(text[pos:]))
    return "".join(parts)
