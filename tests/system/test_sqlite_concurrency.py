"""SQLite under load: admin saves while readers hammer pages never hit
"database is locked" (WAL, busy timeout, IMMEDIATE transactions)."""

import http.client
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from .servers import ROOT, Gunicorn, app_env, fetch, prepare

# Its own site on its own SQLite database and cache, whatever DATABASE_URL says.
pytestmark = pytest.mark.own_stack

ROUNDS = 20


def test_admin_writes_during_reader_load_raise_nothing(tmp_path):
    env = app_env(tmp_path, DJANGO_PAGE_CACHE="0")  # every read goes to the database
    prepare(env)
    with Gunicorn(env, tmp_path, workers=2) as server:
        pages = ["/", "/2025/06/19/105626/", "/tags/ai/", "/about/"]
        statuses, errors = [], []
        done = threading.Event()

        def reader(offset):
            i = offset
            while not done.is_set():
                try:
                    statuses.append(fetch(server.base + pages[i % len(pages)])[0])
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(repr(exc))
                i += 1

        readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for thread in readers:
            thread.start()
        # Two editors at once: with deferred transactions one of them would
        # fail at once trying to upgrade its read to a write.
        writers = [
            subprocess.Popen(
                [sys.executable, "tests/system/admin_writer.py", str(ROUNDS), name],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("alice", "bob")
        ]
        try:
            outputs = [writer.communicate(timeout=240) for writer in writers]
        finally:
            time.sleep(0.3)  # reads after the last write too
            done.set()
            for thread in readers:
                thread.join(timeout=30)
        logs = server.logs()

    for writer, (stdout, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stdout + stderr
        assert f"ok saved={ROUNDS} created={ROUNDS}" in stdout
        assert "database is locked" not in stderr
    assert "database is locked" not in logs
    assert not errors, errors[:5]
    assert len(statuses) > 50, "the readers barely ran"
    print(f"{len(statuses)} reads during {2 * ROUNDS} admin saves and {2 * ROUNDS} post creations")
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM blog_post").fetchone()[0] == 1 + 2 * ROUNDS
        assert db.execute("SELECT COUNT(*) FROM blog_revision").fetchone()[0] >= 2 * ROUNDS
