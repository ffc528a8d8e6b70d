"""Build Markdown bodies with the real ``jekyll build`` (kramdown as Jekyll 4 configures it).

Shared by the differential tests (tests/content/test_kramdown_jekyll.py) and
bench/kramdown_fidelity.py. Each body becomes a page of a throw-away site with
a layout that prints only ``{{ content }}``; _config.yml keeps Jekyll's
defaults apart from what the caller passes (e.g. a ``kramdown:`` block).
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

JEKYLL = os.environ.get("JEKYLL", "jekyll")


class JekyllFailed(Exception):
    pass


def available():
    return shutil.which(JEKYLL) is not None


def _write_site(folder, bodies, config):
    (folder / "_layouts").mkdir(parents=True)
    (folder / "_layouts" / "raw.html").write_text("{{ content }}", encoding="utf-8")
    # JSON is YAML: no quoting questions for the caller's options.
    (folder / "_config.yml").write_text(json.dumps({"markdown": "kramdown", **(config or {})}), encoding="utf-8")
    names = {}
    for n, (key, body) in enumerate(bodies.items()):
        name = f"p{n:05d}"
        names[key] = name
        (folder / f"{name}.md").write_text("---\nlayout: raw\n---\n" + body, encoding="utf-8")
    return names


def _build(folder):
    result = subprocess.run(
        [JEKYLL, "build", "--safe", "--quiet", "-s", str(folder), "-d", str(folder / "_site")],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "JEKYLL_ENV": "production"},
    )
    if result.returncode != 0:
        raise JekyllFailed((result.stderr or result.stdout).strip()[-2000:])


def build(bodies, config=None):
    """{key: body} -> {key: HTML Jekyll wrote}. A body whose Liquid Jekyll
    rejects is left out (built one by one only when the whole site fails)."""
    with tempfile.TemporaryDirectory(prefix="jekyll-oracle-") as tmp:
        folder = Path(tmp) / "site"
        names = _write_site(folder, bodies, config)
        try:
            _build(folder)
        except JekyllFailed:
            if len(bodies) == 1:
                return {}
            out = {}
            for key, body in bodies.items():
                out.update(build({key: body}, config))
            return out
        return {key: (folder / "_site" / f"{name}.html").read_text(encoding="utf-8") for key, name in names.items()}
