"""The ``articles`` table: upserts by canonical URL, country tags, sources, and the
reads over articles (known URLs, row ids, counts for the stats and the health check)."""

from __future__ import annotations

import hashlib
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Iterable

from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.store.common import ARTICLE_TIME, chunks, marks, to_json, utc_now

if TYPE_CHECKING:
    from aggregator.store.connection import Store

#: Article fields stored as columns (lists are stored as JSON text). The long texts come
#: last: SQLite reads a row from its start, so the columns that queries touch (dates,
#: story, hashes) stay on the row's first page instead of behind the body's overflow pages.
ARTICLE_COLUMNS = {
    "id": int, "canonical_url": str, "url": str, "source": str, "story_id": str, "title": str,
    "published_at": str, "published_local": str, "date_precision": str, "date_raw": str,
    "lang": str, "primary_country": str, "countries": str, "section": str, "authors": str,
    "tags": str,
    "image_url": str, "photo_credit": str, "comments_count": int, "fetched_at": str,
    "first_seen_at": str, "updated_at": str, "title_layer": str, "date_layer": str,
    "body_layer": str, "content_hash": str, "lead": str, "body": str, "body_html": str,
}
_JSON_FIELDS = ("authors", "tags", "countries")
_ARTICLE_FIELDS = {f.name for f in dataclass_fields(Article)}
_STORED_FIELDS = [k for k in ARTICLE_COLUMNS if k in _ARTICLE_FIELDS]
_CONTENT_FIELDS = ("title", "lead", "body", "published_at", "published_local")
_WRITTEN_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "id"]
_UPDATED_COLUMNS = [c for c in _WRITTEN_COLUMNS if c != "first_seen_at"]
_INSERT_ARTICLE = (f"INSERT INTO articles (id, {', '.join(_WRITTEN_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * (len(_WRITTEN_COLUMNS) + 1))})")
_UPDATE_ARTICLE = (f"UPDATE articles SET {', '.join(c + ' = ?' for c in _UPDATED_COLUMNS)} "
                   "WHERE id = ?")


def content_hash(article: Article) -> str:
    """Fingerprint of what a reader sees; a change marks the article as updated."""
    text = "\x1f".join(str(getattr(article, f) or "") for f in _CONTENT_FIELDS)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def article_record(article: Article) -> dict:
    """The ``articles`` row for an Article (without ``id``, ``first_seen_at``, ``updated_at``)."""
    values = vars(article)  # the dataclass's fields, read faster than one getattr each
    record = {k: values[k] for k in _STORED_FIELDS}
    for key in _JSON_FIELDS:
        record[key] = to_json(record[key]) if record[key] else "[]"
    record["content_hash"] = content_hash(article)
    return record


# --- writing -----------------------------------------------------------------------------

def save_sources(store: Store, sources: Iterable[Source]) -> None:
    """Record the registry entries that articles point to."""
    rows = [{"name": s.name, "title": s.title, "homepage": s.homepage, "country": s.country,
             "language": s.language, "timezone": s.timezone} for s in sources]
    with store.db.conn:
        store.db["sources"].upsert_all(rows, pk="name")


def upsert_articles(store: Store, articles: Iterable[Article]) -> list[str]:
    """Insert or update articles by canonical URL in one transaction; for each,
    ``"new"``, ``"updated"`` (title, lead, body or date changed: the latest version is
    kept and ``updated_at`` set) or ``"unchanged"``. The full-text index is left to
    ``fts.index_pending``."""
    articles = list(articles)
    records = [article_record(a) for a in articles]
    conn = store.db.conn
    with conn:
        if not conn.in_transaction:  # the write lock first: the next ids are ours to give
            conn.execute("BEGIN IMMEDIATE")
        known = _existing(store, [r["canonical_url"] for r in records])
        next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
        statuses, fresh, retagged, tags = [], [], [], []
        for article, record in zip(articles, records):
            url, now = record["canonical_url"], article.fetched_at or utc_now()
            if url in known:
                conn.executemany(_INSERT_ARTICLE, fresh)  # a repeat may rewrite one of them
                fresh.clear()
                status, article_id = _rewrite(conn, record, known[url], now)
                retagged.append((article_id,))
            else:  # new rows go in one executemany, with the ids SQLite would give them
                status, article_id, next_id = "new", next_id, next_id + 1
                record["first_seen_at"] = record["updated_at"] = now
                fresh.append([article_id] + [record[c] for c in _WRITTEN_COLUMNS])
            known[url] = (article_id, record["content_hash"])
            statuses.append(status)
            tags += [(article_id, country) for country in article.countries or ()]
        conn.executemany(_INSERT_ARTICLE, fresh)
        conn.executemany("DELETE FROM article_countries WHERE article_id = ?", retagged)
        conn.executemany("INSERT OR IGNORE INTO article_countries (article_id, country) "
                         "VALUES (?, ?)", tags)
    return statuses


def _existing(store: Store, urls: list[str]) -> dict[str, tuple[int, str]]:
    found = {}
    for chunk in chunks(sorted(set(urls))):
        found.update((u, (i, h)) for u, i, h in store.db.conn.execute(
            f"SELECT canonical_url, id, content_hash FROM articles WHERE canonical_url IN "
            f"({marks(chunk)})", chunk))
    return found


def _rewrite(conn, record: dict, known: tuple[int, str], now: str) -> tuple[str, int]:
    """Update a stored article: only the fetch time when what readers see is unchanged."""
    article_id, old_hash = known
    if old_hash == record["content_hash"]:  # the story too: the index may place it anew
        conn.execute("UPDATE articles SET fetched_at = ?, comments_count = ?, "
                     "story_id = coalesce(?, story_id) WHERE id = ?",
                     [record["fetched_at"], record["comments_count"], record["story_id"], article_id])
        return "unchanged", article_id
    record["updated_at"] = now
    conn.execute(_UPDATE_ARTICLE, [record[c] for c in _UPDATED_COLUMNS] + [article_id])
    return "updated", article_id


# --- reading -----------------------------------------------------------------------------

def known_urls(store: Store, source: str | None = None) -> set[str]:
    """Canonical URLs already stored (of one source, or all)."""
    if not store.db["articles"].exists():
        return set()
    sql = "SELECT canonical_url FROM articles"
    rows = store.db.execute(sql + " WHERE source = ?", [source]) if source else store.db.execute(sql)
    return {r[0] for r in rows}


def article_ids(store: Store, canonical_urls: Iterable[str | None]) -> dict[str, int]:
    """The row id of each stored article among ``canonical_urls``."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted({u for u in canonical_urls if u})):
        found.update(store.db.conn.execute(
            f"SELECT canonical_url, id FROM articles WHERE canonical_url IN ({marks(chunk)})", chunk))
    return found


def story_of_url(store: Store, canonical_url: str) -> str | None:
    """The story of the stored article at ``canonical_url``, if it is in the story index
    too (an article whose signature was never saved, e.g. by a writer killed between the
    two commits, is placed again so that its signature is saved this time)."""
    if not store.db["story_signatures"].exists():
        return None
    row = store.db.execute(
        "SELECT a.story_id FROM articles a JOIN story_signatures s ON s.article_id = a.id "
        "WHERE a.canonical_url = ?", [canonical_url]).fetchone()
    return row[0] if row else None




def articles_per_source(store: Store, since: str = "") -> dict[str, int]:
    """``{source: articles}`` of the period from ``since`` (UTC ISO), most first."""
    return dict(store.db.execute(
        f"SELECT source, count(*) FROM articles a WHERE {ARTICLE_TIME} >= ? GROUP BY source "
        "ORDER BY 2 DESC", [since]).fetchall())


def articles_per_country(store: Store, since: str = "") -> dict[str, int]:
    """``{country: articles}`` of the period from ``since``, most first."""
    return dict(store.db.execute(
        "SELECT c.country, count(*) FROM article_countries c JOIN articles a ON a.id = c.article_id "
        f"WHERE {ARTICLE_TIME} >= ? GROUP BY c.country ORDER BY 2 DESC", [since]).fetchall())


def articles_per_day_and_country(store: Store, since: str = "") -> list[tuple[str, str, int]]:
    """``(YYYY-MM-DD, country, articles)`` rows of the period from ``since``, by day."""
    return store.db.execute(
        f"SELECT substr({ARTICLE_TIME}, 1, 10) AS day, c.country, count(*) FROM article_countries c "
        f"JOIN articles a ON a.id = c.article_id WHERE {ARTICLE_TIME} >= ? GROUP BY day, c.country "
        "ORDER BY day", [since]).fetchall()


#: Fields whose extraction rate the health check watches: name -> found on a row.
EXTRACTED_FIELDS = {
    "date": "date_layer IS NOT NULL",
    "body": "body_layer IS NOT NULL AND coalesce(body, '') != ''",
}


def extraction_counts(store: Store, source: str, since: str, field: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """``((articles, with field), (articles, with field))`` of ``source``: first stored
    at ``since`` or later, then before it. ``field`` is a key of ``EXTRACTED_FIELDS``."""
    condition = EXTRACTED_FIELDS[field]
    recent, earlier = (store.db.execute(
        f"SELECT count(*), coalesce(sum({condition}), 0) FROM articles "
        f"WHERE source = ? AND first_seen_at {op} ?", [source, since]).fetchone()
        for op in (">=", "<"))
    return tuple(recent), tuple(earlier)


def publication_span(store: Store) -> tuple[str | None, str | None]:
    """The earliest and latest publication time of the stored articles (undated ones aside)."""
    return tuple(store.db.execute(
        "SELECT min(coalesce(published_at, published_local)), "
        "max(coalesce(published_at, published_local)) FROM articles").fetchone())


def source_names(store: Store) -> set[str]:
    """Every source the database knows: registry entries saved and sources of articles."""
    return {name for (name,) in store.db.execute(
        "SELECT name FROM sources UNION SELECT DISTINCT source FROM articles")}
