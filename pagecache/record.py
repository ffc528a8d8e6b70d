"""A page as the page cache stores it."""

from dataclasses import astuple, dataclass, replace


@dataclass(frozen=True)
class CachedPage:
    """One stored response, what it shows and when it was rendered.

    Stored in the shared cache as a plain tuple (``stored()``): what another release reads back
    is data, not a pickled class it may not have.
    """

    rendered_at: int  # the change counter read before rendering (``pagecache.version``)
    keys: frozenset  # what it shows (``pagecache.deps``)
    stamp: float  # when its content last changed, as far as known (Last-Modified)
    headers: dict
    body: bytes
    etag: str
    vary_cookie: bool  # rendered for readers without cookies other than the language one

    FIELDS = 7

    def stored(self):
        return astuple(self)

    @classmethod
    def from_stored(cls, raw):
        """The page in ``raw`` (what ``stored()`` gave), or None for anything else."""
        if not isinstance(raw, tuple) or len(raw) != cls.FIELDS:
            return None
        return cls(*raw)

    def revalidated(self, rendered_at):
        return self if rendered_at == self.rendered_at else replace(self, rendered_at=rendered_at)
