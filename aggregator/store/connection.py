"""``Store``: the connection to the article database (SQLite through sqlite-utils).

One writer, many readers (WAL, checkpoints copied by a background thread: ``wal``).
Opening for writing creates the database and applies the pending ``migrations``;
``readonly=True`` opens an existing one without writing (a read-only connection: no
WAL switch, no migration, so it works on a read-only filesystem). Either way a file
that is not the aggregator's database (random bytes, a text file, a damaged header, a
directory, a device, another program's tables, a schema version claimed without its
tables, or a newer schema than this code knows) raises ``DatabaseUnusable`` before
anything is written, and ``database_error`` turns an SQLite error met later (a damaged
page, a lock held past the timeout, a full disk) into one line for the operator. The methods below are the
store's everyday API and hand over to the module that owns each table (``articles``,
``stories``, ``fts``); the other named queries are functions of those modules and of
``runs`` and ``signatures``, each taking the ``Store``.
"""

from __future__ import annotations

import sqlite3
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils

from aggregator.items import Article
from aggregator.sources.registry import Source
from aggregator.store import articles, fts, stories
from aggregator.store.migrations import migrate
from aggregator.store.wal import WRITER_THRESHOLD, Checkpointer

DEFAULT_DB = "data/news.db"

#: What the store's functions raise when SQLite refuses (locked, missing, corrupt).
StoreError = sqlite3.Error
#: Seconds a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT = 10


class DatabaseUnusable(Exception):
    """The file cannot serve as the article database; the message says why, in one line."""


class DatabaseLocked(Exception):
    """Another process held the database's write lock past ``BUSY_TIMEOUT``."""


def database_error(exc: sqlite3.Error, path: str | Path) -> Exception:
    """``DatabaseLocked`` or ``DatabaseUnusable`` for an SQLite error on ``path``, one line."""
    message = str(exc).strip() or type(exc).__name__
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return DatabaseLocked(f"database {path} is locked by another process "
                              f"(waited {BUSY_TIMEOUT} s): {message}")
    if "full" in lowered:
        return DatabaseUnusable(f"database {path}: the disk is full ({message}); free space and "
                                "run again (what was committed before is kept)")
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseUnusable(f"database {path} cannot be written: {message}")
    return DatabaseUnusable(f"database {path} is not usable: {message}")


def _file_problem(path: Path, readonly: bool) -> str | None:
    """Why ``path`` cannot be a database file at all (before SQLite is asked)."""
    if not path.exists():
        return "it does not exist" if readonly else None
    if path.is_dir():
        return "it is a directory"
    if not path.is_file():
        return "it is not a regular file (a device or a pipe)"
    return None


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not (yet, or no longer) a database this code can use."""
    from aggregator.store.migrations import MIGRATIONS

    version = conn.execute("PRAGMA user_version").fetchone()[0]  # reads the header
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version > len(MIGRATIONS):
        raise DatabaseUnusable(
            f"database {path} has schema version {version}, newer than this code knows "
            f"({len(MIGRATIONS)}): upgrade the aggregator to use it")
    if version and "articles" not in tables:
        raise DatabaseUnusable(f"database {path} claims schema version {version} but has no "
                               "articles table: it is damaged or not an aggregator database")
    if not version and tables and "articles" not in tables:
        raise DatabaseUnusable(f"database {path} holds other tables ({', '.join(sorted(tables)[:5])}): "
                               "not an aggregator database")


class Store:
    """The article database. ``Store(path)`` opens (creating and migrating) it."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False):
        self.path = Path(path)
        self.checkpointer: Checkpointer | None = None
        problem = _file_problem(self.path, readonly)
        if problem:
            raise DatabaseUnusable(f"database {self.path} cannot be opened: {problem}")
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = (sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT) if readonly
                    else sqlite3.connect(self.path, timeout=BUSY_TIMEOUT))
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseUnusable(f"database {self.path} cannot be opened: {exc}") from exc
        self.db = sqlite_utils.Database(conn)
        try:
            try:
                _check_schema(conn, self.path)  # before anything is written
            except sqlite3.OperationalError as exc:
                if not readonly or "unable to open" not in str(exc):
                    raise
                # a WAL database on a read-only filesystem (no -shm can be made): read the file as it is
                conn.close()
                conn = sqlite3.connect(uri + "&immutable=1", uri=True)
                self.db = sqlite_utils.Database(conn)
                _check_schema(conn, self.path)
            if not readonly:
                self._prepare_writer()
        except (sqlite3.Error, DatabaseUnusable) as exc:
            self.close()
            if isinstance(exc, DatabaseUnusable):
                raise
            raise database_error(exc, self.path) from exc

    def _prepare_writer(self) -> None:
        """WAL, pragmas, pending migrations, the checkpoint thread."""
        self.db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")
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

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: the reads inside see one state of the database, however
        much a writer commits meanwhile."""
        self.db.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.db.conn.execute("COMMIT")

    def count(self, table: str = "articles") -> int:
        """Rows in ``table`` (0 when it does not exist)."""
        return self.db[table].count if self.db[table].exists() else 0

    # --- articles -----------------------------------------------------------------------

    def save_sources(self, sources: Iterable[Source]) -> None:
        """Record the registry entries that articles point to."""
        articles.save_sources(self, sources)

    def upsert_article(self, article: Article) -> str:
        """Insert or update one article by canonical URL.

        Returns ``"new"``, ``"updated"`` (title, lead, body or date changed: the latest
        version is kept and ``updated_at`` set) or ``"unchanged"``.
        """
        return self.upsert_articles([article])[0]

    def upsert_articles(self, batch: Iterable[Article], *, index: bool = True) -> list[str]:
        """``upsert_article`` for many articles in one transaction (the fast path).

        With ``index=False`` their texts wait for the next ``index_pending`` (a bulk load
        indexes once at the end, which is much faster; search does not see them until then).
        """
        statuses = articles.upsert_articles(self, batch)
        if index:
            self.index_pending()
        return statuses

    def known_urls(self, source: str | None = None) -> set[str]:
        """Canonical URLs already stored (of one source, or all)."""
        return articles.known_urls(self, source)

    # --- stories and the full-text index ------------------------------------------------

    def refresh_stories(self, story_ids: Iterable[str | None]) -> None:
        """Recompute the ``stories`` rows of ``story_ids`` (``stories.refresh_stories``)."""
        stories.refresh_stories(self, story_ids)

    def index_pending(self, batch: int = 20_000) -> int:
        """Bring the full-text index up to date; returns how many articles were indexed."""
        return fts.index_pending(self, batch)

    def pending_index_count(self) -> int:
        """Articles stored or rewritten but not yet in the full-text index."""
        return fts.pending_index_count(self)
