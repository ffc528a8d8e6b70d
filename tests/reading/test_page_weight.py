"""A post page's HTML + CSS + JS stays within 30 KB (bench/page_weight.py prints the figures)."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location("page_weight", settings.BASE_DIR / "bench" / "page_weight.py")
page_weight = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_weight)


def test_seed_post_page_is_within_the_budget(client, seed):
    rows = page_weight.measure(client)
    names = [name for name, _raw, _gz in rows]
    assert names == [
        "HTML /2025/06/19/105626/",
        "/static/css/blog.css",
        "/static/js/catalog.js",
        "/static/js/comments.js",
    ]
    total = sum(raw for _name, raw, _gz in rows)
    assert total <= page_weight.BUDGET, page_weight.report(rows)


def test_code_highlighting_is_styled_for_light_and_dark():
    css = (settings.BASE_DIR / "static" / "css" / "blog.css").read_text()
    assert ".highlight :is(.k,.kc,.kd,.kn,.kr,.ow){color:#007020" in css
    assert "@media (prefers-color-scheme:dark){.highlight" in css


def test_report_says_when_over_budget():
    text = page_weight.report([("HTML /", 40_000, 9_000)])
    assert "OVER budget by 9,280 bytes" in text
