"""Crawl bookkeeping: the ``crawl_runs`` table (one row per spider run) and the
``feed_validators`` table (ETag/Last-Modified per feed URL, for conditional requests)."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Iterable

from aggregator.store.common import marks, utc_now

if TYPE_CHECKING:
    from aggregator.store.connection import Store


# --- crawl_runs --------------------------------------------------------------------------

def start_run(store: Store, spiders: str) -> int:
    """Record a run of ``spiders`` as running; returns its row id."""
    with store.db.conn:
        return store.db["crawl_runs"].insert(
            {"started_at": utc_now(), "spiders": spiders, "status": "running"}).last_pk


def finish_run(store: Store, run_id: int, status: str, stats: dict) -> None:
    """Record the end of run ``run_id``: its status (ok, failed) and its stats."""
    with store.db.conn:
        store.db["crawl_runs"].update(run_id, {
            "finished_at": utc_now(), "status": status, "stats": json.dumps(stats)})


def mark_killed_runs(store: Store) -> None:
    """Mark every run still 'running' as 'killed' (its process died)."""
    with store.db.conn:
        store.db.execute("UPDATE crawl_runs SET status = 'killed' WHERE status = 'running'")


def finished_runs(store: Store) -> list[dict]:
    """Every run not running any more, newest first: ``spiders``, ``status``,
    ``started_at`` and the keys of its stats."""
    if not store.db["crawl_runs"].exists():
        return []
    return [{"spiders": spiders, "status": status, "started_at": started,
             **(json.loads(stats) if stats else {})}
            for spiders, status, started, stats in store.db.execute(
                "SELECT spiders, status, started_at, stats FROM crawl_runs "
                "WHERE status != 'running' ORDER BY started_at DESC, id DESC").fetchall()]


# --- feed_validators -----------------------------------------------------------------------
# These open their own short connection to the database file: a downloader middleware
# reads them before the store pipeline has opened the database, and writes them when the
# spider closes, after it.

def known_validators(db_path: str, urls: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """``{url: (etag, last_modified)}`` saved for ``urls``; nothing when the database or
    the table does not exist yet."""
    urls = sorted(urls)
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"SELECT url, etag, last_modified FROM feed_validators "
                                f"WHERE url IN ({marks(urls)})", urls).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:  # no database or no table yet: nothing known
        return {}
    return {url: (etag, modified) for url, etag, modified in rows}


def save_validators(db_path: str, source: str,
                    validators: dict[str, tuple[str | None, str | None]]) -> None:
    """Remember ``{url: (etag, last_modified)}`` of ``source``'s feeds (raises
    ``sqlite3.Error``, the store's ``StoreError``, when the database refuses)."""
    now = utc_now()
    _write(db_path, "INSERT INTO feed_validators (url, source, etag, last_modified, checked_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET source = excluded.source, "
                    "etag = excluded.etag, last_modified = excluded.last_modified, "
                    "checked_at = excluded.checked_at",
           [(url, source, etag, modified, now) for url, (etag, modified) in validators.items()])


def forget_validators(db_path: str, urls: Iterable[str]) -> None:
    """Forget the validators of ``urls``: their next request reads them in full."""
    _write(db_path, "DELETE FROM feed_validators WHERE url = ?", [(u,) for u in urls])


def _write(db_path: str, sql: str, rows: list[tuple]) -> None:
    try:
        conn = sqlite3.connect(db_path, timeout=10)
    except sqlite3.Error:  # no database to write to: nothing to remember
        return
    try:
        with conn:
            conn.executemany(sql, rows)
    finally:
        conn.close()
