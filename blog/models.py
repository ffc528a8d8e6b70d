"""The blog's content: authors, posts (with their search text, revisions and old URLs),
images for use in posts, and standalone pages.

A model renders what its author typed in ``save()`` (``blog.content``); everything else a save
involves (header image variants, search text, revisions) is in ``blog.writing.posts``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from . import links
from .content import html, images, markdown, text
from .querysets import PostQuerySet, local_date


class Author(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown."))
    bio_html = models.TextField(editable=False, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True, validators=[images.validate_image])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or "author"
        self.bio_html = markdown.render_html(self.bio)
        images.process_upload(self.avatar)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.reverse("blog:author", slug=self.slug)


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "Last part of the URL; unique for the publish date. Left empty, it is made from the title, "
            "or from the publish time (HHMMSS) when the title has no Latin letters."
        ),
    )
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="posts")
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    toc_html = models.TextField(editable=False, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Shown in lists, feeds and search engines. Left empty, the first sentences of the body are used."),
    )
    excerpt = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_time = models.PositiveIntegerField(editable=False, default=0)
    header_image = models.ImageField(
        _("header image"), upload_to="headers/%Y/%m/", blank=True, validators=[images.validate_image]
    )
    header_image_variants = models.JSONField(editable=False, default=dict, blank=True)
    header_image_url = models.CharField(
        _("header image path or URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "A static path such as img/post-bg-2015.jpg, or an external URL. An uploaded header image takes precedence."
        ),
    )
    header_mask = models.DecimalField(
        _("header mask"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Darkness of the banner overlay, 0 to 1 (like Hux's header-mask)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish = models.DateTimeField(_("publish"), default=timezone.now, db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Left off the home page list, still everywhere else.")
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish", "-id"]
        get_latest_by = "publish"
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # Serves published() (status, publish) and listed() (…, hidden) alike.
            models.Index(fields=["status", "publish", "hidden"], name="blog_post_listed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(header_mask__isnull=True)
                | (models.Q(header_mask__gte=0) & models.Q(header_mask__lte=1)),
                name="post_header_mask_0_1",
            )
        ]

    def __str__(self):
        return self.title

    class State(models.TextChoices):
        """A post as readers experience it: a published post whose time has not come is scheduled."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    # What ``render()`` makes from the body and summary, saved with every save.
    DERIVED_FIELDS = ("body_html", "toc_html", "excerpt", "word_count", "reading_time")
    # What a link to a neighbouring or related post shows.
    NEIGHBOUR_FIELDS = ("title", "slug", "publish")

    def save(self, *args, **kwargs):
        """Render the body (and fill in a missing slug); see ``blog.writing.posts.save_post``
        for everything else a save involves."""
        if not self.slug:
            self.slug = self.default_slug()
        if getattr(self, "_rendered_from", None) != (self.body, self.summary):
            self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.DERIVED_FIELDS, "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.post_url(self.publish_date, self.slug)

    @property
    def publish_date(self):
        return local_date(self.publish)

    # --- State ----------------------------------------------------------------
    @property
    def state(self):
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        return self.State.SCHEDULED if self.publish > timezone.now() else self.State.PUBLISHED

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_scheduled(self):
        return self.state == self.State.SCHEDULED

    @property
    def last_modified(self):
        """When readers last saw the post change: its last edit, or its going public when that
        came later (a scheduled post)."""
        return max(self.updated or self.publish, self.publish)

    # --- Header image -----------------------------------------------------------
    @property
    def header_src(self):
        """Best single URL for the banner (uploaded, then path/URL)."""
        variants = self.header_image_variants or {}
        if variants.get("jpeg"):
            return images.storage_url(variants["jpeg"][-1][1])
        if self.header_image:
            return self.header_image.url
        return images.static_or_url(self.header_image_url)

    def header_srcset(self, fmt="jpeg"):
        return ", ".join(
            f"{images.storage_url(name)} {width}w" for width, name in (self.header_image_variants or {}).get(fmt, [])
        )

    # --- Tags, neighbours and related posts ------------------------------------------
    @property
    def tag_list(self):
        """The post's tags, each with its ``url``: the ones ``with_tags()`` fetched, else a query.

        (taggit's manager builds a new queryset on every ``tags.all()``, which costs more than
        the page around it in long lists.)
        """
        try:
            return self.prefetched_tags
        except AttributeError:
            tags = list(self.tags.all())
            for tag in tags:
                tag.url = links.tag_url(tag.slug)
            return tags

    def get_previous_published(self):
        """The published post just before this one (older)."""
        return (
            Post.objects.published()
            .filter(models.Q(publish__lt=self.publish) | models.Q(publish=self.publish, pk__lt=self.pk))
            .exclude(pk=self.pk)
            .only(*self.NEIGHBOUR_FIELDS)
            .order_by("-publish", "-pk")
            .first()
        )

    def get_next_published(self):
        """The published post just after this one (newer)."""
        return (
            Post.objects.published()
            .filter(models.Q(publish__gt=self.publish) | models.Q(publish=self.publish, pk__gt=self.pk))
            .exclude(pk=self.pk)
            .only(*self.NEIGHBOUR_FIELDS)
            .order_by("publish", "pk")
            .first()
        )

    def related_posts(self, limit=5):
        """Published posts sharing the most tags with this one, newest first among equals.

        One query when the post's tags are prefetched (as the post page does).
        """
        tag_ids = [tag.pk for tag in self.tag_list]
        if not tag_ids:
            return []
        return list(
            Post.objects.published()
            .filter(tags__in=tag_ids)
            .exclude(pk=self.pk)
            .annotate(shared_tags=models.Count("pk"))
            .only(*self.NEIGHBOUR_FIELDS, "subtitle")
            .order_by("-shared_tags", "-publish", "-pk")[:limit]
        )

    # --- Validation and rendering ---------------------------------------------------
    def default_slug(self):
        """The title's ASCII slug, else the publish time as HHMMSS (an all-Chinese title)."""
        slug = slugify(self.title or "")
        if not slug:
            moment = timezone.localtime(self.publish or timezone.now(), timezone.get_default_timezone())
            slug = moment.strftime("%H%M%S")
        return slug[:200]

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=exclude)
        if exclude and ("slug" in exclude or "publish" in exclude):
            return
        if not self.publish:
            return
        slug = self.slug or self.default_slug()
        clash = Post.objects.on_day(self.publish_date).filter(slug=slug).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "slug": _("Another post published on %(date)s already uses the slug “%(slug)s”.")
                    % {"date": self.publish_date.isoformat(), "slug": slug}
                }
            )

    def set_rendered(self, fields):
        """``DERIVED_FIELDS`` as ``render()`` made them for the current body and summary
        elsewhere (an import renders in other processes): ``save()`` keeps them."""
        for name in self.DERIVED_FIELDS:
            setattr(self, name, fields[name])
        self._rendered_from = (self.body, self.summary)

    def render(self):
        """Fill in ``DERIVED_FIELDS`` from the body and summary."""
        rendered = markdown.render(self.body)
        self.body_html = rendered.html
        self.toc_html = rendered.toc_html
        plain = html.html_to_text(self.body_html)
        self.word_count = text.word_count(plain)
        self.reading_time = text.reading_minutes(plain)
        self.excerpt = self.summary.strip() or text.summarize(html.html_to_text(self.body_html, headings=False))

    def search_text(self):
        """What search matches this post against (``blog.content.text.search_text``)."""
        return text.search_text(self.title, self.subtitle, html.html_to_text(self.body_html, footnotes=True))


class SearchText(models.Model):
    """A post's text as search reads it: title, subtitle and body text, casefolded
    (``Post.search_text()``), written by ``blog.writing.posts.save_post``.

    A table of its own because a search reads the text of every public post:
    SQLite stores a row's columns in order, and a column of ``blog_post``
    would be read through each post's body and HTML (twice the time).
    """

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="search")
    text = models.TextField()

    def __str__(self):
        return str(self.post_id)


class Revision(models.Model):
    """The state of a post before one of its saves."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    created = models.DateTimeField(_("saved at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        saved = timezone.localtime(self.created) if self.created else None
        return f"{self.title} @ {saved:%Y-%m-%d %H:%M}" if saved else self.title


class Image(models.Model):
    """An image uploaded for use inside posts."""

    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[images.validate_image],
    )
    alt = models.CharField(
        _("alt text"), max_length=300, help_text=_("Describes the image for readers who cannot see it.")
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    created = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        images.process_upload(self.file)
        super().save(*args, **kwargs)

    @property
    def markdown(self):
        alt = self.alt.replace("[", "").replace("]", "")
        return f"![{alt}]({self.file.url})"


class Page(models.Model):
    """A standalone page such as About, edited in the admin."""

    ABOUT = "about"  # the About page: linked from the navigation and the home sidebar

    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = markdown.render_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.reverse("blog:page", slug=self.slug)


class LegacyURL(models.Model):
    """An old address of a post (e.g. from Jekyll) that redirects to its permalink."""

    path = models.CharField(_("old path"), max_length=500, unique=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="legacy_urls")

    class Meta:
        ordering = ["path"]
        verbose_name = _("old URL")
        verbose_name_plural = _("old URLs")

    def __str__(self):
        return self.path
