"""Settings for the blog, read from the environment.

Development defaults are safe: debug is off unless ``DJANGO_DEBUG=1``, hosts are
limited to loopback, and with debug off the process refuses to start without a
``DJANGO_SECRET_KEY``. See README.md ("Deploying") for every variable.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With debug off the blog will not start "
            "without a secret key. Generate one with\n"
            "    python -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
            "and export DJANGO_SECRET_KEY, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so runserver serves like production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "csp",
    "axes",  # sign-in throttling (README "Sign-in throttling")
    "django_tasks",
    "django_tasks_db",
    "pagecache",
    "blog",
    "jekyll",
]

MIDDLEWARE = [
    # Outermost: these add their headers to every response, static files and
    # cached pages included.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "config.csp.CSPMiddleware",  # django-csp, with the policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page cache hit returns here, before sessions, auth and CSRF.
    "pagecache.middleware.PageCacheMiddleware",
    "blog.reading.printable.PrintableMiddleware",  # inside the cache: what it keeps is clean
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.language.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "blog.reading.redirects.LegacyRedirectMiddleware",
    "blog.reading.pages.PageFallbackMiddleware",  # pages at their Jekyll paths, before old URLs
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, squeezing the indentation out of HTML
            # templates as it loads them (config/template_loaders.py).
            "loaders": [
                (
                    "config.template_loaders.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.reading.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite by default (nothing to install); PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while a writer commits; IMMEDIATE takes the write lock
    # at BEGIN so concurrent writers wait (busy timeout) instead of failing with
    # "database is locked" half way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# REDIS_URL shares one cache between every worker and host. Without it, a
# diskcache directory (SQLite-indexed, no directory scans) is shared by all
# gunicorn workers on this machine (a per-process memory cache would let each
# worker serve its own stale copy). Three aliases (config/cachebackends.py):
# "default" for anything (a failed call is a miss), "pagecache" for pages and
# figures and "pagecache-state" for what changed when (both strict: an outage
# raises, and pages are then served uncached). Every call times out after
# DJANGO_CACHE_TIMEOUT seconds; a failure opens a breaker for 5 s.
REDIS_URL = env("REDIS_URL")
CACHE_PREFIX = env("DJANGO_CACHE_PREFIX", "blog")
CACHE_TIMEOUT = float(env("DJANGO_CACHE_TIMEOUT", "0.25"))
CACHE_DIR = Path(env("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")))
CACHE_MAX_BYTES = int(env("DJANGO_CACHE_MAX_MB", "512")) * 1024 * 1024
CACHE_MAX_ENTRIES = int(env("DJANGO_CACHE_MAX_ENTRIES", "50000"))


def _cache(strict, location=None, **options):
    if REDIS_URL:
        # With several sites on one Redis set maxmemory-policy volatile-lru: pages and
        # figures expire, the state has no timeout and is never evicted.
        return {
            "BACKEND": "config.cachebackends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT, "STRICT": strict},
        }
    return {
        "BACKEND": "config.cachebackends.DiskCache",
        "LOCATION": str(location or CACHE_DIR),
        "KEY_PREFIX": CACHE_PREFIX,
        "SHARDS": 4,
        "OPTIONS": {"STRICT": strict, **options},
    }


CACHES = {
    "default": _cache(False, size_limit=CACHE_MAX_BYTES, MAX_ENTRIES=CACHE_MAX_ENTRIES),
    "pagecache": _cache(True, size_limit=CACHE_MAX_BYTES, MAX_ENTRIES=CACHE_MAX_ENTRIES),
    # Pages and figures keyed by what readers type (searches, ?page=N): a budget of their own,
    # so that a flood of them only ever evicts their like.
    "pagecache-query": _cache(
        True, CACHE_DIR / "query", size_limit=CACHE_MAX_BYTES // 4, MAX_ENTRIES=max(100, CACHE_MAX_ENTRIES // 5)
    ),
    # Apart from the pages, so no flood of them can evict it: small, never culled.
    "pagecache-state": _cache(True, CACHE_DIR / "state", eviction_policy="none", size_limit=2**40),
}

# Full-page cache for anonymous readers (pagecache/). DJANGO_PAGE_CACHE=0
# turns storing and lookups off; ETag/Last-Modified and 304s stay.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pagecache"
PAGE_CACHE_QUERY_ALIAS = "pagecache-query"
PAGE_CACHE_STATE_ALIAS = "pagecache-state"
# Entries are invalidated by changes to what they show, not by time; the
# timeout only lets pages nobody asks for again leave the cache (sooner for
# pages with a query string: searches, later pages of lists).
PAGE_CACHE_TIMEOUT = int(env("DJANGO_PAGE_CACHE_TIMEOUT", str(24 * 3600)))
PAGE_CACHE_QUERY_TIMEOUT = int(env("DJANGO_PAGE_CACHE_QUERY_TIMEOUT", "600"))
PAGE_CACHE_MAX_BYTES = 2 * 1024 * 1024
# Each worker also keeps recently served pages in memory (a scan-resistant
# LRU of this many MB and entries), checked against the shared state.
PAGE_CACHE_LOCAL_BYTES = int(env("DJANGO_PAGE_CACHE_LOCAL_MB", "32")) * 1024 * 1024
PAGE_CACHE_LOCAL_ENTRIES = int(env("DJANGO_PAGE_CACHE_LOCAL_ENTRIES", "2000"))
# Stampede protection: while one process re-renders a page another change
# invalidated, the others serve the previous copy for at most this long after
# the change (never after a removal), or wait this long for the new one.
PAGE_CACHE_STALE_SECONDS = float(env("DJANGO_PAGE_CACHE_STALE_SECONDS", "3"))
PAGE_CACHE_WAIT_SECONDS = float(env("DJANGO_PAGE_CACHE_WAIT_SECONDS", "1"))
# Query parameters that are part of the key (name: pattern its value must
# match for the page to be stored), and those dropped as meaningless to any
# page (tracking); a request with any other parameter is served uncached.
PAGE_CACHE_QUERY_PARAMS = {"page": r"[1-9][0-9]{0,4}", "q": r"(?s).{0,200}"}
PAGE_CACHE_DROP_PARAMS = env(
    "DJANGO_PAGE_CACHE_DROP_PARAMS",
    r"utm_[A-Za-z_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"spm|from|isappinstalled|share_[A-Za-z_]*|ref|ref_src",
)
# Pages rendered by another release never match (the hashed static manifest
# tells releases apart too; set this when only templates changed).
PAGE_CACHE_RELEASE = env("DJANGO_RELEASE", "")

# --- Edge caches (Varnish, a CDN) -------------------------------------------------
# Purges by dependency key after each commit (pagecache/purge.py), to every
# Varnish in DJANGO_VARNISH_PURGE_URLS (e.g. http://10.0.0.5:6081/); other
# purgers can be added to PAGE_CACHE_PURGERS. Undelivered purges wait in the
# outbox on local disk and are retried.
PAGE_CACHE_PURGERS = [
    {"BACKEND": "pagecache.purge.VarnishPurger", "OPTIONS": {"url": url}}
    for url in env_list("DJANGO_VARNISH_PURGE_URLS")
]
PAGE_CACHE_OUTBOX = Path(env("DJANGO_PAGE_CACHE_OUTBOX", str(CACHE_DIR / "outbox")))
PAGE_CACHE_OUTBOX_THREAD = True  # each process delivers what waits there from a thread of its own
# How long an edge may keep a page (s-maxage; never past the next scheduled
# publication). Without a purger the edge could not be told of changes: 0.
PAGE_CACHE_EDGE_TTL = int(env("DJANGO_EDGE_TTL", "3600" if PAGE_CACHE_PURGERS else "0"))
PAGE_CACHE_EDGE_STALE_WHILE_REVALIDATE = int(env("DJANGO_EDGE_STALE_WHILE_REVALIDATE", "30"))
PAGE_CACHE_EDGE_STALE_IF_ERROR = int(env("DJANGO_EDGE_STALE_IF_ERROR", "86400"))

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Sign-in throttling with django-axes: after AXES_FAILURE_LIMIT failed sign-ins, an account
# (whatever address tries it) and an address (whatever account it tries) are locked for the
# cool-off time. Attempts are rows in the database, so every host sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("DJANGO_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
# The lockout ends when the page says it does, however often the locked form is sent.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "blog.admin.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

# --- Internationalization ---------------------------------------------------
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", "zh-hans")
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve MEDIA_URL from the app when no front server (nginx, a CDN) does it.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
# Header images of unpublished posts and kept uploads always go through the app, which checks
# who asks (blog/reading/media.py); behind nginx it answers with X-Accel-Redirect to this
# internal location on the media folder instead of sending the file itself (README).
MEDIA_ACCEL_REDIRECT = env("DJANGO_MEDIA_ACCEL_REDIRECT", "")

# Paths the page cache never looks at: the admin, the health probe, the
# language switch, and uploaded files (already files).
PAGE_CACHE_EXCLUDE = ["/admin/", "/healthz", "/lang/"]
# Cookies that make a page personal, as the session cookie does: the comment writer's (a reader
# whose comment awaits moderation sees it on that post's page, blog/reading/comments.py). A
# request carrying one is never answered from the cache (deploy/varnish/default.vcl passes it too).
PAGE_CACHE_PERSONAL_COOKIES = ["blog_comments"]
if MEDIA_URL.startswith("/"):
    PAGE_CACHE_EXCLUDE.append(MEDIA_URL)

# Media goes to local disk unless DJANGO_MEDIA_STORAGE names another backend
# (e.g. "storages.backends.s3.S3Storage", configured by its own variables).
STORAGES = {
    "default": {
        "BACKEND": env("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        # e.g. {"bucket_name": "blog-media", "custom_domain": "media.example.com"}
        "OPTIONS": json.loads(env("DJANGO_MEDIA_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 3600
# Files browsers and crawlers ask for at the site root (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "public"
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Uploaded images (blog/content/images.py; README "Uploads") ------------------------
# Checked before anything is decoded, so one upload cannot exhaust a worker.
UPLOAD_MAX_BYTES = int(float(env("DJANGO_UPLOAD_MAX_MB", "10")) * 1024 * 1024)
UPLOAD_MAX_PIXELS = int(float(env("DJANGO_UPLOAD_MAX_MEGAPIXELS", "40")) * 1_000_000)
# Stills are stored scaled down to this many pixels on their long side; animations must fit it.
UPLOAD_MAX_SIDE = int(env("DJANGO_UPLOAD_MAX_SIDE", "2560"))
UPLOAD_MAX_FRAMES = int(env("DJANGO_UPLOAD_MAX_FRAMES", "300"))
# The memory cleaning one upload may take, estimated from its header (format, mode, pixels,
# frames) before decoding; a worker needs this much beyond its own size per upload in progress.
UPLOAD_MAX_MEMORY = int(env("DJANGO_UPLOAD_MAX_MEMORY_MB", "192")) * 1024 * 1024

# --- Security -----------------------------------------------------------------
# DJANGO_SECURE=1 when the site is served over HTTPS (required for production).
SECURE = env_bool("DJANGO_SECURE", False)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000")) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (nginx, a PaaS); the client's
# address is then the one the proxy appended to X-Forwarded-For (config/proxy.py), with
# DJANGO_PROXY_COUNT proxies in a row in front of the app.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = int(env("DJANGO_PROXY_COUNT", "1"))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Video players a post may embed in an <iframe> (blog/content/kramdown/embeds.py):
# YouTube, youtube-nocookie, Bilibili's and Vimeo's players, and any host listed
# in BLOG_EMBED_HOSTS (comma separated). The CSP's frame-src lists exactly these.
EMBED_HOSTS = [
    "www.youtube.com",
    "www.youtube-nocookie.com",
    "player.bilibili.com",
    "player.vimeo.com",
    *[host.lower() for host in env_list("BLOG_EMBED_HOSTS")],
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Inline style attributes carry per-post banner images and masks.
        "style-src": [SELF, "'unsafe-inline'"],
        # Posts may show images hosted elsewhere (imported Jekyll posts do).
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [f"https://{host}" for host in EMBED_HOSTS],
    },
}

PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

# --- Logging --------------------------------------------------------------------
# Everything to stdout; gunicorn's access log adds one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Requests are logged by gunicorn; keep Django's copy for errors only.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Failed and locked-out sign-ins are warnings; axes' start-up notice is not needed.
        "axes": {"level": "WARNING"},
    },
}

# --- The blog -------------------------------------------------------------------
BLOG = {
    "TITLE": env("BLOG_TITLE", "Eric Blog"),
    "DESCRIPTION": env("BLOG_DESCRIPTION", "记录与思考"),
    "SITE_URL": env("BLOG_SITE_URL", ""),
    "PAGE_SIZE": 10,
    # How posts are read (blog/content/kramdown/options.py): kramdown as Jekyll 4 sets it up. A single
    # line break is a space, as on Jekyll (hard_wrap: false); BLOG_HARD_WRAP=1 makes it a <br>.
    # A post imported from a Jekyll site keeps that site's kramdown options (Post.markdown_options).
    "MARKDOWN": {"hard_wrap": env_bool("BLOG_HARD_WRAP", False)},
    "EMBED_HOSTS": EMBED_HOSTS,
}

TAGGIT_CASE_INSENSITIVE = True

# --- Comments -------------------------------------------------------------------
# See README.md ("Comments"). Moderation: "all" (every comment is held), "first" (held until
# the commenter's email has an approved comment), "open" (published at once).
BLOG_COMMENTS = {
    "MODERATION": env("BLOG_COMMENTS_MODERATION", "first"),
    # Comments close this many days after a post is published (0: never).
    "CLOSE_AFTER_DAYS": int(env("BLOG_COMMENTS_CLOSE_AFTER_DAYS", "0")),
    # A comment with more links than this is always held.
    "MAX_LINKS": int(env("BLOG_COMMENTS_MAX_LINKS", "2")),
    "MAX_LENGTH": int(env("BLOG_COMMENTS_MAX_LENGTH", "5000")),
    # The signed form token: sent sooner than this after the form was opened, or later than
    # the maximum age, it is refused (the reader's text is kept).
    "MIN_SECONDS": float(env("BLOG_COMMENTS_MIN_SECONDS", "3")),
    "FORM_MAX_AGE": int(env("BLOG_COMMENTS_FORM_MAX_AGE", str(3 * 24 * 3600))),
    # At most this many comments per client address, and per email, in the window (seconds),
    # counted in the shared cache; "0" turns the limits off.
    "RATE": env("BLOG_COMMENTS_RATE", "5/600"),
    # Client addresses are kept as a keyed hash for this many days, then dropped.
    "KEEP_ADDRESSES_DAYS": int(env("BLOG_COMMENTS_KEEP_ADDRESSES_DAYS", "30")),
    # Replies deeper than this are shown at this depth ("in reply to …").
    "MAX_DEPTH": 3,
    # Proxies in front of the site that append to X-Forwarded-For (the client is the address
    # that many hops from the right); 0 reads REMOTE_ADDR.
    "PROXY_HOPS": int(env("BLOG_PROXY_HOPS", "1" if env_bool("DJANGO_BEHIND_PROXY", False) else "0")),
    # Optional: an Akismet key (the site's URL is BLOG_SITE_URL).
    "AKISMET_KEY": env("BLOG_AKISMET_KEY"),
}

# Mail (comment notifications) goes out through SMTP from the background worker
# (manage.py db_worker, started by `make run`). Without DJANGO_EMAIL_HOST no mail is sent and
# readers are not offered reply notifications.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "465" if EMAIL_USE_SSL else "587" if EMAIL_USE_TLS else "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks, database backend): mail is queued in the database by the
# request and sent by the worker, with retries.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
