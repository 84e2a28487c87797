"""SQLite storage through sqlite-utils: the dataset analysts and the portal read.

One writer, many readers (WAL). The schema is created and upgraded by the code
(``migrate``), articles are upserted by canonical URL, FTS5 covers title/lead/body.
See ``docs/schema.md`` for every table and column.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import sqlite_utils

from .items import Article
from .sources import Source

DEFAULT_DB = "data/news.db"

#: Article fields stored as columns (lists are stored as JSON text).
ARTICLE_COLUMNS = {
    "id": int, "canonical_url": str, "url": str, "source": str, "title": str, "lead": str,
    "body": str, "body_html": str, "authors": str, "date_raw": str, "published_at": str,
    "published_local": str, "date_precision": str, "lang": str, "primary_country": str,
    "image_url": str, "photo_credit": str, "section": str, "tags": str, "comments_count": int,
    "fetched_at": str, "first_seen_at": str, "updated_at": str, "title_layer": str,
    "date_layer": str, "body_layer": str, "story_id": str, "content_hash": str,
}
_JSON_FIELDS = ("authors", "tags")
_CONTENT_FIELDS = ("title", "lead", "body", "published_at", "published_local")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _v1_initial(db: sqlite_utils.Database) -> None:
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


#: Schema versions in order; ``PRAGMA user_version`` records the last one applied.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1_initial]


def _story_signatures(db: sqlite_utils.Database) -> None:
    """Story deduplication signatures, so the story index survives between runs."""
    db["story_signatures"].create(
        {"article_id": int, "story_id": str, "published_at": str, "day_lo": int, "day_hi": int,
         "seen_day": int, "minhash": bytes, "keys": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db["story_signatures"].create_index(["story_id"], if_not_exists=True)
    db["story_signatures"].create_index(["day_hi"], if_not_exists=True)


MIGRATIONS.append(_story_signatures)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema to the latest version in place; returns that version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.conn:
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


class Store:
    """The article database. ``Store(path)`` opens (creating and migrating) it."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.db = sqlite_utils.Database(conn)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.conn.execute("PRAGMA busy_timeout = 10000")
            self.db.enable_wal()
            self.db.conn.execute("PRAGMA synchronous = NORMAL")
            self.db.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)

    def close(self) -> None:
        self.db.conn.close()

    # --- writing -------------------------------------------------------------------

    def save_sources(self, sources: Iterable[Source]) -> None:
        """Record the registry entries that articles point to."""
        rows = [{"name": s.name, "title": s.title, "homepage": s.homepage, "country": s.country,
                 "language": s.language, "timezone": s.timezone} for s in sources]
        with self.db.conn:
            self.db["sources"].upsert_all(rows, pk="name")

    def upsert_article(self, article: Article) -> str:
        """Insert or update one article by canonical URL.

        Returns ``"new"``, ``"updated"`` (title, lead, body or date changed: the latest
        version is kept and ``updated_at`` set) or ``"unchanged"``.
        """
        with self.db.conn:
            return self._upsert(article)

    def upsert_articles(self, articles: Iterable[Article]) -> list[str]:
        """``upsert_article`` for many articles in one transaction."""
        with self.db.conn:
            return [self._upsert(a) for a in articles]

    def _upsert(self, article: Article) -> str:
        record = article_record(article)
        now = article.fetched_at or utc_now()
        row = self.db.execute(
            "SELECT id, content_hash FROM articles WHERE canonical_url = ?",
            [record["canonical_url"]]).fetchone()
        table = self.db["articles"]
        if row is None:
            record.update(first_seen_at=now, updated_at=now)
            article_id = table.insert(record).last_pk
            status = "new"
        else:
            article_id, old_hash = row
            if old_hash == record["content_hash"]:
                status = "unchanged"
                record = {"fetched_at": record["fetched_at"], "comments_count": record["comments_count"]}
            else:
                status = "updated"
                record["updated_at"] = now
            table.update(article_id, record)
        self._set_countries(article_id, article.countries)
        article.__dict__["_id"] = article_id
        return status

    def _set_countries(self, article_id: int, countries: list[str]) -> None:
        self.db.execute("DELETE FROM article_countries WHERE article_id = ?", [article_id])
        self.db["article_countries"].insert_all(
            [{"article_id": article_id, "country": c} for c in countries], ignore=True)

    def refresh_stories(self, story_ids: Iterable[str | None]) -> None:
        """Recompute the ``stories`` rows of ``story_ids`` from their articles.

        ``updated_at`` changes only when something a reader sees changed, so an
        incremental export sends each change once.
        """
        now = utc_now()
        with self.db.conn:
            for story in filter(None, story_ids):
                self.db.execute(_REFRESH_STORY, {"story": story, "now": now})

    # --- reading -------------------------------------------------------------------

    def known_urls(self, source: str | None = None) -> set[str]:
        """Canonical URLs already stored (of one source, or all)."""
        if not self.db["articles"].exists():
            return set()
        sql = "SELECT canonical_url FROM articles"
        rows = self.db.execute(sql + " WHERE source = ?", [source]) if source else self.db.execute(sql)
        return {r[0] for r in rows}

    def count(self, table: str = "articles") -> int:
        return self.db[table].count if self.db[table].exists() else 0


def content_hash(article: Article) -> str:
    """Fingerprint of what a reader sees; a change marks the article as updated."""
    text = "\x1f".join(str(getattr(article, f) or "") for f in _CONTENT_FIELDS)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def article_record(article: Article) -> dict:
    """The ``articles`` row for an Article."""
    data = article.to_dict()
    record = {k: data.get(k) for k in ARTICLE_COLUMNS if k in data}
    for key in _JSON_FIELDS:
        record[key] = json.dumps(data.get(key) or [], ensure_ascii=False)
    record["content_hash"] = content_hash(article)
    return record



_REFRESH_STORY = """
    INSERT INTO stories (id, representative_id, title, first_published_at, last_published_at,
                         article_count, sources, countries, created_at, updated_at)
    SELECT a.story_id,
           (SELECT id FROM articles r WHERE r.story_id = a.story_id
             ORDER BY coalesce(r.published_at, r.published_local, r.first_seen_at), r.id LIMIT 1),
           (SELECT title FROM articles r WHERE r.story_id = a.story_id
             ORDER BY coalesce(r.published_at, r.published_local, r.first_seen_at), r.id LIMIT 1),
           min(coalesce(a.published_at, a.published_local)),
           max(coalesce(a.published_at, a.published_local)),
           count(*),
           (SELECT json_group_array(DISTINCT source) FROM articles s WHERE s.story_id = a.story_id),
           (SELECT json_group_array(DISTINCT c.country) FROM article_countries c
              JOIN articles s ON s.id = c.article_id WHERE s.story_id = a.story_id),
           :now, :now
    FROM articles a WHERE a.story_id = :story GROUP BY a.story_id
    ON CONFLICT(id) DO UPDATE SET
        representative_id = excluded.representative_id, title = excluded.title,
        first_published_at = excluded.first_published_at,
        last_published_at = excluded.last_published_at, article_count = excluded.article_count,
        sources = excluded.sources, countries = excluded.countries,
        updated_at = excluded.updated_at
    WHERE stories.article_count IS NOT excluded.article_count
       OR stories.representative_id IS NOT excluded.representative_id
       OR stories.title IS NOT excluded.title
       OR stories.countries IS NOT excluded.countries
       OR stories.last_published_at IS NOT excluded.last_published_at
    """
