"""SQLite storage through sqlite-utils: the dataset analysts and the portal read.

One writer, many readers (WAL). The schema is created and upgraded by the code
(``migrate``), articles are upserted by canonical URL, FTS5 covers title/lead/body.
See ``docs/schema.md`` for every table and column.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import weakref
from dataclasses import fields as dataclass_fields
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import sqlite_utils

from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.store.wal import WRITER_THRESHOLD, Checkpointer

DEFAULT_DB = "data/news.db"

#: Article fields stored as columns (lists are stored as JSON text). The long texts come
#: last: SQLite reads a row from its start, so the columns that queries touch (dates,
#: story, hashes) stay on the row's first page instead of behind the body's overflow pages.
ARTICLE_COLUMNS = {
    "id": int, "canonical_url": str, "url": str, "source": str, "story_id": str, "title": str,
    "published_at": str, "published_local": str, "date_precision": str, "date_raw": str,
    "lang": str, "primary_country": str, "section": str, "authors": str, "tags": str,
    "image_url": str, "photo_credit": str, "comments_count": int, "fetched_at": str,
    "first_seen_at": str, "updated_at": str, "title_layer": str, "date_layer": str,
    "body_layer": str, "content_hash": str, "lead": str, "body": str, "body_html": str,
}
_JSON_FIELDS = ("authors", "tags")
_ARTICLE_FIELDS = {f.name for f in dataclass_fields(Article)}
_STORED_FIELDS = [k for k in ARTICLE_COLUMNS if k in _ARTICLE_FIELDS]
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


def _v2_story_revisions(db: sqlite_utils.Database) -> None:
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


#: Schema versions in order; ``PRAGMA user_version`` records the last one applied.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1_initial, _v2_story_revisions]


def _story_signatures(db: sqlite_utils.Database) -> None:
    """Story deduplication signatures, so the story index survives between runs."""
    db["story_signatures"].create(
        {"article_id": int, "story_id": str, "published_at": str, "day_lo": int, "day_hi": int,
         "seen_day": int, "minhash": bytes, "keys": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    db["story_signatures"].create_index(["story_id"], if_not_exists=True)
    db["story_signatures"].create_index(["day_hi"], if_not_exists=True)


MIGRATIONS.append(_story_signatures)


def _feed_validators(db: sqlite_utils.Database) -> None:
    """ETag/Last-Modified per feed URL, for conditional requests (aggregator.crawl.middlewares)."""
    db["feed_validators"].create(
        {"url": str, "source": str, "etag": str, "last_modified": str, "checked_at": str},
        pk="url", if_not_exists=True)


MIGRATIONS.append(_feed_validators)

#: How ``articles_fts`` keeps up with ``articles``. New rows are found by id: every article
#: above the highest indexed id (``articles_fts_docsize``, FTS5's own table of indexed
#: rows) is waiting, so an insert costs the index nothing until ``Store.index_pending``
#: adds the waiting rows in one pass (far faster in FTS5 than row by row, as a trigger
#: would). A rewritten or deleted text leaves the index at once through these triggers,
#: and a rewritten one waits in ``articles_fts_pending``. Only title, lead and body
#: matter: a re-crawl's fetched_at or a story merge's story_id leaves the index alone.
#: Memory FTS5 may fill with terms before it writes a segment (its default is 1 MB).
FTS_HASH_BYTES = 32 * 1024 * 1024
_FTS_TRIGGERS = {
    "articles_fts_rewrite": """AFTER UPDATE OF title, lead, body ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, lead, body)
    SELECT 'delete', old.id, old.title, old.lead, old.body
    WHERE EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id);
  INSERT OR IGNORE INTO articles_fts_pending (article_id) VALUES (new.id);
END""",
    "articles_fts_remove": """AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, lead, body)
    SELECT 'delete', old.id, old.title, old.lead, old.body
    WHERE EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id);
  DELETE FROM articles_fts_pending WHERE article_id = old.id;
END""",
}


def _faster_writes(db: sqlite_utils.Database) -> None:
    """Full-text indexing in passes (see ``_FTS_TRIGGERS``) instead of sqlite-utils'
    row-by-row triggers, which also re-indexed an article on every UPDATE of any column;
    one unused index less."""
    for name in ("articles_ai", "articles_au", "articles_ad"):
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
    db.execute("CREATE TABLE IF NOT EXISTS articles_fts_pending (article_id INTEGER PRIMARY KEY)")
    for name, body in _FTS_TRIGGERS.items():
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    # a bigger in-memory term table per pass: fewer, larger segments to merge later
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", [FTS_HASH_BYTES])
    # nothing reads stories by updated_at (the export pages by revision): one index less to write
    db.execute("DROP INDEX IF EXISTS idx_stories_updated_at")


MIGRATIONS.append(_faster_writes)


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
        self.checkpointer: Checkpointer | None = None
        if readonly:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.db = sqlite_utils.Database(conn)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.conn.execute("PRAGMA busy_timeout = 10000")
            self.db.enable_wal()
            self.db.conn.execute("PRAGMA synchronous = NORMAL")
            self.db.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: index pages stay hot
            self.db.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
            self.db.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_THRESHOLD}")
            self.checkpointer = Checkpointer(self.path)
            weakref.finalize(self, self.checkpointer.close)  # a Store never closed stops it too

    def close(self) -> None:
        if self.checkpointer:
            self.checkpointer.close()
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
        return self.upsert_articles([article])[0]

    def upsert_articles(self, articles: Iterable[Article], *, index: bool = True) -> list[str]:
        """``upsert_article`` for many articles in one transaction (the fast path).

        With ``index=False`` their texts wait for the next ``index_pending`` (a bulk load
        indexes once at the end, which is much faster; search does not see them until then).
        """
        articles = list(articles)
        records = [article_record(a) for a in articles]
        conn = self.db.conn
        with conn:
            if not conn.in_transaction:  # the write lock first: the next ids are ours to give
                conn.execute("BEGIN IMMEDIATE")
            known = self._existing([r["canonical_url"] for r in records])
            next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            statuses, fresh, retagged, tags = [], [], [], []
            for article, record in zip(articles, records):
                url, now = record["canonical_url"], article.fetched_at or utc_now()
                if url in known:
                    conn.executemany(_INSERT_ARTICLE, fresh)  # a repeat may rewrite one of them
                    fresh.clear()
                    status, article_id = self._rewrite(conn, record, known[url], now)
                    retagged.append((article_id,))
                else:  # new rows go in one executemany, with the ids SQLite would give them
                    status, article_id, next_id = "new", next_id, next_id + 1
                    record["first_seen_at"] = record["updated_at"] = now
                    fresh.append([article_id] + [record[c] for c in _WRITTEN_COLUMNS])
                known[url] = (article_id, record["content_hash"])
                article.__dict__["_id"] = article_id
                statuses.append(status)
                tags += [(article_id, country) for country in article.countries or ()]
            conn.executemany(_INSERT_ARTICLE, fresh)
            conn.executemany("DELETE FROM article_countries WHERE article_id = ?", retagged)
            conn.executemany("INSERT OR IGNORE INTO article_countries (article_id, country) "
                             "VALUES (?, ?)", tags)
        if index:
            self.index_pending()
        return statuses

    def index_pending(self, batch: int = 20_000) -> int:
        """Bring the full-text index up to date: add the articles stored since the last
        pass, ``batch`` per transaction, and the texts rewritten since; returns how many
        articles were indexed."""
        conn, done = self.db.conn, 0
        while True:
            with conn:
                first = self._indexed_up_to()
                last = conn.execute("SELECT max(id) FROM (SELECT id FROM articles WHERE id > ? "
                                    "ORDER BY id LIMIT ?)", [first, batch]).fetchone()[0]
                if last is None:
                    break
                done += conn.execute(
                    "INSERT INTO articles_fts (rowid, title, lead, body) SELECT id, title, lead, "
                    "body FROM articles WHERE id > ? AND id <= ?", [first, last]).rowcount
                conn.execute("DELETE FROM articles_fts_pending WHERE article_id > ? AND "
                             "article_id <= ?", [first, last])
        with conn:
            done += conn.execute(
                "INSERT INTO articles_fts (rowid, title, lead, body) SELECT a.id, a.title, a.lead, "
                "a.body FROM articles_fts_pending p JOIN articles a ON a.id = p.article_id").rowcount
            conn.execute("DELETE FROM articles_fts_pending")
        return done

    def pending_index_count(self) -> int:
        """Articles stored or rewritten but not yet in the full-text index."""
        up_to = self._indexed_up_to()
        return sum(self.db.execute(sql, [up_to]).fetchone()[0] for sql in (
            "SELECT count(*) FROM articles WHERE id > ?",
            "SELECT count(*) FROM articles_fts_pending WHERE article_id <= ?"))

    def _indexed_up_to(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM articles_fts_docsize").fetchone()[0]

    def _existing(self, urls: list[str]) -> dict[str, tuple[int, str]]:
        found = {}
        for chunk in _chunks(sorted(set(urls)), 500):
            found.update((u, (i, h)) for u, i, h in self.db.conn.execute(
                f"SELECT canonical_url, id, content_hash FROM articles WHERE canonical_url IN "
                f"({','.join('?' * len(chunk))})", chunk))
        return found

    @staticmethod
    def _rewrite(conn, record: dict, known: tuple[int, str], now: str) -> tuple[str, int]:
        """Update a stored article: only the fetch time when what readers see is unchanged."""
        article_id, old_hash = known
        if old_hash == record["content_hash"]:
            conn.execute("UPDATE articles SET fetched_at = ?, comments_count = ? WHERE id = ?",
                         [record["fetched_at"], record["comments_count"], article_id])
            return "unchanged", article_id
        record["updated_at"] = now
        conn.execute(_UPDATE_ARTICLE, [record[c] for c in _UPDATED_COLUMNS] + [article_id])
        return "updated", article_id

    def refresh_stories(self, story_ids: Iterable[str | None]) -> None:
        """Recompute the ``stories`` rows of ``story_ids`` from their articles.

        A story whose summary changed gets the next ``revision`` (a database-wide
        counter), which is what ``aggregator export`` pages by: each change is exported
        once. A story left without articles (merged into another) keeps its row with
        ``article_count = 0`` so the portal learns that it is gone.
        """
        ids = sorted(set(filter(None, story_ids)))
        if not ids:
            return
        now, conn = utc_now(), self.db.conn
        with conn:
            summaries = story_summaries(self.db, ids)
            old = {}
            for chunk in _chunks(ids, 500):
                old.update((row[0], dict(zip(_STORY_FIELDS, row[1:]))) for row in conn.execute(
                    f"SELECT id, {', '.join(_STORY_FIELDS)} FROM stories WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk))
            changed = [i for i in ids if old.get(i) != summaries[i]]
            if not changed:
                return
            revision = conn.execute("SELECT coalesce(max(revision), 0) FROM stories").fetchone()[0]
            rows = [[i, *(summaries[i][f] for f in _STORY_FIELDS), revision + n, now, now]
                    for n, i in enumerate(changed, start=1)]
            conn.executemany(_UPSERT_STORY, rows)
            retagged = [i for i in changed if _country_rows(old.get(i)) != _country_rows(summaries[i])]
            conn.executemany("DELETE FROM story_countries WHERE story_id = ?",
                             [(i,) for i in retagged if i in old])
            conn.executemany(
                "INSERT INTO story_countries (story_id, country, last_published_at) VALUES (?, ?, ?)",
                [(i, c, summaries[i]["last_published_at"]) for i in retagged
                 for c in json.loads(summaries[i]["countries"])])

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
    """The ``articles`` row for an Article (without ``id``, ``first_seen_at``, ``updated_at``)."""
    values = article.__dict__
    record = {k: values[k] for k in _STORED_FIELDS}
    for key in _JSON_FIELDS:
        record[key] = _to_json(record[key]) if record[key] else "[]"
    record["content_hash"] = content_hash(article)
    return record




#: Columns of ``stories`` computed from its articles (compared to detect a change).
_STORY_FIELDS = (
    "representative_id", "title", "first_published_at", "last_published_at", "article_count",
    "sources", "countries", "articles_updated_at",
)


def story_summaries(db: sqlite_utils.Database, story_ids: list[str]) -> dict[str, dict]:
    """The ``stories`` columns for each of ``story_ids``, computed from their articles.

    The representative is the earliest article (by publication time, then first seen).
    """
    members: dict[str, list] = {i: [] for i in story_ids}
    countries: dict[str, set] = {i: set() for i in story_ids}
    for chunk in _chunks(story_ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in db.conn.execute(
                "SELECT story_id, id, title, source, coalesce(published_at, published_local), updated_at "
                f"FROM articles WHERE story_id IN ({marks}) "
                "ORDER BY coalesce(published_at, published_local, first_seen_at), id", chunk):
            members[row[0]].append(row[1:])
        for story, country in db.conn.execute(
                "SELECT DISTINCT a.story_id, c.country FROM articles a JOIN article_countries c "
                f"ON c.article_id = a.id WHERE a.story_id IN ({marks})", chunk):
            countries[story].add(country)
    return {story: _summary(rows, countries[story]) for story, rows in members.items()}


def _summary(rows: list[tuple], countries: set[str]) -> dict:
    published = [r[3] for r in rows if r[3]]
    return {
        "representative_id": rows[0][0] if rows else None,
        "title": rows[0][1] if rows else None,
        "first_published_at": min(published, default=None),
        "last_published_at": max(published, default=None),
        "article_count": len(rows),
        "sources": _json_list(frozenset(r[2] for r in rows if r[2])),
        "countries": _json_list(frozenset(countries)),
        "articles_updated_at": max((r[4] or "" for r in rows), default="") or None,
    }


#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder on every call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=4096)
def _json_list(names: frozenset[str]) -> str:
    """A set of names as a sorted JSON array (few distinct sets recur: outlets, countries)."""
    return _to_json(sorted(names))


def _country_rows(summary: dict | None) -> tuple | None:
    """What a story's ``story_countries`` rows repeat of its summary."""
    return summary and (summary["countries"], summary["last_published_at"])


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


_WRITTEN_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "id"]
_UPDATED_COLUMNS = [c for c in _WRITTEN_COLUMNS if c != "first_seen_at"]
_INSERT_ARTICLE = (f"INSERT INTO articles (id, {', '.join(_WRITTEN_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * (len(_WRITTEN_COLUMNS) + 1))})")
_UPDATE_ARTICLE = (f"UPDATE articles SET {', '.join(c + ' = ?' for c in _UPDATED_COLUMNS)} "
                   "WHERE id = ?")
_UPSERT_STORY = (
    f"INSERT INTO stories (id, {', '.join(_STORY_FIELDS)}, revision, created_at, updated_at) "
    f"VALUES ({', '.join('?' * (len(_STORY_FIELDS) + 4))}) ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*_STORY_FIELDS, "revision", "updated_at")))
