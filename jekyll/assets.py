"""Files a post links to by a path of the old site: images are copied into media (where
``blog.writing.legacy`` says the old path now lives), anything else is reported."""

import hashlib
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from blog.content import images
from blog.content.html import local_links
from blog.writing.legacy import IMAGE_EXTENSIONS, imported_asset_name

from .site import find_site_file

# Other files a post may link to that we do not import (reported, not lost silently).
OTHER_ASSET_EXTENSIONS = {".svg", ".pdf", ".zip", ".mp3", ".mp4", ".webm", ".mov", ".bmp", ".ico", ".tif", ".tiff"}


def digest(data):
    return hashlib.sha256(data).hexdigest()


def stored_digest(name):
    """The digest of a stored file, or None when it cannot be read."""
    try:
        with default_storage.open(name, "rb") as fh:
            return digest(fh.read())
    except (OSError, ValueError):
        return None


def cleaned_upload(path, variants=False):
    """An image file cleaned like an upload (``images.clean``, its resized variants too when
    asked); raises ValueError with the reason."""
    with open(path, "rb") as fh:
        try:
            return images.clean(File(fh, name=path.name), variants=variants)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from None
        except Exception as exc:  # Pillow can fail in many ways on a damaged file
            raise ValueError(f"cannot be read ({exc})") from None


def cleaned_image(path):
    """The cleaned bytes of an image file, validated like an upload; raises ValueError with the
    reason."""
    return cleaned_upload(path).read()


class LinkedFiles:
    """Copies the images a post's body links to into media, under the path the browser will ask
    for; ``note(path, message, level)`` hears about the rest."""

    def __init__(self, note, dry_run=False):
        self.note = note
        self.dry_run = dry_run
        self.copied = 0

    def copy(self, post, post_file):
        page = unquote(post.get_absolute_url())
        for link in local_links(post.body_html):
            link_path = unquote(urlsplit(link).path)
            ext = posixpath.splitext(link_path)[1].lower()
            if ext not in IMAGE_EXTENSIONS | OTHER_ASSET_EXTENSIONS:
                continue
            source = find_site_file(link_path, post_file.site, post_file.path.parent)
            if source is None:
                self.note(post_file.path, f"linked file {link} not found in the site", 2)
            elif ext not in IMAGE_EXTENSIONS:
                self.note(post_file.path, f"linked file {link} was not imported (only images are)", 1)
            elif name := imported_asset_name(unquote(urlsplit(urljoin(page, link)).path)):
                self._store(post_file.path, source, name, link)

    def _store(self, path, source, name, link):
        try:
            cleaned = cleaned_image(source)
        except ValueError as exc:
            self.note(path, f"linked image {link} not imported: {exc}", 1)
            return
        if self.dry_run:
            return
        if default_storage.exists(name):
            if stored_digest(name) == digest(cleaned):
                return
            default_storage.delete(name)
        default_storage.save(name, ContentFile(cleaned))
        self.copied += 1
