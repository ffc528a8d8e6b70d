"""Video embeds: an ``<iframe>`` stays only when its address is on a host of
the allowlist (settings.BLOG["EMBED_HOSTS"]: YouTube, youtube-nocookie,
Bilibili's player, Vimeo's, plus any the site adds); it is then loaded over
https, lazily, sandboxed and with a strict referrer policy. The CSP's
frame-src lists the same hosts (config/settings.py)."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

IFRAME_ATTRIBUTES = {"src", "width", "height", "title", "allowfullscreen"}
KEPT = {
    "loading": "lazy",
    "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
    "referrerpolicy": "strict-origin-when-cross-origin",
}


def hosts():
    return {h.lower() for h in settings.BLOG.get("EMBED_HOSTS", ())}


def embed_src(src):
    """The https address to load for an iframe ``src``, or None when it may not be embedded."""
    src = (src or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    try:
        parts = urlsplit(src)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or host not in hosts() or parts.username or parts.password:
        return None
    if parts.port not in (None, 443):
        return None
    return urlunsplit(("https", host, parts.path, parts.query, parts.fragment))
