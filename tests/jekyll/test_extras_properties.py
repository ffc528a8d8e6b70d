"""Property tests: whatever a theme's front matter holds under the pinning and series keys, reading
it gives a clear answer (values applied, or a note, or a JekyllError naming the key), and any
series name makes a slug a URL can carry."""

import pytest
from django.core.validators import validate_unicode_slug
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.models import Series
from jekyll.errors import JekyllError
from jekyll.extras import KEYS, read_extras

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True),
    st.text(max_size=300),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=5,
)
front_matter = st.dictionaries(st.sampled_from(sorted(KEYS)), values, max_size=len(KEYS))


@settings(max_examples=300, deadline=None)
@given(front_matter)
def test_any_value_gets_a_clear_answer(meta):
    try:
        extras = read_extras(meta)
    except JekyllError as exc:
        assert "series name" in str(exc)
        return
    assert extras.pin_order is None or (extras.pinned and 1 <= extras.pin_order < 2**31)
    assert isinstance(extras.series, str) and len(extras.series) <= 200
    assert extras.series_order is None or (extras.series and 0 <= extras.series_order < 2**31)
    for note in extras.notes:
        assert note.split(":")[0] in KEYS
    assert isinstance(extras.describe(), str)


@pytest.mark.parametrize("value", [True, 1, 7])
def test_true_and_positive_numbers_pin_under_every_key(value):
    for key in ("top", "sticky", "pin", "pinned"):
        assert read_extras({key: value}).pinned


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_series_name_makes_a_usable_slug(name):
    slug = Series.slug_for(name)
    validate_unicode_slug(slug)
    assert len(slug) <= 200
