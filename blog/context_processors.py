from django.conf import settings


def site(request):
    """Site-wide names every template may need (title, description)."""
    return {"site": settings.BLOG}
