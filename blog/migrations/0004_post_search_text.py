from django.db import migrations, models

BATCH = 500


def fill_search_text(apps, schema_editor):
    """Give every existing post the search text its next save() would store."""
    from blog.text import html_to_text, search_text

    Post = apps.get_model("blog", "Post")
    posts = Post.objects.using(schema_editor.connection.alias).only("title", "subtitle", "body_html").order_by("pk")
    batch = []
    for post in posts.iterator(chunk_size=BATCH):
        post.search_text = search_text(post.title, post.subtitle, html_to_text(post.body_html, footnotes=True))
        batch.append(post)
        if len(batch) == BATCH:
            Post.objects.bulk_update(batch, ["search_text"])
            batch = []
    Post.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0003_post_listed_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
