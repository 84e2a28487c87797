"""The analyst's commands: search, stats, serve, entities."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from aggregator.cli.group import country_option, db_option, json_option, main, open_db
from aggregator.cli.checks import COUNT, SINCE
from aggregator.store import Store


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
    store = open_db(db)
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

    store = open_db(db)
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
    open_db(db).close()
    sys.exit(run_datasette(db, metadata, host, port))


# --- the portal: feeds and export -------------------------------------------------------------


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
        open_db(db).close()
        store = Store(db)
    else:
        store = open_db(db)
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
