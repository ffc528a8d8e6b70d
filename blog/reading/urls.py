"""The public site's URLs (the ``blog`` namespace)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter

from pagecache.deps import depends_on

from .. import dependencies as keys
from . import comment_feeds, converters, feeds
from .sitemaps import SITEMAPS
from .views import archives, lists, posts, search, series, site

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")
register_converter(converters.UnicodeSlugConverter, "uslug")

# The sitemap lists every public post (with its last change), tag, date archive, page and author.
sitemap_shows = depends_on(
    keys.LIST_ALL,
    keys.SITE_POSTS,
    keys.SITE_TAGS,
    keys.SITE_DATES,
    keys.SITE_PAGES,
    keys.SITE_AUTHORS,
    keys.SITE_SERIES,
)

app_name = "blog"

urlpatterns = [
    path("", lists.PostListView.as_view(), name="home"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<uslug:slug>/", posts.PostDetailView.as_view(), name="post"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<uslug:slug>/comments/feed/",
        comment_feeds.post_comments,
        name="post_comments_feed",
    ),
    path("comments/", include("blog.reading.comment_urls")),
    path("tags/<uslug:slug>/", lists.TagPostListView.as_view(), name="tag"),
    path("series/<uslug:slug>/", series.SeriesView.as_view(), name="series"),
    # Reading: lists, archives, feeds, search, sitemap.
    path("<yyyy:year>/", archives.YearArchive.as_view(), name="archive_year"),
    path("<yyyy:year>/<dd:month>/", archives.MonthArchive.as_view(), name="archive_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", archives.DayArchive.as_view(), name="archive_day"),
    path("archive/", archives.ArchiveView.as_view(), name="archive"),
    path("tags/", lists.TagListView.as_view(), name="tags"),
    path("tags/<uslug:slug>/feed/", feeds.tag_rss, name="tag_feed"),
    path("authors/<uslug:slug>/", lists.AuthorView.as_view(), name="author"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("feed/", feeds.latest_rss, name="feed"),
    path("feed/atom/", feeds.latest_atom, name="atom_feed"),
    path(
        "sitemap.xml",
        sitemap_shows(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "blog:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<uslug:section>.xml",
        sitemap_shows(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", site.robots_txt, name="robots_txt"),
    # Last: a page such as /about/ lives at the root.
    path("<uslug:slug>/", posts.PageView.as_view(), name="page"),
]
