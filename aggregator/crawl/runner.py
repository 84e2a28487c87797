"""Running a crawl: the lock, the replay servers, one Scrapy process, the summary.

``aggregator crawl`` is a thin click command over ``crawl``; everything a crawl does
around Scrapy itself is here: one crawl per database (``aggregator.crawl.lock``), runs
left 'running' by a killed crawl marked as such, recorded sites served for
``--replay``, the log appended to a file, finished backfills' job folders removed,
and the per-source summary printed.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
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
          overrides=(), loglevel="INFO", logfile=None, verbose=0, quiet=False,
          as_json=False) -> bool:
    """Crawl ``names`` (default: every source of ``registry``) into ``db``; True if any failed.

    Raises ``AlreadyRunning`` when another crawl holds the database's lock (nothing is
    done then) and ``SetupError`` when the request cannot be carried out.
    """
    from aggregator.crawl.lock import CrawlLock

    lock = CrawlLock(db).acquire()
    try:
        mark_killed_runs(db)
        with tempfile.TemporaryDirectory(prefix="aggregator-replay-") as scratch:
            files = list(sources_files)
            server = None
            if replay_dir:
                server = start_replay(replay_dir, names, registry, quiet)
                files.append(server.write_overrides(registry, Path(scratch) / "replay.toml"))
                names = names or tuple(site.name for site in server.sites if site.name in registry)
            if logfile is None:
                logfile = default_logfile(db)
            try:
                return run_crawl(names or tuple(registry), db, files, backfill, refresh, overrides,
                                 loglevel, logfile or None, verbose=verbose, quiet=quiet,
                                 as_json=as_json)
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


def start_replay(replay_dir, names, registry, quiet=False):
    """Serve the recorded sites under ``replay_dir`` (only ``names`` if given); started.

    Each site keeps its own port whichever sites are named (``ReplayServer``), so the
    URLs, and so the canonical URLs, of a replayed article are the same in every run.
    """
    from aggregator.testing.replay import ReplayServer

    root = Path(replay_dir)
    if not root.is_dir():
        raise SetupError(f"replay directory {root} does not exist")
    server = ReplayServer(root, list(names) or None, port=REPLAY_PORT)
    if not server.sites:
        raise SetupError(f"no recorded sites (folders with site.toml) under {root}")
    server.start()
    if server.moved:
        click.echo(f"warning: replay port(s) taken, {', '.join(server.moved)} served on other "
                   "ports: their article URLs differ from earlier replays", err=True)
    if not quiet:
        click.echo(f"replaying {len(server.sites)} recorded site(s) from {root}", err=True)
    return server


@contextmanager
def replayed(replay_dir, names, registry, sources_files):
    """With ``replay_dir``: the recorded sites ``names`` served while the block runs, and
    the registry files that point them there (yielded); without it, None."""
    if not replay_dir:
        yield None
        return
    server = start_replay(replay_dir, names, registry, quiet=True)
    try:
        missing = [n for n in names if n not in {site.name for site in server.sites}]
        if missing:
            raise SetupError(f"no recorded site for {', '.join(missing)} under {replay_dir}")
        with tempfile.TemporaryDirectory(prefix="aggregator-replay-") as scratch:
            yield (*sources_files, server.write_overrides(registry, Path(scratch) / "replay.toml"))
    finally:
        server.stop()


def run_crawl(names, db, sources_files, backfill, refresh, overrides, loglevel, logfile=None, *,
              verbose=0, quiet=False, as_json=False) -> bool:
    """Run the spiders in one Scrapy process; print a per-source summary. True if any failed."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "aggregator.crawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from aggregator.crawl.console import Progress, configure_logging

    settings = get_project_settings()
    settings.set("AGGREGATOR_DB", db, priority="cmdline")
    settings.set("AGGREGATOR_SOURCES", [str(f) for f in sources_files], priority="cmdline")
    settings.set("AGGREGATOR_BACKFILL", backfill, priority="cmdline")
    settings.set("AGGREGATOR_REFRESH", refresh, priority="cmdline")
    settings.set("LOG_LEVEL", loglevel.upper(), priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # ours: aggregator.crawl.console
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise SetupError(f"-s expects NAME=VALUE, got {item!r}")
        settings.set(key, value, priority="cmdline")
    Store(db).close()  # create/migrate before spiders open read-only views of it
    process = CrawlerProcess(settings)
    console = configure_logging(settings, logfile, verbose, quiet)
    crawlers = [process.create_crawler(name) for name in names]
    progress = None
    if not quiet:
        progress = Progress(crawlers, bar=None if not verbose else False)
        console.progress = progress
        progress.start()
    for crawler in crawlers:
        process.crawl(crawler)
    process.start()
    if progress:
        progress.finish()
        console.progress = None
    drop_finished_jobs(crawlers)
    return print_summary(db, crawlers, as_json)


def drop_finished_jobs(crawlers) -> None:
    """A backfill that reached its end needs no resume state (its seen-requests would
    stop the next backfill); an interrupted one keeps it."""
    for crawler in crawlers:
        jobdir = crawler.settings.get("JOBDIR")
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if jobdir and reason == "finished" and crawler.settings.getbool("AGGREGATOR_BACKFILL"):
            shutil.rmtree(jobdir, ignore_errors=True)


def summary(db, crawlers) -> dict:
    """What the crawl did: one row per source (as ``crawl_runs.stats``, with ``status``),
    and the database's totals and publication span."""
    from aggregator.crawl.pipelines import run_stats
    from aggregator.store.articles import publication_span

    rows = []
    for crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        reason = stats.get("finish_reason", "not started")
        row = run_stats(stats, reason=reason)
        bad = row["errors"] > 0 or reason != "finished"
        rows.append({"source": crawler.spider.name if crawler.spider else "?", **row,
                     "status": "failed" if bad else "ok"})
    store = Store(db)
    try:
        first, last = publication_span(store)
        queued = sum(c.stats.get_value("aggregator/queued", 0) for c in crawlers if c.stats)
        return {"sources": rows, "failed": any(r["status"] == "failed" for r in rows),
                "queued": queued, "database": str(db), "articles": store.count(), "stories": store.count("stories"),
                "published_from": first, "published_to": last}
    finally:
        store.close()


def print_summary(db, crawlers, as_json=False) -> bool:
    """Per source: new, updated, unchanged, requests, 304s, failed requests, errors, status
    (``as_json``: the ``summary`` as one JSON document). True if any source failed."""
    result = summary(db, crawlers)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return result["failed"]
    click.echo(f"\n{'source':<16}{'new':>6}{'updated':>9}{'unchanged':>11}{'requests':>10}"
               f"{'304':>5}{'failed':>8}{'errors':>8}  status")
    for row in result["sources"]:
        click.echo(f"{row['source']:<16}{row['new']:>6}{row['updated']:>9}{row['unchanged']:>11}"
                   f"{row['requests']:>10}{row['not_modified']:>5}{row['failed']:>8}{row['errors']:>8}  "
                   f"{'FAILED' if row['status'] == 'failed' else 'ok'} ({row['finish_reason']})")
    if result["queued"]:  # a distributed worker: `aggregator ingest` stores them
        click.echo(f"queued {result['queued']} articles in Redis for `aggregator ingest`")
    span = (f", published {result['published_from'][:10]} to {result['published_to'][:10]}"
            if result["published_from"] else "")
    click.echo(f"database: {db} ({result['articles']} articles, {result['stories']} stories{span})")
    return result["failed"]
