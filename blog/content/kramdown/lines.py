"""The parser's blocks, read as lines again: a kramdown block may span blank lines."""


def split_lines(block):
    return block.split("\n")


def put_back(blocks, lines, md=None):
    """Return unconsumed lines of the current block to the parser (remembered
    as a continuation when ``md`` is given: no blank line before it)."""
    if lines:
        text = "\n".join(lines)
        blocks.insert(0, text)
        if md is not None:
            continued(md).append(text)


def continued(md):
    if not hasattr(md, "kramdown_continued"):
        md.kramdown_continued = []
    return md.kramdown_continued


def after_block_boundary(md, block):
    """False for the rest of a block another processor began (kramdown's after_block_boundary?)."""
    return not any(text is block for text in continued(md))


def raw_block(parent, md, html):
    """Raw HTML where a block stands, with no paragraph around it."""
    placeholder = md.htmlStash.store(html)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + "\n" + placeholder + "\n"
    else:
        parent.text = (parent.text or "") + "\n" + placeholder + "\n"


class Lines:
    """The parser's blocks read line by line; the blank line between two blocks reads as ''."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.lines = blocks.pop(0).split("\n")
        self.index = 0
        self.last_blank = False

    def peek(self):
        if self.index >= len(self.lines):
            if not self.blocks:
                return None
            self.lines = self.lines[self.index :] + [""] + self.blocks.pop(0).split("\n")
            self.index = 0
        return self.lines[self.index]

    def take(self):
        line = self.peek()
        self.index += 1
        self.last_blank = line is not None and not line.strip()
        return line

    def give_back(self, md=None):
        """Return what was not read; True when it follows a blank line."""
        rest = self.lines[self.index :]
        blank_before = self.last_blank
        while rest and not rest[0].strip():
            rest.pop(0)
            blank_before = True
        if rest:
            put_back(self.blocks, rest, None if blank_before else md)
        return blank_before
