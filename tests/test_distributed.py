"""Scale-out: two crawler processes share one frontier through a real redis-server.

`aggregator crawl --distributed redis://...` puts the request queue and the dupefilter
in Redis (scrapy-redis); two workers with their own databases crawl one generated site,
and the site's request log shows that no URL was fetched twice (robots.txt aside: each
worker reads it once for itself).
"""

from __future__ import annotations

import os
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
    """The generated site, each article taking a moment to serve; a count per path."""
    requested: Counter = Counter()
    lock = threading.Lock()
    original = replay._Handler.do_GET

    def counting_get(handler):
        with lock:
            requested[handler.path] += 1
        if handler.path.startswith("/news/") and handler.path != "/news/":
            time.sleep(0.1)
        return original(handler)

    monkeypatch.setattr(replay._Handler, "do_GET", counting_get)
    server = ReplayServer(make_site(tmp_path / "sites", ARTICLES))
    server.start()
    yield registry_entry(server.sites[0].base, tmp_path / "site.toml"), requested
    server.stop()


def test_two_workers_share_one_frontier_without_fetching_a_url_twice(tmp_path, redis_url, slow_site):
    url, client = redis_url
    registry, requested = slow_site
    key = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    workers = [subprocess.Popen(
        [sys.executable, "-m", "aggregator", "crawl", "benchsite", "--sources", str(registry),
         "--db", str(tmp_path / f"worker{n}.db"), "--logfile", "", "--distributed", url, "--run-key", key,
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
         "-s", "AGGREGATOR_DISTRIBUTED_IDLE=3"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    outputs = [w.communicate(timeout=180) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, out + err[-3000:]

    twice = {path: n for path, n in requested.items() if n > 1 and path != "/robots.txt"}
    assert not twice, f"fetched more than once: {twice}"
    assert requested["/robots.txt"] <= 2

    stored = []
    for n in (1, 2):
        conn = sqlite3.connect(tmp_path / f"worker{n}.db")
        stored.append({u for (u,) in conn.execute("select canonical_url from articles")})
        conn.close()
    assert all(stored), f"one worker did nothing: {[len(s) for s in stored]}"
    assert not stored[0] & stored[1]
    assert len(stored[0] | stored[1]) == ARTICLES

    keys = [k.decode() for k in client.keys(f"aggregator:{key}:*")]
    assert keys and all(0 < client.ttl(k) <= 86400 for k in keys)  # the run's keys expire
