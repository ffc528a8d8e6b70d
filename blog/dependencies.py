"""What public pages show, as the page cache's dependency keys (``pagecache.deps``), and which
keys a change to the blog's rows touches (registered in ``BlogConfig.ready``).

Keys:

* ``post:<pk>``, ``tag:<pk>``, ``author:<pk>``, ``page:<slug>``: one row as pages show it (a
  post's title, body, URL, tags; a tag's name; an author's name...);
* ``list:all`` (every published post, in order: archive, feeds, sitemap), ``list:home`` (the
  listed ones), ``list:tag:<pk>``, ``list:author:<pk>``, ``list:year:<Y>``, ``list:month:<Y-M>``,
  ``list:day:<Y-M-D>``: which posts a list holds and in what order;
* ``around:<pk>``: which posts are the neighbours of a post;
* ``series:<pk>`` (a series' name and description), ``list:series:<pk>`` (which posts are its
  published parts, in what order), ``comments:<post pk>`` (a post's approved comments),
  ``site:comments`` (every approved comment: the site-wide comment feed), ``site:series``;
* ``site:tags`` (tag counts: the cloud, featured tags, which tags exist), ``site:dates`` (which
  days, months and years have posts: the date archives' links), ``site:date-counts`` (how many each
  year has), ``site:posts`` (anything any public post shows: the sitemap's
  dates), ``site:pages``, ``site:authors``, ``search`` (the text every search reads).

A post's title edit so touches ``post:<pk>``, ``search`` and ``site:posts``: its own page, the
lists and feeds it appears on, its neighbours' pages and the related-posts blocks that show it;
publishing, unpublishing, deleting it or moving its date also touches the lists it joins or
leaves and its neighbours, old and new.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pagecache import deps

from .querysets import local_date

LIST_ALL = "list:all"
LIST_HOME = "list:home"
SITE_TAGS = "site:tags"
SITE_DATES = "site:dates"
SITE_DATE_COUNTS = "site:date-counts"
SITE_POSTS = "site:posts"
SITE_PAGES = "site:pages"
SITE_AUTHORS = "site:authors"
SITE_SERIES = "site:series"
SITE_COMMENTS = "site:comments"
SEARCH = "search"


def post(pk):
    return f"post:{pk}"


def tag(pk):
    return f"tag:{pk}"


def author(pk):
    return f"author:{pk}"


def page(slug):
    return f"page:{slug}"


def around(pk):
    return f"around:{pk}"


def list_tag(pk):
    return f"list:tag:{pk}"


def list_author(pk):
    return f"list:author:{pk}"


def series(pk):
    return f"series:{pk}"


def list_series(pk):
    return f"list:series:{pk}"


def comments(post_pk):
    return f"comments:{post_pk}"


def list_dates(day):
    """The year, month and day archives of a local date."""
    return [f"list:year:{day.year}", f"list:month:{day:%Y-%m}", f"list:day:{day.isoformat()}"]


# --- What a response shows ------------------------------------------------------------------
def post_shows(item):
    """A post as a page shows it: itself, and, when they were read with it, its author's name
    and its tags' names (a list that shows neither reads neither: no query here)."""
    keys = [post(item.pk), *(tag(t.pk) for t in getattr(item, "prefetched_tags", ()))]
    author_id = item.__dict__.get("author_id")
    if author_id is not None:
        keys.append(author(author_id))
    return keys


def shows_post(item):
    deps.declare(*post_shows(item))


def shows_posts(items, *lists):
    """A list of posts: each of them, and which posts the list holds (``lists``' keys)."""
    keys = list(lists)
    for item in items:
        keys.extend(post_shows(item))
    deps.declare(*keys)


def declare_tag(pk):
    deps.declare(tag(pk), list_tag(pk))


def declare_page(slug):
    deps.declare(page(slug))


def links_to(items):
    """Posts a page links to by title (neighbours, related posts)."""
    return [post(item.pk) for item in items if item is not None]


# --- What a change touches (see pagecache.invalidation.watch) ---------------------------------
def is_public(item):
    from .models import Post

    return item.status == Post.Status.PUBLISHED and item.publish is not None and item.publish <= timezone.now()


def post_keys(item):
    """A post stands for itself on every page showing it, while it is public."""
    return [post(item.pk), SEARCH, SITE_POSTS] if is_public(item) else []


def post_placement(item):
    """Where a public post sits in lists (its date, author, pin and place in a series); None
    for one that is in none."""
    if not is_public(item):
        return None
    return (item.publish, item.hidden, item.author_id, item.pinned, item.pin_order, item.series_id, item.series_order)


def post_moved(item):
    """The lists a public post is on, and its neighbours: touched when it joins, leaves or moves."""
    if not is_public(item) or item.pk is None:
        return []
    keys = [LIST_ALL, SITE_DATE_COUNTS, SEARCH, list_author(item.author_id), *list_dates(local_date(item.publish))]
    if alone_on_its_day(item):
        keys.append(SITE_DATES)  # its day (and maybe month, year) appears or disappears
    if not item.hidden:
        keys.append(LIST_HOME)
    if item.series_id is not None:
        keys += [list_series(item.series_id), SITE_SERIES]
    tag_ids = tag_ids_of(item.pk)
    keys += [list_tag(pk) for pk in tag_ids]
    if tag_ids:
        keys.append(SITE_TAGS)
    keys += [
        around(neighbour.pk) for neighbour in (item.get_previous_published(), item.get_next_published()) if neighbour
    ]
    return keys


def alone_on_its_day(item):
    """No other public post shares its (local) day: the set of days, months, years with posts
    changes with it."""
    from .models import Post

    return not Post.objects.published().on_day(local_date(item.publish)).exclude(pk=item.pk).exists()


def tag_ids_of(post_pk):
    from .models import Post

    through = Post.tags.through
    return list(
        through.objects.filter(content_type=ContentType.objects.get_for_model(Post), object_id=post_pk).values_list(
            "tag_id", flat=True
        )
    )


def tagging_keys(item):
    """A post's tag: its tag list, the tag's list (and related-posts blocks), the tag counts."""
    from .models import Post

    if item.content_type_id != ContentType.objects.get_for_model(Post).pk:
        return []
    if not Post.objects.published().filter(pk=item.object_id).exists():
        return []
    return [post(item.object_id), list_tag(item.tag_id), SITE_TAGS, SEARCH]


def tags_added(item, tags):
    """What giving the post ``item`` the ``tags`` touches (``tagging_keys`` for each)."""
    if not is_public(item):
        return []
    return [post(item.pk), SITE_TAGS, SEARCH, *(list_tag(t.pk) for t in tags)]


def tag_keys(item):
    return [tag(item.pk), SITE_TAGS, SEARCH]


def author_keys(item):
    return [author(item.pk), SITE_AUTHORS]


def page_keys(item):
    return [page(item.slug), SITE_PAGES]


def series_keys(item):
    return [series(item.pk), SITE_SERIES]


def comment_keys(item):
    """An approved comment shows on its post's page (its thread and count, the count on lists
    too) and in the comment feeds; a held or spam one shows nowhere, so it touches nothing."""
    if not item.is_public:
        return []
    return [post(item.post_id), comments(item.post_id), SITE_COMMENTS]


def series_parts_keys(series_pk, parts):
    """What a series box or page shows: the series, which parts it has, each part's title."""
    return [series(series_pk), list_series(series_pk), *(post(part.pk) for part in parts)]


def went_public(start, end):
    """Keys of the posts whose publish time passed in (start, end]: what scheduled posts
    touch when they go live."""
    from datetime import UTC, datetime

    from .models import Post

    since, until = (datetime.fromtimestamp(moment, UTC) for moment in (start, end))
    keys = set()
    for item in Post.objects.published().filter(publish__gt=since, publish__lte=until):
        keys.update(post_keys(item), post_moved(item))
    return keys
