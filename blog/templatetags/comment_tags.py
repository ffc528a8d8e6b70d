"""The admin index's moderation box: how many comments wait, are spam, are approved."""

from django import template
from django.db.models import Count
from django.urls import reverse

from blog.models import Comment

register = template.Library()


@register.inclusion_tag("admin/blog/comment_queue.html", takes_context=True)
def comment_queue(context):
    request = context.get("request")
    if request is None or not request.user.has_perm("blog.view_comment"):
        return {"hidden": True}
    counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
    changelist = reverse("admin:blog_comment_changelist")
    return {
        **{status: counts.get(status, 0) for status in Comment.Status.values},
        **{f"{status}_url": f"{changelist}?status__exact={status}" for status in Comment.Status.values},
    }
