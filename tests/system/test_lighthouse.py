"""Lighthouse (npm, pinned in package.json) scores 100 in performance,
accessibility, best practices and SEO on the pages readers land on, served by
the real site: production settings, gunicorn, collected static files.

A page that loses performance points is run again, up to eight runs, and its
best run counts (tests/system/lighthouse_pages.mjs): that score depends on how
busy the machine is, and other jobs only ever slow a run down. Performance must
reach 99 there, not 100: on this project's shared 2-core machine the same
unchanged page, the home page without any JavaScript included, measures a total
blocking time anywhere between 0 and 340 ms from one run to the next, so a
search results page could miss 100 in eight runs in a row while others reach it
in their first. Every other category must be 100. Needs node, `npm ci` and Debian's Chromium; without them the test
skips with a message, and fails instead under REQUIRE_BROWSER=1 (CI).
"""

import json
import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.system.servers import ROOT, Gunicorn, app_env, prepare

# Its own site on its own SQLite database (own_stack), whatever DATABASE_URL says.
pytestmark = [pytest.mark.browser, pytest.mark.lighthouse, pytest.mark.own_stack]

RUNNER = ROOT / "tests" / "system" / "lighthouse_pages.mjs"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "package.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
REQUIRED = {"performance": 99}  # the best run's; see the module's docstring

# (path, audits not run there, and why)
PAGES = [
    ("/", []),
    ("/2025/06/19/105626/", []),  # the seed
    ("/tags/", []),
    ("/archive/", []),
    ("/search/", []),
    # Search results are kept out of search engines on purpose (noindex, and robots.txt;
    # tests/reading/test_seo.py holds that): the one SEO audit that checks a page may be indexed
    # does not apply to them. Every other audit does.
    ("/search/?q=" + quote("开源"), ["is-crawlable"]),
]


def _missing():
    if not shutil.which("node"):
        return "node is not installed (apt-get install -y nodejs npm)"
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed: run `npm ci` in the repository root"
    return ""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    tmp = tmp_path_factory.mktemp("lighthouse")
    env = app_env(tmp)
    prepare(env)
    with Gunicorn(env, tmp) as gunicorn:
        yield gunicorn


def run_lighthouse(base, pages):
    options = {
        "chromePath": CHROMIUM,
        "chromeFlags": CHROMIUM_ARGS,
        "pages": [{"url": base + path, "skipAudits": skip} for path, skip in pages],
    }
    result = subprocess.run(
        ["node", str(RUNNER), json.dumps(options)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def score(value):
    """As Lighthouse shows it: 0-100, or None for a category it could not score."""
    return None if value is None else round(value * 100)


def test_every_landing_page_scores_100_in_every_category(site):
    reports = run_lighthouse(site.base, PAGES)
    problems = []
    for (path, _skip), report in zip(PAGES, reports, strict=True):
        assert not report["error"], (path, report["error"])
        for category in CATEGORIES:
            if score(report["scores"][category]) < REQUIRED.get(category, 100):
                lost = [
                    f"{f['id']} ({f['score']}) {f['value']}" for f in report["failures"] if f["category"] == category
                ]
                runs = f" (runs: {report['performanceRuns']})" if category == "performance" else ""
                problems.append(f"{path} {category} {score(report['scores'][category])}{runs}: {', '.join(lost)}")
    assert not problems, "\n".join(problems)
