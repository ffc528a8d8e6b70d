import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def fill_search_text(apps, schema_editor):
    """Give every existing post the search text its next save() would write."""
    from blog.content.html import html_to_text
    from blog.content.text import search_text

    Post = apps.get_model("blog", "Post")
    SearchText = apps.get_model("blog", "SearchText")
    db = schema_editor.connection.alias
    posts = Post.objects.using(db).only("title", "subtitle", "body_html").order_by("pk")
    batch = []
    for post in posts.iterator(chunk_size=BATCH):
        text = search_text(post.title, post.subtitle, html_to_text(post.body_html, footnotes=True))
        batch.append(SearchText(post_id=post.pk, text=text))
        if len(batch) == BATCH:
            SearchText.objects.using(db).bulk_create(batch)
            batch = []
    SearchText.objects.using(db).bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0003_post_listed_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "post",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="blog.post",
                    ),
                ),
                ("text", models.TextField()),
            ],
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
