"""The ``aggregator`` command line: crawl, enrich, list sources.

Exit status: 0 success; 1 some source or record failed (the rest was done);
2 usage error (bad option, unknown source, unreadable registry file); 3 another crawl
holds the database's lock, or another writer held the database past its timeout;
4 (health) a source looks broken; 5 the database is unusable (damaged, not an
aggregator database, a newer schema than this code knows, a full disk).
Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from aggregator.cli_checks import (
    COUNT, EXIT_LOCKED, EXIT_UNHEALTHY, MAX_COUNT, SINCE, CursorType, MainGroup, remember_db)
from aggregator.crawl.console import LEVELS as LOG_LEVELS
from aggregator.crawl.runner import DEFAULT_REPLAY
from aggregator.sources.registry import RegistryError, load_registry
from aggregator.store import DEFAULT_DB, Store

COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "CN"]


def _registry(sources_files) -> dict:
    try:
        return load_registry(sources_files)
    except RegistryError as exc:
        raise click.UsageError(str(exc)) from exc


def complete_source_names(ctx, param, incomplete):
    """Shell completion of source names (``_AGGREGATOR_COMPLETE``, see README)."""
    try:
        names = load_registry(ctx.params.get("sources_files") or ())
    except (RegistryError, OSError):
        return []
    return [name for name in names if name.startswith(incomplete)]


# --- options shared by several commands, declared once ---------------------------------

sources_option = click.option(
    "--sources", "sources_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra registry TOML file adding or overriding sources (repeatable).")


def db_option(help=None, default=DEFAULT_DB):  # noqa: A002 (click's name)
    return click.option("--db", default=default, show_default=default is not None, help=help,
                        callback=remember_db)


def json_option(help=None):  # noqa: A002
    return click.option("--json", "as_json", is_flag=True, help=help)


def country_option(help=None):  # noqa: A002
    return click.option("--country", type=click.Choice(COUNTRIES, case_sensitive=False), help=help)


def output_option(help=None):  # noqa: A002
    return click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
                        show_default=True, help=help)


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="central-asia-news-aggregator")
def main():
    """Crawl Central Asian news sources into a SQLite dataset and serve it."""


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
        registry = _registry(sources_files)
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

    store = _open_db(db)
    try:
        problems = check_health(store, runs)
    finally:
        store.close()
    for line in report(problems, as_json, runs):
        click.echo(line)
    sys.exit(EXIT_UNHEALTHY if problems else 0)


# --- enrich ---------------------------------------------------------------------------

@main.command()
@click.argument("infile", type=click.File("rb"))
@output_option("Where to write the enriched JSON Lines.")
@db_option("Also store the results in this database.", default=None)
@sources_option
def enrich(infile, output, db, sources_files):
    """Run the processing chain on JSON Lines records from INFILE (`-` for stdin).

    Streams: memory stays bounded however long the input (records wait in a temporary
    file until the last line, so their story ids name the stories as they end up;
    whatever stops the run, the records done so far are written). A bad line (not UTF-8,
    not JSON, a field of the wrong type, a url that is not http(s)) is reported on
    stderr with its number and skipped; exit status 1 when some line was.
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


# --- ingest ---------------------------------------------------------------------------

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
    registry = _registry(sources_files)
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

    registry = _registry(sources_files)
    if name not in registry:
        raise click.UsageError(f"unknown source {name!r}; see `aggregator sources`")
    try:
        with runner.replayed(replay_dir or (DEFAULT_REPLAY if replay else None), (name,),
                             registry, sources_files) as replay_files:
            registry = _registry(replay_files) if replay_files is not None else registry
            result = check_source(registry[name])
    except runner.SetupError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in report(result):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


# --- the dataset: search, stats, serve -----------------------------------------------------

def _open_db(db: str) -> Store:
    if not Path(db).exists():
        raise click.UsageError(f"no database at {db}; run `aggregator crawl` first or pass --db")
    return Store(db, readonly=True)  # readers never write: a read-only filesystem will do


@main.command()
@click.argument("query", required=False, default="")
@db_option()
@country_option()
@click.option("--since", type=SINCE, help="Only articles since 7d, 12h, 2w, 3m or an ISO date.")
@click.option("--source", multiple=True, help="Only these sources (repeatable).")
@click.option("--entity", metavar="NAME",
              help='Only articles naming this person, organisation or place ("Садыр Жапаров").')
@click.option("--limit", default=20, show_default=True, type=COUNT)
@json_option("Print JSON Lines instead of text.")
def search(query, db, country, since, source, entity, limit, as_json):
    """Full-text search of articles, best matches first, with snippets."""
    from aggregator.portal.search import search as run_search

    if not query.strip() and not entity:
        raise click.UsageError("give a QUERY, an --entity, or both")
    store = _open_db(db)
    try:
        hits = run_search(store, query, country, since, source, limit, entity=entity)
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
@db_option()
@click.option("--since", type=SINCE,
              help="Period: 7d, 12h, 2w, 3m or an ISO date (default: the 30 days up to the "
                   "newest article).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw articles per country per day to this PNG.")
@json_option("One JSON document: since, articles, stories, sources, countries (and plot).")
def stats(db, since, plot, as_json):
    """Articles per source and per country for a period (and a plot per day)."""
    from aggregator.portal.stats import counts, default_since, plot_path, plot_per_country_per_day

    store = _open_db(db)
    try:
        if plot:
            plot_path(plot)  # a folder that does not exist: said before anything is counted
        summary = counts(store, since or default_since(store))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if not since:
        summary["period"] = "30 days up to the newest article" if summary["since"] else "everything"
    if plot:
        days = plot_per_country_per_day(store, plot, summary["since"])
        summary["plot"] = str(plot_path(plot))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        period = f" ({summary['period']})" if summary.get("period") else ""
        click.echo(f"since {summary['since'] or 'the beginning'}{period}: {summary['articles']} "
                   f"articles, {summary['stories']} stories")
        click.echo("\nper source:")
        for name, n in summary["sources"].items():
            click.echo(f"  {name or '(no source)':<18}{n:>8}")
        click.echo("\nper country:")
        for code, n in summary["countries"].items():
            click.echo(f"  {code:<18}{n:>8}")
    if plot and not as_json:
        click.echo(f"plot of {days} day(s) written to {summary['plot']}", err=True)


@main.command()
@db_option()
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--metadata-only", type=click.Path(dir_okay=False),
              help="Only write the Datasette metadata JSON to this file.")
def serve(db, port, host, metadata_only):
    """Open the database in Datasette, with descriptions, search and canned queries."""
    from aggregator.portal.serve import datasette_metadata, run_datasette

    metadata = datasette_metadata(Path(db).stem)
    if metadata_only:
        Path(metadata_only).write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    _open_db(db).close()
    sys.exit(run_datasette(db, metadata, host, port))


# --- the portal: feeds and export -------------------------------------------------------------

@main.command()
@db_option()
@country_option("Only stories tagged with this country (default: all).")
@click.option("--format", "fmt", type=click.Choice(["rss", "atom", "json"]), default="rss", show_default=True)
@click.option("--limit", default=50, show_default=True, type=COUNT)
@click.option("--entity", metavar="NAME", help="Only stories naming this person, organisation or place.")
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 36_500),
              help="Only stories last published within DAYS days of the newest one.")
@click.option("--base-url", envvar="AGGREGATOR_BASE_URL", metavar="URL",
              help="The portal's address: the feed's link and id (default: the environment "
                   "variable or setting AGGREGATOR_BASE_URL, http://127.0.0.1:8001/).")
@output_option()
def feed(db, country, fmt, limit, entity, days, base_url, output):
    """Write a feed of the latest stories (one entry per story, other outlets linked)."""
    from aggregator.portal.feeds import build_feed

    output.write(build_feed(_open_db(db), country.upper() if country else None, fmt, limit,
                            base_url=base_url, days=days, entity=entity))


@main.command("entities")
@db_option()
@click.option("--type", "kind", type=click.Choice(["PER", "ORG", "LOC"], case_sensitive=False),
              help="Only people (PER), organisations (ORG) or places (LOC).")
@click.option("--since", type=SINCE, help="Only articles since 7d, 12h, 2w, 3m or an ISO date.")
@country_option("Only articles tagged with this country.")
@click.option("--story", metavar="ID", help="Only the articles of this story.")
@click.option("--limit", default=20, show_default=True, type=COUNT)
@click.option("--update", is_flag=True,
              help="Instead: (re-)extract the entities of stored articles with --model (resumable).")
@click.option("--model", type=click.Choice(["fast", "natasha"]), default="natasha", show_default=True,
              help="Extractor of --update.")
@json_option("Print JSON Lines instead of text.")
def entities_command(db, kind, since, country, story, limit, update, model, as_json):
    """The most mentioned people, organisations and places, or (--update) extract them."""
    from aggregator.portal.search import since_moment
    from aggregator.store.entities import top_entities

    moment = since_moment(since)
    if update:  # the one writer among the dataset commands
        _open_db(db).close()
        store = Store(db)
    else:
        store = _open_db(db)
    if update:
        from aggregator.entities.update import update_entities

        done = update_entities(store, model, moment,
                               on_batch=lambda n: click.echo(f"{n} articles done", err=True))
        click.echo(f"entities extracted ({model}) for {done} articles")
        return
    rows = top_entities(store, kind=kind.upper() if kind else None, since=moment,
                        country=country.upper() if country else None, story=story, limit=limit)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{row['mentions']:>6} {row['articles']:>6}  {row['type']:<4}{row['name']}")
    if not rows and not as_json:
        click.echo("no entities (run `aggregator entities --update` on an older database)", err=True)


@main.group()
def export():
    """Incremental exports for the portal."""


@export.command("stories")
@db_option()
@click.option("--since", "cursor", default=None, type=CursorType(),
              help="Cursor printed by the previous export (default 0: everything, or the "
                   "cursor in --cursor-file).")
@click.option("--limit", type=COUNT, help="At most this many stories (has_more says whether to go on).")
@click.option("--cursor-file", type=click.Path(dir_okay=False), metavar="FILE",
              help='Read the cursor from FILE (when --since is not given) and write '
                   '{"cursor": N, "has_more": bool, "exported": n} to it.')
@json_option('Print {"cursor": N, "has_more": bool, "exported": n} on stderr instead of a sentence.')
@output_option()
def export_stories_command(db, cursor, limit, cursor_file, as_json, output):
    """JSON Lines of stories created or changed since CURSOR; the next cursor goes to stderr.

    A client loops: export with the cursor, store the lines, repeat with the next cursor
    while has_more is true (with --cursor-file it keeps the cursor itself).
    """
    from aggregator.portal.export import export_page, iter_export_lines, read_cursor_file

    if cursor is None and cursor_file:
        try:
            cursor = read_cursor_file(cursor_file)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    try:
        page = export_page(_open_db(db), int(cursor or 0), limit)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    for record in iter_export_lines(page["stories"]):
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    status = {"cursor": page["cursor"], "has_more": page["has_more"], "exported": len(page["stories"])}
    if cursor_file:
        Path(cursor_file).write_text(json.dumps(status) + "\n", encoding="utf-8")
    if as_json:
        click.echo(json.dumps(status), err=True)
    else:
        click.echo(f"exported {status['exported']} stories; next cursor: {status['cursor']}"
                   + ("; more to come" if status["has_more"] else ""), err=True)
