"""One render: a post's or page's Liquid with its ``page`` and ``site``, in the sandbox.

The caller says what the Liquid may see through a ``LiquidSite`` (``blog.writing.liquid`` gives
the one backed by the database). A render never raises: an error of any kind comes back as
``Rendered.error``, the text left as it was.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from liquid.exceptions import LiquidError

from .. import markdown
from . import filters, sandbox, tags
from .values import RubyTime

JEKYLL = {"version": "4.3.1", "environment": "production"}
MAX_ERROR = 500  # characters of an error message kept


class LiquidSite:
    """What a page's Liquid sees of its site. This one has nothing: no files, no other pages,
    no ``_config.yml``; subclasses give more."""

    includes_dir = "_includes"
    url = ""  # the site's absolute URL, for absolute_url
    baseurl = ""

    @property
    def zone(self):
        return ZoneInfo(settings.TIME_ZONE)

    def variables(self):
        """``site.*``."""
        return {"url": self.url, "baseurl": self.baseurl, "time": datetime.now(self.zone)}

    def read(self, path):
        """The text of the site's file at ``path`` (``_includes/x.html``, ``_posts/part.md``), or None."""
        return None

    def post_url(self, name):
        """The URL of the post ``{% post_url name %}`` names, or None."""
        return None

    def link(self, path):
        """The URL of the site's file ``{% link path %}`` names, or None."""
        return None

    def markdownify(self, text):
        return markdown.to_html(text)

    def smartify(self, text):
        return markdown.smartify(text)


@dataclass
class Rendered:
    text: str
    error: str = ""  # why the Liquid could not be rendered ("" when it was)
    uses: frozenset = frozenset()  # the site's files read, and what else of the site it read


@dataclass
class RenderState:
    site: LiquidSite
    page: dict
    budget: sandbox.Budget
    uses: set = field(default_factory=set)

    def include(self, path):
        """The parsed file at ``path`` (read once per render), or None."""
        self.uses.add(path)
        if path not in self.budget.parsed:
            source = self.site.read(path)
            self.budget.parsed[path] = None if source is None else ENV.from_string(source, name=path)
        return self.budget.parsed[path]


def record(name):
    """Note that the running render read ``name`` (e.g. ``site.posts``), for ``Rendered.uses``."""
    state = sandbox.current.get(None)
    if state is not None:
        state.uses.add(name)


def _message(exc):
    """``message (where: line N)``, short enough to show in a list."""
    if not isinstance(exc, LiquidError):
        return " ".join(f"{type(exc).__name__}: {exc}".split())[:MAX_ERROR]
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    token = exc.token
    if token is not None and token.start_index >= 0 and token.source:
        line = token.source.count("\n", 0, token.start_index) + 1
        where = f"{exc.template_name}, " if exc.template_name else ""
        text = f"{text} ({where}line {line})"
    return " ".join(text.split())[:MAX_ERROR]


def _ruby_times(value, zone):
    """Times in ``page`` as Jekyll prints them (``2020-06-19 00:00:00 +0800``)."""
    if isinstance(value, datetime):
        return RubyTime.of(value, zone)
    if isinstance(value, dict):
        return {key: _ruby_times(item, zone) for key, item in value.items()}
    if isinstance(value, list):
        return [_ruby_times(item, zone) for item in value]
    return value


def render(source, page=None, site=None):
    """``Rendered`` for ``source`` with ``page`` (a mapping) and ``site`` (a ``LiquidSite``)."""
    site = site or LiquidSite()
    page = _ruby_times(dict(page or {}), site.zone)
    state = RenderState(site, page, sandbox.Budget(deadline=sandbox.deadline()))
    token = sandbox.current.set(state)
    try:
        template = ENV.from_string(source or "")
        text = template.render(page=page, site=site.variables(), jekyll=JEKYLL)
    except Exception as exc:  # any error of the template: the text stays as written
        return Rendered(source or "", _message(exc), frozenset(state.uses))
    finally:
        sandbox.current.reset(token)
    return Rendered(text, "", frozenset(state.uses))


def _environment():
    env = sandbox.SandboxEnvironment()
    for tag in tags.TAGS:
        env.add_tag(tag)
    for name, function in filters.FILTERS.items():
        env.add_filter(name, function)
    return env


ENV = _environment()
