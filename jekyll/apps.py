from django.apps import AppConfig


class JekyllConfig(AppConfig):
    """Moving a Jekyll (Hux Blog) site in and back out: ``import_jekyll`` and ``export_jekyll``.

    No models: what it reads becomes the blog's posts, authors, tags and old URLs.
    """

    name = "jekyll"
    verbose_name = "Jekyll"
