"""One bounded, thread-safe least-recently-used map, for what a process keeps in memory."""

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

    def get(self, key, default=None):
        with self.lock:
            value = self.entries.get(key, default)
            if key in self.entries:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        size = self.size(value)
        if self.max_bytes is not None and size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                self.bytes -= self.size(self.entries.pop(key))
            self.entries[key] = value
            self.bytes += size
            while self._over():
                _key, dropped = self.entries.popitem(last=False)
                self.bytes -= self.size(dropped)

    def _over(self):
        if self.max_entries is not None and len(self.entries) > self.max_entries:
            return True
        return self.max_bytes is not None and self.bytes > self.max_bytes

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0
