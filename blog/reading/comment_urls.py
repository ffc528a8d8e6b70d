"""Comment URLs under /comments/ (in the ``blog`` namespace): posting, the forms for a new
comment and a reply, the signed links sent by mail, and the site-wide feed of comments."""

from django.urls import path

from . import comment_feeds
from .views import comments

urlpatterns = [
    path("post/<int:post_id>/", comments.post_comment, name="comment_post"),
    path("new/<int:post_id>/", comments.new_comment, name="comment_new"),
    path("reply/<int:comment_id>/", comments.reply_form, name="comment_reply"),
    path("confirm/<str:token>/", comments.confirm, name="comment_confirm"),
    path("unsubscribe/<str:token>/", comments.unsubscribe, name="comment_unsubscribe"),
    path("delete/<str:token>/", comments.delete, name="comment_delete"),
    path("feed/", comment_feeds.latest_comments, name="comments_feed"),
]
