"""A page as the page cache stores it."""

from dataclasses import astuple, dataclass


@dataclass(frozen=True)
class CachedPage:
    """One stored response, and the content version it was rendered under.

    Stored in the shared cache as a plain tuple (``stored()``): what another release reads back
    is data, not a pickled class it may not have.
    """

    token: str  # the content version's token
    headers: dict
    body: bytes
    etag: str
    vary_cookie: bool  # rendered for readers without cookies other than the language one

    def stored(self):
        return astuple(self)

    @classmethod
    def from_stored(cls, raw):
        """The page in ``raw`` (what ``stored()`` gave), or None for anything else."""
        if not isinstance(raw, tuple) or len(raw) != 5:
            return None
        return cls(*raw)

    def is_current(self, version):
        return self.token == version.token
