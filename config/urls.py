from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from blog.health import healthz


def serve_media(request, path):
    # MEDIA_ROOT is read per request, so a changed setting is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("admin/", admin.site.urls),
    # Load balancer / orchestrator probe (exempt from the HTTPS redirect).
    path("healthz", healthz, name="healthz"),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Uploaded images, when no front server or object storage serves them.
    urlpatterns.append(re_path(r"^%s(?P<path>.*)$" % settings.MEDIA_URL.lstrip("/"), serve_media))

urlpatterns.append(path("", include("blog.urls")))
