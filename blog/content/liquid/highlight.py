"""``{% highlight %}`` blocks as the Markdown pipeline highlights fenced code: Pygments, with the
same classes (``language-X highlight``), as an HTML block of its own."""

from pygments import highlight as pygmentize
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound


def block(code, language, linenos=False):
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    formatter = HtmlFormatter(
        cssclass=f"language-{language.lower()} highlight", wrapcode=True, linenos="table" if linenos else False
    )
    # Jekyll drops the newlines around the code; blank lines keep the HTML a block of its own.
    return "\n\n" + pygmentize(code.strip("\r\n"), lexer, formatter).strip() + "\n\n"
