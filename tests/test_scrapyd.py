"""scrapyd for real: the project is deployed to a scrapyd on 127.0.0.1 and a crawl of a
recorded site is scheduled through its HTTP API; the articles land in the database.

The egg is built as ``scrapyd-deploy`` builds it (``--build-egg``, from a copy of the
project, since scrapyd-deploy writes a setup.py beside scrapy.cfg), uploaded with
``addversion.json`` and run with ``schedule.json``. A crawl started with ``scrapy
crawl`` takes the database's lock too: one started while another crawl holds it stops
with a clear message before touching the database.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from aggregator.crawl.lock import CrawlLock

from .conftest import REPO
from .replay import expected_pages, serve

BIN = Path(sys.executable).parent
PROJECT_FILES = ("aggregator", "spiders", "scrapy.cfg", "pyproject.toml", "README.md")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tool(name: str) -> str:
    path = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if not path:
        pytest.skip(f"{name} not installed (pip install -e '.[test]')")
    return path


def _post(url: str, fields: dict | list, files: dict | None = None) -> dict:
    if files:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (fields.items() if isinstance(fields, dict) else fields):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                         f"{value}\r\n".encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                         + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    else:
        body, headers = urllib.parse.urlencode(fields).encode(), {}
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=30) as response:
        return json.loads(response.read())


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _build_egg(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    egg = tmp_path / "aggregator.egg"
    done = subprocess.run([_tool("scrapyd-deploy"), "--build-egg", str(egg)], cwd=copy,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and egg.exists(), done.stdout + done.stderr
    return egg


@pytest.fixture()
def scrapyd(tmp_path):
    """A scrapyd on 127.0.0.1 with its own config and folders; its base URL."""
    pytest.importorskip("scrapyd")
    port = _free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.2\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\njobs_to_keep = 5\nmax_proc = 2\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    server = subprocess.Popen([_tool("scrapyd")], cwd=home, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if _get(f"{base}/daemonstatus.json")["status"] == "ok":
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("scrapyd did not start")
    yield base, home
    server.terminate()
    server.wait(20)


def test_a_crawl_scheduled_through_scrapyd_stores_the_articles(tmp_path, scrapyd):
    base, home = scrapyd
    site, overrides = serve(tmp_path, "news_asia")
    db = tmp_path / "news.db"
    try:
        egg = _build_egg(tmp_path)
        added = _post(f"{base}/addversion.json", {"project": "aggregator", "version": "1"},
                      {"egg": ("aggregator.egg", egg.read_bytes())})
        assert added["status"] == "ok", added
        assert "news_asia" in _get(f"{base}/listspiders.json?project=aggregator")["spiders"]
        job = _post(f"{base}/schedule.json", [
            ("project", "aggregator"), ("spider", "news_asia"),
            ("setting", f"AGGREGATOR_DB={db}"), ("setting", f"AGGREGATOR_SOURCES={overrides}"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"), ("setting", "DOWNLOAD_DELAY=0")])
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = _get(f"{base}/listjobs.json?project=aggregator")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"the scrapyd job did not finish: {jobs}")
    finally:
        site.stop()
    log = next((home / "logs").rglob(f"{job['jobid']}.log")).read_text(encoding="utf-8")
    assert "'finish_reason': 'finished'" in log, log[-3000:]

    conn = sqlite3.connect(db)
    urls = {urllib.parse.urlsplit(u).path for (u,) in conn.execute(
        "select url from articles where source = 'news_asia'")}
    runs = conn.execute("select status from crawl_runs where spiders = 'news_asia'").fetchall()
    conn.close()
    assert set(expected_pages("news_asia")) <= urls
    assert runs == [("ok",)]
    assert not CrawlLock(db).acquire().release()  # the job released the database's lock


def test_scrapy_crawl_stops_when_another_crawl_holds_the_lock(tmp_path):
    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with CrawlLock(db):
        done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news_asia",
                               "-s", f"AGGREGATOR_DB={db}"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"another crawl is already running on this database (lock {db}.lock held by pid {os.getpid()}" \
        in done.stderr
    assert "Traceback" not in done.stderr  # one error line for the operator, not a crash report
    assert "Spider opened" not in done.stderr and not db.exists()  # stopped before the database
