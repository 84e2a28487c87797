"""Scale-out: crawl workers share one frontier and fill one database, through a real redis-server.

`aggregator crawl --distributed redis://...` puts the request queue and the dupefilter
in Redis (scrapy-redis) and pushes processed articles to a Redis stream;
`aggregator ingest --redis redis://...` stores them, with one story index, in the one
database. Two workers and one ingest crawl a generated site served by the replay server:
the site's request log shows that no URL was fetched twice (robots.txt aside: each
worker reads it once for itself), every article is stored once, and neither a worker nor
an ingest killed with SIGKILL loses what Redis had acknowledged.
"""

from __future__ import annotations

import os
import signal
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import pytest

from aggregator.testing import replay
from aggregator.testing.replay import ReplayServer
from aggregator.testing.synthetic_site import make_site, registry_entry

from .conftest import REPO

ARTICLES = 80
REDIS = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def redis_url(tmp_path):
    if not REDIS:
        pytest.skip("redis-server not found (apt-get install redis-server; .ci/run installs it)")
    redis = pytest.importorskip("redis")
    port = _free_port()
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0", client
    server.terminate()
    server.wait(10)


@pytest.fixture()
def slow_site(tmp_path, monkeypatch):
    """The generated site, each article taking a moment to serve; a count per path. Articles
    are held back while ``requested.gate`` is clear (a test that needs every worker started
    before the first finishes clears it, then sets it)."""
    requested: Counter = Counter()
    requested.gate = threading.Event()
    requested.gate.set()
    lock = threading.Lock()
    original = replay._Handler.do_GET

    def counting_get(handler):
        with lock:
            requested[handler.path] += 1
        if handler.path.startswith("/news/") and handler.path != "/news/":
            requested.gate.wait(180)
            time.sleep(0.2)  # long enough for the second worker to start under load
        return original(handler)

    monkeypatch.setattr(replay._Handler, "do_GET", counting_get)
    server = ReplayServer(make_site(tmp_path / "sites", ARTICLES))
    server.start()
    yield registry_entry(server.sites[0].base, tmp_path / "site.toml"), requested
    server.stop()


STREAM = "aggregator:items"


def _worker(tmp_path, registry, url, key, n, *extra) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "aggregator", "crawl", "benchsite", "--sources", str(registry),
         "--db", str(tmp_path / f"worker{n}.db"), "--logfile", "", "--distributed", url, "--run-key", key,
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
         # a worker idle at start waits this long for another's heartbeat (the product's
         # default is 30 s): long enough that a worker started a few seconds after the
         # first still sees it, short enough to keep the test quick
         "-s", "AGGREGATOR_DISTRIBUTED_IDLE=10", *extra],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ingest(tmp_path, registry, url, *extra) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "aggregator", "ingest", "--redis", url, "--db", str(tmp_path / "news.db"),
         "--sources", str(registry), *extra],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finished(process: subprocess.Popen, timeout=180) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, out + err[-3000:]
    return out + err


def _stored(db) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select canonical_url, story_id from articles").fetchall()
    except sqlite3.OperationalError:  # the ingest is still creating the tables
        return []
    finally:
        conn.close()


def _queued_urls(client) -> list[str]:
    import json

    return [json.loads(fields[b"article"])["canonical_url"] for _, fields in client.xrange(STREAM)]


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _pending(client) -> int:
    try:
        return client.xpending(STREAM, "ingest")["pending"]
    except Exception:  # no group yet
        return 0


def _assert_one_story_index(db):
    conn = sqlite3.connect(db)
    try:
        dangling = conn.execute("select count(*) from articles where story_id is null or story_id "
                                "not in (select id from stories)").fetchone()[0]
        counted = conn.execute("select count(*) from articles a join stories s on s.id = a.story_id "
                               "group by s.id having count(*) != max(s.article_count)").fetchall()
        signatures = conn.execute("select count(*) from story_signatures").fetchone()[0]
        articles = conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()
    assert dangling == 0 and not counted  # every article in a story whose count is right
    assert signatures == articles  # one index: every article's signature stored for the next run


def test_two_workers_and_one_ingest_fill_one_database(tmp_path, redis_url, slow_site):
    url, client = redis_url
    registry, requested = slow_site
    key = f"test-{uuid.uuid4().hex[:8]}"
    ingest = _ingest(tmp_path, registry, url, "--follow", "--batch", "7")
    # on a loaded machine the second worker's start can take longer than the whole crawl:
    # the articles wait until both workers have opened their spider
    requested.gate.clear()
    workers = [_worker(tmp_path, registry, url, key, n) for n in (1, 2)]
    _wait_for(lambda: client.zcard(f"aggregator:{key}:benchsite:requests:workers") >= 2, 120)
    requested.gate.set()
    outputs = [_finished(w) for w in workers]
    assert _wait_for(lambda: client.xlen(STREAM) == 0 and _pending(client) == 0)
    ingest.send_signal(signal.SIGTERM)  # stops after the batch in hand
    summary = _finished(ingest, 30)

    twice = {path: n for path, n in requested.items() if n > 1 and path != "/robots.txt"}
    assert not twice, f"fetched more than once: {twice}"
    assert requested["/robots.txt"] <= 2
    queued = [int(out.split("queued ")[1].split()[0]) for out in outputs]
    assert all(queued) and sum(queued) == ARTICLES, outputs  # both took part, nothing twice

    stored = _stored(tmp_path / "news.db")
    urls = [u for u, _ in stored]
    assert len(urls) == len(set(urls)) == ARTICLES
    assert f"{ARTICLES} new" in summary
    _assert_one_story_index(tmp_path / "news.db")
    for n in (1, 2):  # the workers keep their own bookkeeping, not articles
        assert _stored(tmp_path / f"worker{n}.db") == []
    keys = [k.decode() for k in client.keys(f"aggregator:{key}:*")]
    assert keys and all(0 < client.ttl(k) <= 86400 for k in keys)  # the run's keys expire


def test_a_worker_killed_mid_run_loses_nothing_redis_acknowledged(tmp_path, redis_url, slow_site):
    url, client = redis_url
    registry, requested = slow_site
    key = f"test-{uuid.uuid4().hex[:8]}"
    workers = [_worker(tmp_path, registry, url, key, n) for n in (1, 2)]
    assert _wait_for(lambda: client.xlen(STREAM) >= ARTICLES // 4)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait(10)
    _finished(workers[1])
    acknowledged = set(_queued_urls(client))
    assert 0 < len(acknowledged) < ARTICLES + 1

    _finished(_ingest(tmp_path, registry, url, "--once"))
    stored = [u for u, _ in _stored(tmp_path / "news.db")]
    assert len(stored) == len(set(stored)) and acknowledged <= set(stored)

    # the requests the killed worker had in hand are gone from that run's frontier; the
    # next run that reads the feeds in full (not a 304) fetches only what is missing
    requested.clear()
    _finished(_worker(tmp_path, registry, url, f"{key}-next", 2, "-s", "AGGREGATOR_CONDITIONAL=False"))
    _finished(_ingest(tmp_path, registry, url, "--once"))
    stored = [u for u, _ in _stored(tmp_path / "news.db")]
    assert len(stored) == len(set(stored)) == ARTICLES
    fetched = [p for p in requested if p.startswith("/news/") and p != "/news/"]
    assert len(fetched) == ARTICLES - len(acknowledged)  # stored articles are known to workers
    _assert_one_story_index(tmp_path / "news.db")


def test_an_ingest_killed_mid_batch_loses_nothing_on_restart(tmp_path, redis_url, slow_site):
    url, client = redis_url
    registry, _ = slow_site
    _finished(_worker(tmp_path, registry, url, f"test-{uuid.uuid4().hex[:8]}", 1))
    assert client.xlen(STREAM) == ARTICLES
    pending_at_kill = 0
    for _ in range(3):  # a kill between two batches proves nothing: try again
        ingest = _ingest(tmp_path, registry, url, "--follow", "--batch", "3")
        in_batch = _wait_for(lambda: _pending(client) > 0 and (tmp_path / "news.db").exists()
                             and len(_stored(tmp_path / "news.db")) > 0)
        ingest.send_signal(signal.SIGKILL)
        ingest.wait(10)
        pending_at_kill = _pending(client)
        if in_batch and pending_at_kill:
            break
    assert pending_at_kill > 0, "never caught the ingest mid-batch"
    assert len(_stored(tmp_path / "news.db")) < ARTICLES

    summary = _finished(_ingest(tmp_path, registry, url, "--once"))
    assert f"({pending_at_kill} left pending by an earlier ingest)" in summary
    stored = [u for u, _ in _stored(tmp_path / "news.db")]
    assert len(stored) == len(set(stored)) == ARTICLES
    assert client.xlen(STREAM) == 0 and _pending(client) == 0
    _assert_one_story_index(tmp_path / "news.db")
