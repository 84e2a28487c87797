"""The schema, built and upgraded in place by named migrations.

``MIGRATIONS`` lists them in the order they were written; ``PRAGMA user_version``
records how many a database has had, so opening an older database applies the rest.
A change of schema is a new entry at the end, never an edit of an old one.
See ``docs/schema.md`` for every table and column.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import sqlite_utils

from aggregator.store.articles import ARTICLE_COLUMNS
from aggregator.store.fts import FTS_HASH_BYTES, FTS_TRIGGERS


class Migration(NamedTuple):
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _initial(db: sqlite_utils.Database) -> None:
    """Sources, articles and their countries, stories, crawl runs, the full-text index."""
    db["sources"].create(
        {"name": str, "title": str, "homepage": str, "country": str, "language": str,
         "timezone": str}, pk="name", if_not_exists=True)
    articles = db["articles"]
    articles.create(ARTICLE_COLUMNS, pk="id", not_null={"canonical_url", "url"}, if_not_exists=True)
    articles.create_index(["canonical_url"], unique=True, if_not_exists=True)
    articles.create_index(["source", "published_at"], if_not_exists=True)
    articles.create_index(["published_at"], if_not_exists=True)
    articles.create_index(["story_id"], if_not_exists=True)
    db["article_countries"].create(
        {"article_id": int, "country": str}, pk=("article_id", "country"),
        foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db["article_countries"].create_index(["country", "article_id"], if_not_exists=True)
    db["stories"].create(
        {"id": str, "representative_id": int, "title": str, "first_published_at": str,
         "last_published_at": str, "article_count": int, "sources": str, "countries": str,
         "created_at": str, "updated_at": str}, pk="id", if_not_exists=True)
    db["stories"].create_index(["updated_at"], if_not_exists=True)
    db["crawl_runs"].create(
        {"id": int, "started_at": str, "finished_at": str, "spiders": str, "status": str,
         "stats": str}, pk="id", if_not_exists=True)
    articles.enable_fts(["title", "lead", "body"], create_triggers=True,
                        tokenize="unicode61 remove_diacritics 2", replace=True)


def _story_revisions(db: sqlite_utils.Database) -> None:
    """Story revisions for the incremental export, and per-country story lookups."""
    stories = db["stories"]
    for column, kind in (("revision", int), ("articles_updated_at", str)):
        if column not in stories.columns_dict:
            stories.add_column(column, kind)
    db.execute("UPDATE stories SET revision = rowid WHERE revision IS NULL")
    stories.create_index(["revision"], unique=True, if_not_exists=True)
    stories.create_index(["last_published_at"], if_not_exists=True)
    db["story_countries"].create(
        {"story_id": str, "country": str, "last_published_at": str},
        pk=("story_id", "country"), foreign_keys=[("story_id", "stories", "id")], if_not_exists=True)
    db["story_countries"].create_index(["country", "last_published_at"], if_not_exists=True)
    db.execute(
        "INSERT OR IGNORE INTO story_countries (story_id, country, last_published_at) "
        "SELECT s.id, j.value, s.last_published_at FROM stories s, json_each(s.countries) j")
    db["articles"].create_index(["fetched_at"], if_not_exists=True)


def _story_signatures(db: sqlite_utils.Database) -> None:
    """Story deduplication signatures, so the story index survives between runs."""
    db["story_signatures"].create(
        {"article_id": int, "story_id": str, "published_at": str, "day_lo": int, "day_hi": int,
         "seen_day": int, "minhash": bytes, "keys": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db["story_signatures"].create_index(["story_id"], if_not_exists=True)
    db["story_signatures"].create_index(["day_hi"], if_not_exists=True)


def _feed_validators(db: sqlite_utils.Database) -> None:
    """ETag/Last-Modified per feed URL, for conditional requests (aggregator.crawl.conditional)."""
    db["feed_validators"].create(
        {"url": str, "source": str, "etag": str, "last_modified": str, "checked_at": str},
        pk="url", if_not_exists=True)


def _faster_writes(db: sqlite_utils.Database) -> None:
    """Full-text indexing in passes (see ``aggregator.store.fts``) instead of sqlite-utils'
    row-by-row triggers, which also re-indexed an article on every UPDATE of any column;
    one unused index less."""
    for name in ("articles_ai", "articles_au", "articles_ad"):
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
    db.execute("CREATE TABLE IF NOT EXISTS articles_fts_pending (article_id INTEGER PRIMARY KEY)")
    for name, body in FTS_TRIGGERS.items():
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    # a bigger in-memory term table per pass: fewer, larger segments to merge later
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", [FTS_HASH_BYTES])
    # nothing reads stories by updated_at (the export pages by revision): one index less to write
    db.execute("DROP INDEX IF EXISTS idx_stories_updated_at")


def _entities(db: sqlite_utils.Database) -> None:
    """People, organisations and places per article (aggregator.entities), and which
    extractor ran on each article (``aggregator entities --update`` resumes from it)."""
    db["entities"].create({"id": int, "type": str, "name": str, "aliases": str}, pk="id",
                          not_null={"type", "name"}, if_not_exists=True)
    db["entities"].create_index(["type", "name"], unique=True, if_not_exists=True)
    db["entities"].create_index(["name"], if_not_exists=True)
    db["article_entities"].create(
        {"article_id": int, "entity_id": int, "mentions": int}, pk=("article_id", "entity_id"),
        foreign_keys=[("article_id", "articles", "id"), ("entity_id", "entities", "id")],
        if_not_exists=True)
    db["article_entities"].create_index(["entity_id", "article_id"], if_not_exists=True)
    db["entity_extractions"].create(
        {"article_id": int, "extractor": str, "extracted_at": str}, pk="article_id",
        foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)


def _countries_column(db: sqlite_utils.Database) -> None:
    """The article's country tags on its own row too (a JSON list, as ``authors``), so a
    reader sees them beside the title; ``article_countries`` stays the table to query by."""
    if "countries" not in db["articles"].columns_dict:
        db["articles"].add_column("countries", str)
    db.execute("UPDATE articles SET countries = (SELECT json_group_array(country) FROM "
               "(SELECT country FROM article_countries c WHERE c.article_id = articles.id "
               "ORDER BY country))")


#: Every migration in the order applied; ``PRAGMA user_version`` is how many a database has had.
MIGRATIONS: list[Migration] = [
    Migration("initial", _initial),
    Migration("story_revisions", _story_revisions),
    Migration("story_signatures", _story_signatures),
    Migration("feed_validators", _feed_validators),
    Migration("faster_writes", _faster_writes),
    Migration("entities", _entities),
    Migration("countries_column", _countries_column),
]


def schema_version(db: sqlite_utils.Database) -> int:
    """How many of ``MIGRATIONS`` the database has had."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations the database has had, in order."""
    return [m.name for m in MIGRATIONS[:schema_version(db)]]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply the migrations the database has not had, each in its own transaction;
    returns the schema version (the number of migrations)."""
    version = schema_version(db)
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.conn:
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)
