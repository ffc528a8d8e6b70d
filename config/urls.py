"""The site's URLs: the admin, site plumbing, uploads, then the blog's public pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from .health import healthz
from .language import set_language


def serve_media(request, path):
    # MEDIA_ROOT is read per request, so a changed setting is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("admin/", admin.site.urls),
    # Load balancer / orchestrator probe (exempt from the HTTPS redirect).
    path("healthz", healthz, name="healthz"),
    path("lang/<str:code>/", set_language, name="set_language"),
]

if settings.MEDIA_URL.startswith("/"):
    # Header images (a draft's are for staff only) and kept uploads: always through the app,
    # which answers with the file or, behind nginx, X-Accel-Redirect (blog/reading/media.py).
    urlpatterns.append(path(settings.MEDIA_URL.lstrip("/"), include("blog.reading.media")))
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Uploaded images, when no front server or object storage serves them.
    urlpatterns.append(re_path(r"^%s(?P<path>.*)$" % settings.MEDIA_URL.lstrip("/"), serve_media))

urlpatterns.append(path("", include("blog.reading.urls")))
