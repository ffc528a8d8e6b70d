"""Jekyll itself as the oracle: build a small site with Debian's ``jekyll`` 4.3 and read back
what it wrote, and ask Ruby how it reads a date.

Without ``jekyll`` (or ``ruby``) these tests skip with a message; with ``REQUIRE_JEKYLL=1`` (CI)
they fail instead.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

INSTALL_HINT = "sudo apt-get install -y jekyll"
# Every post of a test site uses this layout: its metadata, then the content.
POST_LAYOUT = (
    "<!DOCTYPE html><html><head><title>{{ page.title }}</title>"
    '<meta name="date" content="{{ page.date | date: "%Y-%m-%d %H:%M:%S %z" }}">'
    '<meta name="collection" content="{{ page.collection }}"></head>'
    "<body>{{ content }}</body></html>\n"
)


def require(program):
    """The path of ``program``, or skip (fail under REQUIRE_JEKYLL=1) without it."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed: the Jekyll comparison tests need it ({INSTALL_HINT})"
    if os.environ.get("REQUIRE_JEKYLL") == "1":
        pytest.fail("REQUIRE_JEKYLL=1 but " + message)
    pytest.skip(message)


@dataclass
class Written:
    """A post page Jekyll wrote."""

    url: str  # the address it is served at, decoded (/a/2020/01/07/same.html, /x/ for x/index.html)
    title: str
    date: str  # "%Y-%m-%d %H:%M:%S %z"
    body: str


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.title, self.body, self._in = {}, "", "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content") or ""
        self._in = tag if tag in ("title", "body") else self._in

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "body":
            self.body += data


def _url(relative):
    path = "/" + relative.as_posix()
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def build(site, zone="UTC"):
    """Build ``site`` (a folder) with Jekyll in ``zone``; the post pages it wrote."""
    jekyll = require("jekyll")
    site = Path(site)
    layouts = site / "_layouts"
    layouts.mkdir(exist_ok=True)
    (layouts / "post.html").write_text(POST_LAYOUT, encoding="utf-8")
    out = site.parent / (site.name + "_site")
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "TZ": zone, "LANG": "C.UTF-8", "JEKYLL_ENV": "production"}
    result = subprocess.run(
        [jekyll, "build", "--quiet", "--safe", "-s", str(site), "-d", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    written = []
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".htm"):
            continue
        parser = _Meta()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.meta.get("collection") == "posts":
            url = _url(path.relative_to(out))
            written.append(Written(url, parser.title, parser.meta["date"], parser.body.strip()))
    return written


class Ruby:
    """One ``ruby`` process answering ``Time.parse`` questions, a line each."""

    SCRIPT = r"""
        require "time"; require "json"
        $stdout.sync = true
        now = Time.at(Integer(ARGV[0]))
        STDIN.each_line do |line|
          begin
            t = Time.parse(JSON.parse(line), now)
            puts(t.utc.year.between?(1, 9999) ? t.utc.strftime("%Y-%m-%d %H:%M:%S.%6N") : "RANGE")
          rescue ArgumentError, RangeError => e
            puts "ERROR #{e.message}"
          end
        end
    """

    def __init__(self, zone, now_epoch):
        ruby = require("ruby")
        env = {**os.environ, "TZ": zone}
        self.process = subprocess.Popen(
            [ruby, "-e", self.SCRIPT, str(now_epoch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )

    def parse(self, string):
        """The UTC moment Ruby reads, as text; ``"ERROR ..."`` or ``"RANGE"`` otherwise."""
        self.process.stdin.write(json.dumps(string) + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
