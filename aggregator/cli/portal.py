"""The portal's commands: feed and the incremental export."""

from __future__ import annotations

import json
from pathlib import Path

import click

from aggregator.cli.group import country_option, db_option, json_option, main, open_db, output_option
from aggregator.cli.checks import COUNT, CursorType


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

    output.write(build_feed(open_db(db), country.upper() if country else None, fmt, limit,
                            base_url=base_url, days=days, entity=entity))


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
        page = export_page(open_db(db), int(cursor or 0), limit)
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
