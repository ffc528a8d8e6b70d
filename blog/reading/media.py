"""Uploads that are not public before their post is: a post's header image and its resized
variants are served to anyone once the post is published (``published()``, so a scheduled post's
header goes public at its time, with no job to run), and only to staff who may preview posts
before; uploads kept across a form error (``pending/``) are staff-only always.

Every other upload (the image library, avatars, files imported with a Jekyll post) is public at
its address, which for an upload is an unguessable name (``images.UploadTo``).

These paths always go through the app, on every host (the decision reads the database): with
``DJANGO_SERVE_MEDIA=0`` behind nginx, nginx proxies ``MEDIA_URL/headers/`` and ``/pending/`` to
the app and serves the rest itself; the app answers an allowed request with
``X-Accel-Redirect`` to ``DJANGO_MEDIA_ACCEL_REDIRECT`` (an ``internal`` nginx location on the
media folder) when that is set, else with the file (README "Private media").
"""

import mimetypes
import posixpath
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.urls import re_path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.static import serve

from ..content import images
from ..models import Post
from .views.common import can_preview

PRIVATE_PREFIXES = ("headers/", "pending/")
STAFF_ONLY_PREFIXES = ("pending/",)
VARIANT = re.compile(r"^(?P<root>.+)-\d+w(?:_[A-Za-z0-9]{7})?\.(?:webp|jpg)$")
PUBLIC_MAX_AGE = 3600


def owner(name):
    """The post whose header image is the stored file ``name``, or one of its variants."""
    candidates = [name]
    match = VARIANT.match(name)
    if match:
        candidates += [f"{match['root']}.{ext}" for ext in images.FORMATS.values()]
    posts = Post.objects.filter(header_image__in=candidates).only(
        "status", "publish", "header_image", "header_image_variants"
    )
    for post in posts:
        variants = post.header_image_variants or {}
        names = {stored for key in ("webp", "jpeg") for _width, stored in variants.get(key, [])}
        if post.header_image.name == name or name in names:
            return post
    return None


def is_public(name):
    if name.startswith(STAFF_ONLY_PREFIXES):
        return False
    post = owner(name)
    return post is not None and post.is_published


def _file_response(request, name):
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
        return response
    if isinstance(default_storage, FileSystemStorage):
        return serve(request, name, document_root=default_storage.location)  # 304s, safe paths
    return FileResponse(default_storage.open(name, "rb"), content_type=mimetypes.guess_type(name)[0])


def not_found():
    response = HttpResponseNotFound(b"Not Found", content_type="text/plain")
    patch_cache_control(response, no_store=True)  # it may be public soon: no cache keeps the 404
    return response


def private_media(request, path):
    """A header image, a variant of one, or a kept upload: see the module docstring."""
    name = posixpath.normpath(path)
    if name.startswith(("/", "../")) or name in (".", "..") or not name.startswith(PRIVATE_PREFIXES):
        return not_found()
    public = is_public(name)
    if not public and not can_preview(request.user):
        return not_found()
    try:
        response = _file_response(request, name)
    except (OSError, ValueError, Http404):
        return not_found()
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response


urlpatterns = [re_path(r"^(?P<path>(?:headers|pending)/.+)$", private_media, name="private_media")]
