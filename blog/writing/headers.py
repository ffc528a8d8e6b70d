"""A post's header image, prepared before the post's transaction opens.

A new upload is cleaned (unless the admin did it before its own transaction), stored under an
unguessable name and its resized variants made and stored; a header restored from a revision
gets its variants made again. All of that happens before ``save_post`` takes the database's
write lock, so a slow image never holds it. The variants a change replaces are deleted once
the change is committed; what a failed save stored is deleted again.
"""

import logging
from dataclasses import dataclass, field

from django.core.files.storage import default_storage

from ..content import images

log = logging.getLogger(__name__)


def _names(variants):
    return [name for key in ("webp", "jpeg") for _width, name in (variants or {}).get(key, [])]


def _belongs(variants, name):
    """True when ``variants`` were made from the stored image ``name`` (a restored revision's
    header has none yet)."""
    names = _names(variants)
    return bool(names) and all(variant.startswith(name.rsplit(".", 1)[0] + "-") for variant in names)


@dataclass
class HeaderChange:
    """What ``prepare`` did: the files it stored and the variants that are no longer used."""

    stored: list = field(default_factory=list)
    replaced: dict = field(default_factory=dict)

    @property
    def changed(self):
        return bool(self.stored or self.replaced)

    def committed(self):
        images.delete_variants(self.replaced)

    def failed(self):
        for name in self.stored:
            try:
                default_storage.delete(name)
            except OSError:
                pass


def prepare(post):
    """Clean and store a newly assigned header image and make its variants; make them for a
    header that has none; drop those of a removed header. Returns a ``HeaderChange``."""
    header = post.header_image
    old = post.header_image_variants or {}
    if header and not header._committed:
        cleaned = images.clean(header.file, variants=True)
        header.save(cleaned.name, cleaned, save=False)  # under images.UploadTo's unguessable name
        post.header_image_variants = images.store_variants(header.name, cleaned.make_variants(), cleaned.dimensions)
        return HeaderChange([header.name, *_names(post.header_image_variants)], old)
    if header and not _belongs(old, header.name):
        try:
            post.header_image_variants = images.make_variants(header.name)
        except (OSError, *images.DECODE_ERRORS):
            log.warning("header image %s of post %s cannot be read: no resized variants", header.name, post.pk)
            return HeaderChange()
        return HeaderChange(_names(post.header_image_variants), old)
    if not header and old:
        post.header_image_variants = {}
        return HeaderChange(replaced=old)
    return HeaderChange()
