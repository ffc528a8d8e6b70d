"""Bounded, thread-safe least-recently-used maps, for what a process keeps in memory."""

import threading
from collections import OrderedDict


class LRU:
    """At most ``max_entries`` values and, when ``size`` measures them, at most ``max_bytes``;
    the least recently used go first. A value larger than ``max_bytes`` is not kept."""

    def __init__(self, max_entries=None, max_bytes=None, size=None):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size = size or (lambda value: 0)
        self.entries = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def __len__(self):
        return len(self.entries)

    def __contains__(self, key):
        return key in self.entries

    def get(self, key, default=None):
        with self.lock:
            value = self.entries.get(key, default)
            if key in self.entries:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        """Keep ``value``; returns the (key, value) pairs pushed out to make room."""
        size = self.size(value)
        if self.max_bytes is not None and size > self.max_bytes:
            self.pop(key)
            return []
        dropped = []
        with self.lock:
            if key in self.entries:
                self.bytes -= self.size(self.entries.pop(key))
            self.entries[key] = value
            self.bytes += size
            while self._over():
                old_key, old = self.entries.popitem(last=False)
                self.bytes -= self.size(old)
                dropped.append((old_key, old))
        return dropped

    def pop(self, key):
        with self.lock:
            if key not in self.entries:
                return None
            value = self.entries.pop(key)
            self.bytes -= self.size(value)
            return value

    def _over(self):
        if self.max_entries is not None and len(self.entries) > self.max_entries:
            return True
        return self.max_bytes is not None and self.bytes > self.max_bytes

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


class SegmentedLRU:
    """A scan-resistant LRU: new entries wait in a small probation segment and move to the
    protected one when asked for again, so a flood of entries asked for once (junk URLs, one-off
    searches) only ever evicts other such entries, never the ones readers keep coming back to.

    Bounded like ``LRU``: ``max_entries`` and ``max_bytes`` in all, ``probation`` of each for the
    probation segment. What the protected segment pushes out goes back to probation.
    """

    def __init__(self, max_entries, max_bytes=None, size=None, probation=0.2):
        def part(limit, share):
            return None if limit is None else max(1, int(limit * share))

        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.probation = LRU(part(max_entries, probation), part(max_bytes, probation), size)
        self.protected = LRU(part(max_entries, 1 - probation), part(max_bytes, 1 - probation), size)
        self.lock = threading.Lock()

    def __len__(self):
        return len(self.probation) + len(self.protected)

    def __contains__(self, key):
        return key in self.protected or key in self.probation

    @property
    def bytes(self):
        return self.probation.bytes + self.protected.bytes

    def get(self, key, default=None):
        with self.lock:
            if key in self.protected:
                return self.protected.get(key)
            if key not in self.probation:
                return default
            value = self.probation.pop(key)
            for old_key, old in self.protected.put(key, value):
                self.probation.put(old_key, old)
            return value

    def put(self, key, value):
        with self.lock:
            if key in self.protected:
                for old_key, old in self.protected.put(key, value):
                    self.probation.put(old_key, old)
            else:
                self.probation.put(key, value)

    def pop(self, key):
        with self.lock:
            value = self.protected.pop(key)
            return value if value is not None else self.probation.pop(key)

    def clear(self):
        with self.lock:
            self.probation.clear()
            self.protected.clear()
