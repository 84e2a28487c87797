"""The ``aggregator`` group and the options several commands share, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from aggregator.cli.checks import MainGroup, remember_db
from aggregator.sources.registry import RegistryError, load_registry
from aggregator.store import DEFAULT_DB, Store

COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "CN"]


def load_sources(sources_files) -> dict:
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


def open_db(db: str) -> Store:
    if not Path(db).exists():
        raise click.UsageError(f"no database at {db}; run `aggregator crawl` first or pass --db")
    return Store(db, readonly=True)  # readers never write: a read-only filesystem will do
