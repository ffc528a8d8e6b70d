"""Jekyll's array filters (``where``, ``sort``, ``group_by``… and their ``_exp`` forms).

They differ from Liquid's own: ``where`` compares as text and matches inside arrays
(``where: "tags", "x"``), ``sort`` puts items without the property first (or last), a property
may be a dotted path.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache

from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.filter import liquid_filter, with_context
from liquid.stream import TokenStream
from liquid.token import Token
from liquid.undefined import is_undefined


def _items(value):
    """The input as a list (a hash's values, a single value as one item)."""
    if value is None or is_undefined(value):
        return []
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return [value]


def text(value):
    """A Liquid value as Jekyll prints it: nil and undefined as "", booleans as true/false."""
    if value is None or is_undefined(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_text = text


def item_property(item, prop):
    """``item.a.b`` for the property "a.b" (None where the path ends)."""
    for key in str(prop).split("."):
        if isinstance(item, Mapping):
            item = item.get(key)
        elif isinstance(item, Sequence) and not isinstance(item, str) and key.isdigit():
            item = item[int(key)] if int(key) < len(item) else None
        else:
            return None
        if is_undefined(item):
            return None
    return item


def _matches(prop, target):
    if target is None or is_undefined(target):
        return prop is None
    target = _text(target)
    if isinstance(prop, str):
        return prop == target
    values = prop if isinstance(prop, (list, tuple)) else [prop]
    return any(_text(value) == target for value in values)


@liquid_filter
def where(value, prop, target=None):
    items = _items(value)
    if prop is None or is_undefined(prop) or isinstance(target, (list, dict)):
        return items
    return [item for item in items if _matches(item_property(item, prop), target)]


@liquid_filter
def find(value, prop, target=None):
    return next(iter(where(value, prop, target)), None)


@liquid_filter
def group_by(value, prop):
    groups = {}
    for item in _items(value):
        groups.setdefault(_text(item_property(item, prop)), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]


def _sort_key(value):
    """Numbers, then times, then text, each compared as such (Ruby refuses to compare a number
    with text; a page that mixes them still renders)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    if isinstance(value, datetime):
        return (1, value.timestamp(), "")
    if isinstance(value, date):
        return (1, datetime.combine(value, datetime.min.time()).timestamp(), "")
    return (2, 0, _text(value))


@liquid_filter
def sort(value, prop=None, nils="first"):
    items = _items(value)
    if prop is None or is_undefined(prop):
        return sorted(items, key=_sort_key)
    present = [item for item in items if item_property(item, prop) is not None]
    missing = [item for item in items if item_property(item, prop) is None]
    present.sort(key=lambda item: _sort_key(item_property(item, prop)))
    return missing + present if _text(nils) != "last" else present + missing


@liquid_filter
def sample(value, count=1):
    # Jekyll picks at random; a page rendered once would keep its pick anyway, so the first ones.
    items = _items(value)
    if count in (1, None) or is_undefined(count):
        return items[0] if items else None
    return items[: max(int(count), 0)]


@liquid_filter
def push(value, item):
    return _items(value) + [item]


@liquid_filter
def pop(value, count=1):
    items = _items(value)
    return items[: max(len(items) - int(count), 0)]


@liquid_filter
def shift(value, count=1):
    return _items(value)[int(count) :]


@liquid_filter
def unshift(value, item):
    return [item] + _items(value)


@liquid_filter
def array_to_sentence_string(value, connector="and"):
    words = [_text(item) for item in _items(value)]
    connector = _text(connector)
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} {connector} {words[1]}"
    return f"{', '.join(words[:-1])}, {connector} {words[-1]}"


# --- The _exp forms: an expression evaluated with each item bound to a name ------------------
@lru_cache(maxsize=256)
def _parsed(env, source, boolean):
    token = Token("expression", source, 0, source)
    tokens = TokenStream(tokenize(source, parent_token=token))
    return BooleanExpression.parse(env, tokens) if boolean else FilteredExpression.parse(env, tokens)


def _each(context, value, name, source, boolean):
    """``(item, result of the expression for it)`` for every item."""
    expression = _parsed(context.env, _text(source), boolean)
    items = _items(value)
    context.raise_for_loop_limit(len(items))
    for item in items:
        with context.extend({_text(name): item}):
            yield item, expression.evaluate(context)


@with_context
@liquid_filter
def where_exp(value, name, source, *, context):
    return [item for item, keep in _each(context, value, name, source, True) if keep]


@with_context
@liquid_filter
def find_exp(value, name, source, *, context):
    return next((item for item, keep in _each(context, value, name, source, True) if keep), None)


@with_context
@liquid_filter
def group_by_exp(value, name, source, *, context):
    groups = {}
    for item, key in _each(context, value, name, source, False):
        groups.setdefault(_text(key), []).append(item)
    return [{"name": key, "items": items, "size": len(items)} for key, items in groups.items()]


FILTERS = {
    "where": where,
    "where_exp": where_exp,
    "find": find,
    "find_exp": find_exp,
    "group_by": group_by,
    "group_by_exp": group_by_exp,
    "sort": sort,
    "sample": sample,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
    "array_to_sentence_string": array_to_sentence_string,
}
