"""axe-core (npm, pinned in package.json) finds no violation on any kind of
public page, in the light and the dark theme, in Debian's Chromium.

axe runs with its default rules: WCAG 2 A/AA (2.0 to 2.2) and its
best practices (landmarks, heading order, one main, ...).
"""

import os

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SEED_URL = "/2025/06/19/105626/"

# A post using what Markdown authors use: links inside sentences, code (with
# highlighting), a table, a quote, lists and a footnote.
RICH_BODY = """开源模型的讨论见 [DeepSeek 的论文](https://example.com/paper)，另见
[上一篇文章](/2025/06/19/105626/)。Read the [original post](https://example.com/en) too.

## 代码

Inline `code` and a block:

```python
def fibonacci(n: int) -> int:
    \"\"\"The n-th Fibonacci number.\"\"\"
    a, b = 0, 1  # two numbers at a time
    for _ in range(n):
        a, b = b, a + b
    return a  # 返回结果


print(f"{fibonacci(10)!r} is {'even' if fibonacci(10) % 2 == 0 else 'odd'}", 0x1F, 3.14)
```

## 表格

| 模型 | 参数量 | 开源 |
| --- | ---: | :---: |
| DeepSeek-V3 | 671B | 是 |
| Llama 3 | 70B | 是 |

> 引用的话，带一个[链接](https://example.com/quote)。

- 第一项
- 第二项，带脚注[^1]

1. one
2. two

[^1]: 脚注的内容。
"""


def axe_source():
    if not AXE.exists():
        message = "axe-core is not installed: run `npm ci` in the repository root"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture
def site(live_seed, make_post):
    """The seed, a post with every kind of content, and enough posts for a second page."""
    for n in range(settings.BLOG["PAGE_SIZE"]):
        make_post(title=f"填充文章 {n}", tags=["开源"])
    make_post(title="内容齐全的文章", subtitle="链接、代码、表格", body=RICH_BODY, tags=["AI", "开源"])
    return live_seed


def violations(page, source):
    """axe's violations on the page as loaded, one readable line each."""
    page.evaluate(source)  # evaluated by the browser's debugger: the page's CSP does not apply
    result = page.evaluate("async () => await axe.run(document)")
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}")
    return lines


PAGES = [
    ("home", "/"),
    ("home, page 2", "/?page=2"),
    ("post (the seed)", SEED_URL),
    ("post with links, code and a table", None),  # found on the home page
    ("tag", "/tags/ai/"),
    ("tag list", "/tags/"),
    ("archive", "/archive/"),
    ("year", "/2025/"),
    ("month", "/2025/06/"),
    ("day", "/2025/06/19/"),
    ("author", "/authors/agent-eric/"),
    ("about", "/about/"),
    ("search with results", "/search/?q=开源"),
    ("search without results", "/search/?q=没有这个词zzz"),
    ("search, nothing typed", "/search/"),
    ("404", "/no/such/page/"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_any_kind_of_page(new_context, site, scheme):
    source = axe_source()
    context = new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + "/")
    rich_post = page.get_by_role("link", name="内容齐全的文章").get_attribute("href")
    problems = []
    for name, path in PAGES:
        response = page.goto(site.url + (path or rich_post))
        assert response.status == (404 if name == "404" else 200), (name, response.status)
        problems += [f"{name} {path or rich_post}: {line}" for line in violations(page, source)]
    assert not problems, "\n".join(problems)


def test_task_lists_pass_axe(new_context, live_server, make_post):
    source = axe_source()
    post = make_post(title="待办", body="- [x] 做完的事\n- [ ] 没做完的事\n")
    page = new_context().new_page()
    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator(".task-list-item .task-box").count() == 2 and page.locator(".task-list-item input").count() == 0
    assert violations(page, source) == []


def test_no_axe_violation_on_a_phone(new_context, site):
    """Narrow screens fold the catalog and stack the sidebar."""
    source = axe_source()
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    problems = []
    for path in ("/", SEED_URL):
        page.goto(site.url + path)
        problems += [f"{path}: {line}" for line in violations(page, source)]
    assert not problems, "\n".join(problems)
