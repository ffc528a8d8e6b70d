"""SQLite under load: admin saves while readers hammer pages never hit
"database is locked" (WAL, busy timeout, IMMEDIATE transactions)."""
import http.client
import sqlite3
import subprocess
import sys
import threading
import time

from .servers import ROOT, Gunicorn, app_env, fetch, prepare


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
        try:
            writer = subprocess.run([sys.executable, "tests/admin_writer.py", "25"], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=240)
        finally:
            time.sleep(0.3)  # reads after the last write too
            done.set()
            for thread in readers:
                thread.join(timeout=30)
        logs = server.logs()

    assert writer.returncode == 0, writer.stdout + writer.stderr
    assert "ok saved=25 created=25" in writer.stdout
    assert "database is locked" not in writer.stderr + logs
    assert not errors, errors[:5]
    assert len(statuses) > 50, "the readers barely ran"
    print(f"{len(statuses)} reads during 25 admin saves and 25 post creations")
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*) FROM blog_post WHERE title = 'Edited title 24'").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM blog_post").fetchone()[0] == 1 + 25
