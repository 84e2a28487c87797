"""The ``aggregator`` command line: crawl, enrich, list sources.

Exit status: 0 success; 1 some source or record failed (the rest was done);
2 usage error (bad option, unknown source, unreadable registry file); 3 (crawl) another
crawl holds the database's lock, nothing was done; 4 (health) a source looks broken.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click

from aggregator.sources.registry import RegistryError, load_registry
from aggregator.store import DEFAULT_DB, Store
from aggregator.store.runs import mark_killed_runs

# the recorded sites of aggregator.testing, found without importing it unless --replay is given
DEFAULT_REPLAY = str(Path(__file__).with_name("testing") / "sites")
REPLAY_PORT = 8701  # first port of the replay servers; stable ports keep replayed URLs stable


def _registry(sources_files) -> dict:
    try:
        return load_registry(sources_files)
    except RegistryError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="central-asia-news-aggregator")
def main():
    """Crawl Central Asian news sources into a SQLite dataset and serve it."""


# --- crawl ----------------------------------------------------------------------------

@main.command()
@click.argument("names", nargs=-1)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--sources", "sources_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry TOML file adding or overriding sources (repeatable).")
@click.option("--replay", "replay_dir", is_flag=False, flag_value=DEFAULT_REPLAY, default=None,
              metavar="[DIR]", help="Crawl recorded sites served from 127.0.0.1 (default: the sites shipped in aggregator/testing/sites).")
@click.option("--backfill", is_flag=True, help="Walk listings and archives to their last page.")
@click.option("--jobdir", default=None, metavar="DIR",
              help="Where backfills keep their resumable state, one folder per source (default data/jobs).")
@click.option("--refresh", is_flag=True, help="Fetch article URLs already in the database again.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting (repeatable), as with `scrapy crawl -s`.")
@click.option("--loglevel", "-L", default="INFO", show_default=True)
@click.option("--logfile", default=None, metavar="PATH",
              help="Also write the log to PATH (default: logs/crawl-YYYYMMDD.log beside the "
                   "database, appended; '' for none).")
@click.option("--distributed", "redis_url", default=None, metavar="REDIS_URL",
              help="Share the request queue and dupefilter with other workers through Redis "
                   "(scrapy-redis), e.g. redis://host:6379/0.")
@click.option("--run-key", default=None, metavar="KEY",
              help="With --distributed: workers with the same key crawl one frontier (default: "
                   "the current UTC quarter hour, so cron-started workers agree).")
def crawl(names, db, sources_files, replay_dir, backfill, refresh, jobdir, overrides, loglevel,
          logfile, redis_url, run_key):
    """Crawl NAMES (default: every source) into the database.

    A --backfill is resumable: stopped gracefully (Ctrl-C once, CLOSESPIDER_* limits), the
    same command continues from the job directory; a finished backfill removes it.

    Only one crawl per database runs at a time: a second one exits at once with status 3
    (the lock, DB.lock, is released by the system when a crawl dies, even by SIGKILL).
    """
    from aggregator.crawl.lock import AlreadyRunning, CrawlLock

    if jobdir:
        overrides = (*overrides, f"AGGREGATOR_JOBS_DIR={jobdir}")
    if redis_url:
        overrides = (*_distributed_settings(redis_url, run_key), *overrides)
    registry = _registry(sources_files)
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise click.UsageError(f"unknown source(s): {', '.join(unknown)}; see `aggregator sources`")
    try:
        lock = CrawlLock(db).acquire()
    except AlreadyRunning as exc:
        click.echo(f"aggregator crawl: {exc}; not starting (exit status 3)", err=True)
        sys.exit(3)
    try:
        _mark_killed_runs(db)
        files = list(sources_files)
        server = None
        if replay_dir:
            server = _start_replay(replay_dir, names, registry)
            files.append(server.write_overrides(registry, Path(tempfile.mkdtemp()) / "replay.toml"))
            names = names or tuple(site.name for site in server.sites if site.name in registry)
        if logfile is None:
            logfile = str(Path(db).parent / "logs" / f"crawl-{datetime.now(timezone.utc):%Y%m%d}.log")
        try:
            failed = run_crawl(names or tuple(registry), db, files, backfill, refresh, overrides,
                               loglevel, logfile or None)
        finally:
            if server:
                server.stop()
    finally:
        lock.release()
    sys.exit(1 if failed else 0)


def _distributed_settings(redis_url: str, run_key: str | None) -> tuple[str, ...]:
    """Scrapy settings for scrapy-redis: a shared queue and dupefilter per run key."""
    try:
        import scrapy_redis  # noqa: F401
    except ImportError as exc:
        raise click.UsageError("--distributed needs scrapy-redis (pip install scrapy-redis)") from exc
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise click.UsageError(f"--distributed expects a redis:// URL, got {redis_url!r}")
    if not run_key:
        now = datetime.now(timezone.utc)
        run_key = f"{now:%Y%m%dT%H}{now.minute // 15 * 15:02d}"
    prefix = f"aggregator:{run_key}:%(spider)s"
    return (f"REDIS_URL={redis_url}", "SCHEDULER=scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS=scrapy_redis.dupefilter.RFPDupeFilter",
            # a worker that finishes first must not wipe the queue the others still use;
            # the keys expire instead (AGGREGATOR_REDIS_TTL)
            "SCHEDULER_PERSIST=True", f"SCHEDULER_QUEUE_KEY={prefix}:requests",
            f"SCHEDULER_DUPEFILTER_KEY={prefix}:dupefilter")


def _mark_killed_runs(db) -> None:
    """Runs still 'running' when a crawl holds the lock belong to dead processes."""
    if not Path(db).exists():
        return
    store = Store(db)
    try:
        mark_killed_runs(store)
    finally:
        store.close()


def _start_replay(replay_dir, names, registry):
    from aggregator.testing.replay import ReplayServer

    root = Path(replay_dir)
    if not root.is_dir():
        raise click.UsageError(f"replay directory {root} does not exist")
    server = ReplayServer(root, list(names) or None, port=REPLAY_PORT)
    if not server.sites:
        raise click.UsageError(f"no recorded sites (folders with site.toml) under {root}")
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
            raise click.UsageError(f"-s expects NAME=VALUE, got {item!r}")
        settings.set(key, value, priority="cmdline")
    Store(db).close()  # create/migrate before spiders open read-only views of it
    process = CrawlerProcess(settings)
    if logfile:
        _log_to_file(logfile, settings)
    crawlers = [process.create_crawler(name) for name in names]
    for crawler in crawlers:
        process.crawl(crawler)
    process.start()
    _drop_finished_jobs(crawlers)
    return print_summary(db, crawlers)


def _log_to_file(logfile: str, settings) -> None:
    """Besides the console, append the crawl's log to ``logfile`` (Scrapy's format)."""
    import logging

    Path(logfile).parent.mkdir(parents=True, exist_ok=True)
    class SourceFormatter(logging.Formatter):  # each line names the source it concerns
        def format(self, record):
            record.source = getattr(getattr(record, "spider", None), "name", None) or "-"
            return super().format(record)

    handler = logging.FileHandler(logfile, encoding="utf-8")
    handler.setFormatter(SourceFormatter("%(asctime)s [%(source)s] [%(name)s] %(levelname)s: %(message)s",
                                         settings.get("LOG_DATEFORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL"))
    logging.getLogger().addHandler(handler)


def _drop_finished_jobs(crawlers) -> None:
    """A backfill that reached its end needs no resume state (its seen-requests would
    stop the next backfill); an interrupted one keeps it."""
    import shutil

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
    store = Store(db)
    click.echo(f"database: {db} ({store.count()} articles, {store.count('stories')} stories)")
    store.close()
    return failed


# --- health ---------------------------------------------------------------------------

@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--runs", default=3, show_default=True, type=click.IntRange(1),
              help="How many recent runs of each source to judge.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one problem per line.")
def health(db, runs, as_json):
    """Report sources that broke: silent for RUNS runs, failing, or extraction collapsed.

    Exit status 4 when any source has a problem (0 when all are healthy).
    """
    from aggregator.crawl.health import check_health, report

    store = _open_db(db)
    try:
        problems = check_health(store, runs)
    finally:
        store.close()
    for line in report(problems, as_json):
        click.echo(line)
    sys.exit(4 if problems else 0)


# --- enrich ---------------------------------------------------------------------------

@main.command()
@click.argument("infile", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              show_default=True, help="Where to write the enriched JSON Lines.")
@click.option("--db", default=None, help="Also store the results in this database.")
@click.option("--sources", "sources_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry TOML file adding or overriding sources (repeatable).")
def enrich(infile, output, db, sources_files):
    """Run the processing chain on JSON Lines records from INFILE (`-` for stdin).

    Streams: memory stays bounded however long the input (records wait in a temporary
    file until the last line, so their story ids name the stories as they end up).
    Exit status 1 when some line was skipped (each is reported on stderr).
    """
    from aggregator.enrich.jsonl import enrich as run_enrich
    from aggregator.stories.index import StoryIndex

    registry = _registry(sources_files)
    name = getattr(infile, "name", "-")
    store = Store(db) if db else None
    stories = StoryIndex(store)  # with --db, stories continue those already stored

    def skipped(result):
        click.echo(f"{name}: line {result.line_number}: skipped: {result.error}", err=True)

    def progress(counts):
        click.echo(f"enrich: {counts.read:,} lines read, {counts.skipped:,} skipped", err=True)

    try:
        counts = run_enrich(infile, output, registry, stories, store, on_skip=skipped,
                            on_progress=progress)
    finally:
        if store is not None:
            store.close()
    sys.exit(1 if counts.skipped else 0)


# --- sources --------------------------------------------------------------------------

@main.command("sources")
@click.option("--sources", "sources_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry TOML file adding or overriding sources (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_sources(sources_files, as_json):
    """List the sources registry: country, language, time zone, discovery methods."""
    rows = []
    for source in _registry(sources_files).values():
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
@click.argument("name")
@click.option("--sources", "sources_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry TOML file adding or overriding sources (repeatable).")
def check_source_command(name, sources_files):
    """Fetch NAME's first feed (or sitemap/listing) and one article; show each layer's fields.

    Exit status 1 when the feed or the article yields nothing (no article URL, no
    title, body or date), so a broken entry is visible; fix it in the registry.
    """
    from aggregator.sources.check import check_source, report

    registry = _registry(sources_files)
    if name not in registry:
        raise click.UsageError(f"unknown source {name!r}; see `aggregator sources`")
    result = check_source(registry[name])
    for line in report(result):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


# --- the dataset: search, stats, serve -----------------------------------------------------

def _open_db(db: str) -> Store:
    if not Path(db).exists():
        raise click.UsageError(f"no database at {db}; run `aggregator crawl` first or pass --db")
    return Store(db)


@main.command()
@click.argument("query")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--country", type=click.Choice(["KZ", "KG", "UZ", "TJ", "TM", "CN"], case_sensitive=False))
@click.option("--since", help="Only articles since 7d, 12h, 2w, 3m or an ISO date.")
@click.option("--source", multiple=True, help="Only these sources (repeatable).")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of text.")
def search(query, db, country, since, source, limit, as_json):
    """Full-text search of articles, best matches first, with snippets."""
    from aggregator.portal.search import search as run_search

    store = _open_db(db)
    try:
        hits = run_search(store, query, country, since, source, limit)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    for hit in hits:
        if as_json:
            click.echo(json.dumps(hit, ensure_ascii=False))
        else:
            click.echo(f"{hit['published_local'] or '':<26}{hit['source']:<14}{hit['title']}\n"
                       f"    {hit['snippet']}\n    {hit['url']}")
    if not hits and not as_json:
        click.echo("no matches", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--since", default="30d", show_default=True, help="Period: 7d, 12h, 2w, 3m or an ISO date.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw articles per country per day to this PNG.")
@click.option("--json", "as_json", is_flag=True)
def stats(db, since, plot, as_json):
    """Articles per source and per country for a period (and a plot per day)."""
    from aggregator.portal.stats import counts, plot_per_country_per_day

    store = _open_db(db)
    try:
        summary = counts(store, since)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(f"since {summary['since'] or 'the beginning'}: {summary['articles']} articles, "
                   f"{summary['stories']} stories")
        click.echo("\nper source:")
        for name, n in summary["sources"].items():
            click.echo(f"  {name:<18}{n:>8}")
        click.echo("\nper country:")
        for code, n in summary["countries"].items():
            click.echo(f"  {code:<18}{n:>8}")
    if plot:
        days = plot_per_country_per_day(store, plot, since)
        click.echo(f"plot of {days} day(s) written to {plot}", err=True)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--metadata-only", type=click.Path(dir_okay=False),
              help="Only write the Datasette metadata JSON to this file.")
def serve(db, port, host, metadata_only):
    """Open the database in Datasette, with descriptions, search and canned queries."""
    from aggregator.portal.serve import datasette_metadata

    metadata = datasette_metadata(Path(db).stem)
    if metadata_only:
        Path(metadata_only).write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    _open_db(db).close()
    meta_file = Path(tempfile.mkdtemp()) / "metadata.json"
    meta_file.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    import subprocess

    command = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(meta_file),
               "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]
    sys.exit(subprocess.call(command))


# --- the portal: feeds and export -------------------------------------------------------------

@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--country", type=click.Choice(["KZ", "KG", "UZ", "TJ", "TM", "CN"], case_sensitive=False),
              help="Only stories tagged with this country (default: all).")
@click.option("--format", "fmt", type=click.Choice(["rss", "atom", "json"]), default="rss", show_default=True)
@click.option("--limit", default=50, show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True)
def feed(db, country, fmt, limit, output):
    """Write a feed of the latest stories (one entry per story, other outlets linked)."""
    from aggregator.portal.feeds import build_feed

    output.write(build_feed(_open_db(db), country.upper() if country else None, fmt, limit))


@main.group()
def export():
    """Incremental exports for the portal."""


@export.command("stories")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--since", "cursor", default="0", show_default=True,
              help="Cursor printed by the previous export (0: everything).")
@click.option("--limit", type=int, help="At most this many stories (the cursor says where to go on).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True)
def export_stories_command(db, cursor, limit, output):
    """JSON Lines of stories created or changed since CURSOR; the next cursor goes to stderr."""
    from aggregator.portal.export import export_stories, iter_export_lines

    if not cursor.isdigit():
        raise click.UsageError(f"--since expects a cursor printed by a previous export, not {cursor!r}")
    stories, next_cursor = export_stories(_open_db(db), int(cursor), limit)
    for record in iter_export_lines(stories):
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    click.echo(f"exported {len(stories)} stories; next cursor: {next_cursor}", err=True)
