"""Admin-only views: the editor's live preview.

Registered through ``PostAdmin.get_urls()`` and wrapped in
``admin_site.admin_view``, so only active staff reach it and it is
CSRF-protected and never cached.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from ..models import Post


def stats_text(words, minutes):
    words_text = ngettext("%(count)d word", "%(count)d words", words) % {"count": words}
    if not minutes:
        return words_text
    minutes_text = ngettext("%(count)d min read", "%(count)d min read", minutes) % {"count": minutes}
    return gettext("%(words)s · %(minutes)s") % {"words": words_text, "minutes": minutes_text}


@require_POST
def preview(request):
    """Render the posted Markdown exactly as a saved post would be rendered."""
    user = request.user
    if not (user.has_perm("blog.add_post") or user.has_perm("blog.change_post")):
        raise PermissionDenied
    post = preview_post(request.POST)
    post.render()  # the same code Post.save() runs: Liquid, Markdown and CJK-aware counts
    return JsonResponse(
        {
            "html": post.body_html,
            "toc": post.toc_html,
            "word_count": post.word_count,
            "reading_time": post.reading_time,
            "stats": stats_text(post.word_count, post.reading_time),
        }
    )


def preview_post(data):
    """The post as the form has it now: the stored post (its tags, its id) with what the form
    says of what the body's Liquid reads (title, slug, publish time, front matter…)."""
    post = None
    if str(data.get("object_id", "")).isdigit():
        post = Post.objects.filter(pk=int(data["object_id"])).first()
    post = post or Post()
    post.body = data.get("body", "")
    for name in ("title", "slug", "source_path"):
        if name in data:
            setattr(post, name, data[name])
    if "liquid" in data:
        post.liquid = data["liquid"] in ("on", "true", "1")
    try:
        front_matter = json.loads(data.get("front_matter") or "null")
    except ValueError:
        front_matter = None
    if isinstance(front_matter, dict):
        post.front_matter = front_matter
    if data.get("publish_0"):
        try:
            post.publish = forms.SplitDateTimeField().clean([data.get("publish_0"), data.get("publish_1")])
        except ValidationError:
            pass
    return post
