"""Admin-only views: the editor's live preview.

Registered through ``PostAdmin.get_urls()`` and wrapped in
``admin_site.admin_view``, so only active staff reach it and it is
CSRF-protected and never cached.
"""

from django.core.exceptions import PermissionDenied
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
    post = Post(body=request.POST.get("body", ""))
    saved = request.POST.get("post", "")
    if saved.isdigit():
        # An existing post previews with its own Markdown options (those of the Jekyll site it came from).
        post.markdown_options = Post.objects.filter(pk=saved).values_list("markdown_options", flat=True).first() or {}
    post.render()  # the same code Post.save() runs: the Markdown pipeline and CJK-aware counts
    return JsonResponse(
        {
            "html": post.body_html,
            "toc": post.toc_html,
            "word_count": post.word_count,
            "reading_time": post.reading_time,
            "stats": stats_text(post.word_count, post.reading_time),
        }
    )
