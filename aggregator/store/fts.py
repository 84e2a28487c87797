"""The full-text index ``articles_fts`` (FTS5): indexing passes and the search queries.

New rows are found by id: every article above the highest indexed id
(``articles_fts_docsize``, FTS5's own table of indexed rows) is waiting, so an insert
costs the index nothing until ``index_pending`` adds the waiting rows in one pass (far
faster in FTS5 than row by row, as a trigger would). A rewritten or deleted text leaves
the index at once through ``FTS_TRIGGERS``, and a rewritten one waits in
``articles_fts_pending``. Only title, lead and body matter: a re-crawl's fetched_at or a
story merge's story_id leaves the index alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aggregator.store.common import marks

if TYPE_CHECKING:
    from aggregator.store.connection import Store

#: Memory FTS5 may fill with terms before it writes a segment (its default is 1 MB).
FTS_HASH_BYTES = 32 * 1024 * 1024
FTS_TRIGGERS = {
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

#: bm25 weights of title, lead and body
_BM25 = "bm25(articles_fts, 5.0, 2.0, 1.0)"


def index_pending(store: Store, batch: int = 20_000) -> int:
    """Bring the full-text index up to date: add the articles stored since the last
    pass, ``batch`` per transaction, and the texts rewritten since; returns how many
    articles were indexed."""
    conn, done = store.db.conn, 0
    while True:
        with conn:
            first = _indexed_up_to(store)
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


def pending_index_count(store: Store) -> int:
    """Articles stored or rewritten but not yet in the full-text index."""
    up_to = _indexed_up_to(store)
    return sum(store.db.execute(sql, [up_to]).fetchone()[0] for sql in (
        "SELECT count(*) FROM articles WHERE id > ?",
        "SELECT count(*) FROM articles_fts_pending WHERE article_id <= ?"))


def _indexed_up_to(store: Store) -> int:
    return store.db.execute("SELECT coalesce(max(id), 0) FROM articles_fts_docsize").fetchone()[0]


# --- search ----------------------------------------------------------------------------

def open_vocabulary(store: Store) -> None:
    """Make the indexed words readable (``terms_with_prefix``) on this connection."""
    _open_vocabulary(store.db.conn)


def _open_vocabulary(conn) -> None:
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_fts_terms "
                 "USING fts5vocab(main, articles_fts, row)")


def terms_with_prefix(store: Store, prefix: str, max_length: int, limit: int) -> list[str]:
    """Indexed words that start with ``prefix``, at most ``max_length`` letters, shortest
    first (``open_vocabulary`` first)."""
    return terms_with_prefix_on(store.db.conn, prefix, max_length, limit)


def terms_with_prefix_on(conn, prefix: str, max_length: int, limit: int) -> list[str]:
    """``terms_with_prefix`` on a plain sqlite3 connection (Datasette's search box)."""
    _open_vocabulary(conn)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return [t for (t,) in conn.execute(
        "SELECT term FROM temp.articles_fts_terms WHERE term >= ? AND term < ? "
        "AND length(term) <= ? ORDER BY length(term), term LIMIT ?",
        [prefix, upper, max_length, limit])]


def vocabulary_reader(db_path: str):
    """``terms(prefix, max_length, limit)`` over the database file at ``db_path``, through
    a read-only connection of its own per thread (for a reader that is not a ``Store``:
    Datasette's search box)."""
    import sqlite3
    import threading

    local = threading.local()

    def terms(prefix: str, max_length: int, limit: int) -> list[str]:
        if not hasattr(local, "conn"):
            local.conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        return terms_with_prefix_on(local.conn, prefix, max_length, limit)

    return terms


def search_articles(store: Store, match: str, *, country: str | None = None,
                    since: str | None = None, sources=(), limit: int = 20,
                    window: int = 2000, entity_ids=()) -> list[dict]:
    """Articles matching the FTS5 query ``match``, best first (bm25, title weighted),
    with a snippet; ranking covers the ``window`` newest matches after the filters
    (``country`` tag, published or fetched at ``since`` or later, one of ``sources``,
    naming one of ``entity_ids``)."""
    where, params = ["articles_fts MATCH ?"], [match]
    if country:
        where.append("f.rowid IN (SELECT article_id FROM article_countries WHERE country = ?)")
        params.append(country)
    if since:
        where.append("f.rowid IN (SELECT id FROM articles WHERE "
                     "coalesce(published_at, published_local, fetched_at) >= ?)")
        params.append(since)
    if sources:
        where.append(f"f.rowid IN (SELECT id FROM articles WHERE source IN ({marks(sources)}))")
        params.extend(sources)
    if entity_ids:
        where.append("f.rowid IN (SELECT article_id FROM article_entities WHERE entity_id IN "
                     f"({marks(entity_ids)}))")
        params.extend(entity_ids)
    best = store.db.execute(
        f"SELECT rowid FROM (SELECT f.rowid AS rowid, {_BM25} AS score "
        f"FROM articles_fts f WHERE {' AND '.join(where)} ORDER BY f.rowid DESC LIMIT ?) "
        "ORDER BY score LIMIT ?", params + [window, limit]).fetchall()
    # one point lookup per result: FTS5 seeks a rowid, but would scan for an IN list
    results = []
    for (rowid,) in best:
        row = next(store.db.query(
            "SELECT a.id, a.title, a.source, a.url, a.published_local, "
            "snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet, "
            f"{_BM25} AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid = ?", [match, rowid]), None)
        if row:
            results.append(dict(row))
    return results
