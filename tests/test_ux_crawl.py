"""The operator's side of a crawl: errors counted per source, a quiet console with
progress, real log levels, replay on stable ports, machine-readable output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from aggregator.sources.registry import load_registry
from aggregator.testing.replay import ReplayServer

from .replay import SITES, aggregator

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0")
DEAD = """
[tengrinews]
homepage = "http://127.0.0.1:9/"
feeds = ["http://127.0.0.1:9/rss"]
sitemaps = []
listings = []
"""


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory):
    """One crawl of two healthy recorded sites and one source on a dead port."""
    tmp = tmp_path_factory.mktemp("broken")
    server = ReplayServer(SITES, ["news_asia", "akipress"])
    server.start()
    try:
        replayed = server.write_overrides(load_registry(), tmp / "replay.toml")
        dead = tmp / "dead.toml"
        dead.write_text(DEAD, encoding="utf-8")
        db = tmp / "news.db"
        result = aggregator("crawl", "news_asia", "akipress", "tengrinews", "--db", str(db),
                            "--sources", str(replayed), "--sources", str(dead), "--json", *FAST)
    finally:
        server.stop()
    return result, db


def test_one_dead_source_fails_alone(broken_run):
    result, db = broken_run
    assert result.returncode == 1, result.stderr  # a source failed; the rest was done
    summary = json.loads(result.stdout)
    by_source = {row["source"]: row for row in summary["sources"]}
    assert by_source["tengrinews"]["status"] == "failed" and by_source["tengrinews"]["errors"] > 0
    for healthy in ("news_asia", "akipress"):
        assert by_source[healthy]["status"] == "ok", by_source[healthy]
        assert by_source[healthy]["errors"] == 0 and by_source[healthy]["new"] > 0
    assert summary["failed"] is True and summary["articles"] == sum(r["new"] for r in summary["sources"])
    runs = {r["spiders"]: r["status"] for r in sqlite_utils.Database(db).query(
        "select spiders, status from crawl_runs")}
    assert runs == {"news_asia": "ok", "akipress": "ok", "tengrinews": "failed"}
    # the healthy sources keep their conditional requests
    kept = {r["source"] for r in sqlite_utils.Database(db).query("select source from feed_validators")}
    assert kept == {"news_asia", "akipress"}


def test_health_lists_only_the_broken_source(broken_run):
    _, db = broken_run
    result = aggregator("health", "--db", str(db), "--runs", "1", "--json")
    assert result.returncode == 4
    document = json.loads(result.stdout)
    assert {p["source"] for p in document["problems"]} == {"tengrinews"}


def test_the_console_shows_errors_and_progress_and_the_log_file_the_rest(broken_run):
    result, db = broken_run
    lines = result.stderr.splitlines()
    assert not [line for line in lines if " INFO: " in line or "Overridden settings" in line]
    errors = [line for line in lines if " ERROR: " in line]
    assert errors and all("[tengrinews]" in line for line in errors)
    assert "Traceback" not in result.stderr  # tracebacks go to the log file only
    progress = [line for line in lines if line.startswith("progress: ")]
    assert progress[-1].startswith("progress: 3/3 sources done")
    assert len(lines) < 20, result.stderr
    log = next((Path(db).parent / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")
    assert "[news_asia] [scrapy.core.engine] INFO: Spider opened" in log
    assert "Traceback" in log


def test_quiet_prints_no_progress(tmp_path):
    with ReplayServer(SITES, ["news_asia"]) as server:
        replayed = server.write_overrides(load_registry(), tmp_path / "replay.toml")
        result = aggregator("crawl", "news_asia", "--db", str(tmp_path / "q.db"), "-q",
                            "--sources", str(replayed), *FAST)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "" and "news_asia" in result.stdout


def test_a_bogus_log_level_is_a_usage_error_before_anything_is_created(tmp_path):
    db = tmp_path / "news.db"
    result = aggregator("crawl", "news_asia", "--db", str(db), "-L", "BOGUS")
    assert result.returncode == 2 and "BOGUS" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()
    assert aggregator("crawl", "--help").stdout.count("debug") >= 1


def test_replay_ports_do_not_depend_on_which_sites_are_served():
    every = ReplayServer(SITES, port=18700)
    one = ReplayServer(SITES, ["kaktus"], port=18700)
    assert one.ports["kaktus"] == every.ports["kaktus"]
    assert len(set(every.ports.values())) == len(every.sites)


def test_replay_of_one_site_after_all_stores_nothing_twice(tmp_path):
    db = tmp_path / "news.db"
    first = aggregator("crawl", "--replay", "--db", str(db), "-q", "--json", *FAST)
    assert first.returncode in (0, 1), first.stderr
    total = json.loads(first.stdout)["articles"]
    # `--replay` is a flag: the source name after it is a source, not a directory
    again = aggregator("crawl", "--replay", "kaktus", "--db", str(db), "-q", "--json", *FAST)
    assert again.returncode in (0, 1), again.stderr
    if "replay port(s) taken" in first.stderr + again.stderr:
        # another process (a second test run on the machine) holds the stable ports: the
        # crawl warns that its URLs differ from earlier replays, so "nothing twice" cannot hold
        pytest.skip("replay ports taken by another process")
    summary = json.loads(again.stdout)
    assert [row["source"] for row in summary["sources"]] == ["kaktus"]
    assert summary["sources"][0]["new"] == 0 and summary["articles"] == total
    assert summary["published_to"].startswith("2026-02")


def test_replay_dir_must_exist(tmp_path):
    result = aggregator("crawl", "--replay-dir", str(tmp_path / "none"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_the_replay_override_file_is_removed(tmp_path, monkeypatch):
    import tempfile

    from aggregator.crawl import runner

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen = []
    monkeypatch.setattr(runner, "run_crawl", lambda names, db, files, *a, **k: seen.extend(files) or False)
    runner.crawl(("kaktus",), load_registry(), str(tmp_path / "news.db"), (),
                 replay_dir=runner.DEFAULT_REPLAY, quiet=True)
    assert seen and Path(seen[-1]).name == "replay.toml" and not Path(seen[-1]).exists()
    assert list(scratch.iterdir()) == []


def test_version_and_completion_of_source_names():
    version = aggregator("--version")
    assert version.returncode == 0 and "version" in version.stdout
    import os
    import subprocess
    import sys

    from .conftest import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO), "_AGGREGATOR_COMPLETE": "bash_complete",
           "COMP_WORDS": "aggregator crawl kak", "COMP_CWORD": "2"}
    out = subprocess.run([sys.executable, "-c", "from aggregator.cli import main; "
                          "main(prog_name='aggregator')"], env=env, capture_output=True, text=True)
    assert "plain,kaktus" in out.stdout.splitlines()


def test_serve_removes_its_metadata_file_when_stopped(tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from aggregator.store import Store

    from .conftest import REPO

    Store(tmp_path / "news.db").close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(scratch)}
    server = subprocess.Popen([sys.executable, "-m", "aggregator", "serve", "--db", str(tmp_path / "news.db"),
                               "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.3)
    assert [p.name for p in scratch.iterdir()][0].startswith("aggregator-serve-")
    server.send_signal(signal.SIGTERM)
    assert server.wait(20) == 0
    assert list(scratch.iterdir()) == []
    with pytest.raises(OSError):  # Datasette stopped with it
        urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)


class _Stats:
    def __init__(self, values):
        self.values = values

    def get_stats(self):
        return self.values


class _Signals:
    def connect(self, *args, **kwargs):
        pass


class _Crawler:
    def __init__(self, **values):
        self.stats, self.signals = _Stats(values), _Signals()


class _Spider:
    def __init__(self, name):
        self.name = name


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise():
    import io

    from aggregator.crawl.console import Progress

    crawlers = [_Crawler(response_received_count=5, item_scraped_count=2),
                _Crawler(response_received_count=3, **{"log_count/ERROR": 1})]
    terminal = io.StringIO()
    bar = Progress(crawlers, stream=terminal, bar=True)
    bar._finished(_Spider("a"))
    bar.finish()
    assert terminal.getvalue().startswith("\r\033[K[##########..........] 1/2 sources done, 8 pages, "
                                          "2 articles, 1 errors")
    assert terminal.getvalue().endswith("\n")
    cron = io.StringIO()
    lines = Progress(crawlers, stream=cron, bar=False)
    lines._finished(_Spider("a"))
    lines._finished(_Spider("b"))
    assert cron.getvalue().splitlines() == [
        "progress: 1/2 sources done, 8 pages, 2 articles, 1 errors",
        "progress: 2/2 sources done, 8 pages, 2 articles, 1 errors"]


def test_check_source_replays_a_recorded_site():
    result = aggregator("check-source", "--replay", "kaktus")
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:" in result.stdout and "Бишкеке" in result.stdout
    missing = aggregator("check-source", "--replay", "news_asia", "--replay-dir", "/nonexistent")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
