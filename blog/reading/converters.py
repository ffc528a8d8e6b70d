"""URL converters for date-based permalinks and unicode slugs."""


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitConverter:
    """Month or day. Accepts ``6`` so the view can 301 it to the canonical ``06``."""

    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


class UnicodeSlugConverter:
    """Like Django's ``slug`` but allowing letters of any script (``人工智能``)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
