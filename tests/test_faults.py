"""Faults: a misbehaving site, a crawl killed with SIGKILL, readers during a crawl.

Everything runs against real HTTP servers on 127.0.0.1 and the ``aggregator`` CLI in
a subprocess, with short timeouts so that the whole file takes well under a minute.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
import sqlite_utils

from aggregator.crawl.retry import retry_after_seconds
from aggregator.testing.replay import ReplayServer
from aggregator.testing.synthetic_site import make_site, registry_entry

from aggregator.testing.badserver import FAILING, GOOD, MAXSIZE, TITLE_RU, BadServer
from .conftest import REPO
from .replay import aggregator

FAST = ("-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0.1",
        "-s", "RETRY_AFTER_MAX=5", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}", "-s", "DOWNLOAD_WARNSIZE=0")
UNSAFE = ("<script", "<iframe", "<style", "onerror", "onclick", "onmouseover", "onload", "javascript:")


def test_retry_after_is_read_as_seconds_or_a_date():
    now = datetime(2026, 2, 17, 9, 30, tzinfo=timezone.utc)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert retry_after_seconds("yesterday-ish") is None
    assert retry_after_seconds(None) is None


@pytest.fixture(scope="module")
def bad_crawl(tmp_path_factory):
    """One crawl of the misbehaving site; its result, database, log and the server's counts."""
    tmp = tmp_path_factory.mktemp("bad")
    with BadServer() as bad:
        registry = bad.registry(tmp / "bad.toml")
        db = tmp / "news.db"
        result = aggregator("crawl", "badsite", "--sources", str(registry), "--db", str(db),
                            "--logfile", str(tmp / "crawl.log"), *FAST)
    return result, db, (tmp / "crawl.log").read_text(encoding="utf-8"), bad


def test_a_misbehaving_site_does_not_crash_the_crawl(bad_crawl):
    result, db, _, _ = bad_crawl
    assert result.returncode == 1, result.stderr[-3000:]  # some requests failed, the rest was done
    assert "Traceback" not in result.stdout
    row = [line for line in result.stdout.splitlines() if line.startswith("badsite")]
    assert row and "FAILED (finished)" in row[0]
    paths = {url.split("/", 3)[3] for (url,) in sqlite3.connect(db).execute("select url from articles")}
    assert paths == {p.lstrip("/") for p in GOOD}


def test_each_failure_is_logged_against_its_source(bad_crawl):
    _, db, log, _ = bad_crawl
    errors = [line for line in log.splitlines() if " ERROR: " in line]
    assert all("[badsite]" in line for line in errors)
    for path in (*FAILING, "/broken.xml"):
        assert any(path in line for line in errors), f"no error logged for {path}"
    run = sqlite_utils.Database(db).execute("select status, stats from crawl_runs").fetchall()
    assert len(run) == 1 and run[0][0] == "failed"
    stats = json.loads(run[0][1])
    assert stats["failed"] >= len(FAILING) and stats["errors"] >= len(FAILING)
    assert stats["new"] == len(GOOD) and stats["finish_reason"] == "finished"


def test_retries_wait_for_retry_after_and_robots_txt_is_obeyed(bad_crawl):
    _, _, _, bad = bad_crawl
    for path in ("/a/busy", "/a/throttled"):  # 503 then 200; 429 always (RETRY_TIMES=1)
        times = bad.times[path]
        assert len(times) == 2, (path, times)
        assert times[1] - times[0] >= 0.9, f"{path}: retried after {times[1] - times[0]:.2f} s"
    assert bad.requests["/private/a/hidden"] == 0
    chain = sum(n for p, n in bad.requests.items() if p.startswith("/a/chain"))
    assert chain <= 11  # REDIRECT_MAX_TIMES = 10
    assert bad.requests["/a/cycle"] == 1 and bad.requests["/a/cycle2"] == 1
    assert all("CentralAsiaNewsAggregator" in h.get("User-Agent", "") for h in bad.headers["/a/ok"])


def test_charsets_are_repaired_and_stored_html_carries_no_scripts(bad_crawl):
    _, db, _, _ = bad_crawl
    rows = {r["url"].rsplit("/", 1)[1]: r for r in sqlite_utils.Database(db).query(
        "select url, title, body, body_html from articles")}
    assert rows["wrong-charset"]["title"] == TITLE_RU
    assert rows["no-charset"]["title"] == TITLE_RU + " (без кодировки)"
    assert "Бишкеке" in rows["no-charset"]["body"]
    for row in rows.values():
        for bad in UNSAFE:
            assert bad not in (row["body_html"] or "").lower(), (row["url"], bad)
    assert "с подвохом" in rows["script"]["body_html"]


# --- a crawl killed mid-run; readers during a crawl ---------------------------------------------

@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("big")
    server = ReplayServer(make_site(tmp / "sites", 400))
    server.start()
    yield registry_entry(server.sites[0].base, tmp / "bench.toml"), tmp
    server.stop()


def _spawn_crawl(registry: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "aggregator", "crawl", "benchsite", "--sources", str(registry),
         "--db", str(db), "--logfile", "", "-L", "WARNING", "-s", "STORE_BATCH_SIZE=20",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:  # not created yet
        return 0
    try:
        return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_sigkill_mid_run_loses_nothing_committed_and_readers_are_never_blocked(big_site):
    registry, tmp = big_site
    db = tmp / "killed.db"
    crawl = _spawn_crawl(registry, db)
    waits: list[float] = []
    stop = threading.Event()

    def reader():  # the portal or Datasette: fresh connections doing SELECTs
        while not stop.is_set():
            if _count(db):
                started = time.monotonic()
                try:
                    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
                    conn.execute("select count(*), max(id) from articles").fetchone()
                    conn.execute("select id, title from stories order by revision desc limit 20").fetchall()
                    conn.close()
                except sqlite3.OperationalError:  # schema not created yet
                    pass
                waits.append(time.monotonic() - started)
            time.sleep(0.02)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while _count(db) < 60 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.1)
        # while it runs, a second crawl of the same database refuses to start
        second = aggregator("crawl", "benchsite", "--sources", str(registry), "--db", str(db))
        assert second.returncode == 3, second.stderr[-2000:]
        assert "already running" in second.stderr
        assert crawl.poll() is None, "the crawl ended before it could be killed"
        committed = _count(db)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(30)
    finally:
        stop.set()
        thread.join(5)
        if crawl.poll() is None:
            crawl.kill()
    assert committed >= 60
    assert waits and max(waits) < 1.0, f"a reader waited {max(waits):.2f} s"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from articles").fetchone()[0] >= committed
    assert conn.execute("select status from crawl_runs").fetchall() == [("running",)]
    conn.close()

    again = aggregator("crawl", "benchsite", "--sources", str(registry), "--db", str(db), "--logfile", "",
                       "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
    assert again.returncode == 0, again.stderr[-3000:]  # the lock died with the killed crawl
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    total, distinct = conn.execute("select count(*), count(distinct canonical_url) from articles").fetchone()
    assert total == distinct == 400
    assert conn.execute("select count(*) from articles_fts").fetchone()[0] == 400
    assert [s for (s,) in conn.execute("select status from crawl_runs order by id")] == ["killed", "ok"]
