"""Make N realistic demo posts, fast enough for benchmarks (10,000 in seconds).

Each post is built from one of a few Markdown bodies (Chinese and English,
with headings, code, tables, lists and quotes). Every body is rendered once
through the normal pipeline (``Post.render``) and the results are reused, so
posts and tags are bulk-created in batches instead of saved one by one.
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from blog import cache, text
from blog.models import Author, Post, SearchText

AUTHORS = [
    ("林晓雨", "lin-xiaoyu", "后端工程师,写数据库和分布式系统。"),
    ("张伟", "zhang-wei", "读书、旅行、偶尔写代码。"),
    ("Emma Clarke", "emma-clarke", "Writes about Python, Django and the web."),
    ("陈思远", "chen-siyuan", "机器学习研究者,关注开源模型。"),
]

TAGS = [
    "开源",
    "机器学习",
    "深度学习",
    "随笔",
    "读书",
    "旅行",
    "摄影",
    "前端",
    "后端",
    "数据库",
    "分布式系统",
    "云原生",
    "安全",
    "产品",
    "写作",
    "效率",
    "生活",
    "算法",
    "大模型",
    "工具",
    "Python",
    "Django",
    "Go",
    "Rust",
    "Linux",
    "PostgreSQL",
    "AI",
    "DeepSeek",
    "Web",
    "DevOps",
]

TOPICS = [
    ("开源模型", "open-models"),
    ("数据库索引", "database-indexes"),
    ("缓存设计", "cache-design"),
    ("分布式事务", "distributed-transactions"),
    ("中文排版", "cjk-typography"),
    ("远程工作", "remote-work"),
    ("读书笔记", "reading-notes"),
    ("性能调优", "performance-tuning"),
    ("代码评审", "code-review"),
    ("技术写作", "technical-writing"),
    ("容器编排", "container-orchestration"),
    ("推荐系统", "recommenders"),
]

TITLES_ZH = ["关于{topic}的几点思考", "{topic}:从入门到实践", "再谈{topic}", "{topic}踩坑记录", "我理解的{topic}"]
TITLES_EN = ["Notes on {topic}", "What I learned about {topic}", "{topic}, revisited", "A field guide to {topic}"]
SUBTITLES = ["", "", "一次完整的复盘", "写给未来的自己", "A practical look", "From the trenches"]
HEADERS = ["img/post-bg-2015.jpg", "img/home-bg.jpg", ""]

PARAGRAPHS_ZH = [
    "过去几年里,开源社区的节奏明显加快。一个想法从论文到可运行的代码,往往只需要几周。"
    "这让我们不得不重新思考:什么值得自己造,什么应该直接站在别人的肩膀上。",
    "缓存是性能优化里最便宜、也最容易出错的一环。命中率高的时候一切都好,"
    "可一旦失效策略不对,读者看到的就是过期的内容,而且很难复现。",
    "中文排版有它自己的规矩:中英文之间加空格,标点用全角,段落不要太长。这些细节读者未必说得出来,但一定感觉得到。",
    "我习惯在动手之前先写下问题本身。很多时候,把问题写清楚,答案也就出来了一半。",
    "数据库的索引不是越多越好。每多一个索引,写入就多一分代价;真正重要的是让最常见的查询走对路。",
    "周末去了一趟西湖,雨后的断桥人不多。拍了几张照片,回来整理的时候顺手写下这篇。",
]
PARAGRAPHS_EN = [
    "Most performance problems are not where you first look. Measure before you change anything, "
    "and keep the measurement around so the next person can repeat it.",
    "A cache is a promise that an answer you computed earlier is still true. Invalidation is the part "
    "where you keep that promise, and it deserves more design than the cache itself.",
    "Writing for the web means writing for readers who skim. Lead with the conclusion, keep paragraphs "
    "short, and let headings carry the structure.",
    "Open source works because people publish their small tools, not only their big ones. "
    "The small ones are usually what you need on a Tuesday afternoon.",
]
CODE = [
    (
        "python",
        'def fib(n: int) -> int:\n    """The n-th Fibonacci number."""\n    a, b = 0, 1\n'
        "    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
    ),
    (
        "sql",
        "SELECT tag.name, COUNT(*) AS posts\nFROM taggit_tag AS tag\n"
        "JOIN taggit_taggeditem AS item ON item.tag_id = tag.id\nGROUP BY tag.name\nORDER BY posts DESC;\n",
    ),
    ("bash", "python -m venv .venv\n. .venv/bin/activate\npip install -r requirements.txt\nmake test\n"),
    ("go", 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("你好,世界")\n}\n'),
]
TABLE_ZH = "| 方案 | 延迟 | 复杂度 |\n| --- | --- | --- |\n| 本地缓存 | 低 | 低 |\n| Redis | 中 | 中 |\n| 不缓存 | 高 | 最低 |\n"
TABLE_EN = "| Option | Latency | Effort |\n| --- | --- | --- |\n| In-process | low | low |\n| Redis | medium | medium |\n| None | high | none |\n"


def make_body(rng, chinese):
    paragraphs = PARAGRAPHS_ZH if chinese else PARAGRAPHS_EN
    headings = ["背景", "做法", "结果", "小结"] if chinese else ["Background", "Approach", "Results", "Wrapping up"]
    parts = []
    for i, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts.extend(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(2, 3))))
        if i == 1:
            language, code = rng.choice(CODE)
            parts.append(f"```{language}\n{code}```")
        if i == 2:
            parts.append(TABLE_ZH if chinese else TABLE_EN)
            parts.append("- " + "\n- ".join(rng.sample(paragraphs, k=2)).replace("\n\n", " "))
    parts.append("> " + rng.choice(paragraphs))
    return "\n\n".join(parts)


class Command(BaseCommand):
    help = "Create N realistic demo posts (Chinese and English) with tags and authors, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many posts to create.")
        parser.add_argument("--random-seed", type=int, default=None, help="Repeatable output.")
        parser.add_argument("--years", type=int, default=6, help="Spread publish dates over this many years.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, count, random_seed, years, batch_size, **options):
        if count < 0:
            raise CommandError("count must be zero or more")
        started = time.monotonic()
        rng = random.Random(random_seed)
        now = timezone.now()
        with transaction.atomic():
            authors = [
                Author.objects.get_or_create(slug=slug, defaults={"name": name, "bio": bio})[0]
                for name, slug, bio in AUTHORS
            ]
            tag_model = Post.tags.through.tag_model()
            tags = [tag_model.objects.get_or_create(name=name)[0] for name in TAGS]
            templates = self.render_templates(rng)
            first = (Post.objects.aggregate(last=Max("id"))["last"] or 0) + 1
            stats = {"published": 0, "draft": 0, "scheduled": 0, "hidden": 0}
            for start in range(0, count, batch_size):
                numbers = range(first + start, first + min(count, start + batch_size))
                posts = [self.make_post(rng, n, now, years, authors, templates, stats) for n in numbers]
                Post.objects.bulk_create(posts)
                self.index_for_search(posts, templates)
                self.tag_posts(rng, posts, tags)
        cache.bump()  # bulk_create sends no signals
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {count} posts ({stats['published']} published, {stats['hidden']} of them hidden, "
            f"{stats['draft']} drafts, {stats['scheduled']} scheduled) in {elapsed:.1f} s."
        )

    def render_templates(self, rng):
        """A dozen bodies, each rendered once through the real Markdown pipeline."""
        templates = []
        for i in range(12):
            chinese = i % 3 != 2  # Chinese first, some English
            post = Post(body=make_body(rng, chinese))
            post.render()
            templates.append(
                {
                    "chinese": chinese,
                    "body": post.body,
                    "body_html": post.body_html,
                    "toc_html": post.toc_html,
                    "word_count": post.word_count,
                    "reading_time": post.reading_time,
                    "excerpt": post.excerpt,
                    "body_text": text.html_to_text(post.body_html, footnotes=True),
                }
            )
        return templates

    def make_post(self, rng, n, now, years, authors, templates, stats):
        template = rng.choice(templates)
        topic, topic_slug = rng.choice(TOPICS)
        titles = TITLES_ZH if template["chinese"] else TITLES_EN
        title = rng.choice(titles).format(topic=topic if template["chinese"] else topic_slug.replace("-", " "))
        roll = rng.random()
        status, publish = Post.Status.PUBLISHED, now - timedelta(seconds=rng.randint(3600, years * 365 * 86400))
        hidden = False
        if roll < 0.05:
            status = Post.Status.DRAFT
            stats["draft"] += 1
        elif roll < 0.07:
            publish = now + timedelta(seconds=rng.randint(86400, 60 * 86400))
            stats["scheduled"] += 1
        else:
            stats["published"] += 1
            if roll > 0.97:
                hidden = True
                stats["hidden"] += 1
        fields = {k: v for k, v in template.items() if k not in ("chinese", "body_text")}
        return Post(
            title=f"{title} #{n}",
            subtitle=rng.choice(SUBTITLES),
            slug=slugify(f"{topic_slug}-{n}"),
            author=rng.choice(authors),
            status=status,
            publish=publish,
            hidden=hidden,
            header_image_url=rng.choice(HEADERS),
            **fields,
        )

    def index_for_search(self, posts, templates):
        """The posts' SearchText rows (what Post.save() writes), from each body's text made once."""
        body_texts = {template["body_html"]: template["body_text"] for template in templates}
        SearchText.objects.bulk_create(
            SearchText(post=post, text=text.search_text(post.title, post.subtitle, body_texts[post.body_html]))
            for post in posts
        )

    def tag_posts(self, rng, posts, tags):
        from django.contrib.contenttypes.models import ContentType

        through = Post.tags.through
        content_type = ContentType.objects.get_for_model(Post)
        items = [
            through(content_type=content_type, object_id=post.pk, tag=tag)
            for post in posts
            for tag in rng.sample(tags, k=rng.randint(1, 4))
        ]
        through.objects.bulk_create(items)
