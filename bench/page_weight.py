#!/usr/bin/env python3
"""How heavy a post page is: its HTML plus the CSS and JavaScript it loads,
raw and gzipped, against the 30 KB budget (images and fonts aside).

    python bench/page_weight.py        # from the repository root (or .venv/bin/python)

Runs on its own: test settings, a throwaway SQLite database with the seed
article loaded, no server. Prints figures; asserts nothing (the budget is
checked by tests/test_page_weight.py).
"""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 30 * 1024  # bytes, raw
SEED_POST = "/2025/06/19/105626/"
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def gzipped(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def body(response):
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.close()
        return data
    return response.content


def measure(client, path=SEED_POST):
    """[(what, raw bytes, gzip bytes)] for a page and each stylesheet/script it loads."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    html = body(response)
    rows = [("HTML " + path, len(html), gzipped(html))]
    for url in dict.fromkeys(ASSET.findall(html.decode())):  # each once, in page order
        asset = client.get(url)
        if asset.status_code != 200:
            raise RuntimeError(f"{url} answered {asset.status_code}")
        data = body(asset)
        rows.append((url, len(data), gzipped(data)))
    return rows


def report(rows, budget=BUDGET):
    raw = sum(r[1] for r in rows)
    packed = sum(r[2] for r in rows)
    lines = [f"{'':44}{'raw':>10}{'gzip':>10}"]
    lines += [f"  {what:42}{size:>10,}{small:>10,}" for what, size, small in rows]
    lines.append(f"  {'total':42}{raw:>10,}{packed:>10,}")
    verdict = (
        f"within budget, {budget - raw:,} bytes to spare" if raw <= budget else f"OVER budget by {raw - budget:,} bytes"
    )
    lines.append(f"Budget {budget:,} bytes raw (HTML + CSS + JS): {verdict}")
    return "\n".join(lines)


def use_project_python():
    """Re-run under the project's .venv when this python lacks Django."""
    try:
        import django  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable) != venv_python:
            os.execv(venv_python, [str(venv_python), *sys.argv])
        raise


def setup():
    """Django with test settings on a throwaway SQLite database holding the seed."""
    use_project_python()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    workdir = tempfile.mkdtemp(prefix="blog-page-weight-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/weight.sqlite3"
    os.environ.pop("REDIS_URL", None)  # keep the figures' cache to this run
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    return workdir


def main():
    workdir = setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    try:
        print("Post page weight (the seed article)")
        print(report(measure(client)))
        print()
        print("For comparison: the home page")
        print(report(measure(client, "/")))
    finally:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
