"""The blog's content: authors, series, posts (with their search text, revisions and old URLs),
images for use in posts, standalone pages, and readers' comments.

A model renders what its author typed in ``save()`` (``blog.content``); everything else a save
involves (header image variants, search text, revisions) is in ``blog.writing.posts``.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from . import links
from .content import characters, html, images, markdown, text
from .content import comments as comment_markup
from .querysets import CommentQuerySet, PostQuerySet, local_date


class Author(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown."))
    bio_html = models.TextField(editable=False, blank=True)
    avatar = models.ImageField(
        _("avatar"), upload_to=images.UploadTo("avatars"), blank=True, validators=[images.validate_image]
    )
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
        # Cleaned already when it came through the admin (before its transaction); stored here.
        images.process_upload(self.avatar)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.reverse("blog:author", slug=self.slug)


class Series(models.Model):
    """Posts read in order (a multi-part tutorial): each part shows the series box, and the
    series has a page listing its parts."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown. Shown on the series page."))
    description_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_for(self.name)
        self.description_html = markdown.render_html(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.reverse("blog:series", slug=self.slug)

    @staticmethod
    def slug_for(name):
        """The slug a series named ``name`` gets: its slug, Chinese kept; a name that slugifies to
        nothing (such as "🚀") gets one a URL can carry."""
        return slugify(name, allow_unicode=True)[:200] or "series-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def _validate_front_matter(value):
    if value is not None and not isinstance(value, dict):
        raise ValidationError(_('The front matter is a mapping of names to values, like {"mood": "calm"}.'))


def _liquid():
    # What a post's or page's Liquid sees of the site (other posts, includes, _config.yml) is
    # read from the database by blog.writing.liquid, which imports this module.
    from .writing import liquid

    return liquid


class LiquidDocument(models.Model):
    """What a post or page needs for the Liquid in it (``blog.content.liquid``), as Jekyll
    evaluates it before Markdown: posts and pages imported from Jekyll have ``liquid`` set."""

    liquid = models.BooleanField(
        _("Liquid"),
        default=False,
        help_text=_(
            "Evaluate Liquid ({% include %}, {{ page.title }}…) before Markdown, as Jekyll does. "
            "Posts and pages imported from Jekyll have it."
        ),
    )
    front_matter = models.JSONField(
        _("front matter"),
        default=dict,
        blank=True,
        validators=[_validate_front_matter],
        help_text=_("The front matter it was imported with: what {{ page.x }} reads."),
    )
    source_path = models.CharField(
        _("source file"),
        max_length=500,
        blank=True,
        help_text=_(
            "Its file in the Jekyll site (e.g. _posts/2020-06-19-part-one.md): relative links and "
            "include_relative are read from its folder."
        ),
    )
    # Why its Liquid could not be rendered (then shown as written), and what of the site it
    # read (one name a line, between newlines): re-rendered when one of those changes.
    liquid_error = models.TextField(_("Liquid error"), editable=False, blank=True)
    liquid_uses = models.TextField(editable=False, blank=True)

    LIQUID_FIELDS = ("liquid_error", "liquid_uses")

    class Meta:
        abstract = True

    def render_liquid_document(self):
        """``markdown.Rendered`` of the body, its Liquid first (``blog.writing.liquid``)."""
        if not isinstance(self.front_matter, dict):  # an emptied admin field
            self.front_matter = {}
        return _liquid().render_document(self)


class Post(LiquidDocument):
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
    # kramdown options of the Jekyll site the post came from (hard_wrap, auto_ids, smart_quotes...),
    # over the site's own (blog.content.kramdown.options); empty for posts written here.
    markdown_options = models.JSONField(editable=False, default=dict, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Shown in lists, feeds and search engines. Left empty, the first sentences of the body are used."),
    )
    excerpt = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_time = models.PositiveIntegerField(editable=False, default=0)
    header_image = models.ImageField(
        _("header image"),
        upload_to=images.UploadTo("headers"),
        blank=True,
        validators=[images.validate_image],
        db_index=True,  # the media gate finds a file's post by it (blog.reading.media)
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
    # Pinned posts lead the first page of the home list (``blog.reading.pinned``).
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first on the home page, marked as pinned, once published.")
    )
    pin_order = models.PositiveIntegerField(
        _("pin order"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Among pinned posts, lower numbers come first; posts without a number follow, newest first."),
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        db_index=False,  # blog_post_series_idx starts with it
    )
    series_order = models.PositiveIntegerField(
        _("part number"),
        null=True,
        blank=True,
        help_text=_("Place in the series, lower first; parts without a number follow by publish date."),
    )
    # Counts saves: the post form carries the version it was opened at, so a save over a
    # newer one is a conflict instead of a lost edit (blog.admin.conflicts).
    version = models.PositiveIntegerField(editable=False, default=0)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may comment (unless the site closes comments on posts this old)."),
    )
    # Approved comments, kept by blog.writing.comments so lists show it without a query.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish", "-id"]
        get_latest_by = "publish"
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # Serves published() (status, publish) and listed() (…, hidden) alike.
            models.Index(fields=["status", "publish", "hidden"], name="blog_post_listed_idx"),
            # The few pinned posts, found without reading the others.
            models.Index(fields=["status", "publish"], condition=models.Q(pinned=True), name="blog_post_pinned_idx"),
            # A series' parts: its published ones without reading every published post.
            models.Index(fields=["series", "status", "publish"], name="blog_post_series_idx"),
            # The sitemap index's latest change: read from the top, not by an aggregate.
            models.Index(fields=["updated"], name="blog_post_updated_idx"),
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
    DERIVED_FIELDS = ("body_html", "toc_html", "excerpt", "word_count", "reading_time", *LiquidDocument.LIQUID_FIELDS)
    # What a link to a neighbouring or related post shows.
    NEIGHBOUR_FIELDS = ("title", "slug", "publish")

    def save(self, *args, **kwargs):
        """Render the body (and fill in a missing slug); see ``blog.writing.posts.save_post``
        for everything else a save involves."""
        for field in ("title", "subtitle", "body", "summary"):  # what no database can store
            setattr(self, field, characters.storable(getattr(self, field)))
        if not self.slug:
            self.slug = self.default_slug()
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.DERIVED_FIELDS, *self.LIQUID_FIELDS, "slug", "version"}
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
    def accepts_comments(self):
        """Readers may comment: the post is public, its comments open, and it is not older than
        the site's ``CLOSE_AFTER_DAYS``."""
        if not (self.comments_open and self.is_published):
            return False
        days = settings.BLOG_COMMENTS["CLOSE_AFTER_DAYS"]
        return not days or timezone.now() - self.publish < timezone.timedelta(days=days)

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

    def render(self):
        """Fill in ``DERIVED_FIELDS`` from the body and summary (its Liquid first, when it has any)."""
        rendered = self.render_liquid_document()
        self.body_html = rendered.html
        self.toc_html = rendered.toc_html
        plain = html.html_to_text(self.body_html)
        self.word_count = text.word_count(plain)
        self.reading_time = text.reading_minutes(plain)
        self.excerpt = characters.printable(self.summary.strip()) or text.summarize(
            html.html_to_text(self.body_html, headings=False)
        )

    def search_text(self):
        """What search matches this post against (``blog.content.text.search_text``)."""
        return text.search_text(self.title, self.subtitle, html.html_to_text(self.body_html, footnotes=True))


class SearchText(models.Model):
    """A post's text as search reads it: title, subtitle and body text, casefolded
    (``Post.search_text()``), written by ``blog.writing.posts.save_post``.

    A table of its own because a search reads the text of every public post: SQLite stores a
    row's columns in order, and a column of ``blog_post`` would be read through each post's body
    and HTML.
    """

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="search")
    text = models.TextField()

    def __str__(self):
        return str(self.post_id)


class Revision(models.Model):
    """The state of a post before one of its saves: every field an editor can change
    (``blog.writing.revisions.FIELDS``).

    Revisions kept before all fields were recorded have the text only (``version`` is null);
    restoring one puts back the text.
    """

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    slug = models.CharField(_("slug"), max_length=200, null=True, blank=True)
    body = models.TextField(_("body"), blank=True)
    tags = models.JSONField(_("tags"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Post.Status.choices, null=True, blank=True)
    publish = models.DateTimeField(_("publish"), null=True, blank=True)
    summary = models.TextField(_("summary"), null=True, blank=True)
    header_image = models.CharField(_("header image"), max_length=255, null=True, blank=True)
    header_image_url = models.CharField(_("header image path or URL"), max_length=500, null=True, blank=True)
    header_mask = models.DecimalField(_("header mask"), max_digits=3, decimal_places=2, null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), null=True, blank=True)
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
        upload_to=images.UploadTo("images"),
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
        # Cleaned already when it came through the admin (before its transaction); stored here.
        images.process_upload(self.file)
        super().save(*args, **kwargs)

    @property
    def markdown(self):
        alt = self.alt.replace("[", "").replace("]", "")
        return f"![{alt}]({self.file.url})"


class Page(LiquidDocument):
    """A standalone page such as About, edited in the admin or imported from a Jekyll site."""

    ABOUT = "about"  # the About page: linked from the navigation and the home sidebar

    class Format(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")

    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    path = models.CharField(
        _("URL path"),
        max_length=500,
        unique=True,
        blank=True,
        help_text=_("Where it is served, such as /about/ or /notes/links.html. Left empty: /slug/."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    header_image_url = models.CharField(_("header image path or URL"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.MARKDOWN)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown, or HTML when the format says so."))
    body_html = models.TextField(editable=False, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.path:
            self.path = f"/{self.slug}/"
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", *self.LIQUID_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return iri_to_uri(self.path) if self.path else links.reverse("blog:page", slug=self.slug)

    def render(self):
        """Fill in ``body_html`` (and the Liquid fields) from the body."""
        self.body_html = self.render_liquid_document().html


class LiquidInclude(models.Model):
    """A file of a Jekyll site that posts and pages include: its ``_includes/`` and what
    ``include_relative`` names, kept so they render as they did after the move."""

    path = models.CharField(
        _("path"), max_length=500, unique=True, help_text=_("In the site, e.g. _includes/note.html.")
    )
    source = models.TextField(_("source"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("Liquid include")
        verbose_name_plural = _("Liquid includes")

    def __str__(self):
        return self.path


class SiteVariable(models.Model):
    """A variable of the Jekyll site's ``_config.yml`` (and ``_data/`` as ``data``), read by
    Liquid as ``site.NAME``."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    value = models.JSONField(_("value"), blank=True, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site variable")
        verbose_name_plural = _("site variables")

    def __str__(self):
        return self.name


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


# --- Comments -----------------------------------------------------------------------------
class Comment(models.Model):
    """A reader's comment on a post, or a reply to another comment of the same post.

    What readers see is ``comments.visible()`` (approved); what was typed is kept as it was
    (``body``) and rendered once, in ``save()``, by the comment subset of Markdown. The email is
    never shown anywhere; the client address is kept only as a keyed hash, and only for
    ``BLOG_COMMENTS["KEEP_ADDRESSES_DAYS"]`` (``blog.writing.privacy``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"), blank=True, help_text=_("Never shown."))
    website = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), help_text=_("Markdown: emphasis, links, lists, quotes and code."))
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    by_author = models.BooleanField(
        _("by the post's author"), default=False, help_text=_("Marked as the author's reply.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    notify = models.BooleanField(_("notify of replies"), default=False)
    created = models.DateTimeField(_("posted"), default=timezone.now)
    client_hash = models.CharField(_("client address (keyed hash)"), max_length=64, blank=True, editable=False)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)  # for mail to the writer
    # Where an imported comment came from ("disqus:123"), so a second import updates it.
    import_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        get_latest_by = "created"
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # A post's thread, its count, and the moderation queue.
            models.Index(fields=["post", "status", "created"], name="blog_comment_thread_idx"),
            models.Index(fields=["status", "created"], name="blog_comment_status_idx"),
            models.Index(fields=["email"], name="blog_comment_email_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(40)}"

    def save(self, *args, **kwargs):
        self.body_html = comment_markup.render(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED


class CommentSubscriber(models.Model):
    """An email address that asked to hear of replies: mail goes to it only once it is
    confirmed (double opt-in), and stops at one click (``unsubscribed``)."""

    email = models.EmailField(_("email"), unique=True)
    confirmed = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("reply subscriber")
        verbose_name_plural = _("reply subscribers")

    def __str__(self):
        return self.email


class CommentBlock(models.Model):
    """A blocklist entry: comments matching it are stored as spam (their writers see them as
    awaiting moderation)."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("Email address or @domain")
        ADDRESS = "address", _("Client address or network")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "A word matches anywhere in the name, email, website or comment (any case); an email matches "
            "exactly, “@example.com” a whole domain; an address is an IP, a network such as 203.0.113.0/24, "
            "or the hash a comment was posted from."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="blog_commentblock_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"
