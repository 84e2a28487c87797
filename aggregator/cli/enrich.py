"""``aggregator enrich``: the processing chain over JSON Lines."""

from __future__ import annotations

import sys

import click

from aggregator.cli.group import db_option, load_sources, main, output_option, sources_option
from aggregator.store import Store


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

    \b
    Input fields (all optional): url, source, title, text, html, date, tz, fetched_at.
    Output: each input record plus published_at, published_local, date_precision, lang,
    countries, primary_country, entities, canonical_url, story_id; a record with html
    also gets, where it lacked them, the extracted title, lead, text, authors,
    image_url and date_raw, with title_layer, body_layer and date_layer. Without a
    source or tz, times without an offset are read as UTC and published_local keeps
    the page's own offset (the one it wrote, or the one its other dates show).
    """
    from aggregator.enrich.jsonl import enrich as run_enrich
    from aggregator.stories.index import StoryIndex

    registry = load_sources(sources_files)
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
