from django.urls import path, register_converter

from . import converters, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")
register_converter(converters.UnicodeSlugConverter, "uslug")

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="home"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<uslug:slug>/", views.PostDetailView.as_view(), name="post"),
    path("tags/<uslug:slug>/", views.TagPostListView.as_view(), name="tag"),
    # Last: a page such as /about/ lives at the root.
    path("<uslug:slug>/", views.PageView.as_view(), name="page"),
]
