"""The operator's commands: crawl, health, ingest, sources, check-source."""

from __future__ import annotations

import json
import sys

import click

from aggregator.cli.group import (
    complete_source_names, db_option, json_option, load_sources, main, open_db, sources_option)
from aggregator.cli.checks import EXIT_LOCKED, EXIT_UNHEALTHY, MAX_COUNT
from aggregator.crawl import LEVELS as LOG_LEVELS
from aggregator.crawl.runner import DEFAULT_REPLAY
from aggregator.store import Store


# --- crawl ----------------------------------------------------------------------------

@main.command()
@click.argument("names", nargs=-1, shell_complete=complete_source_names)
@db_option("SQLite database to write.")
@sources_option
@click.option("--replay", is_flag=True,
              help="Crawl recorded sites served from 127.0.0.1 (the sites shipped in "
                   "aggregator/testing/sites, or --replay-dir).")
@click.option("--replay-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Replay the recorded sites in DIR instead (implies --replay).")
@click.option("--backfill", is_flag=True, help="Walk listings and archives to their last page.")
@click.option("--jobdir", default=None, metavar="DIR",
              help="Where backfills keep their resumable state, one folder per source (default data/jobs).")
@click.option("--refresh", is_flag=True, help="Fetch article URLs already in the database again.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting (repeatable), as with `scrapy crawl -s`.")
@click.option("--loglevel", "-L", default="INFO", show_default=True,
              type=click.Choice(LOG_LEVELS, case_sensitive=False),
              help="Level of the log file (the console shows warnings, see -v).")
@click.option("-v", "--verbose", count=True, help="Also show INFO lines on the console.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary on the console, no progress.")
@json_option("Print the summary as one JSON document on stdout.")
@click.option("--logfile", default=None, metavar="PATH",
              help="Also write the log to PATH (default: logs/crawl-YYYYMMDD.log beside the "
                   "database, appended; '' for none).")
@click.option("--distributed", "redis_url", default=None, metavar="REDIS_URL",
              help="Share the request queue and dupefilter with other workers through Redis "
                   "(scrapy-redis), e.g. redis://host:6379/0.")
@click.option("--run-key", default=None, metavar="KEY",
              help="With --distributed: workers with the same key crawl one frontier (default: "
                   "the current UTC quarter hour, so cron-started workers agree).")
def crawl(names, db, sources_files, replay, replay_dir, backfill, refresh, jobdir, overrides, loglevel,
          verbose, quiet, as_json, logfile, redis_url, run_key):
    """Crawl NAMES (default: every source) into the database.

    A --backfill is resumable: stopped gracefully (Ctrl-C once, CLOSESPIDER_* limits), the
    same command continues from the job directory; a finished backfill removes it.

    Only one crawl per database runs at a time: a second one exits at once with status 3
    (the lock, DB.lock, is released by the system when a crawl dies, even by SIGKILL).
    """
    from aggregator.crawl import runner
    from aggregator.crawl.lock import AlreadyRunning

    try:
        if jobdir:
            overrides = (*overrides, f"AGGREGATOR_JOBS_DIR={jobdir}")
        if redis_url:
            overrides = (*runner.distributed_settings(redis_url, run_key), *overrides)
        registry = load_sources(sources_files)
        unknown = [n for n in names if n not in registry]
        if unknown:
            raise click.UsageError(f"unknown source(s): {', '.join(unknown)}; see `aggregator sources`")
        if replay and not replay_dir:
            replay_dir = DEFAULT_REPLAY
        failed = runner.crawl(names, registry, db, sources_files, replay_dir=replay_dir,
                              backfill=backfill, refresh=refresh, overrides=overrides,
                              loglevel=loglevel, logfile=logfile, verbose=verbose, quiet=quiet,
                              as_json=as_json)
    except AlreadyRunning as exc:
        click.echo(f"aggregator crawl: {exc}; not starting (exit status 3)", err=True)
        sys.exit(EXIT_LOCKED)
    except runner.SetupError as exc:
        raise click.UsageError(str(exc)) from exc
    sys.exit(1 if failed else 0)


# --- health ---------------------------------------------------------------------------

@main.command()
@db_option()
@click.option("--runs", default=3, show_default=True, type=click.IntRange(1, MAX_COUNT),
              help="How many recent runs of each source to judge.")
@json_option('One JSON document: {"healthy": bool, "runs": N, "problems": [...]}.')
def health(db, runs, as_json):
    """Report sources that broke: silent for RUNS runs, failing, or extraction collapsed.

    Exit status 4 when any source has a problem (0 when all are healthy).
    """
    from aggregator.crawl.health import check_health, report

    store = open_db(db)
    try:
        problems = check_health(store, runs)
    finally:
        store.close()
    for line in report(problems, as_json, runs):
        click.echo(line)
    sys.exit(EXIT_UNHEALTHY if problems else 0)


# --- enrich ---------------------------------------------------------------------------


@main.command()
@click.option("--redis", "redis_url", required=True, metavar="REDIS_URL",
              help="The Redis the `crawl --distributed` workers push to, e.g. redis://host:6379/0.")
@db_option("The one database to store the workers' articles in.")
@click.option("--batch", "batch_size", default=500, show_default=True, type=click.IntRange(1),
              help="Articles stored (and acknowledged) per transaction.")
@click.option("--once/--follow", default=True, show_default=True,
              help="Drain the stream and exit, or keep storing what arrives until SIGTERM/Ctrl-C.")
@click.option("--stream", default=None, metavar="KEY",
              help="The Redis stream (default: AGGREGATOR_ITEM_STREAM, aggregator:items).")
@sources_option
def ingest(redis_url, db, batch_size, once, stream, sources_files):
    """Store the articles distributed crawl workers queued in Redis into one database.

    Stories are assigned here, by one story index; an entry is acknowledged only after
    its batch is committed, so a killed ingest loses nothing: the next one stores the
    batch again (upserts by canonical URL). Takes the database's lock like a crawl
    (exit status 3 when another crawl or ingest holds it); exit status 1 when some
    entry could not be stored (each is reported on stderr).
    """
    import signal

    from aggregator.crawl import settings
    from aggregator.crawl.ingest import Ingest
    from aggregator.crawl.lock import AlreadyRunning, CrawlLock

    try:
        import redis
    except ImportError as exc:
        raise click.UsageError("ingest needs the redis package (pip install redis)") from exc
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise click.UsageError(f"--redis expects a redis:// URL, got {redis_url!r}")
    registry = load_sources(sources_files)
    stream = stream or settings.AGGREGATOR_ITEM_STREAM
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):  # finish the batch in hand, then stop
        signal.signal(signum, lambda *_: stopping.append(True))

    def skipped(entry):
        click.echo(f"ingest: entry {entry.id}: skipped: {entry.error}", err=True)

    last = [0]

    def progress(counts):
        if counts.read - last[0] >= 10_000:
            last[0] = counts.read
            click.echo(f"ingest: {counts.read:,} entries read, {counts.stored:,} stored, "
                       f"{counts.skipped:,} skipped", err=True)

    try:
        lock = CrawlLock(db).acquire()
    except AlreadyRunning as exc:
        click.echo(f"aggregator ingest: {exc}; not starting (exit status 3)", err=True)
        sys.exit(3)
    store = Store(db)
    try:
        client = redis.Redis.from_url(redis_url)
        run = Ingest(client, store, registry, stream, on_skip=skipped)
        counts = run.run(batch_size, follow=not once, should_stop=lambda: bool(stopping),
                         on_batch=progress)
    except redis.RedisError as exc:
        click.echo(f"aggregator ingest: Redis at {redis_url}: {exc}", err=True)
        sys.exit(1)
    finally:
        store.close()
        lock.release()
    click.echo(f"ingest: {counts.read:,} entries read ({counts.claimed:,} left pending by an earlier "
               f"ingest), {counts.new:,} new, {counts.updated:,} updated, {counts.unchanged:,} "
               f"unchanged, {counts.skipped:,} skipped; database: {db}", err=True)
    sys.exit(1 if counts.skipped else 0)


# --- sources --------------------------------------------------------------------------

@main.command("sources")
@sources_option
@json_option("Print JSON instead of a table.")
def list_sources(sources_files, as_json):
    """List the sources registry: country, language, time zone, discovery methods."""
    rows = []
    for source in load_sources(sources_files).values():
        methods = [m for m, present in (("feeds", source.feeds), ("sitemaps", source.sitemaps),
                                        ("listings", source.listings)) if present]
        languages = list(dict.fromkeys([source.language, *(s.lang for s in source.sections)]))
        rows.append({"name": source.name, "country": source.country, "language": source.language,
                     "languages": languages, "timezone": source.timezone, "encoding": source.encoding,
                     "discovery": methods, "homepage": source.homepage,
                     "feeds": list(source.feeds), "sitemaps": list(source.sitemaps),
                     "listings": [lst.url for lst in source.listings]})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'name':<16}{'country':<10}{'languages':<12}{'timezone':<18}discovery")
    for row in rows:
        click.echo(f"{row['name']:<16}{row['country']:<10}{','.join(row['languages']):<12}"
                   f"{row['timezone']:<18}{','.join(row['discovery'])}")


@main.command("check-source")
@click.argument("name", shell_complete=complete_source_names)
@sources_option
@click.option("--replay", is_flag=True, help="Check the recorded site served from 127.0.0.1 instead.")
@click.option("--replay-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Replay the recorded sites in DIR (implies --replay).")
def check_source_command(name, sources_files, replay, replay_dir):
    """Fetch NAME's first feed (or sitemap/listing) and one article; show each layer's fields.

    Exit status 1 when the feed or the article yields nothing (no article URL, no
    title, body or date), so a broken entry is visible; fix it in the registry.
    """
    from aggregator.crawl import runner
    from aggregator.sources.check import check_source, report

    registry = load_sources(sources_files)
    if name not in registry:
        raise click.UsageError(f"unknown source {name!r}; see `aggregator sources`")
    try:
        with runner.replayed(replay_dir or (DEFAULT_REPLAY if replay else None), (name,),
                             registry, sources_files) as replay_files:
            registry = load_sources(replay_files) if replay_files is not None else registry
            result = check_source(registry[name])
    except runner.SetupError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in report(result):
        click.echo(line)
    sys.exit(0 if result.ok else 1)
