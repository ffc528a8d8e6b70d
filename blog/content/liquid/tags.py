"""Jekyll's own tags, written for python-liquid: ``include`` and ``include_relative`` (with
Jekyll's syntax: a bare file name, ``key="value"`` or ``key=variable`` parameters, seen as
``include.key``), ``highlight``, ``post_url``, ``link`` and GitHub Pages' ``gist``.

An include reads only what the site gives it (``LiquidSite.read``: the imported ``_includes/``
and the files ``include_relative`` names, kept in the database), by a name that cannot climb out
of its folder.
"""

import posixpath
import re
from html import escape

from liquid.ast import Node
from liquid.builtin.expressions import parse_primitive, tokenize
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG

from . import highlight
from .sandbox import current

# The characters Jekyll accepts in an include's file name; "..", "./" and "//" are refused too.
VALID_NAME = re.compile(r"^[\w/.\-()+~#@]+$")
BAD_SEQUENCE = re.compile(r"[./]{2,}")
# key="value", key='value' or key=variable.path
PARAMETER = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|([\w.\-\[\]]+))""")
# The file part of the markup: plain characters and {{ ... }} groups, up to the first space.
FILE_PART = re.compile(r"\s*((?:\{\{.*?\}\}|[^\s{])+)(.*)", re.S)


class IncludeError(LiquidError):
    """An include that names a forbidden or missing file."""


def _markup(stream):
    """``(tag token, the raw text after its name)``; the stream is left on the tag's last token,
    as the parser expects."""
    token = stream.expect(TOKEN_TAG)
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


def _parse_parameters(env, text, token):
    """``[(name, literal string or expression)]`` of Jekyll's include parameters."""
    params, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = PARAMETER.match(text, pos)
        if not match:
            raise LiquidSyntaxError(
                f'invalid parameters for include: {text!r} (write key="value" or key=variable)', token=token
            )
        name, double, single, variable = match.groups()
        if double is not None:
            value = double.replace('\\"', '"')
        elif single is not None:
            value = single.replace("\\'", "'")
        else:
            value = parse_primitive(env, TokenStream(tokenize(variable, parent_token=token)))
        params.append((name, value))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return params


def check_name(name):
    """The include's file name, or ``IncludeError`` saying why Jekyll would refuse it."""
    name = name.strip()
    if not name or not VALID_NAME.match(name) or BAD_SEQUENCE.search(name) or name.startswith("/"):
        raise IncludeError(f"include file name {name!r} contains invalid characters or sequences", token=None)
    return name


class IncludeNode(Node):
    """``{% include name key=value %}``: the file rendered in the same context, with ``include``
    holding the parameters (when there are any)."""

    __slots__ = ("name", "params")
    relative = False

    def __init__(self, token, name, params):
        super().__init__(token)
        self.name = name  # a parsed template when the name uses {{ }}, else a string
        self.params = params
        self.blank = False

    def file_name(self, context):
        if isinstance(self.name, str):
            return self.name
        return self.name.render_with_context_to_string(context)

    def path(self, state, name):
        if self.relative:
            folder = posixpath.dirname(str(state.page.get("path") or ""))
            return posixpath.join(folder, name)
        return posixpath.join(state.site.includes_dir, name)

    def render_to_output(self, context, buffer):
        state = current.get()
        state.budget.check_time()
        path = self.path(state, check_name(self.file_name(context)))
        template = state.include(path)
        if template is None:
            kind = "include_relative" if self.relative else "include"
            raise IncludeError(f"{kind}: could not find {path} in the site", token=self.token)
        namespace = {}
        if self.params:
            namespace["include"] = {
                key: value if isinstance(value, str) else value.evaluate(context) for key, value in self.params
            }
        with context.extend(namespace, template=template):
            template.render_with_context(context, buffer, partial=True)
        return True


class RelativeIncludeNode(IncludeNode):
    relative = True


class _Template:
    """A file name written with {{ }}, rendered at render time."""

    def __init__(self, env, source):
        self.template = env.from_string(source)

    def render_with_context_to_string(self, context):
        buf = context.get_buffer()
        for node in self.template.nodes:
            node.render(context, buf)
        return buf.getvalue()


class IncludeTag(Tag):
    name = "include"
    block = False
    node_class = IncludeNode

    def parse(self, stream):
        token, markup = _markup(stream)
        match = FILE_PART.match(markup)
        if not match:
            raise LiquidSyntaxError(f"{self.name} needs a file name", token=token)
        file_part, rest = match.groups()
        name = _Template(self.env, file_part) if "{{" in file_part else file_part
        return self.node_class(token, name, _parse_parameters(self.env, rest, token))


class IncludeRelativeTag(IncludeTag):
    name = "include_relative"
    node_class = RelativeIncludeNode


class HighlightNode(Node):
    __slots__ = ("language", "options", "block")

    def __init__(self, token, language, options, block):
        super().__init__(token)
        self.language = language
        self.options = options
        self.block = block
        self.blank = False

    def render_to_output(self, context, buffer):
        buf = context.get_buffer(buffer)
        self.block.render(context, buf)
        buffer.write(highlight.block(buf.getvalue(), self.language, "linenos" in self.options))
        return True


class HighlightTag(Tag):
    """``{% highlight lang [linenos] %}code{% endhighlight %}``: highlighted like a fenced
    block (as HTML, so it also works inside an HTML block, where Markdown is not read)."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream):
        token, markup = _markup(stream)
        words = markup.split()
        if not words or not re.match(r"^[\w+#.-]+$", words[0]):
            raise LiquidSyntaxError("highlight needs a language, like {% highlight ruby %}", token=token)
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return HighlightNode(token, words[0], words[1:], block)


class LookupNode(Node):
    """A tag whose output is the URL the site finds for its argument."""

    __slots__ = ("argument", "kind")

    def __init__(self, token, argument, kind):
        super().__init__(token)
        self.argument = argument
        self.kind = kind
        self.blank = False

    def render_to_output(self, context, buffer):
        state = current.get()
        argument = self.argument
        if not isinstance(argument, str):
            argument = argument.render_with_context_to_string(context).strip()
        url = getattr(state.site, self.kind)(argument)
        if url is None:
            raise LiquidError(f"{self.kind}: could not find {argument!r} in the site", token=self.token)
        buffer.write(url)
        return True


class PostUrlTag(Tag):
    """``{% post_url 2010-07-21-name %}`` (or ``sub/2010-07-21-name``)."""

    name = "post_url"
    block = False
    kind = "post_url"

    def parse(self, stream):
        token, markup = _markup(stream)
        argument = markup.strip()
        if not argument:
            raise LiquidSyntaxError(f"{self.name} needs an argument", token=token)
        if "{{" in argument:
            argument = _Template(self.env, argument)
        return LookupNode(token, argument, self.kind)


class LinkTag(PostUrlTag):
    """``{% link _posts/2016-07-26-name.md %}``, ``{% link about.md %}``."""

    name = "link"
    kind = "link"


class GistNode(Node):
    __slots__ = ("gist",)

    def __init__(self, token, gist):
        super().__init__(token)
        self.gist = gist
        self.blank = False

    def render_to_output(self, context, buffer):
        # jekyll-gist embeds a script, which the sanitizer removes: a link shows the gist.
        url = f"https://gist.github.com/{self.gist}"
        buffer.write(f'<a href="{escape(url)}">{escape(url)}</a>')
        return True


class GistTag(Tag):
    """GitHub Pages' ``{% gist user/id [file] %}``."""

    name = "gist"
    block = False

    def parse(self, stream):
        token, markup = _markup(stream)
        words = markup.split()
        if not words or not re.match(r"^[\w./-]+$", words[0]):
            raise LiquidSyntaxError("gist needs a gist id, like {% gist user/1234 %}", token=token)
        return GistNode(token, words[0].strip("/"))


TAGS = [IncludeTag, IncludeRelativeTag, HighlightTag, PostUrlTag, LinkTag, GistTag]
