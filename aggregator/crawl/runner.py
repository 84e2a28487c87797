"""Running a crawl: the lock, the replay servers, one Scrapy process, the summary.

``aggregator crawl`` is a thin click command over ``crawl``; everything a crawl does
around Scrapy itself is here: one crawl per database (``aggregator.crawl.lock``), runs
left 'running' by a killed crawl marked as such, recorded sites served for
``--replay``, the log appended to a file, finished backfills' job folders removed,
and the per-source summary printed.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click

from aggregator.store import Store, runs

# the recorded sites of aggregator.testing, found without importing it unless --replay is given
DEFAULT_REPLAY = str(Path(__file__).parents[1] / "testing" / "sites")
REPLAY_PORT = 8701  # first port of the replay servers; stable ports keep replayed URLs stable


class SetupError(ValueError):
    """The crawl cannot start as asked (a bad ``-s``, no replay folder, no scrapy-redis)."""


def crawl(names, registry, db, sources_files, *, replay_dir=None, backfill=False, refresh=False,
          overrides=(), loglevel="INFO", logfile=None) -> bool:
    """Crawl ``names`` (default: every source of ``registry``) into ``db``; True if any failed.

    Raises ``AlreadyRunning`` when another crawl holds the database's lock (nothing is
    done then) and ``SetupError`` when the request cannot be carried out.
    """
    from aggregator.crawl.lock import CrawlLock

    lock = CrawlLock(db).acquire()
    try:
        mark_killed_runs(db)
        files = list(sources_files)
        server = None
        if replay_dir:
            server = start_replay(replay_dir, names, registry)
            files.append(server.write_overrides(registry, Path(tempfile.mkdtemp()) / "replay.toml"))
            names = names or tuple(site.name for site in server.sites if site.name in registry)
        if logfile is None:
            logfile = default_logfile(db)
        try:
            return run_crawl(names or tuple(registry), db, files, backfill, refresh, overrides,
                             loglevel, logfile or None)
        finally:
            if server:
                server.stop()
    finally:
        lock.release()


def default_logfile(db) -> str:
    """``logs/crawl-YYYYMMDD.log`` beside the database (UTC day)."""
    return str(Path(db).parent / "logs" / f"crawl-{datetime.now(timezone.utc):%Y%m%d}.log")


def distributed_settings(redis_url: str, run_key: str | None) -> tuple[str, ...]:
    """Scrapy settings (as ``-s`` items) for a distributed worker: scrapy-redis's shared
    queue and dupefilter per run key, and processed items pushed to the Redis stream that
    ``aggregator ingest`` stores (``aggregator.crawl.item_queue``)."""
    try:
        import scrapy_redis  # noqa: F401
    except ImportError as exc:
        raise SetupError("--distributed needs scrapy-redis (pip install scrapy-redis)") from exc
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SetupError(f"--distributed expects a redis:// URL, got {redis_url!r}")
    if not run_key:
        now = datetime.now(timezone.utc)
        run_key = f"{now:%Y%m%dT%H}{now.minute // 15 * 15:02d}"
    prefix = f"aggregator:{run_key}:%(spider)s"
    return (f"REDIS_URL={redis_url}", "SCHEDULER=scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS=scrapy_redis.dupefilter.RFPDupeFilter",
            # a worker that finishes first must not wipe the queue the others still use;
            # the keys expire instead (AGGREGATOR_REDIS_TTL)
            "SCHEDULER_PERSIST=True", f"SCHEDULER_QUEUE_KEY={prefix}:requests",
            f"SCHEDULER_DUPEFILTER_KEY={prefix}:dupefilter", "AGGREGATOR_ITEM_QUEUE=True")


def mark_killed_runs(db) -> None:
    """Runs still 'running' when a crawl holds the lock belong to dead processes."""
    if not Path(db).exists():
        return
    store = Store(db)
    try:
        runs.mark_killed_runs(store)
    finally:
        store.close()


def start_replay(replay_dir, names, registry):
    """Serve the recorded sites under ``replay_dir`` (only ``names`` if given); started."""
    from aggregator.testing.replay import ReplayServer

    root = Path(replay_dir)
    if not root.is_dir():
        raise SetupError(f"replay directory {root} does not exist")
    server = ReplayServer(root, list(names) or None, port=REPLAY_PORT)
    if not server.sites:
        raise SetupError(f"no recorded sites (folders with site.toml) under {root}")
    server.start()
    click.echo(f"replaying {len(server.sites)} recorded site(s) from {root}", err=True)
    return server


def run_crawl(names, db, sources_files, backfill, refresh, overrides, loglevel, logfile=None) -> bool:
    """Run the spiders in one Scrapy process; print a per-source summary. True if any failed."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "aggregator.crawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("AGGREGATOR_DB", db, priority="cmdline")
    settings.set("AGGREGATOR_SOURCES", [str(f) for f in sources_files], priority="cmdline")
    settings.set("AGGREGATOR_BACKFILL", backfill, priority="cmdline")
    settings.set("AGGREGATOR_REFRESH", refresh, priority="cmdline")
    settings.set("LOG_LEVEL", loglevel.upper(), priority="cmdline")
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise SetupError(f"-s expects NAME=VALUE, got {item!r}")
        settings.set(key, value, priority="cmdline")
    Store(db).close()  # create/migrate before spiders open read-only views of it
    process = CrawlerProcess(settings)
    if logfile:
        log_to_file(logfile, settings)
    crawlers = [process.create_crawler(name) for name in names]
    for crawler in crawlers:
        process.crawl(crawler)
    process.start()
    drop_finished_jobs(crawlers)
    return print_summary(db, crawlers)


class _SourceFormatter(logging.Formatter):
    """Each line names the source (spider) it concerns, ``-`` for none."""

    def format(self, record):
        record.source = getattr(getattr(record, "spider", None), "name", None) or "-"
        return super().format(record)


def log_to_file(logfile: str, settings) -> None:
    """Besides the console, append the crawl's log to ``logfile`` (Scrapy's format)."""
    Path(logfile).parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logfile, encoding="utf-8")
    handler.setFormatter(_SourceFormatter("%(asctime)s [%(source)s] [%(name)s] %(levelname)s: %(message)s",
                                          settings.get("LOG_DATEFORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL"))
    logging.getLogger().addHandler(handler)


def drop_finished_jobs(crawlers) -> None:
    """A backfill that reached its end needs no resume state (its seen-requests would
    stop the next backfill); an interrupted one keeps it."""
    for crawler in crawlers:
        jobdir = crawler.settings.get("JOBDIR")
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if jobdir and reason == "finished" and crawler.settings.getbool("AGGREGATOR_BACKFILL"):
            shutil.rmtree(jobdir, ignore_errors=True)


def print_summary(db, crawlers) -> bool:
    """Per source: new, updated, unchanged, requests, 304s, failed requests, errors, status."""
    from aggregator.crawl.pipelines import run_stats

    failed = False
    click.echo(f"\n{'source':<16}{'new':>6}{'updated':>9}{'unchanged':>11}{'requests':>10}"
               f"{'304':>5}{'failed':>8}{'errors':>8}  status")
    for crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        reason = stats.get("finish_reason", "not started")
        row = run_stats(stats, reason=reason)
        bad = row["errors"] > 0 or reason != "finished"
        failed |= bad
        click.echo(f"{crawler.spider.name if crawler.spider else '?':<16}"
                   f"{row['new']:>6}{row['updated']:>9}{row['unchanged']:>11}{row['requests']:>10}"
                   f"{row['not_modified']:>5}{row['failed']:>8}{row['errors']:>8}  "
                   f"{'FAILED' if bad else 'ok'} ({reason})")
    queued = sum(c.stats.get_value("aggregator/queued", 0) for c in crawlers if c.stats)
    if queued:  # a distributed worker: `aggregator ingest` stores them
        click.echo(f"queued {queued} articles in Redis for `aggregator ingest`")
    store = Store(db)
    click.echo(f"database: {db} ({store.count()} articles, {store.count('stories')} stories)")
    store.close()
    return failed
