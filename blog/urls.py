from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import converters, feeds, views
from .sitemaps import SITEMAPS

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")
register_converter(converters.UnicodeSlugConverter, "uslug")

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="home"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<uslug:slug>/", views.PostDetailView.as_view(), name="post"),
    path("tags/<uslug:slug>/", views.TagPostListView.as_view(), name="tag"),
    # Reading: lists, archives, feeds, search, sitemap.
    path("<yyyy:year>/", views.YearArchive.as_view(), name="archive_year"),
    path("<yyyy:year>/<dd:month>/", views.MonthArchive.as_view(), name="archive_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", views.DayArchive.as_view(), name="archive_day"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("tags/<uslug:slug>/feed/", feeds.tag_rss, name="tag_feed"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.latest_rss, name="feed"),
    path("feed/atom/", feeds.latest_atom, name="atom_feed"),
    path("lang/<uslug:code>/", views.set_language, name="set_language"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "blog:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<uslug:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Last: a page such as /about/ lives at the root.
    path("<uslug:slug>/", views.PageView.as_view(), name="page"),
]
