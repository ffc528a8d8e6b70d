"""Run as a script by tests/system/test_sqlite_concurrency.py: an editor saving posts
through the real admin (Django's test client in this process, so sign-in and
CSRF are skipped, the admin's views and transactions are not), and creating
posts with tags the way the admin's save does, while readers load pages. When the other
editor saved the same post in between, the save is an edit conflict and the editor saves the
form shown again, as a person would.

    python tests/system/admin_writer.py ROUNDS USERNAME
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog.models import Author, Post, Revision  # noqa: E402
from blog.writing.posts import save_post  # noqa: E402
from tests.system.servers import form_fields, replace_field  # noqa: E402


def main(rounds, username):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    author = Author.objects.first()
    client = Client()
    saved = created = 0
    for i in range(rounds):
        client.force_login(user)  # a session row written each round
        post = Post.objects.order_by("id")[i % Post.objects.count()]
        path = f"/admin/blog/post/{post.pk}/change/"
        html = client.get(path).content.decode()
        fields = replace_field(form_fields(html, form_id="post_form"), "title", f"Edited by {username} {i}")
        response = client.post(path, dict_of_lists(fields))
        for _ in range(3):  # the other editor saved this post meanwhile: save the form shown again
            if response.status_code != 200 or b'id="edit-conflict"' not in response.content:
                break
            again = form_fields(response.content.decode(), form_id="post_form")
            response = client.post(path, dict_of_lists(replace_field(again, "title", f"Edited by {username} {i}")))
        if response.status_code != 302:
            errors = response.context["adminform"].form.errors if response.context else response.content[:500]
            sys.exit(f"admin save {i} answered {response.status_code}: {errors}")
        saved += 1
        with transaction.atomic():
            new = save_post(
                Post(
                    title=f"Concurrent post {username} {i}",
                    body=f"# Heading\n\nBody {i}, 并发写入。",
                    author=author,
                    status=Post.Status.PUBLISHED,
                    publish=timezone.now() - timezone.timedelta(minutes=1),
                ),
                user=user,
            )
            new.tags.add("并发", f"round{i % 3}")
            Revision.objects.create(post=new, title=new.title, body=new.body, user=user)
        created += 1
    print(f"ok saved={saved} created={created}")


def dict_of_lists(fields):
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
