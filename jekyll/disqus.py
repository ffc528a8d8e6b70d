"""Comments moving in from Disqus: its XML export read into our comments.

A Disqus export has ``<thread>`` elements (a page: its URL, its identifier) and ``<post>``
elements (a comment: message HTML, author, date, thread, parent, deleted and spam flags). Each
thread is matched to one of our posts by its old address, the way its readers reached it: the
Jekyll URLs the Jekyll importer kept (``LegacyURL``) and our own permalinks, tried with the
spellings Jekyll served (with or without ``.html``, the trailing slash, ``index.html``). The
message HTML becomes the comment Markdown subset's text (paragraphs, line breaks, emphasis,
code, quotes and links are kept; anything else as its text), rendered by our pipeline.

Importing twice updates the same comments (each remembers its Disqus id). Deleted comments are
left out, their replies attached to the comment they answered in turn; spam stays spam.
Imported comments keep no client address and send no mail.
"""

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from blog.content.comments import clean_text
from blog.models import Comment, LegacyURL, Post
from blog.reading.redirects import candidates
from blog.writing.comments import recount

NS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"
NAME_LENGTH = 80


class DisqusError(Exception):
    """The file is not a Disqus export that can be read."""


# --- Reading the export -------------------------------------------------------------------
@dataclass
class Thread:
    dsq_id: str
    link: str = ""
    identifier: str = ""
    title: str = ""


@dataclass
class DisqusPost:
    dsq_id: str
    thread_id: str
    parent_id: str
    message: str
    created: datetime
    name: str
    email: str
    deleted: bool
    spam: bool
    approved: bool = True


def _text(element, name):
    child = element.find(f"{NS}{name}")
    return (child.text or "").strip() if child is not None else ""


def _flag(element, name, default=False):
    value = _text(element, name).lower()
    return value == "true" if value else default


def _ref(element, name):
    child = element.find(f"{NS}{name}")
    return child.get(DSQ_ID, "") if child is not None else ""


def _date(value):
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return timezone.now()
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, timezone.utc)


def _disqus_post(element):
    author = element.find(f"{NS}author")
    name = email = ""
    if author is not None:
        name = _text(author, "name") or _text(author, "username")
        email = _text(author, "email")
    return DisqusPost(
        dsq_id=element.get(DSQ_ID, ""),
        thread_id=_ref(element, "thread"),
        parent_id=_ref(element, "parent"),
        message=_text(element, "message"),
        created=_date(_text(element, "createdAt")),
        name=" ".join(clean_text(name).split())[:NAME_LENGTH] or "Anonymous",
        email=email if "@" in email and len(email) <= 254 else "",
        deleted=_flag(element, "isDeleted"),
        spam=_flag(element, "isSpam"),
        approved=_flag(element, "isApproved", default=True),
    )


def read_export(path):
    """(threads by id, comments in file order) of a Disqus XML export."""
    threads, posts = {}, []
    try:
        for _event, element in ElementTree.iterparse(path, events=("end",)):
            if element.tag == f"{NS}thread" and element.get(DSQ_ID) and element.find(f"{NS}link") is not None:
                dsq_id = element.get(DSQ_ID)
                threads[dsq_id] = Thread(dsq_id, _text(element, "link"), _text(element, "id"), _text(element, "title"))
                element.clear()
            elif element.tag == f"{NS}post" and element.get(DSQ_ID):
                posts.append(_disqus_post(element))
                element.clear()
    except ElementTree.ParseError as exc:
        raise DisqusError(f"{path} is not well-formed XML: {exc}") from None
    except OSError as exc:
        raise DisqusError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if not threads and not posts:
        raise DisqusError(f"{path} holds no Disqus threads or comments (is it a Disqus export?)")
    return threads, posts


# --- Message HTML to the comment Markdown subset ---------------------------------------------------
class _ToMarkdown(HTMLParser):
    """Disqus's message HTML as comment Markdown; the text of anything else is kept."""

    INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "s": "~~", "del": "~~"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.links, self.quote = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.INLINE:
            self.out.append(self.INLINE[tag])
        elif tag == "br":
            self.out.append("\n" + "> " * self.quote)
        elif tag in ("p", "div", "blockquote", "pre", "ul", "ol"):
            self.quote += tag == "blockquote"
            self.out.append("\n\n" + "> " * self.quote)
        elif tag == "li":
            self.out.append("\n" + "> " * self.quote + "- ")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            safe = href.startswith(("http://", "https://", "mailto:"))
            self.links.append(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29") if safe else "")
            self.out.append("[" if safe else "")

    def handle_endtag(self, tag):
        if tag in self.INLINE:
            self.out.append(self.INLINE[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.out.append(f"]({href})" if href else "")
        elif tag in ("p", "div", "blockquote", "pre", "ul", "ol"):
            self.quote -= tag == "blockquote" and self.quote > 0
            self.out.append("\n\n" + "> " * self.quote)

    def handle_data(self, data):
        # Text stays text: characters Markdown would read as markup are escaped.
        self.out.append(_MARKUP.sub(r"\\\1", data))


_MARKUP = re.compile(r"([\\`*_\[\]~])")


def message_to_markdown(message):
    """A Disqus message (HTML) as comment text."""
    parser = _ToMarkdown()
    parser.feed(message or "")
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.out).split("\n")]
    text = "\n".join(line for line in lines if line.strip(" >") or not line)  # no empty quote lines
    return clean_text(re.sub(r"\n{3,}", "\n\n", text)).strip() or "…"


# --- Matching threads to posts ------------------------------------------------------------------------
def _spellings(url):
    path = unquote(urlsplit(url.strip()).path or "")
    if not path.startswith("/"):
        return []
    found = [path]
    if path.endswith(".html"):
        found.append(path[: -len(".html")])
    elif not path.endswith("/"):
        found += [path + ".html", path + "/"]
    return found


def _permalink_post(path):
    try:
        match = resolve(path if path.endswith("/") else path + "/")
    except Resolver404:
        return None
    if match.view_name != "blog:post":
        return None
    try:
        day = datetime(int(match.kwargs["year"]), int(match.kwargs["month"]), int(match.kwargs["day"])).date()
    except ValueError:
        return None
    return Post.objects.at(day, match.kwargs["slug"]).first()


def post_for(thread):
    """Our post at the thread's old address (its link, else its identifier), or None."""
    for value in (thread.link, thread.identifier):
        for path in _spellings(value):
            legacy = LegacyURL.objects.filter(path__in=candidates(path)).select_related("post").first()
            post = legacy.post if legacy else _permalink_post(path)
            if post is not None:
                return post
    return None


# --- Importing ------------------------------------------------------------------------------------------
@dataclass
class Summary:
    threads_matched: int = 0
    unmatched: list = field(default_factory=list)  # threads with comments and no post: (link, count)
    created: int = 0
    updated: int = 0
    deleted_skipped: int = 0
    spam: int = 0
    posts: set = field(default_factory=set)


def _status(item):
    if item.spam:
        return Comment.Status.SPAM
    return Comment.Status.APPROVED if item.approved else Comment.Status.PENDING


class DisqusImporter:
    def __init__(self, dry_run=False):
        self.dry_run = dry_run

    def run(self, path):
        threads, items = read_export(path)
        with transaction.atomic():
            summary = self._import(threads, items)
            if self.dry_run:
                transaction.set_rollback(True)
        return summary

    def _import(self, threads, items):
        summary = Summary()
        targets = {dsq_id: post_for(thread) for dsq_id, thread in threads.items()}
        summary.threads_matched = sum(1 for post in targets.values() if post is not None)
        by_id = {item.dsq_id: item for item in items}
        saved, unmatched = {}, {}
        for item in items:
            post = targets.get(item.thread_id)
            if post is None:
                unmatched[item.thread_id] = unmatched.get(item.thread_id, 0) + 1
            elif item.deleted:
                summary.deleted_skipped += 1
            else:
                saved[item.dsq_id] = self._save(item, post, summary)
        for item in items:
            if item.dsq_id in saved:
                self._link_parent(saved[item.dsq_id], item, by_id, saved)
        for post_id in summary.posts:
            recount(post_id)
        summary.unmatched = [(threads[t].link if t in threads else f"thread {t}", n) for t, n in unmatched.items()]
        return summary

    def _save(self, item, post, summary):
        author_email = (post.author.user.email if post.author.user else "").casefold()
        comment, created = Comment.objects.update_or_create(
            import_key=f"disqus:{item.dsq_id}",
            defaults={
                "post": post,
                "name": item.name,
                "email": item.email,
                "body": message_to_markdown(item.message),
                "created": item.created,
                "status": _status(item),
                "by_author": bool(author_email) and item.email.casefold() == author_email,
            },
        )
        summary.created += created
        summary.updated += not created
        summary.spam += item.spam
        summary.posts.add(post.pk)
        return comment

    @staticmethod
    def _link_parent(comment, item, by_id, saved):
        """Answering the nearest ancestor that was imported into the same post (a deleted one's
        replies move up)."""
        parent_id, seen = item.parent_id, set()
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            parent = saved.get(parent_id)
            if parent is not None and parent.post_id == comment.post_id:
                break
            parent_id = by_id[parent_id].parent_id if parent_id in by_id else ""
        target = saved.get(parent_id) if parent_id else None
        if comment.parent_id != (target.pk if target else None):
            comment.parent = target
            comment.save(update_fields=["parent"])
