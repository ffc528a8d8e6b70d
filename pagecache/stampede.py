"""One rebuild at a time: when an entry is missing or out of date, the process that takes its
lock rebuilds it; the others wait for that copy for at most ``wait`` seconds (or, for a page
whose change removed nothing, serve the previous copy meanwhile: ``pagecache.middleware``),
then build it themselves. A lock left by a process that died expires after ``LOCK_SECONDS``."""

import time

from .version import release, state_cache

LOCK_SECONDS = 5
POLL_SECONDS = 0.02


def _name(name):
    return f"pagecache:{release()}:lock:{name}"


def acquire(name):
    """True for the one caller that should rebuild ``name``."""
    return state_cache().add(_name(name), 1, LOCK_SECONDS)


def release_lock(name):
    state_cache().delete(_name(name))


def wait_for(ready, wait):
    """``ready()`` (None until the other process has rebuilt the entry), polled for at most
    ``wait`` seconds; None if it never was."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = ready()
        if value is not None:
            return value
    return None
