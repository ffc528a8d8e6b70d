"""Reading and rendering post files ahead of saving them, in other processes when there are many.

What a file becomes before any database work — its front matter read (``posts.read_post``) and
its body rendered (``Post.render``) — depends on the file alone, and is half the time an import
takes. ``prepared(files, options)`` does it for every file in order, in a pool of worker
processes on a machine with more than one core (each file is still saved, in its own
transaction, by the importer in this process), or here, one at a time, for a small import.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connections

from blog.models import Post

from .errors import JekyllError
from .frontmatter import has_front_matter, read_text
from .posts import read_post

MAX_AUTHOR = 100  # Author.name's length
PARALLEL_FROM = 100  # files: fewer are not worth starting processes for
CHUNK = 16


class Skip(Exception):
    """A file that is not a post (no front matter) found while scanning a folder."""


@dataclass(frozen=True)
class Options:
    site_zone: object
    zone: object
    default_author: str | None


@dataclass
class Prepared:
    parsed: object = None
    rendered: dict | None = None  # Post.DERIVED_FIELDS for the parsed body and summary
    error: Exception | None = None  # what reading the file raised, raised again when it is saved


def read(post_file, options):
    """The file's ``JekyllPost``; raises ``Skip`` or ``JekyllError``."""
    text = read_text(post_file.path)
    if not post_file.explicit and not has_front_matter(text):
        raise Skip("no front matter (Jekyll treats it as a static file)")
    parsed = read_post(
        post_file,
        options.site_zone,
        default_author=options.default_author,
        zone=options.zone,
        mtime=post_file.path.stat().st_mtime,
        text=text,
    )
    if len(parsed.author) > MAX_AUTHOR:
        raise JekyllError(f"author name is longer than {MAX_AUTHOR} characters")
    return parsed


def prepare(post_file, options):
    try:
        parsed = read(post_file, options)
    except Exception as exc:
        return Prepared(error=exc)
    post = Post(body=parsed.body, summary=parsed.summary)
    post.render()
    return Prepared(parsed, {field: getattr(post, field) for field in Post.DERIVED_FIELDS})


def _prepare_chunk(args):
    files, options = args
    return [prepare(post_file, options) for post_file in files]


def prepared(files, options, workers=None):
    """(post_file, Prepared) for each of ``files``, in order."""
    cores = os.cpu_count() or 1
    workers = workers if workers is not None else min(cores - 1, 3)
    if len(files) < PARALLEL_FROM or workers < 1:
        for post_file in files:
            yield post_file, prepare(post_file, options)
        return
    connections.close_all()  # no connection of this process in the forked workers
    chunks = [(files[i : i + CHUNK], options) for i in range(0, len(files), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk, results in zip(chunks, pool.map(_prepare_chunk, chunks), strict=True):
            yield from zip(chunk[0], results, strict=True)
