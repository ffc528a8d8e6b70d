"""Plain-text measures of a post that understand Chinese.

Chinese has no spaces between words, so counting whitespace-separated words
makes a 3,000-character article "40 words". Here each CJK character counts as
one word (as Chinese word processors count) and Latin words count as words;
reading time uses a separate speed for each.
"""

import math
import re
from html import unescape

# CJK ideographs (and extensions), kana, hangul, fullwidth forms.
CJK_CHAR = re.compile(
    r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")

CJK_CHARS_PER_MINUTE = 400
LATIN_WORDS_PER_MINUTE = 200

# A sentence ends at Chinese or Western end punctuation (with any closing
# quotes/brackets after it) or at a line break.
SENTENCE_END = re.compile(r"(?<=[。！？!?；;…])[”’」』）)\"']*|(?<=[.])(?=\s)|\n+")

SUMMARY_LENGTH = 140


# blog.markdown.sanitize() writes every "<" and ">" of text and attribute
# values as an entity, so in the HTML it makes they only delimit tags and a
# regex strips tags exactly (Django's strip_tags parses the HTML, twice: ten
# times slower, and search snippets convert ten bodies per page).
TAG = re.compile(r"<[^>]*>")


def html_to_text(html, headings=True, footnotes=False):
    """Visible text of an HTML fragment made by ``blog.markdown.sanitize()``
    (every rendered body, bio and page), blocks separated by newlines."""
    if not headings:
        html = re.sub(r"<h([1-6])\b[^>]*>.*?</h\1>", "", html or "", flags=re.S)
    html = re.sub(r'<a class="(?:heading-anchor|footnote-backref|footnote-ref)"[^>]*>.*?</a>', "", html or "")
    if not footnotes:
        html = re.sub(r'<div class="footnote">.*?</div>', "", html, flags=re.S)
    html = re.sub(r"(?i)<br\s*/?>|</(?:p|h[1-6]|li|blockquote|pre|tr|div|dd|dt)>", "\n", html)
    text = unescape(TAG.sub("", html))
    return re.sub(r"[ \t\u3000]*\n[\s]*", "\n", text).strip()


def search_text(title, subtitle, body_text):
    """What search matches a post against: its title, subtitle and body text
    (``html_to_text(body_html, footnotes=True)``), one per line, casefolded.

    Stored with the post, it turns a case-insensitive search into a plain
    substring test on one column, the same on every database and in every
    script (SQLite's LIKE only folds ASCII); a term never holds whitespace,
    so it cannot match across two fields or paragraphs.
    """
    return "\n".join((title or "", subtitle or "", body_text or "")).casefold()


def count_words(text):
    """(CJK characters, Latin words) in plain text."""
    cjk = len(CJK_CHAR.findall(text))
    latin = len(LATIN_WORD.findall(CJK_CHAR.sub(" ", text)))
    return cjk, latin


def word_count(text):
    cjk, latin = count_words(text)
    return cjk + latin


def reading_minutes(text):
    cjk, latin = count_words(text)
    if not cjk and not latin:
        return 0
    return max(1, math.ceil(cjk / CJK_CHARS_PER_MINUTE + latin / LATIN_WORDS_PER_MINUTE))


def sentences(text):
    pieces = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def summarize(text, length=SUMMARY_LENGTH):
    """Whole sentences from the start of ``text``, about ``length`` characters.

    Never cuts a sentence: the first one is kept whole even when it is long.
    """
    chosen = []
    total = 0
    for sentence in sentences(text):
        if chosen and total + len(sentence) > length:
            break
        chosen.append(sentence)
        total += len(sentence)
        if total >= length:
            break
    joined = ""
    for sentence in chosen:
        # No space between Chinese sentences; one between Western ones.
        if joined and not (
            CJK_CHAR.search(joined[-1]) or CJK_CHAR.match(sentence[0]) or joined[-1] in "。！？；…”」』）"
        ):
            joined += " "
        joined += sentence
    return joined
