"""Tags in the admin: post counts, merging several tags into one, renaming."""

import re

from taggit.models import Tag, TaggedItem

from blog.models import Post

CHANGELIST = "/admin/taggit/tag/"


def names(post):
    return sorted(tag.name for tag in Post.objects.get(pk=post.pk).tags.all())


def test_tag_list_shows_post_counts(admin_client, make_post):
    make_post(tags=["AI", "开源"])
    make_post(tags=["AI"])
    html = admin_client.get(CHANGELIST).content.decode()
    assert re.search(r">AI</a></th>.*?<td class=\"field-item_count\">2</td>", html, re.S)
    assert re.search(r">开源</a></th>.*?<td class=\"field-item_count\">1</td>", html, re.S)


def test_merge_asks_which_tag_to_keep_then_merges_without_duplicates(admin_client, make_post):
    both = make_post(tags=["AI", "人工智能"])
    only_old = make_post(tags=["人工智能", "开源"])
    only_new = make_post(tags=["AI"])
    other = make_post(tags=["开源"])
    ai, cn = Tag.objects.get(name="AI"), Tag.objects.get(name="人工智能")

    # First the confirmation page: a choice among the selected tags.
    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [ai.pk, cn.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="target"' in html and 'name="apply"' in html
    assert html.count('name="_selected_action"') == 2
    assert Tag.objects.filter(pk=cn.pk).exists()

    response = admin_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [ai.pk, cn.pk], "apply": "yes", "target": ai.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not Tag.objects.filter(pk=cn.pk).exists()
    assert names(both) == ["AI"]
    assert names(only_old) == ["AI", "开源"]
    assert names(only_new) == ["AI"]
    assert names(other) == ["开源"]
    assert TaggedItem.objects.filter(tag=ai).count() == 3
    assert admin_client.get(f"/tags/{ai.slug}/").status_code == 200
    assert admin_client.get(f"/tags/{cn.slug}/").status_code == 404


def test_merge_needs_two_tags(admin_client, make_post):
    make_post(tags=["AI"])
    ai = Tag.objects.get(name="AI")
    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [ai.pk]}, follow=True)
    assert response.status_code == 200
    assert Tag.objects.filter(pk=ai.pk).exists()


def test_rename_keeps_posts_and_the_slug(admin_client, make_post):
    post = make_post(tags=["DEEPSEEK"])
    tag = Tag.objects.get(name="DEEPSEEK")
    old_slug = tag.slug
    response = admin_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "DeepSeek", "slug": old_slug})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "DeepSeek" and tag.slug == old_slug
    assert names(post) == ["DeepSeek"]
    response = admin_client.get(f"/tags/{old_slug}/")
    assert response.status_code == 200 and post.title in response.content.decode()


def test_rename_with_a_new_slug_moves_the_tag_page(admin_client, make_post):
    post = make_post(tags=["机器学习"])
    tag = Tag.objects.get(name="机器学习")
    response = admin_client.post(f"/admin/taggit/tag/{tag.pk}/change/", {"name": "深度学习", "slug": "深度学习"})
    assert response.status_code == 302
    assert names(post) == ["深度学习"]
    assert admin_client.get("/tags/深度学习/").status_code == 200
