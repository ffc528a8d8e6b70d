"""Links whose address has an escaped parenthesis: ``[x](http://w/Darwin_(os\\))``.

kramdown counts ``\\)`` in a link's address as a parenthesis like any other;
Python-Markdown's escape pattern has already set it aside as a placeholder,
so its link parser never sees the address close and leaves the link as text.
These processors count escaped parentheses too, then give them back.
"""

from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    LINK_RE,
    ImageInlineProcessor,
    LinkInlineProcessor,
)
from markdown.util import ETX, INLINE_PLACEHOLDER_RE, STX

_PARENS = {f"{STX}{ord('(')}{ETX}": "(", f"{STX}{ord(')')}{ETX}": ")"}


class _CountEscapedParens:
    def getLink(self, data, index):
        stashed = self.md.treeprocessors["inline"].stashed_nodes
        masks = {}

        def mask(match):
            value = stashed.get(match.group(1))
            paren = _PARENS.get(value) if isinstance(value, str) else None
            if paren is None:
                return match.group(0)
            # Same length, so positions hold; the parenthesis is where the placeholder ends.
            masked = STX + "q" * (len(match.group(0)) - 2) + paren
            masks[masked] = masks[masked[:-1]] = value  # the escaped character, as unescape would give
            return masked

        href, title, end, handled = super().getLink(INLINE_PLACEHOLDER_RE.sub(mask, data), index)
        for masked in sorted(masks, key=len, reverse=True):
            href = href.replace(masked, masks[masked])
            title = title if title is None else title.replace(masked, masks[masked])
        return href, title, end, handled


class EscapedParenLinkProcessor(_CountEscapedParens, LinkInlineProcessor):
    pass


class EscapedParenImageProcessor(_CountEscapedParens, ImageInlineProcessor):
    pass


def register(md):
    md.inlinePatterns.register(EscapedParenLinkProcessor(LINK_RE, md), "link", 160)
    md.inlinePatterns.register(EscapedParenImageProcessor(IMAGE_LINK_RE, md), "image_link", 150)
