"""gunicorn settings, all overridable from the environment.

gunicorn -c gunicorn.conf.py config.wsgi
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Restart workers now and then so a slow leak can never take the site down
# (rarely: under load a restart every few seconds costs real throughput).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Import Django once in the master: a worker that dies or is recycled is
# replaced by a fork in milliseconds instead of a fresh import. Nothing opens a
# database or cache connection at import time, so nothing is shared by mistake.
# (A code change then needs a restart, not a HUP.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# One line per request on stdout: client, request, status, bytes, duration.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn 27 opens a control socket by default; nothing here uses it.
control_socket_disable = True

# Trust X-Forwarded-* only from a proxy on this machine unless told otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_fork(server, worker):
    """With preload_app, never let a worker inherit a connection the master opened."""
    if preload_app:
        from django.core.cache import caches
        from django.db import connections

        connections.close_all()
        caches.close_all()
