"""Rendering options: kramdown's, under our names, and what a Jekyll site's
``_config.yml`` asks for.

``DEFAULTS`` are Jekyll 4's kramdown defaults. A site setting
(``settings.BLOG["MARKDOWN"]``) overrides them for the whole blog; a post's
``markdown_options`` (written by ``import_jekyll`` from its site's
``kramdown:`` block) override those for that post.
"""

import re

from . import smartquotes

DEFAULTS = {
    "hard_wrap": False,
    "auto_ids": True,
    "auto_id_prefix": "",
    "smart_quotes": list(smartquotes.DEFAULT_QUOTES),
    "typographic_symbols": {},
    "toc_levels": [1, 2, 3, 4, 5, 6],
}
# kramdown's names for the symbols its typographic_symbols option replaces.
SYMBOL_NAMES = {
    "mdash": "---",
    "ndash": "--",
    "hellip": "...",
    "laquo": "<<",
    "raquo": ">>",
    "laquo_space": "<< ",
    "raquo_space": " >>",
}
# Options that change nothing here, and why (said to whoever imports a site).
NO_EFFECT = {
    "input": "only GFM input (Jekyll's default) is read",
    "syntax_highlighter": "code is highlighted with Pygments",
    "syntax_highlighter_opts": "code is highlighted with Pygments",
    "math_engine": "math is rendered to MathML on the server",
    "math_engine_opts": "math is rendered to MathML on the server",
    "entity_output": "characters are written as characters",
    "guess_lang": "a fence without a language is not highlighted",
    "show_warnings": "warnings are not shown",
    "footnote_nr": "footnotes are numbered from 1",
    "parse_block_html": 'HTML blocks are parsed only with markdown="1"',
    "parse_span_html": "Markdown inside span HTML is always parsed",
    "transliterated_header_ids": "ids keep their letters, as with GFM input",
}


def _bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"{value!r} is not true or false")


def _quotes(value):
    names = [n.strip() for n in (value.split(",") if isinstance(value, str) else list(value))]
    if len(names) != 4 or not all(names):
        raise ValueError(f"{value!r} is not four quote names")
    return names


def _levels(value):
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d)\s*\.\.\s*(\d)\s*", value)
        value = range(int(match.group(1)), int(match.group(2)) + 1) if match else value.split(",")
    levels = sorted({int(v) for v in value})
    if not levels or not all(1 <= n <= 6 for n in levels):
        raise ValueError(f"{value!r} is not heading levels 1 to 6")
    return levels


def _symbols(value):
    if not isinstance(value, dict):
        raise ValueError(f"{value!r} is not a mapping")
    unknown = [k for k in value if k not in SYMBOL_NAMES]
    if unknown:
        raise ValueError("unknown symbols " + ", ".join(map(str, unknown)))
    return {SYMBOL_NAMES[k]: str(v) for k, v in value.items()}


READERS = {
    "hard_wrap": _bool,
    "auto_ids": _bool,
    "auto_id_prefix": str,
    "smart_quotes": _quotes,
    "typographic_symbols": _symbols,
    "toc_levels": _levels,
}


def from_kramdown_config(config):
    """A Jekyll site's ``kramdown:`` mapping -> (options, applied, ignored).

    ``options`` holds only what differs from Jekyll's defaults' meaning here
    (ready for ``Post.markdown_options``); ``applied`` names the options used,
    ``ignored`` is a list of (name, reason).
    """
    options, applied, ignored = {}, [], []
    for name, value in (config or {}).items():
        name = str(name)
        if name in READERS:
            try:
                options[name] = READERS[name](value)
            except (TypeError, ValueError) as exc:
                ignored.append((name, f"not understood ({exc})"))
                continue
            applied.append(name)
        elif name in NO_EFFECT:
            if name == "input" and str(value).lower() == "gfm":
                continue
            ignored.append((name, NO_EFFECT[name]))
        else:
            ignored.append((name, "not a kramdown option this blog knows"))
    return options, applied, ignored


def merged(*layers):
    """DEFAULTS overridden by each layer in turn (site setting, then the post's)."""
    options = dict(DEFAULTS)
    for layer in layers:
        options.update({k: v for k, v in (layer or {}).items() if k in DEFAULTS})
    return options


def to_kramdown_config(options):
    """Our options -> the ``kramdown:`` mapping of a Jekyll _config.yml (only what differs from
    Jekyll's defaults), so an exported site renders as the blog does."""
    options = merged(options)
    config = {}
    for name, value in options.items():
        if value == DEFAULTS[name]:
            continue
        if name == "smart_quotes":
            value = ",".join(value)
        elif name == "typographic_symbols":
            names = {source: symbol for symbol, source in SYMBOL_NAMES.items()}
            value = {names[source]: text for source, text in value.items() if source in names}
        config[name] = value
    return config
