"""The SQLite store: connection, named migrations, articles, stories, runs, signatures
and the full-text index, one module each. All SQL of the project lives here.

``from aggregator.store import Store`` opens a database; the named queries are functions
of the modules (``aggregator.store.runs.start_run(store, ...)``), each taking the Store.
"""

from aggregator.store.connection import (
    DEFAULT_DB, DatabaseLocked, DatabaseUnusable, Store, StoreError, database_error)

__all__ = ["DEFAULT_DB", "DatabaseLocked", "DatabaseUnusable", "Store", "StoreError",
           "database_error"]
